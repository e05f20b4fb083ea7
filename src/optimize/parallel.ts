import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Bars } from '../engine/bars';
import type { BacktestOptions } from '../engine/options';
import type { Stats } from '../engine/stats';
import type { Params } from '../engine/strategy';
import { StrategyLoadError } from '../runner/failure';
import type { StrategyBundle } from '../runner/load-strategy';
import type { WorkerInput, WorkerOutput } from './protocol';

/** The worker script: the bundled one next to this bundle, or the TypeScript source under tsx. */
function workerEntry(): { file: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) return { file: path.join(__dirname, 'worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
  return { file: path.join(__dirname, 'optimize-worker.js'), execArgv: [] };
}

/** Worker threads to use: every core, but not more than there are combinations. */
export function workerCount(combos: number, requested?: number): number {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  return Math.max(1, Math.min(requested ?? cores, combos));
}

/**
 * Runs every combination on `workers` threads (combinations dealt round-robin) and returns their
 * statistics in evaluation order. A strategy error in any worker rejects with StrategyLoadError.
 */
export async function runCombosInParallel(bundle: StrategyBundle, bars: Bars, options: BacktestOptions, combos: Params[], workers: number): Promise<Stats[]> {
  const entry = workerEntry();
  const slices: Params[][] = Array.from({ length: workers }, () => []);
  combos.forEach((c, k) => slices[k % workers].push(c));
  const plainBars: Bars = { ...bars };
  const results = await Promise.all(
    slices.map(
      (slice) =>
        new Promise<Stats[]>((resolve, reject) => {
          const input: WorkerInput = { bundle, bars: plainBars, options, combos: slice };
          const w = new Worker(entry.file, { workerData: input, execArgv: entry.execArgv });
          let settled = false;
          w.once('message', (m: WorkerOutput) => {
            settled = true;
            if (m.type === 'done') resolve(m.stats);
            else reject(new StrategyLoadError(m.failure));
            void w.terminate();
          });
          w.once('error', (e) => {
            settled = true;
            reject(e);
          });
          w.once('exit', (code) => {
            if (!settled) reject(new Error(`optimizer worker exited with code ${code}`));
          });
        }),
    ),
  );
  const out: Stats[] = new Array(combos.length);
  results.forEach((stats, w) => stats.forEach((s, j) => (out[j * workers + w] = s)));
  return out;
}
