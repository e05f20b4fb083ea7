/**
 * `algoagent optimize` and `algoagent check`, called as functions with a captured Io. The process
 * backend runs real runner children (src/runner/child.ts bundled by esbuild in `before`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { checkCommand } from '../../src/cli/check-command';
import type { Io } from '../../src/cli/commands';
import { optimizeCommand, type OptimizeJson } from '../../src/cli/optimize-command';
import { loadCsv } from '../../src/data/csv';
import { Backtest } from '../../src/engine/backtest';
import { optimizeGrid } from '../../src/engine/optimize';
import { SmaCross } from '../../bench/sma-cross';
import { FIXTURES, ROOT, SHARED_DATA } from '../helpers/paths';

const GOOG = path.join(SHARED_DATA, 'GOOG.csv');
const REF = path.join(FIXTURES, 'strategies', 'sma-cross-ref.strategy.ts');
const RUNNER = path.join(ROOT, 'node_modules', '.cache', 'algoagent-optimize-test', 'runner.js');

function io() {
  const o = { out: '', err: '' };
  const sink: Io = { out: (t) => void (o.out += t), err: (t) => void (o.err += t) };
  return { o, sink };
}

async function optimize(args: string[]) {
  const { o, sink } = io();
  const code = await optimizeCommand(args, sink, { runnerEntry: RUNNER });
  return { code, ...o, json: () => JSON.parse(o.out) as OptimizeJson };
}

const base = ['--data', GOOG, '--commission', '0.002', '--param', 'n1=5:20:5', '--param', 'n2=30:60:10'];

describe('algoagent optimize (function)', function () {
  this.timeout(120_000);
  before(async () => {
    await esbuild.build({ entryPoints: [path.join(ROOT, 'src', 'runner', 'child.ts')], outfile: RUNNER, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'esbuild'], logLevel: 'silent' });
  });

  it('grid (inline): the best equals the engine grid; top, heatmap and combos are in the JSON', async () => {
    const r = await optimize([REF, ...base, '--maximize', 'equityFinal', '--backend', 'inline', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = r.json();
    const bars = loadCsv(GOOG);
    const direct = optimizeGrid(new Backtest(bars, SmaCross, { commission: 0.002 }), { n1: [5, 10, 15, 20], n2: [30, 40, 50, 60] }, { maximize: 'equityFinal' });
    assert.deepEqual(j.best.params, direct.best.params);
    assert.equal(j.best.result.stats.equityFinal, direct.best.result.stats.equityFinal);
    assert.equal(j.best.value, direct.best.result.stats.equityFinal);
    assert.equal(j.evaluated, 16);
    assert.equal(j.combos.length, 16);
    assert.equal(j.method, 'grid');
    assert.equal(j.seed, null);
    assert.equal(j.top.length, 10);
    for (let k = 1; k < j.top.length; k++) assert.ok(j.top[k - 1].value! >= j.top[k].value!);
    assert.deepEqual(j.top[0].params, j.best.params);
    assert.ok(j.heatmap);
    assert.equal(j.heatmap.x, 'n1');
    assert.deepEqual(j.heatmap.xValues, [5, 10, 15, 20]);
    assert.deepEqual(j.heatmap.yValues, [30, 40, 50, 60]);
    // two parameters only: max and mean of a cell are that combination's value
    const cell = j.combos.find((c) => c.params.n1 === 10 && c.params.n2 === 40)!;
    assert.equal(j.heatmap.max[1][1], cell.stats.equityFinal);
    assert.equal(j.heatmap.mean[1][1], cell.stats.equityFinal);
    assert.deepEqual(j.robustness, { walkForward: null, monteCarlo: null, warnings: j.robustness.warnings });
  });

  it('random search: same seed → same combinations; child processes, threads and inline agree', async () => {
    const args = [REF, ...base, '--method', 'random', '--budget', '6', '--seed', '4', '--workers', '2', '--json'];
    const proc = await optimize(args);
    assert.equal(proc.code, 0, proc.err);
    const thread = await optimize([...args, '--backend', 'thread']);
    const inline = await optimize([...args, '--backend', 'inline']);
    const strip = (j: OptimizeJson) => j.combos.map((c) => [c.params, c.stats.equityFinal, c.stats.trades]);
    assert.equal(proc.json().evaluated, 6);
    assert.deepEqual(strip(proc.json()), strip(inline.json()));
    assert.deepEqual(strip(thread.json()), strip(inline.json()));
    assert.deepEqual(proc.json().best.params, inline.json().best.params);
    assert.equal(proc.json().seed, 4);
    const other = await optimize([REF, ...base, '--method', 'random', '--budget', '6', '--seed', '5', '--backend', 'inline', '--json']);
    assert.notDeepEqual(strip(other.json()), strip(inline.json()));
  });

  it('adaptive search with a budget, walk-forward and Monte Carlo: the robustness section', async () => {
    const r = await optimize([REF, '--data', GOOG, '--param', 'n1=2:40:2', '--param', 'n2=20:200:10', '--constraint', 'n1 < n2', '--method', 'adaptive', '--budget', '40',
      '--walk-forward', '3', '--monte-carlo', '300', '--maximize', 'sharpeRatio', '--backend', 'thread', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = r.json();
    assert.equal(j.evaluated, 40);
    assert.equal(j.gridSize, 20 * 19);
    const wf = j.robustness.walkForward!;
    assert.equal(wf.folds.length, 3);
    assert.equal(wf.mode, 'rolling');
    assert.equal(wf.equity.length, 2148 - wf.startBar);
    const mc = j.robustness.monteCarlo!;
    assert.equal(mc.runs, 300);
    assert.equal(mc.trades, j.best.result.trades.length);
    assert.ok(mc.returnPct.p5 <= mc.returnPct.p50 && mc.returnPct.p50 <= mc.returnPct.p95);
    assert.ok(Array.isArray(j.robustness.warnings));
  });

  it('human output: best, top table, walk-forward folds, Monte Carlo percentiles, warnings', async () => {
    const r = await optimize([REF, ...base, '--split', '0.7', '--monte-carlo', '100', '--backend', 'inline']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^SmaCross: 16 combinations, best by sqn: n1=\d+ n2=\d+\ngrid search over a grid of 16 on this thread\n/);
    assert.match(r.out, /Top combinations:/);
    assert.match(r.out, /Train\/test split:\n {2}train 0\.\.1502 {2}test 1503\.\.2147/);
    assert.match(r.out, /Monte Carlo \(100 bootstrap runs of \d+ trades, seed 1\)/);
    assert.match(r.out, /Overfitting warnings:\n {2}! /);
  });

  it('usage errors are clear', async () => {
    const bad = async (args: string[], re: RegExp) => {
      await assert.rejects(optimize([REF, '--data', GOOG, ...args]), re);
    };
    await bad(['--param', 'n1=5:10:5', '--method', 'anneal'], /--method must be grid, random, adaptive; got "anneal"/);
    await bad(['--param', 'n1=5:10:5', '--budget', '5'], /--budget applies to --method random or adaptive/);
    await bad(['--param', 'zz=1:3'], /no parameter "zz" in static params \(it has: n1, n2\)/);
    await bad(['--param', 'n1=5:10:5', '--param', 'n2=20,30', '--heatmap', 'n1,q'], /--heatmap needs two different optimized parameters/);
    await bad(['--param', 'n1=5:10:5', '--walk-forward', '2', '--split', '0.5'], /either --walk-forward or --split/);
    await bad(['--param', 'n1=5:10:5', '--constraint', 'n1 <'], /--constraint: .*ends too early/);
    await bad(['--param', 'n1=5:10:5', '--walk-forward', '200', '--backend', 'inline'], /walk-forward: 2148 bars make out-of-sample windows of 10 bars/);
  });

  it('a strategy error in the child is reported as file:line:col kind', async () => {
    const file = path.join(FIXTURES, 'strategies', 'reference-error.strategy.ts');
    // no literal static params to check statically: the child refuses the name
    await assert.rejects(optimizeCommand([file, '--data', GOOG, '--param', 'zz=1,2'], io().sink, { runnerEntry: RUNNER }), /api strategy Typo has no parameter "zz"/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opt-'));
    const f = path.join(dir, 'boom.strategy.ts');
    fs.writeFileSync(f, "import { Strategy } from 'algoagent';\nexport default class Boom extends Strategy {\n  static params = { k: 1 };\n  next() {\n    if (this.bar === 40 && this.params.k === 2) throw new RangeError('k two');\n  }\n}\n");
    for (const backend of ['process', 'thread', 'inline']) {
      await assert.rejects(optimizeCommand([f, '--data', GOOG, '--param', 'k=1,2,3', '--backend', backend], io().sink, { runnerEntry: RUNNER }), (e: Error & { failure?: { line: number; kind: string } }) => {
        assert.equal(e.failure?.line, 5, backend);
        assert.equal(e.failure?.kind, 'range', backend);
        return true;
      });
    }
  });

  it('hostile code is refused before it runs in this process or its threads (the runner\'s safety rules)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opt-'));
    const f = path.join(dir, 'hostile.strategy.ts');
    fs.writeFileSync(f, "import { Strategy } from 'algoagent';\nexport default class H extends Strategy {\n  static params = { k: 1 };\n  next() {\n    process.exit(3);\n  }\n}\n");
    for (const backend of ['thread', 'inline']) {
      await assert.rejects(optimizeCommand([f, '--sample', '--param', 'k=1,2', '--backend', backend], io().sink), (e: Error & { failure?: { kind: string; line: number } }) => {
        assert.equal(e.failure?.kind, 'validation', backend);
        assert.equal(e.failure?.line, 5, backend);
        return true;
      });
    }
    await assert.rejects(checkCommand([f, '--sample'], io().sink), (e: Error & { failure?: { kind: string } }) => e.failure?.kind === 'validation');
  });

  it('cancel through the signal: exit code 130, nothing on stdout', async () => {
    const ac = new AbortController();
    const { o, sink } = io();
    const p = optimizeCommand([REF, '--data', GOOG, '--param', 'n1=2:60', '--param', 'n2=70:200', '--backend', 'thread', '--json'], sink, { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    assert.equal(await p, 130);
    assert.match(o.err, /cancelled/);
    assert.equal(o.out, '');
  });
});

describe('algoagent check (function)', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
  const centred = path.join(dir, 'centred.strategy.ts');
  fs.writeFileSync(centred, `import { Strategy, crossover, type Series } from 'algoagent';
export default class Centred extends Strategy {
  static params = { k: 3 };
  cma!: Series;
  init() {
    const c = this.data.close.values;
    const k = this.params.k;
    const out = c.map((_, i) => {
      const lo = Math.max(0, i - k), hi = Math.min(c.length - 1, i + k);
      let s = 0;
      for (let j = lo; j <= hi; j++) s += c[j];
      return s / (hi - lo + 1);
    });
    this.cma = this.I(out, 'Centred MA');
  }
  next() {
    if (crossover(this.data.close, this.cma)) { this.position.close(); this.buy(); }
    else if (crossover(this.cma, this.data.close)) { this.position.close(); this.sell(); }
  }
}
`);

  it('flags the centred moving average with exit code 1, naming it', async () => {
    const { o, sink } = io();
    const code = await checkCommand([centred, '--lookahead', '--data', GOOG, '--max-signals', '20'], sink);
    assert.equal(code, 1);
    assert.match(o.out, /✗ this\.cma \(Centred MA\) uses future bars: at bar \d+ it is [\d.]+ with all the data but [\d.]+ without the bars after it/);
    assert.match(o.out, /blame this\.cma \(Centred MA\)/);
  });

  it('passes the reference SMA cross (exit 0) and reports both checks by default', async () => {
    const { o, sink } = io();
    const code = await checkCommand([REF, '--data', GOOG, '--max-signals', '20', '--json'], sink);
    assert.equal(code, 0, o.err);
    const j = JSON.parse(o.out);
    assert.equal(j.lookahead.ok, true);
    assert.equal(j.lookahead.checked.length, 20);
    assert.deepEqual(j.warmup.sensitive, []);
    assert.deepEqual(j.params, { n1: 10, n2: 20 });
  });

  it('--monte-carlo on any run: seeded percentiles in JSON and text, only that check', async () => {
    const a = io();
    assert.equal(await checkCommand([REF, '--data', GOOG, '--monte-carlo', '500', '--seed', '7', '--json'], a.sink), 0);
    const j = JSON.parse(a.o.out);
    assert.equal(j.lookahead, null);
    assert.equal(j.warmup, null);
    assert.equal(j.monteCarlo.runs, 500);
    assert.equal(j.monteCarlo.seed, 7);
    assert.equal(j.monteCarlo.trades, new Backtest(loadCsv(GOOG), SmaCross).run().trades.length);
    const b = io();
    await checkCommand([REF, '--data', GOOG, '--monte-carlo', '500', '--seed', '7', '--json'], b.sink);
    assert.deepEqual(JSON.parse(b.o.out).monteCarlo, j.monteCarlo);
    const c = io();
    await checkCommand([REF, '--data', GOOG, '--monte-carlo', '500', '--seed', '7'], c.sink);
    assert.match(c.o.out, /Monte Carlo \(500 bootstrap runs of \d+ trades, seed 7\)/);
  });

  it('--warmup on the sample names an EMA as history-sensitive', async () => {
    const f = path.join(dir, 'ema.strategy.ts');
    fs.writeFileSync(f, `import { Strategy, crossover, ta, type Series } from 'algoagent';
export default class Ema extends Strategy {
  fast!: Series;
  slow!: Series;
  init() { this.fast = this.I(ta.ema(this.data.close, 50), 'EMA 50'); this.slow = this.I(ta.sma(this.data.close, 20), 'SMA 20'); }
  next() { if (crossover(this.fast, this.slow)) this.buy(); else if (crossover(this.slow, this.fast)) this.position.close(); }
}
`);
    const { o, sink } = io();
    assert.equal(await checkCommand([f, '--warmup', '--sample'], sink), 0);
    assert.match(o.out, /! this\.fast \(EMA 50\): needs ≥ \d+ bars of history/);
    assert.match(o.out, / {3}this\.slow \(SMA 20\): stable/);
  });

  it("runs the strategy in the runner's child process, never in this one, and locates its errors", async () => {
    const f = path.join(dir, 'marks.strategy.ts');
    fs.writeFileSync(f, `import { Strategy } from 'algoagent';
export default class Marks extends Strategy {
  init() { (globalThis as Record<string, unknown>).__checkRanHere = 1; }
  next() {
    if (this.bar === 40) (this as unknown as { missing: () => void }).missing();
  }
}
`);
    delete (globalThis as Record<string, unknown>).__checkRanHere;
    await assert.rejects(checkCommand([f, '--warmup', '--sample'], io().sink), (e: Error & { failure?: { kind: string; line: number; file: string } }) => {
      assert.equal(e.failure?.kind, 'type');
      assert.equal(e.failure?.line, 5);
      assert.equal(path.resolve(e.failure!.file), path.resolve(f));
      return true;
    });
    assert.equal((globalThis as Record<string, unknown>).__checkRanHere, undefined, 'the strategy ran in the CLI process');
  });

  it('--monte-carlo on a run without closed trades is a usage error', async () => {
    const f = path.join(dir, 'idle.strategy.ts');
    fs.writeFileSync(f, "import { Strategy } from 'algoagent';\nexport default class Idle extends Strategy {\n  next() {}\n}\n");
    await assert.rejects(checkCommand([f, '--monte-carlo', '100', '--sample'], io().sink), /--monte-carlo: the run has no closed trades to resample/);
  });
});
