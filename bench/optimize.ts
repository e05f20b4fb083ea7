/**
 * Optimizer benchmark: a 10 000-combination grid of the reference SMA cross on GOOG.csv
 * (2148 daily bars, commission 0.2 %). Baseline: the same grid in one thread in this process.
 * Then the worker-thread pool and the child-process runner on every core, start-up included.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import * as engine from '../src/engine';
import { loadCsv } from '../src/data/csv';
import { gridCombos } from '../src/engine/optimize';
import { ThreadPool, cores } from '../src/optimize/parallel';
import { runnerBackend } from '../src/optimize/runner-backend';
import { bundleStrategy, evaluateStrategy } from '../src/runner/load-strategy';
import { Runner } from '../src/runner/run';
import { measure, measureAsync } from './harness';

export interface BenchOptimizeOptions {
  /** Repository root (default: one folder up from this file, or from dist/). */
  root?: string;
  /** Child entry for the runner (default: dist/runner.js as the runner finds it). */
  runnerEntry?: string;
}

export async function benchOptimize(say: (line: string) => void, opts: BenchOptimizeOptions = {}): Promise<void> {
  const root = opts.root ?? path.resolve(__dirname, '..');
  const csv = path.resolve(root, '..', 'shared', 'data', 'GOOG.csv');
  const file = path.join(root, 'test', 'fixtures', 'strategies', 'sma-cross-ref.strategy.ts');
  const bars = loadCsv(csv);
  const options = { cash: 10_000, commission: 0.002 };
  // n1 = 1..100, n2 = 101, 103, …, 299: 100 × 100 = 10 000 combinations.
  const ranges = { n1: Array.from({ length: 100 }, (_, k) => k + 1), n2: Array.from({ length: 100 }, (_, k) => 101 + 2 * k) };
  const combos = gridCombos(ranges);
  const bundle = await bundleStrategy(file, { root });
  const { cls } = evaluateStrategy(bundle, engine);
  const n = cores();
  say(`optimize: ${combos.length} combinations × ${bars.close.length} bars (GOOG), ${n} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg()[0].toFixed(1)}`);
  // CPU time (this process, all its threads) besides wall time: on a busy machine wall time
  // mostly measures the other processes.
  const cpuOf = async (fn: () => unknown) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const c = process.cpuUsage(c0);
    return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
  };

  const bt = new engine.Backtest(bars, cls, options);
  const one = measure('one thread', () => combos.forEach((p) => bt.run(p)), 2, 1);
  const oneCpu = await cpuOf(() => combos.forEach((p) => bt.run(p)));
  say(`  one thread, in process:          ${one.medianMs.toFixed(0)} ms (${(one.medianMs / combos.length * 1000).toFixed(0)} µs per run) — baseline; CPU ${oneCpu.cpu.toFixed(0)} ms in a ${oneCpu.wall.toFixed(0)} ms run`);

  const threads = await measureAsync('threads', async () => {
    const pool = new ThreadPool(bundle, bars, options, n);
    try {
      await pool.evaluate(combos);
    } finally {
      pool.dispose();
    }
  }, 3, 1);
  const threadCpu = await cpuOf(async () => {
    const pool = new ThreadPool(bundle, bars, options, n);
    try {
      await pool.evaluate(combos);
    } finally {
      pool.dispose();
    }
  });
  say(`  ${n} worker threads (incl. start-up): ${threads.medianMs.toFixed(0)} ms → ${(one.medianMs / threads.medianMs).toFixed(2)}× the baseline; target ≤ 2000 ms; CPU ${threadCpu.cpu.toFixed(0)} ms in all threads (÷ ${n} cores = ${(threadCpu.cpu / n).toFixed(0)} ms if nothing else ran)`);

  const entry = opts.runnerEntry ?? [path.join(__dirname, 'runner.js'), path.join(root, 'dist', 'runner.js')].find((f) => existsSync(f));
  if (!entry) {
    say('  child processes: skipped (no dist/runner.js; build first)');
    return;
  }
  const procs = await measureAsync('processes', async () => {
    const runner = new Runner({ maxParallel: n, entry });
    try {
      await runnerBackend(runner, { strategyPath: file, root, bars, options }).evaluator()(combos);
    } finally {
      runner.dispose();
    }
  }, 3, 1);
  say(`  ${n} child processes (incl. spawn):  ${procs.medianMs.toFixed(0)} ms → ${(one.medianMs / procs.medianMs).toFixed(2)}× the baseline; target ≤ 2000 ms`);
}

