/**
 * The optimizer on every core, with worker threads: a pool that loads the strategy once per
 * thread and is fed slices of combinations (several per thread, handed out as threads free up,
 * so uneven runs balance out). Progress counts finished combinations; aborting terminates the
 * threads. For child processes instead of threads see runner-backend.ts.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Bars } from '../engine/bars';
import type { BacktestOptions } from '../engine/options';
import { type Result, withJson } from '../engine/result';
import type { WindowBackend } from '../engine/robustness/walk-forward';
import type { BarWindow } from '../engine/robustness/windows';
import type { Evaluate } from '../engine/search/run';
import type { Stats } from '../engine/stats';
import type { Params } from '../engine/strategy';
import { StrategyLoadError } from '../runner/failure';
import type { StrategyBundle } from '../runner/load-strategy';
import type { WorkerInput, WorkerJob, WorkerOutput } from './protocol';

/** The worker script: the bundled one next to this bundle, or the TypeScript source under tsx. */
function workerEntry(): { file: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) return { file: path.join(__dirname, 'worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
  return { file: path.join(__dirname, 'optimize-worker.js'), execArgv: [] };
}

export function cores(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** Workers to use: every core, but not more than there are combinations. */
export function workerCount(combos: number, requested?: number): number {
  return Math.max(1, Math.min(requested ?? cores(), combos));
}

export class OptimizeCancelled extends Error {
  constructor() {
    super('the optimization was cancelled');
    this.name = 'AbortError';
  }
}

interface Task {
  job: WorkerJob;
  onProgress(done: number): void;
  /** Combinations already reported through progress messages. */
  reported: number;
  resolve(value: Stats[] | Result): void;
  reject(err: Error): void;
}

/** Slices per worker: enough to balance uneven runs, few enough to keep messages cheap. */
const SLICES_PER_WORKER = 4;

export class ThreadPool implements WindowBackend {
  readonly bars: Bars;
  readonly size: number;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly active = new Map<Worker, Task>();
  private nextId = 1;
  private closed = false;

  constructor(bundle: Pick<StrategyBundle, 'file' | 'root' | 'code'>, bars: Bars, options: BacktestOptions, size: number) {
    this.bars = bars;
    this.size = Math.max(1, Math.floor(size));
    const entry = workerEntry();
    const input: WorkerInput = { bundle: { file: bundle.file, root: bundle.root, code: bundle.code }, bars: { ...bars }, options };
    for (let k = 0; k < this.size; k++) {
      const w = new Worker(entry.file, { workerData: input, execArgv: entry.execArgv });
      w.on('message', (m: WorkerOutput) => this.onMessage(w, m));
      w.on('error', (e) => this.fail(w, e));
      w.on('exit', (code) => {
        if (!this.closed) this.fail(w, new Error(`optimizer worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  /** Statistics of every combination (on `window`'s bars, or all), in order. */
  evaluate(combos: Params[], window?: BarWindow, onDone?: (count: number) => void, signal?: AbortSignal): Promise<Stats[]> {
    if (!combos.length) return Promise.resolve([]);
    const per = Math.max(1, Math.ceil(combos.length / (this.size * SLICES_PER_WORKER)));
    const slices: Params[][] = [];
    for (let k = 0; k < combos.length; k += per) slices.push(combos.slice(k, k + per));
    return this.watch(signal, Promise.all(slices.map((slice) => this.submit<Stats[]>({ type: 'combos', id: this.nextId++, combos: slice, window }, onDone)))).then((parts) => parts.flat());
  }

  /** One full run (on `window`'s bars, or all). */
  run(params: Params, window?: BarWindow, signal?: AbortSignal): Promise<Result> {
    return this.watch(signal, this.submit<Result>({ type: 'run', id: this.nextId++, params, window })).then(revive);
  }

  /** An Evaluate (src/engine/search) over all bars. */
  evaluator(signal?: AbortSignal): Evaluate {
    return (combos, onDone) => this.evaluate(combos, undefined, onDone, signal);
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) void w.terminate();
    const err = new OptimizeCancelled();
    for (const t of [...this.queue.splice(0), ...this.active.values()]) t.reject(err);
    this.active.clear();
  }

  private watch<T>(signal: AbortSignal | undefined, p: Promise<T>): Promise<T> {
    if (!signal) return p;
    if (signal.aborted) {
      this.dispose();
      return Promise.reject(new OptimizeCancelled());
    }
    const onAbort = () => this.dispose();
    signal.addEventListener('abort', onAbort, { once: true });
    return p.finally(() => signal.removeEventListener('abort', onAbort));
  }

  private submit<T extends Stats[] | Result>(job: WorkerJob, onProgress?: (n: number) => void): Promise<T> {
    if (this.closed) return Promise.reject(new OptimizeCancelled());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, onProgress: onProgress ?? (() => {}), reported: 0, resolve: resolve as Task['resolve'], reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const t = this.queue.shift()!;
      this.active.set(w, t);
      w.postMessage(t.job);
    }
  }

  private onMessage(w: Worker, m: WorkerOutput): void {
    const t = this.active.get(w);
    if (!t || t.job.id !== m.id) return;
    if (m.type === 'progress') {
      t.reported += m.done;
      return t.onProgress(m.done);
    }
    this.active.delete(w);
    this.idle.push(w);
    if (m.type === 'failed') {
      // The first strategy failure ends the whole optimization.
      const err = new StrategyLoadError(m.failure);
      t.reject(err);
      for (const q of this.queue.splice(0)) q.reject(err);
    } else if (m.type === 'done') {
      if (m.stats.length > t.reported) t.onProgress(m.stats.length - t.reported);
      t.resolve(m.stats);
    } else t.resolve(m.result);
    this.pump();
  }

  private fail(w: Worker, e: Error): void {
    const t = this.active.get(w);
    this.active.delete(w);
    t?.reject(e);
  }
}

/** Gives a Result that crossed the thread boundary its toJSON back. */
function revive(r: Result): Result {
  return withJson(r);
}

/**
 * Runs every combination on `workers` threads and returns their statistics in order. A strategy
 * error in any worker rejects with StrategyLoadError.
 */
export async function runCombosInParallel(bundle: StrategyBundle, bars: Bars, options: BacktestOptions, combos: Params[], workers: number): Promise<Stats[]> {
  const pool = new ThreadPool(bundle, bars, options, workers);
  try {
    return await pool.evaluate(combos);
  } finally {
    pool.dispose();
  }
}
