/**
 * The runner's parent side: a bounded queue of backtests, each in a child process with a timeout
 * and a memory cap, cancellable through an AbortSignal. Children are kept warm and reused while
 * a run leaves no trace in their shared state. Strategy failures resolve as `{ ok: false }`;
 * cancellation rejects with an AbortError.
 */
import { availableParallelism, cpus } from 'node:os';
import { withJson, type Result } from '../engine/result';
import type { Stats } from '../engine/stats';
import type { Params } from '../engine/strategy';
import { AbortError } from './abort';
import { RunnerChild } from './child-process';
import type { StrategyFailure } from './failure';
import { noTradesHint } from './no-trades-hint';
import { classLine, prepareRun } from './prepare';
import type { PortfolioResult } from '../engine/portfolio';
import type { CheckReport, CheckRequest } from '../engine/robustness/check';
import type { ChildJob, ChildMessage, ConsoleLine, PortfolioJob, RunFailure, RunHooks, RunOutcome, RunRequest, RunSuccess } from './protocol';

export interface RunnerOptions {
  /** Runs at once; default cores − 1, at least 1. */
  maxParallel?: number;
  /** Default 300 s. */
  timeoutMs?: number;
  /** Default 1024 MB. */
  memoryLimitMb?: number;
  /** How long an idle child stays warm; default 60 s. */
  idleMs?: number;
  /** Child entry file (tests); default dist/runner.js. */
  entry?: string;
}

export { AbortError };

/** A strategy failure from `runCombos` (the optimizer stops at the first one). */
export class RunFailedError extends Error {
  constructor(readonly failure: StrategyFailure) {
    super(failure.message);
  }
}

export function defaultParallelism(): number {
  const n = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, n - 1);
}

type Terminal = Extract<ChildMessage, { type: 'result' | 'combos' | 'portfolio' | 'check' | 'error' }>;

interface JobEnd {
  message?: Terminal;
  failure?: StrategyFailure;
  console: ConsoleLine[];
  reusable: boolean;
}

let nextJobId = 1;

export class Runner {
  readonly maxParallel: number;
  readonly timeoutMs: number;
  readonly memoryLimitMb: number;
  private readonly idleMs: number;
  private readonly entry?: string;
  private readonly idle: { child: RunnerChild; timer: NodeJS.Timeout }[] = [];
  private readonly busy = new Set<RunnerChild>();
  private readonly waiting: { start: () => void; signal?: AbortSignal; reject: (e: Error) => void }[] = [];
  private running = 0;
  private disposed = false;

  constructor(opts: RunnerOptions = {}) {
    this.maxParallel = Math.max(1, Math.floor(opts.maxParallel ?? defaultParallelism()));
    this.timeoutMs = opts.timeoutMs ?? 300_000;
    this.memoryLimitMb = opts.memoryLimitMb ?? 1024;
    this.idleMs = opts.idleMs ?? 60_000;
    this.entry = opts.entry;
  }

  /** PIDs of the children alive now (busy and idle). */
  get pids(): number[] {
    return [...this.busy, ...this.idle.map((i) => i.child)].map((c) => c.pid);
  }

  /** Starts `n` children ahead of time so the next runs skip the start-up. */
  async warm(n = 1): Promise<void> {
    const fresh = Array.from({ length: Math.max(0, n - this.idle.length) }, () => new RunnerChild(this.memoryLimitMb, this.entry));
    await Promise.all(fresh.map((c) => c.ready));
    for (const c of fresh) this.park(c);
  }

  /** Runs one backtest (see RunBacktest). */
  run = async (request: RunRequest, hooks: RunHooks = {}): Promise<RunOutcome> => {
    const t0 = performance.now();
    const prep = await prepareRun(request);
    const done = (o: Omit<RunSuccess, 'durationMs'> | Omit<RunFailure, 'durationMs'>): RunOutcome => ({ ...o, durationMs: performance.now() - t0 }) as RunOutcome;
    if (!prep.ok) {
      const [failure, ...more] = prep.failures;
      return done({ ok: false, failure, more, console: [], truncated: false, warnings: prep.warnings });
    }
    const job: ChildJob = {
      type: 'run', id: nextJobId++, file: prep.file, root: prep.root, code: prep.code,
      data: request.data, options: request.options ?? {}, params: request.params ?? {},
    };
    const end = await this.schedule(job, hooks, prep.source);
    const truncated = !!end.message && 'consoleDropped' in end.message && end.message.consoleDropped > 0;
    if (end.failure) return done({ ok: false, failure: end.failure, console: end.console, truncated, warnings: prep.warnings });
    const msg = end.message!;
    if (msg.type === 'error') return done({ ok: false, failure: msg.failure, console: end.console, truncated, warnings: prep.warnings });
    if (msg.type !== 'result') throw new Error(`runner: unexpected ${msg.type} message for a backtest`);
    const result = revive(msg.result);
    const warnings = [...prep.warnings];
    if (result.trades.length === 0 && result.openTrades.length === 0) {
      const line = classLine(prep.source, prep.file);
      warnings.push({
        kind: 'no-trades',
        message: `the strategy ran over ${result.data.bars} bars and never traded`,
        file: prep.file, line, column: 1, endLine: line, endColumn: 1, stack: '',
        hint: noTradesHint(prep.source, prep.file, msg.ranges, result.data.bars),
      });
    }
    return done({ ok: true, result, console: end.console, truncated, warnings });
  };

  /** Evaluates parameter combinations in one child (the optimizer splits a grid across calls). */
  async runCombos(request: RunRequest, combos: Params[], hooks: RunHooks = {}): Promise<Stats[]> {
    const prep = await prepareRun(request);
    if (!prep.ok) throw new RunFailedError(prep.failures[0]);
    const job: ChildJob = {
      type: 'run', id: nextJobId++, file: prep.file, root: prep.root, code: prep.code,
      data: request.data, options: request.options ?? {}, params: {}, combos,
    };
    const end = await this.schedule(job, hooks, prep.source);
    if (end.failure) throw new RunFailedError(end.failure);
    const msg = end.message!;
    if (msg.type === 'error') throw new RunFailedError(msg.failure);
    if (msg.type !== 'combos') throw new Error(`runner: unexpected ${msg.type} message for combinations`);
    return msg.stats;
  }

  /** Runs one strategy over several symbols in one child (see engine/portfolio). */
  async runPortfolio(request: Omit<RunRequest, 'data'>, portfolio: PortfolioJob, hooks: RunHooks = {}): Promise<PortfolioResult> {
    const prep = await prepareRun({ ...request, data: { kind: 'sample' } });
    if (!prep.ok) throw new RunFailedError(prep.failures[0]);
    const job: ChildJob = {
      type: 'run', id: nextJobId++, file: prep.file, root: prep.root, code: prep.code,
      data: { kind: 'sample' }, options: request.options ?? {}, params: request.params ?? {}, portfolio,
    };
    const end = await this.schedule(job, hooks, prep.source);
    if (end.failure) throw new RunFailedError(end.failure);
    const msg = end.message!;
    if (msg.type === 'error') throw new RunFailedError(msg.failure);
    if (msg.type !== 'portfolio') throw new Error(`runner: unexpected ${msg.type} message for a portfolio`);
    return { ...msg.result, symbols: msg.result.symbols.map((s) => ({ ...s, result: revive(s.result) })) };
  }

  /**
   * Runs robustness checks (look-ahead replay, warm-up sensitivity, Monte Carlo) of one strategy in
   * a child. Rejects with RunFailedError when the strategy fails (located like a run's failure).
   */
  async runCheck(request: RunRequest, check: CheckRequest, hooks: RunHooks = {}): Promise<CheckReport> {
    const prep = await prepareRun(request);
    if (!prep.ok) throw new RunFailedError(prep.failures[0]);
    const job: ChildJob = {
      type: 'run', id: nextJobId++, file: prep.file, root: prep.root, code: prep.code,
      data: request.data, options: request.options ?? {}, params: request.params ?? {}, check,
    };
    const end = await this.schedule(job, hooks, prep.source);
    if (end.failure) throw new RunFailedError(end.failure);
    const msg = end.message!;
    if (msg.type === 'error') throw new RunFailedError(msg.failure);
    if (msg.type !== 'check') throw new Error(`runner: unexpected ${msg.type} message for a check`);
    return msg.report;
  }

  /** Kills every child and rejects queued runs. */
  dispose(): void {
    this.disposed = true;
    for (const w of this.waiting.splice(0)) w.reject(new AbortError('the runner was shut down'));
    for (const { child, timer } of this.idle.splice(0)) {
      clearTimeout(timer);
      child.kill();
    }
    for (const c of this.busy) c.kill();
  }

  private schedule(job: ChildJob, hooks: RunHooks, source: string): Promise<JobEnd> {
    if (this.disposed) return Promise.reject(new AbortError('the runner was shut down'));
    if (hooks.signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<JobEnd>((resolve, reject) => {
      const start = () => {
        this.running++;
        this.execute(job, hooks, source).then(resolve, reject).finally(() => {
          this.running--;
          this.waiting.shift()?.start();
        });
      };
      if (this.running < this.maxParallel) return start();
      const entry = { start, signal: hooks.signal, reject };
      this.waiting.push(entry);
      hooks.signal?.addEventListener('abort', () => {
        const k = this.waiting.indexOf(entry);
        if (k >= 0) {
          this.waiting.splice(k, 1);
          reject(new AbortError());
        }
      }, { once: true });
    });
  }

  private take(memoryLimitMb: number): RunnerChild {
    for (let k = this.idle.length - 1; k >= 0; k--) {
      const { child, timer } = this.idle[k];
      if (child.memoryLimitMb !== memoryLimitMb || !child.isAlive) continue;
      this.idle.splice(k, 1);
      clearTimeout(timer);
      return child;
    }
    return new RunnerChild(memoryLimitMb, this.entry);
  }

  private park(child: RunnerChild): void {
    if (this.disposed || !child.isAlive || this.idle.length >= this.maxParallel) return child.kill();
    const timer = setTimeout(() => {
      const k = this.idle.findIndex((i) => i.child === child);
      if (k >= 0) this.idle.splice(k, 1);
      child.kill();
    }, this.idleMs);
    timer.unref();
    this.idle.push({ child, timer });
  }

  private async execute(job: ChildJob, hooks: RunHooks, source: string): Promise<JobEnd> {
    if (hooks.signal?.aborted) throw new AbortError();
    const memoryLimitMb = hooks.memoryLimitMb ?? this.memoryLimitMb;
    const timeoutMs = hooks.timeoutMs ?? this.timeoutMs;
    const child = this.take(memoryLimitMb);
    this.busy.add(child);
    child.hold(true);
    const consoleLines: ConsoleLine[] = [];
    let reason: 'timeout' | 'memory' | 'cancel' | undefined;
    const stop = (why: typeof reason) => {
      reason ??= why;
      child.kill();
    };
    const onAbort = () => stop('cancel');
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const watchdog = setInterval(() => {
      const mb = child.residentMb();
      if (mb !== undefined && mb > memoryLimitMb + 512) stop('memory');
    }, 200);
    try {
      const terminal = await new Promise<Terminal | undefined>((resolve) => {
        const onMessage = (m: ChildMessage) => {
          if (m.type === 'ready' || m.id !== job.id) return;
          if (m.type === 'progress') hooks.onProgress?.(m.fraction);
          else if (m.type === 'console') {
            consoleLines.push(m.line);
            hooks.onConsole?.(m.line);
          } else {
            child.proc.off('message', onMessage);
            resolve(m);
          }
        };
        child.proc.on('message', onMessage);
        void child.exited.then(() => {
          child.proc.off('message', onMessage);
          resolve(undefined);
        });
        try {
          child.send(job);
        } catch {
          child.kill();
        }
      });
      if (terminal && reason !== 'cancel') {
        const reusable = terminal.clean && child.isAlive;
        if (reusable) this.park(child);
        else child.kill();
        return { message: terminal, console: consoleLines, reusable };
      }
      child.kill();
      const exit = await child.exited;
      if (reason === 'cancel') throw new AbortError();
      const line = classLine(source, job.file);
      const at = { file: job.file, line, column: 1, endLine: line, endColumn: 1, stack: exit.stderr.trim().slice(-2000) };
      const oom = reason === 'memory' || /heap out of memory|Allocation failed|Array buffer allocation failed/i.test(exit.stderr);
      if (reason === 'timeout') {
        return {
          console: consoleLines, reusable: false,
          failure: { kind: 'timeout', message: `did not finish within ${fmtSeconds(timeoutMs)} and was stopped`, hint: 'Look for a loop that never ends in next() or init(), or raise algoagent.run.timeoutSeconds for very long data.', ...at },
        };
      }
      if (oom) {
        return {
          console: consoleLines, reusable: false,
          failure: { kind: 'memory', message: `ran out of memory (limit ${memoryLimitMb} MB) and was stopped`, hint: 'Look for arrays that grow on every bar (push in next()) or huge allocations; or raise algoagent.run.memoryLimitMb.', ...at },
        };
      }
      return {
        console: consoleLines, reusable: false,
        failure: { kind: 'runtime', message: `the strategy process stopped unexpectedly (exit code ${exit.code}, signal ${exit.signal})`, hint: 'The child process crashed; the last lines it printed are in the stack.', ...at },
      };
    } finally {
      clearTimeout(timer);
      clearInterval(watchdog);
      hooks.signal?.removeEventListener('abort', onAbort);
      child.hold(false);
      this.busy.delete(child);
    }
  }
}

function fmtSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Gives a Result that crossed the process boundary its typed columns and toJSON back. */
function revive(r: Result): Result {
  const f = (a: Float64Array | (number | null)[]) => (a instanceof Float64Array ? a : Float64Array.from(a, (x) => (x === null ? NaN : x)));
  return withJson({
    ...r,
    equity: f(r.equity),
    drawdown: f(r.drawdown),
    indicators: r.indicators.map((i) => ({ ...i, lines: Object.fromEntries(Object.entries(i.lines).map(([k, v]) => [k, f(v)])) })),
  });
}
