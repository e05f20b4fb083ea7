/** `backtest --symbols`: one strategy over several symbols in a runner child, against cached Yahoo bars. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backtestCommand } from '../../src/cli/commands';
import { dataCommand } from '../../src/cli/data-command';
import { type FakeYahoo, startFakeYahoo } from '../helpers/fake-yahoo';
import { ROOT } from '../helpers/paths';

const NOW = Date.UTC(2024, 5, 14, 18, 0);
const EXAMPLE = path.join(ROOT, 'examples', 'sma-cross.strategy.ts');

describe('cli: backtest --symbols (portfolio)', function () {
  this.timeout(60_000);
  let fake: FakeYahoo;
  let dir: string;
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
  const range = ['--from', '2024-01-02', '--to', '2024-05-31'];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-portfolio-'));
    fake = await startFakeYahoo(NOW);
    fake.symbols.set('AAPL', { start: '2024-01-02', base: 180 });
    fake.symbols.set('MSFT', { start: '2024-01-02', base: 400 });
    for (const s of ['AAPL', 'MSFT']) {
      assert.equal(await dataCommand(['download', s, ...range, '--cache-dir', path.join(dir, 'cache')], io, { baseUrl: fake.url, now: () => NOW, retryDelaysMs: [1] }), 0, err);
    }
  });
  after(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const backtest = async (...argv: string[]) => {
    out = '';
    err = '';
    const code = await backtestCommand([EXAMPLE, ...argv, ...range, '--cache-dir', path.join(dir, 'cache'), '--offline', '--param', 'fast=3', '--param', 'slow=8', '--json'], io);
    return { code, json: code === 0 ? JSON.parse(out) : undefined };
  };

  it('splits the cash equally; each symbol equals its own backtest with its share; equity is their sum', async () => {
    const both = await backtest('--symbols', 'aapl,MSFT', '--cash', '20000');
    assert.equal(both.code, 0, err);
    assert.deepEqual(both.json.symbols.map((s: { symbol: string; cash: number }) => [s.symbol, s.cash]), [['AAPL', 10000], ['MSFT', 10000]]);
    for (const s of ['AAPL', 'MSFT']) {
      const single = await backtest('--symbol', s, '--cash', '10000');
      assert.equal(single.code, 0, err);
      const mine = both.json.symbols.find((x: { symbol: string }) => x.symbol === s);
      assert.deepEqual(mine.stats, single.json.stats);
      assert.equal(mine.trades, single.json.trades.length);
    }
    const last = both.json.equity.at(-1);
    const finals = both.json.symbols.reduce((a: number, s: { stats: { equityFinal: number } }) => a + s.stats.equityFinal, 0);
    assert.ok(Math.abs(last - finals) < 1e-6, `${last} vs ${finals}`);
    assert.equal(both.json.benchmark, 'equal-weight');
  });

  it('takes a benchmark symbol for alpha and beta', async () => {
    const r = await backtest('--symbols', 'AAPL,MSFT', '--benchmark', 'MSFT');
    assert.equal(r.code, 0, err);
    assert.equal(r.json.benchmark, 'MSFT');
    assert.equal(typeof r.json.stats.beta, 'number');
  });

  it('refuses a repeated symbol or --symbols with --data', async () => {
    await assert.rejects(backtest('--symbols', 'AAPL,AAPL'), /listed twice/);
    await assert.rejects(backtest('--symbols', 'AAPL', '--sample'), /leave out --symbol, --data and --sample/);
  });
});
