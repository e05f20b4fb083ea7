/**
 * The one typed protocol between the runner's parent side (src/runner/run.ts, in the editor or the
 * CLI) and its child process (src/runner/child.ts → dist/runner.js). Messages travel over Node's IPC
 * channel with `serialization: 'advanced'` (structured clone), so Float64Arrays and NaN arrive intact.
 */
import type { Bars } from '../engine/bars';
import type { BacktestOptions } from '../engine/options';
import type { Result } from '../engine/result';
import type { Params } from '../engine/strategy';
import type { PortfolioResult } from '../engine/portfolio';
import type { CheckReport, CheckRequest } from '../engine/robustness/check';
import type { StrategyFailure } from './failure';

/** Where a run's bars come from. `bars` carries them inline (data already loaded by the parent). */
export type DataSpec =
  | { kind: 'sample' }
  | { kind: 'csv'; path: string; from?: string; to?: string }
  | { kind: 'bars'; bars: Bars; from?: string; to?: string };

/** What a caller asks the runner for. */
export interface RunRequest {
  /** Absolute (or cwd-relative) path of the strategy file. */
  strategyPath: string;
  /** Relative imports must stay inside this folder (the workspace). Default: the file's folder. */
  root?: string;
  /** The strategy's source when it differs from the file on disk (an unsaved editor, a fix attempt). */
  source?: string;
  data: DataSpec;
  options?: BacktestOptions;
  params?: Params;
}

/** A line the strategy printed with `console.*`. */
export interface ConsoleLine {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  text: string;
}

export interface RunSuccess {
  ok: true;
  result: Result;
  /** Console output of the strategy (capped; `truncated` says when lines were dropped). */
  console: ConsoleLine[];
  truncated: boolean;
  /** Non-fatal findings: `no-trades`, validation warnings (`Math.random`, `Date.now`). */
  warnings: StrategyFailure[];
  durationMs: number;
}

export interface RunFailure {
  ok: false;
  failure: StrategyFailure;
  /** Further errors of the same check (e.g. several forbidden imports), in source order. */
  more?: StrategyFailure[];
  console: ConsoleLine[];
  truncated: boolean;
  warnings: StrategyFailure[];
  durationMs: number;
}

export type RunOutcome = RunSuccess | RunFailure;

export interface RunHooks {
  /** Aborting kills the child; the promise then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Fraction of bars done, 0..1, throttled. */
  onProgress?: (fraction: number) => void;
  onConsole?: (line: ConsoleLine) => void;
  /** Overrides of the runner's limits for this run. */
  timeoutMs?: number;
  memoryLimitMb?: number;
}

/**
 * Runs one backtest in a child process. Strategy failures (including timeout and memory) resolve
 * as `{ ok: false, failure }`; only cancellation rejects.
 */
export type RunBacktest = (request: RunRequest, hooks?: RunHooks) => Promise<RunOutcome>;

// ---- wire messages ------------------------------------------------------------------------------

/** Code already transpiled and checked by the parent, ready to evaluate. */
export interface ChildJob {
  type: 'run';
  id: number;
  /** Absolute path of the strategy file (for messages and source-map resolution). */
  file: string;
  root: string;
  /**
   * The module table (src/runner/module-table.ts, encoded): the strategy and its helper files, each
   * CommonJS with its own inline source map.
   */
  code: string;
  data: DataSpec;
  options: BacktestOptions;
  params: Params;
  /** Combinations to evaluate instead of one run (optimizer); stats only, in order. */
  combos?: Params[];
  /** One strategy over several symbols instead of one run (`data` is then unused). */
  portfolio?: PortfolioJob;
  /** Robustness checks (look-ahead replay, warm-up sensitivity, Monte Carlo) instead of one run. */
  check?: CheckRequest;
}

export interface PortfolioJob {
  bars: Record<string, Bars>;
  benchmark?: Bars;
  /** Equal split of `options.cash`, or cash per symbol. */
  allocation?: 'equal' | Record<string, number>;
}

export type ParentMessage = ChildJob | { type: 'shutdown' };

/** Observed range of one registered indicator (for the `no-trades` hint). */
export interface IndicatorRange {
  /** The strategy property holding it (`rsi` for `this.rsi`), when there is one. */
  property?: string;
  name: string;
  min: number;
  max: number;
}

export type ChildMessage =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'console'; id: number; line: ConsoleLine }
  | { type: 'result'; id: number; result: Result; ranges: IndicatorRange[]; consoleDropped: number; clean: boolean }
  | { type: 'combos'; id: number; stats: Result['stats'][]; clean: boolean }
  | { type: 'portfolio'; id: number; result: PortfolioResult; clean: boolean }
  | { type: 'check'; id: number; report: CheckReport; clean: boolean }
  | { type: 'error'; id: number; failure: StrategyFailure; consoleDropped: number; clean: boolean };
