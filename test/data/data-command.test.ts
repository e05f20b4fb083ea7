import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { COMMON_FLAGS } from '../../src/cli/options';
import { SYMBOL_FLAGS, barsForRun, dataCommand, selectionFromArgs } from '../../src/cli/data-command';
import { loadCsv } from '../../src/data/csv';
import { type FakeYahoo, startFakeYahoo } from '../helpers/fake-yahoo';

const NOW = Date.UTC(2024, 5, 14, 18, 0);
const FLAGS = { ...COMMON_FLAGS, ...SYMBOL_FLAGS };

describe('cli: algoagent data', function () {
  this.timeout(20_000);
  let fake: FakeYahoo;
  let dir: string;
  let out: string;
  let err: string;
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
  const run = (...argv: string[]) => dataCommand([...argv, '--cache-dir', path.join(dir, 'cache')], io, { baseUrl: fake.url, now: () => NOW, retryDelaysMs: [1] });

  beforeEach(async () => {
    out = '';
    err = '';
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-cli-data-'));
    fake = await startFakeYahoo(NOW);
    fake.symbols.set('AAPL', { start: '2024-01-02', base: 180, nullDates: ['2024-02-14'] });
  });
  afterEach(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('download: caches the bars and writes a CSV that loads back identically', async () => {
    const csv = path.join(dir, 'data', 'aapl.csv');
    assert.equal(await run('download', 'AAPL', '--interval', '1d', '--from', '2024-01-02', '--to', '2024-03-28', '--csv', csv), 0, err);
    assert.match(out, /^AAPL 1d: 62 bars, 2024-01-02 \.\. 2024-03-28\nYahoo Finance AAPL 1d \(adjusted for splits and dividends\), downloaded 2024-06-14 18:00Z\nwritten to /);
    assert.match(err, /^warning: AAPL 1d: dropped 1 bar\(s\) Yahoo sent without prices \(2024-02-14\)\n$/);
    const back = loadCsv(csv);
    assert.equal(back.time.length, 62); // 63 weekdays less the null bar
    assert.equal(back.interval, '1d');
    const again = await barsForRun(parseArgs(['--symbol', 'AAPL', '--from', '2024-01-02', '--to', '2024-03-28', '--cache-dir', path.join(dir, 'cache')], FLAGS), undefined, { baseUrl: fake.url, now: () => NOW });
    assert.deepEqual(back.close, again.bars.close);
    assert.deepEqual(back.time, again.bars.time);
    assert.equal(fake.requests.length, 1, 'the run was served from the cache');
  });

  it('list shows what is cached (table and JSON); clear removes it', async () => {
    assert.equal(await run('list'), 0);
    assert.match(out, /nothing cached yet/);
    await run('download', 'AAPL', '--from', '2024-06-03');
    await run('download', 'AAPL', '--interval', '5m', '--from', '2024-06-13');
    out = '';
    assert.equal(await run('list'), 0);
    const lines = out.split('\n');
    assert.match(lines[0], /^SYMBOL\s+INTERVAL\s+BARS\s+FIRST\s+LAST\s+DOWNLOADED\s+SIZE$/);
    assert.match(lines[1], /^AAPL\s+1d\s+10\s+2024-06-03\s+2024-06-14\s+2024-06-14 18:00Z\s+\d+ KB$/);
    assert.match(lines[2], /^AAPL\s+5m\s+120\s+2024-06-13 14:30Z\s+2024-06-14 17:55Z/);
    out = '';
    await run('list', '--json');
    assert.deepEqual(JSON.parse(out).map((x: { interval: string }) => x.interval), ['1d', '5m']);
    out = '';
    assert.equal(await run('clear', 'aapl'), 0);
    assert.match(out, /removed 2 cached file\(s\) for AAPL/);
  });

  it('errors a user can act on: exit 2 and one plain line', async () => {
    assert.equal(await run('download', 'NOPE'), 2);
    assert.match(err, /^algoagent: Yahoo Finance has no data for "NOPE": the symbol is unknown or delisted/);
    err = '';
    assert.equal(await run('download', 'AAPL', '--interval', '1m', '--from', '2024-01-02'), 2);
    assert.match(err, /^algoagent: AAPL 1m: cannot fetch bars from 2024-01-02\. Yahoo serves 1m bars only for the last 30 days/);
    err = '';
    assert.equal(await run('download', 'AAPL', '--interval', '7m'), 2);
    assert.match(err, /unknown interval "7m"; Yahoo serves 1m, 2m/);
    err = '';
    assert.equal(await run('download'), 2);
    assert.match(err, /give a symbol/);
    err = '';
    assert.equal(await run('frobnicate'), 2);
    assert.match(err, /unknown data command "frobnicate"/);
    await fake.close();
    err = '';
    assert.equal(await run('download', 'MSFT', '--from', '2024-06-01'), 2);
    assert.match(err, /Cannot reach Yahoo Finance \(ECONNREFUSED\).*Nothing is cached for MSFT 1d/);
  });

  it('selectionFromArgs: --symbol/--interval, --data, --sample, the strategy meta, conflicts', () => {
    const sel = (argv: string[], meta?: object) => selectionFromArgs(parseArgs(argv, FLAGS), meta);
    assert.deepEqual(sel(['--symbol', 'msft', '--interval', '1h', '--from', '2024-01-01']), { kind: 'symbol', symbol: 'MSFT', interval: '1h', from: '2024-01-01', to: undefined });
    assert.deepEqual(sel(['--data', 'x.csv']), { kind: 'csv', path: 'x.csv' });
    assert.deepEqual(sel(['--sample'], { symbol: 'AAPL' }), { kind: 'sample' });
    assert.equal(sel([]), undefined);
    const meta = { symbol: 'AAPL', interval: '1wk', from: '2015-01-01' };
    assert.deepEqual(sel([], meta), { kind: 'symbol', symbol: 'AAPL', interval: '1wk', from: '2015-01-01', to: undefined });
    assert.deepEqual(sel(['--interval', '1d', '--from', '2020-01-01'], meta), { kind: 'symbol', symbol: 'AAPL', interval: '1d', from: '2020-01-01', to: undefined });
    assert.deepEqual(sel(['--symbol', 'IBM'], meta), { kind: 'symbol', symbol: 'IBM', interval: '1d', from: undefined, to: undefined });
    assert.throws(() => sel(['--symbol', 'A', '--data', 'x.csv']), /only one of --symbol, --data and --sample/);
    assert.throws(() => sel(['--interval', '1h']), /--interval needs --symbol/);
  });
});
