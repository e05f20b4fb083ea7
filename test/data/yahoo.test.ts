import assert from 'node:assert/strict';
import * as net from 'node:net';
import { toBars } from '../../src/data/adjust';
import { MarketDataError } from '../../src/data/errors';
import { fetchChart } from '../../src/data/yahoo';
import { type FakeYahoo, fakeClose, startFakeYahoo } from '../helpers/fake-yahoo';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 14, 18, 0); // Friday 14 June 2024, 18:00 UTC: New York is open
const T = (d: string) => Date.parse(d + 'T00:00:00Z');

async function rejectsWith(p: Promise<unknown>, kind: string, pattern?: RegExp): Promise<MarketDataError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof MarketDataError, `expected MarketDataError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    if (pattern) assert.match(err.message, pattern);
    return err;
  }
  assert.fail('expected a rejection');
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('data/yahoo: the real yahoo-finance2 chart() client against a fake Yahoo', function () {
  this.timeout(20_000);
  let fake: FakeYahoo;
  const opts = () => ({ baseUrl: fake.url, now: () => NOW, retryDelaysMs: [5, 5, 5] });

  beforeEach(async () => {
    fake = await startFakeYahoo(NOW);
    fake.symbols.set('AAPL', { start: '2024-01-02', base: 180 });
    fake.symbols.set('DIVS', { start: '2024-01-02', base: 50, dividends: [{ date: '2024-03-01', amount: 1 }], splits: [{ date: '2024-04-01', ratio: 4 }], nullDates: ['2024-02-14'] });
  });
  afterEach(() => fake.close());

  it('daily bars: dates at 00:00 UTC of the exchange day, prices as served, the query Yahoo expects', async () => {
    const d = await fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-02-01') }, opts());
    assert.equal(d.bars.time.length, 22); // weekdays 2..31 January 2024
    assert.equal(d.bars.time[0], T('2024-01-02'));
    assert.equal(d.bars.time[21], T('2024-01-31'));
    for (let i = 0; i < 22; i++) {
      assert.equal(d.bars.close[i], fakeClose(180, i));
      assert.equal(d.bars.open[i], fakeClose(180, i - 1));
      assert.equal(d.bars.volume[i], 1000 + i);
      assert.ok(d.bars.high[i] >= d.bars.low[i]);
    }
    assert.equal(d.currency, 'USD');
    assert.equal(d.timezone, 'America/New_York');
    assert.equal(fake.requests.length, 1);
    const r = fake.requests[0];
    assert.deepEqual([r.symbol, r.interval, r.period1, r.period2], ['AAPL', '1d', T('2024-01-02') / 1000, T('2024-02-01') / 1000]);
    assert.equal(d.warnings.length, 0);
  });

  it('intraday bars keep their UTC times and carry no adjusted close', async () => {
    const d = await fetchChart({ symbol: 'AAPL', interval: '5m', from: NOW - 2 * DAY, to: NOW }, opts());
    // Wednesday from 18:00 (36 bars to 21:00), Thursday (78), Friday 14:30..17:55 (42)
    assert.equal(d.bars.time.length, 36 + 78 + 42);
    assert.equal(d.bars.time[0], Date.UTC(2024, 5, 12, 18, 0));
    assert.equal(d.bars.time.at(-1), Date.UTC(2024, 5, 14, 17, 55));
    for (let i = 1; i < d.bars.time.length; i++) assert.ok(d.bars.time[i] > d.bars.time[i - 1]);
    assert.ok(d.bars.adjclose.every((v) => Number.isNaN(v)));
    assert.equal(fake.requests[0].interval, '5m');
    // Adjusting intraday bars is a no-op rather than dropping them all.
    assert.equal(toBars(d.bars, 'AAPL', '5m', true).bars.close.length, d.bars.time.length);
  });

  it('refuses intraday ranges beyond Yahoo\'s look-back before asking, with the limit explained', async () => {
    const e = await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '5m', from: NOW - 90 * DAY, to: NOW }, opts()), 'lookback', /only for the last 60 days/);
    assert.match(e.message, /1h bars go back 730 days/);
    await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '1m', from: NOW - 45 * DAY, to: NOW }, opts()), 'lookback', /last 30 days \(at most 8 days per request\)/);
    assert.equal(fake.requests.length, 0);
  });

  it('fetches 1m bars in windows of at most 7 days', async () => {
    const d = await fetchChart({ symbol: 'AAPL', interval: '1m', from: NOW - 20 * DAY, to: NOW }, opts());
    assert.equal(fake.requests.length, 3);
    for (const r of fake.requests) assert.ok(r.period2 - r.period1 <= 7 * 86_400);
    assert.equal(d.bars.time.length, fake.requests.reduce((s, r) => s + r.served, 0));
    for (let i = 1; i < d.bars.time.length; i++) assert.equal(d.bars.time[i] > d.bars.time[i - 1], true);
  });

  it('maps Yahoo\'s own 422 look-back refusal to a look-back error', async () => {
    fake.failures.push({ kind: 'lookback' });
    await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '15m', from: NOW - 10 * DAY, to: NOW }, opts()), 'lookback', /must be within the last 60 days.*Yahoo serves 15m bars only/);
  });

  it('drops bars with null prices and counts them as warnings', async () => {
    const d = await fetchChart({ symbol: 'DIVS', interval: '1d', from: T('2024-02-12'), to: T('2024-02-17') }, opts());
    assert.deepEqual(Array.from(d.bars.time), [T('2024-02-12'), T('2024-02-13'), T('2024-02-15'), T('2024-02-16')]);
    assert.equal(d.droppedNullBars, 1);
    assert.equal(d.warnings.length, 1);
    assert.match(d.warnings[0], /dropped 1 bar\(s\) Yahoo sent without prices \(2024-02-14\)/);
  });

  it('splits and dividends: events parsed, OHLC adjusted from adjclose (on by default), raw when off', async () => {
    const d = await fetchChart({ symbol: 'DIVS', interval: '1d', from: T('2024-01-02'), to: T('2024-05-01') }, opts());
    assert.deepEqual(d.events.dividends, [{ time: T('2024-03-01'), amount: 1 }]);
    assert.deepEqual(d.events.splits, [{ time: T('2024-04-01'), numerator: 4, denominator: 1 }]);
    const exDiv = d.bars.time.indexOf(T('2024-03-01'));
    const split = d.bars.time.indexOf(T('2024-04-01'));
    assert.ok(exDiv > 0 && split > exDiv);
    // Yahoo's close is split-adjusted: no jump at the split.
    assert.ok(Math.abs(d.bars.close[split] / d.bars.close[split - 1] - 1) < 0.05);
    const adjusted = toBars(d.bars, 'DIVS', '1d', true).bars;
    const raw = toBars(d.bars, 'DIVS', '1d', false).bars;
    const m = 1 - 1 / d.bars.close[exDiv - 1]; // Yahoo's dividend multiplier
    for (let i = 0; i < exDiv; i++) {
      for (const c of ['open', 'high', 'low', 'close'] as const) assert.ok(Math.abs(adjusted[c][i] - raw[c][i] * m) < 1e-4, `${c}[${i}]`);
    }
    for (let i = exDiv; i < d.bars.time.length; i++) {
      for (const c of ['open', 'high', 'low', 'close'] as const) assert.ok(Math.abs(adjusted[c][i] - raw[c][i]) < 1e-9);
    }
    assert.deepEqual(adjusted.volume, raw.volume);
    assert.equal(adjusted.interval, '1d');
    assert.equal(adjusted.symbol, 'DIVS');
  });

  it('unknown symbol: a clear error, no retries', async () => {
    await rejectsWith(fetchChart({ symbol: 'NOPE', interval: '1d', from: T('2024-01-02'), to: T('2024-02-01') }, opts()), 'unknown-symbol', /no data for "NOPE".*unknown or delisted/);
    assert.equal(fake.requests.length, 1);
  });

  it('429: retried with backoff, succeeds when Yahoo relents', async () => {
    fake.failures.push({ kind: 'status', status: 429 }, { kind: 'status', status: 429, retryAfter: '0' });
    const d = await fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, opts());
    assert.equal(d.bars.time.length, 6);
    assert.equal(fake.requests.length, 3);
  });

  it('429 that persists: reported as rate limited after every retry', async () => {
    for (let k = 0; k < 4; k++) fake.failures.push({ kind: 'status', status: 429 });
    const started = Date.now();
    await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, { ...opts(), retryDelaysMs: [20, 40, 80] }), 'rate-limited', /rate-limiting requests \(HTTP 429\) \(tried 4 times\)\. Wait a few minutes/);
    assert.equal(fake.requests.length, 4);
    assert.ok(Date.now() - started >= 140, 'the backoff pauses were taken');
  });

  it('500: retried, then reported as a server error', async () => {
    for (let k = 0; k < 4; k++) fake.failures.push({ kind: 'status', status: 500 });
    await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, opts()), 'server', /server error \(HTTP 500\) \(tried 4 times\): "Internal Server Error"/);
    assert.equal(fake.requests.length, 4);
  });

  it('malformed JSON: reported without retrying', async () => {
    fake.failures.push({ kind: 'invalid-json' });
    await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, opts()), 'malformed', /was not valid JSON.*began "<!doctype html>/);
    assert.equal(fake.requests.length, 1);
  });

  it('JSON of the wrong shape: reported as malformed', async () => {
    fake.failures.push({ kind: 'wrong-shape' });
    await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, opts()), 'malformed', /did not have the shape of Yahoo's chart data/);
  });

  it('truncated body: retried, then reported as cut off', async () => {
    fake.failures.push({ kind: 'truncated' });
    const ok = await fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, opts());
    assert.equal(ok.bars.time.length, 6);
    assert.equal(fake.requests.length, 2);
    for (let k = 0; k < 4; k++) fake.failures.push({ kind: 'truncated' });
    await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, opts()), 'truncated', /cut off before it was complete \(tried 4 times\)/);
  });

  it('network down: a network error naming the cause', async () => {
    const port = await closedPort();
    await rejectsWith(fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, { ...opts(), baseUrl: `http://127.0.0.1:${port}` }), 'network', /Cannot reach Yahoo Finance \(ECONNREFUSED\)/);
  });

  it('cancellation rejects with the abort reason', async () => {
    for (let k = 0; k < 4; k++) fake.failures.push({ kind: 'status', status: 429 });
    const ac = new AbortController();
    const p = fetchChart({ symbol: 'AAPL', interval: '1d', from: T('2024-01-02'), to: T('2024-01-10') }, { ...opts(), retryDelaysMs: [5000, 5000, 5000], signal: ac.signal });
    setTimeout(() => ac.abort(new Error('user cancelled')), 100);
    await assert.rejects(p, /user cancelled/);
    assert.equal(fake.requests.length, 1);
  });
});
