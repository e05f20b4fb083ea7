import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeCsv } from '../../src/data/csv-write';
import { MarketDataError } from '../../src/data/errors';
import { loadAligned, loadBars } from '../../src/data/market-data';
import { SAMPLE_LABEL, sampleBars } from '../../src/data/sample';
import { type FakeYahoo, startFakeYahoo } from '../helpers/fake-yahoo';

const NOW = Date.UTC(2024, 5, 14, 18, 0);
const T = (d: string) => Date.parse(d + 'T00:00:00Z');

describe('data/market-data: loadBars and loadAligned', function () {
  this.timeout(20_000);
  let fake: FakeYahoo;
  let dir: string;
  const opts = () => ({ cacheDir: dir, baseUrl: fake.url, now: () => NOW, retryDelaysMs: [1] });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-md-'));
    fake = await startFakeYahoo(NOW);
    fake.symbols.set('AAPL', { start: '2024-01-02', base: 180 });
    fake.symbols.set('DIVS', { start: '2024-01-02', base: 50, dividends: [{ date: '2024-03-01', amount: 1 }], nullDates: ['2024-02-14'] });
  });
  afterEach(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sample: the bundled bars, labelled as synthetic', async () => {
    const r = await loadBars({ kind: 'sample' }, opts());
    assert.equal(r.source, SAMPLE_LABEL);
    assert.deepEqual(r.bars.close, sampleBars().close);
    assert.equal(fake.requests.length, 0);
  });

  it('csv: relative paths resolve against cwd; a written CSV round-trips exactly', async () => {
    const y = await loadBars({ kind: 'symbol', symbol: 'DIVS', interval: '1d', from: '2024-01-02', to: '2024-04-30' }, opts());
    writeCsv(path.join(dir, 'data', 'divs.csv'), y.bars);
    const c = await loadBars({ kind: 'csv', path: 'data/divs.csv' }, { ...opts(), cwd: dir });
    assert.equal(c.source, 'CSV file data/divs.csv');
    assert.equal(c.bars.symbol, 'DIVS');
    for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) assert.deepEqual(c.bars[k], y.bars[k], k);
  });

  it('symbol: adjustment on by default for daily bars, off on request; the null bar is a warning', async () => {
    const adj = await loadBars({ kind: 'symbol', symbol: 'divs', interval: '1d', from: '2024-02-01', to: '2024-03-29' }, opts());
    const raw = await loadBars({ kind: 'symbol', symbol: 'DIVS', interval: '1d', from: '2024-02-01', to: '2024-03-29' }, { ...opts(), adjust: false });
    assert.equal(fake.requests.length, 1, 'both served by one download');
    assert.match(adj.source, /adjusted for splits and dividends/);
    assert.match(raw.source, /adjusted for splits only/);
    assert.equal(adj.bars.symbol, 'DIVS');
    const ex = adj.bars.time.indexOf(T('2024-03-01'));
    assert.ok(adj.bars.close[0] < raw.bars.close[0]);
    assert.equal(adj.bars.close[ex], raw.bars.close[ex]);
    assert.equal(adj.bars.time.at(-1), T('2024-03-29'), '"to" as a date includes that day');
    assert.match(adj.warnings.join('\n'), /dropped 1 bar\(s\) Yahoo sent without prices \(2024-02-14\)/);
    assert.deepEqual(adj.events?.dividends, [{ time: T('2024-03-01'), amount: 1 }]);
  });

  it('refuses bad input before any request', async () => {
    const bad = async (sel: object, re: RegExp) => {
      await assert.rejects(loadBars(sel as never, opts()), (e: unknown) => e instanceof MarketDataError && e.kind === 'invalid' && re.test(e.message));
    };
    await bad({ kind: 'symbol', symbol: 'AAPL', interval: '2h' }, /unknown interval "2h"/);
    await bad({ kind: 'symbol', symbol: 'A A', interval: '1d' }, /not a ticker symbol/);
    await bad({ kind: 'symbol', symbol: 'AAPL', interval: '1d', from: 'yesterday' }, /"from" must be a date like 2015-01-31, got "yesterday"/);
    await bad({ kind: 'symbol', symbol: 'AAPL', interval: '1d', from: '2024-05-01', to: '2024-04-01' }, /must be before/);
    assert.equal(fake.requests.length, 0);
  });

  it('loadAligned: symbols joined on the times all of them have', async () => {
    const a = await loadAligned(['AAPL', 'DIVS'], { ...opts(), from: '2024-02-01', to: '2024-02-29' });
    assert.equal(a.bars.length, 2);
    assert.equal(a.time.length, 20); // 21 weekdays in February 2024, less DIVS' null bar on the 14th
    assert.ok(!a.time.includes(T('2024-02-14')));
    for (const b of a.bars) {
      assert.deepEqual(b.time, a.time);
      assert.equal(b.close.length, 20);
    }
    assert.deepEqual(a.bars.map((b) => b.symbol), ['AAPL', 'DIVS']);
    assert.match(a.warnings.join('\n'), /AAPL: 1 bar\(s\) left out because not every symbol has them/);
    const single = await loadBars({ kind: 'symbol', symbol: 'AAPL', interval: '1d', from: '2024-02-01', to: '2024-02-29' }, opts());
    const k = single.bars.time.indexOf(T('2024-02-15'));
    assert.equal(a.bars[0].close[a.time.indexOf(T('2024-02-15'))], single.bars.close[k]);
  });

  it('loadAligned: refuses series with no common times', async () => {
    await assert.rejects(loadAligned(['AAPL', { kind: 'sample' }], { ...opts(), from: '2024-02-01' }), /share 0 bar time\(s\); aligned runs need at least 2/);
  });
});
