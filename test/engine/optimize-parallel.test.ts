/** The multi-core evaluators: worker-thread pool and the runner backend (real children), plus progress/ETA. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import * as engine from '../../src/engine';
import { loadCsv } from '../../src/data/csv';
import { gridCombos } from '../../src/engine/optimize';
import { sliceBars } from '../../src/engine/robustness/windows';
import { searchParams } from '../../src/engine/search/run';
import { ThreadPool, runCombosInParallel } from '../../src/optimize/parallel';
import { formatDuration, progressTracker } from '../../src/optimize/progress';
import { runnerBackend } from '../../src/optimize/runner-backend';
import { StrategyLoadError } from '../../src/runner/failure';
import { bundleStrategy, evaluateStrategy } from '../../src/runner/load-strategy';
import { Runner } from '../../src/runner/run';
import { FIXTURES, ROOT, SHARED_DATA } from '../helpers/paths';

const REF = path.join(FIXTURES, 'strategies', 'sma-cross-ref.strategy.ts');
const RUNNER = path.join(ROOT, 'node_modules', '.cache', 'algoagent-optimize-test', 'runner.js');
const bars = loadCsv(path.join(SHARED_DATA, 'GOOG.csv'));
const options = { commission: 0.002 };
const combos = gridCombos({ n1: [5, 10, 15, 20, 25], n2: [30, 40, 50, 60] });

describe('optimizer backends', function () {
  this.timeout(120_000);
  let bundle: Awaited<ReturnType<typeof bundleStrategy>>;
  let bt: engine.Backtest;
  before(async () => {
    bundle = await bundleStrategy(REF, { root: ROOT });
    bt = new engine.Backtest(bars, evaluateStrategy(bundle, engine).cls, options);
    await esbuild.build({ entryPoints: [path.join(ROOT, 'src', 'runner', 'child.ts')], outfile: RUNNER, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'esbuild'], logLevel: 'silent' });
  });

  it('thread pool: same statistics as direct runs, in order; progress adds up to the total; reusable across calls and windows', async () => {
    const pool = new ThreadPool(bundle, bars, options, 2);
    try {
      let done = 0;
      const stats = await pool.evaluate(combos, undefined, (k) => (done += k));
      assert.equal(done, combos.length);
      assert.deepEqual(stats, combos.map((p) => bt.run(p).stats));
      const w = { start: 500, end: 1500 };
      const inWindow = await pool.evaluate(combos.slice(0, 5), w);
      const wbt = new engine.Backtest(sliceBars(bars, w), bt.strategy, options);
      assert.deepEqual(inWindow, combos.slice(0, 5).map((p) => wbt.run(p).stats));
      const r = await pool.run({ n1: 10, n2: 30 }, w);
      assert.deepEqual(JSON.parse(JSON.stringify(r)), JSON.parse(JSON.stringify(wbt.run({ n1: 10, n2: 30 }))));
    } finally {
      pool.dispose();
    }
  });

  it('runCombosInParallel (old entry point) still returns stats in order', async () => {
    const stats = await runCombosInParallel(bundle, bars, options, combos, 2);
    assert.deepEqual(stats.map((s) => s.equityFinal), combos.map((p) => bt.run(p).stats.equityFinal));
  });

  it('thread pool: a strategy error rejects with the located failure; abort rejects with AbortError', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pool-'));
    const f = path.join(dir, 'boom.strategy.ts');
    fs.writeFileSync(f, "import { Strategy } from 'algoagent';\nexport default class Boom extends Strategy {\n  static params = { k: 1 };\n  next() {\n    if (this.bar === 40 && this.params.k === 3) throw new TypeError('k three');\n  }\n}\n");
    const b = await bundleStrategy(f, { root: dir });
    const pool = new ThreadPool(b, bars, {}, 2);
    await assert.rejects(pool.evaluate([{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }]), (e: unknown) => {
      assert.ok(e instanceof StrategyLoadError);
      assert.equal(e.failure.line, 5);
      assert.equal(e.failure.kind, 'type');
      assert.equal(e.failure.bar, 40);
      return true;
    });
    pool.dispose();
    const ac = new AbortController();
    const slow = new ThreadPool(bundle, bars, options, 2);
    const p = slow.evaluate(gridCombos({ n1: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], n2: Array.from({ length: 60 }, (_, k) => 20 + k) }), undefined, undefined, ac.signal);
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(p, (e: Error) => e.name === 'AbortError');
  });

  it('runner backend (child processes): same statistics as direct runs; drives an adaptive search; one run on a window', async () => {
    const runner = new Runner({ maxParallel: 2, entry: RUNNER });
    try {
      const backend = runnerBackend(runner, { strategyPath: REF, root: ROOT, bars, options });
      let done = 0;
      const stats = await backend.evaluator()(combos, (k) => (done += k));
      assert.equal(done, combos.length);
      assert.deepEqual(stats.map((s) => [s.equityFinal, s.trades, s.sqn]), combos.map((p) => { const s = bt.run(p).stats; return [s.equityFinal, s.trades, s.sqn]; }));
      const found = await searchParams({ n1: [5, 10, 15, 20, 25], n2: [30, 40, 50, 60] }, backend.evaluator(), { method: 'adaptive', budget: 12, seed: 2, batch: 4, maximize: 'equityFinal' });
      assert.equal(found.combos.length, 12);
      const w = { start: 1000, end: 2148 };
      const r = await backend.run({ n1: 10, n2: 30 }, w);
      assert.equal(r.stats.equityFinal, new engine.Backtest(sliceBars(bars, w), bt.strategy, options).run({ n1: 10, n2: 30 }).stats.equityFinal);
    } finally {
      runner.dispose();
    }
  });

  it('progress tracker: ETA = elapsed ÷ done × remaining; null before the first', () => {
    let t = 1000;
    const track = progressTracker(() => t);
    assert.deepEqual(track(0, 100), { done: 0, total: 100, elapsedMs: 0, etaMs: null });
    t = 3000; // 2 s for 25 → 6 s for the other 75
    assert.deepEqual(track(25, 100), { done: 25, total: 100, elapsedMs: 2000, etaMs: 6000 });
    assert.equal(formatDuration(12_345), '12.3 s');
    assert.equal(formatDuration(245_000), '4 min 05 s');
    assert.equal(formatDuration(3_720_000), '1 h 02 min');
  });
});
