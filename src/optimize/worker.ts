/**
 * Worker thread of the optimizer: loads the strategy once, then runs jobs (slices of
 * combinations, or one full run) on all bars or on a window of them, until terminated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../engine';
import { type BarWindow, sliceBars } from '../engine/robustness/windows';
import { type StrategyFailure, StrategyLoadError } from '../runner/failure';
import { evaluateStrategy } from '../runner/evaluate-strategy';
import type { WorkerInput, WorkerJob, WorkerOutput } from './protocol';

const PROGRESS_MS = 50;
const input = workerData as WorkerInput;
const API = Object.freeze({ ...engine, ta: Object.freeze({ ...engine.ta }) });
const post = (m: WorkerOutput) => parentPort!.postMessage(m);
let loaded: ReturnType<typeof evaluateStrategy> | undefined;
let loadError: unknown;
try {
  loaded = evaluateStrategy(input.bundle, API);
} catch (err) {
  loadError = err;
}
const backtests = new Map<string, engine.Backtest>();

function backtestFor(w: BarWindow | undefined): engine.Backtest {
  const key = w ? `${w.start}:${w.end}` : 'all';
  let bt = backtests.get(key);
  if (!bt) backtests.set(key, (bt = new engine.Backtest(w ? sliceBars(input.bars, w) : input.bars, loaded!.cls, input.options)));
  return bt;
}

parentPort!.on('message', (job: WorkerJob) => {
  let current: engine.Params = job.type === 'run' ? job.params : {};
  try {
    if (!loaded) throw loadError;
    const bt = backtestFor(job.window);
    if (job.type === 'run') {
      post({ type: 'result', id: job.id, result: bt.run(job.params) });
      return;
    }
    const stats: engine.Stats[] = [];
    let last = performance.now();
    let reported = 0;
    for (const params of job.combos) {
      current = params;
      stats.push(bt.run(params).stats);
      const now = performance.now();
      if (now - last >= PROGRESS_MS) {
        post({ type: 'progress', id: job.id, done: stats.length - reported });
        reported = stats.length;
        last = now;
      }
    }
    post({ type: 'done', id: job.id, stats });
  } catch (err) {
    if (err instanceof StrategyLoadError) return post({ type: 'failed', id: job.id, failure: err.failure, params: current });
    const failure: StrategyFailure = loaded ? loaded.locate(err) : { kind: 'runtime', message: String((err as Error)?.message ?? err), file: input.bundle.file, line: 0, column: 0, endLine: 0, endColumn: 0, stack: String((err as Error)?.stack ?? ''), hint: '' };
    const where = engine.errorPhase(err);
    if (where?.phase === 'next') {
      failure.bar = where.bar;
      failure.time = engine.isoTime(input.bars.time[(job.window?.start ?? 0) + where.bar]);
    }
    post({ type: 'failed', id: job.id, failure, params: current });
  }
});
