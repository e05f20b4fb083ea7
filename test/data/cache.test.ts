import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheFile, clearCache, defaultCacheDir, listCache, readCache } from '../../src/data/cache';
import { MarketDataError } from '../../src/data/errors';
import { loadBars } from '../../src/data/market-data';
import type { DataSelection } from '../../src/data/selection';
import { type FakeYahoo, startFakeYahoo } from '../helpers/fake-yahoo';

const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 14, 18, 0); // Friday, New York open: today's daily bar is still forming
const T = (d: string) => Date.parse(d + 'T00:00:00Z');
const aapl: DataSelection = { kind: 'symbol', symbol: 'AAPL', interval: '1d', from: '2024-01-02' };

describe('data/cache: on-disk cache, incremental update, offline use', function () {
  this.timeout(20_000);
  let fake: FakeYahoo;
  let dir: string;
  const load = (sel: DataSelection, now: number, extra: object = {}) =>
    loadBars(sel, { cacheDir: dir, baseUrl: fake.url, now: () => now, retryDelaysMs: [1, 1], ...extra });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-cache-'));
    fake = await startFakeYahoo(NOW);
    fake.symbols.set('AAPL', { start: '2024-01-02', base: 180 });
  });
  afterEach(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('miss: downloads and stores; hit: the same and a narrower range need no request', async () => {
    const first = await load(aapl, NOW);
    assert.equal(fake.requests.length, 1);
    assert.equal(first.bars.time.at(-1), T('2024-06-14'));
    assert.match(first.source, /^Yahoo Finance AAPL 1d \(adjusted for splits and dividends\), downloaded 2024-06-14 18:00Z$/);
    assert.ok(fs.existsSync(cacheFile(dir, 'AAPL', '1d')));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'yahoo')).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left behind');

    const again = await load(aapl, NOW + 5 * MIN);
    assert.equal(fake.requests.length, 1, 'served from the cache');
    assert.deepEqual(again.bars.close, first.bars.close);
    assert.match(again.source, /cached, downloaded 2024-06-14 18:00Z/);

    const narrow = await load({ kind: 'symbol', symbol: 'aapl', interval: '1d', from: '2024-03-01', to: '2024-03-31' }, NOW + 5 * MIN);
    assert.equal(fake.requests.length, 1);
    assert.equal(narrow.bars.time[0], T('2024-03-01'));
    assert.equal(narrow.bars.time.at(-1), T('2024-03-29'));
  });

  it('incremental update: asks only for the bars after the cached ones and ends up equal to a full download', async () => {
    await load(aapl, NOW);
    const later = NOW + 7 * DAY; // the next Friday
    fake.now = later;
    const updated = await load(aapl, later);
    assert.equal(fake.requests.length, 2);
    const inc = fake.requests[1];
    // From the last bar that was complete when cached (Thursday 13 June), not from January.
    assert.equal(inc.period1, T('2024-06-13') / 1000);
    assert.equal(inc.served, 7); // 13, 14 (refreshed), 17..21 June
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-cache-'));
    try {
      const full = await loadBars(aapl, { cacheDir: freshDir, baseUrl: fake.url, now: () => later });
      assert.deepEqual(updated.bars.time, full.bars.time);
      assert.deepEqual(updated.bars.close, full.bars.close);
      assert.deepEqual(updated.bars.open, full.bars.open);
    } finally {
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it("today's bar is fetched again after the refresh time, not before", async () => {
    const first = await load(aapl, NOW);
    const before = first.bars.close.at(-1)!;
    fake.liveBump = 1.25;
    fake.now = NOW + 5 * MIN;
    const soon = await load(aapl, NOW + 5 * MIN);
    assert.equal(fake.requests.length, 1);
    assert.equal(soon.bars.close.at(-1), before);
    fake.now = NOW + 16 * MIN;
    const refreshed = await load(aapl, NOW + 16 * MIN);
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.requests[1].period1, T('2024-06-13') / 1000);
    assert.ok(Math.abs(refreshed.bars.close.at(-1)! - (before + 1.25)) < 1e-9, `${refreshed.bars.close.at(-1)} vs ${before}+1.25`);
    assert.equal(refreshed.bars.time.length, first.bars.time.length);
  });

  it('older bars than cached are fetched on their own', async () => {
    await load({ kind: 'symbol', symbol: 'AAPL', interval: '1d', from: '2024-03-01' }, NOW);
    const wider = await load(aapl, NOW + MIN);
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.requests[1].period1, T('2024-01-02') / 1000);
    assert.equal(fake.requests[1].period2, T('2024-03-01') / 1000 + 1);
    assert.equal(wider.bars.time[0], T('2024-01-02'));
    for (let i = 1; i < wider.bars.time.length; i++) assert.ok(wider.bars.time[i] > wider.bars.time[i - 1]);
  });

  it('offline with a cache: the cached bars are served, with the date they were downloaded', async () => {
    await load(aapl, NOW);
    await fake.close();
    const r = await load(aapl, NOW + 2 * DAY);
    assert.equal(r.bars.time.at(-1), T('2024-06-14'));
    assert.match(r.source, /OFFLINE copy downloaded 2024-06-14 18:00Z/);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /using cached bars downloaded 2024-06-14 18:00Z \(last bar 2024-06-14\) because Yahoo Finance could not be used: Cannot reach Yahoo Finance \(ECONNREFUSED\)/);
  });

  it('offline without a cache: the error says nothing is cached', async () => {
    await fake.close();
    await assert.rejects(load(aapl, NOW), (e: unknown) => {
      assert.ok(e instanceof MarketDataError);
      assert.equal(e.kind, 'network');
      assert.match(e.message, /Cannot reach Yahoo Finance.*Nothing is cached for AAPL 1d between 2024-01-02 and 2024-06-14 18:00Z/);
      return true;
    });
  });

  it('rate limited with a cache: falls back to it; offline mode never asks Yahoo', async () => {
    await load(aapl, NOW);
    for (let k = 0; k < 3; k++) fake.failures.push({ kind: 'status', status: 429 });
    const r = await load(aapl, NOW + DAY);
    assert.equal(fake.requests.length, 4);
    assert.match(r.warnings.join('\n'), /rate-limiting/);
    const off = await load(aapl, NOW + 2 * DAY, { offline: true });
    assert.equal(fake.requests.length, 4);
    assert.match(off.warnings.join('\n'), /offline mode is on/);
    await assert.rejects(load({ kind: 'symbol', symbol: 'MSFT', interval: '1d' }, NOW, { offline: true }), /No cached bars for MSFT 1d.*offline mode is on/);
  });

  it('a split after the download: the cached bars are rescaled to Yahoo\'s new basis', async () => {
    fake.symbols.set('SPLT', { start: '2024-01-02', base: 40, splits: [{ date: '2024-06-18', ratio: 4 }] });
    const sel: DataSelection = { kind: 'symbol', symbol: 'SPLT', interval: '1d', from: '2024-05-01' };
    const before = await load(sel, NOW);
    const later = NOW + 7 * DAY;
    fake.now = later;
    const after = await load(sel, later);
    assert.match(after.warnings.join('\n'), /price basis changed; \d+ cached bars' prices were rescaled by 0\.25 \(a split since the last download\)/);
    assert.ok(Math.abs(after.bars.close[0] - before.bars.close[0] / 4) < 1e-9);
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-cache-'));
    try {
      const full = await loadBars(sel, { cacheDir: freshDir, baseUrl: fake.url, now: () => later });
      assert.deepEqual(after.bars.time, full.bars.time);
      for (let i = 0; i < full.bars.time.length; i++) assert.ok(Math.abs(after.bars.close[i] - full.bars.close[i]) < 1e-6, `close[${i}]`);
    } finally {
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('a dividend after the download: adjusted closes are rescaled to match a fresh download', async () => {
    fake.symbols.set('DIVI', { start: '2024-01-02', base: 60, dividends: [{ date: '2024-06-18', amount: 2 }] });
    const sel: DataSelection = { kind: 'symbol', symbol: 'DIVI', interval: '1d', from: '2024-05-01' };
    await load(sel, NOW);
    const later = NOW + 7 * DAY;
    fake.now = later;
    const after = await load(sel, later);
    assert.match(after.warnings.join('\n'), /adjusted closes were rescaled \(a dividend since the last download\)/);
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-cache-'));
    try {
      const full = await loadBars(sel, { cacheDir: freshDir, baseUrl: fake.url, now: () => later });
      for (let i = 0; i < full.bars.time.length; i++) assert.ok(Math.abs(after.bars.close[i] - full.bars.close[i]) < 1e-6, `close[${i}] ${after.bars.close[i]} vs ${full.bars.close[i]}`);
      assert.ok(after.bars.close[0] < (await load(sel, later, { adjust: false })).bars.close[0], 'adjusted below raw before the dividend');
    } finally {
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it('a damaged cache file is reported and replaced', async () => {
    const file = cacheFile(dir, 'AAPL', '1d');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"format":"algoagent-yahoo-bars","version":1,"symbol":"AAPL"');
    assert.match(readCache(dir, 'AAPL', '1d').problem!, /ignored the damaged cache file/);
    const r = await load(aapl, NOW);
    assert.match(r.warnings[0], /ignored the damaged cache file .*AAPL@1d\.json/);
    assert.equal(readCache(dir, 'AAPL', '1d').entry?.bars.time.length, r.bars.time.length);
  });

  it('lists and clears cached symbols; odd symbols get safe, distinct file names', async () => {
    fake.symbols.set('^GSPC', { start: '2024-01-02' });
    fake.symbols.set('BRK_B', { start: '2024-01-02' });
    await load(aapl, NOW);
    await load({ kind: 'symbol', symbol: '^GSPC', interval: '1d', from: '2024-06-01' }, NOW);
    await load({ kind: 'symbol', symbol: 'BRK_B', interval: '1d', from: '2024-06-01' }, NOW);
    await load({ kind: 'symbol', symbol: 'AAPL', interval: '1h', from: '2024-06-10' }, NOW);
    const list = listCache(dir);
    assert.deepEqual(list.map((s) => `${s.symbol} ${s.interval}`), ['AAPL 1d', 'AAPL 1h', 'BRK_B 1d', '^GSPC 1d']);
    assert.deepEqual(list.map((s) => path.basename(s.file)).sort(), ['AAPL@1d.json', 'AAPL@1h.json', 'BRK_5FB@1d.json', '_5EGSPC@1d.json']);
    assert.equal(list[0].last, T('2024-06-14'));
    assert.equal(clearCache(dir, 'aapl'), 2);
    assert.deepEqual(listCache(dir).map((s) => s.symbol), ['BRK_B', '^GSPC']);
    assert.equal(clearCache(dir), 2);
    assert.deepEqual(listCache(dir), []);
  });

  it('the CLI cache folder: $ALGOAGENT_CACHE_DIR, else XDG, else ~/.cache/algoagent', () => {
    assert.equal(defaultCacheDir({ ALGOAGENT_CACHE_DIR: '/tmp/x' }), path.resolve('/tmp/x'));
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/c' }), path.join('/c', 'algoagent'));
    assert.equal(defaultCacheDir({}), path.join(os.homedir(), '.cache', 'algoagent'));
  });
});
