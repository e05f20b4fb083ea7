/** What the history store takes and gives back. */
import type { Bars } from '../engine/bars';
import type { Result } from '../engine/result';
import type { DataSelection } from '../data/selection';
import type { Stats } from '../engine/stats';
import type { StrategyFailure } from '../runner/failure';
import type { ConsoleLine, RunOutcome } from '../runner/protocol';

export type RunStatus = 'ok' | 'failed' | 'fixed' | 'cancelled';
/** What produced the run. */
export type RunKind = 'backtest' | 'optimize' | 'new' | 'fix';

export interface RecordRunInput {
  /** The strategy file (absolute, or relative to the current folder). */
  strategyPath: string;
  /** Strategies are keyed by their path relative to this folder. Default: the file's folder. */
  workspaceRoot?: string;
  /** Shown in lists. Default: the result's class name, else the file name. */
  strategyName?: string;
  /** The source as it ran (an unsaved editor, a fix attempt); kept so runs can be compared. */
  source?: string;
  /** Where the bars came from, as the user sees it ("bundled sample data", "data/AAPL.csv", "AAPL 1d"). */
  dataSource?: string;
  /** What to load to run it again. */
  dataSelection?: DataSelection;
  /** The bars the run used: kept once per content, so results reopen with their candles. */
  bars?: Bars;
  /** The runner's outcome; or give `result` / `failure` directly. */
  outcome?: RunOutcome;
  result?: Result;
  failure?: StrategyFailure;
  /** Default: `ok` for a result, `failed` for a failure. `fixed`: a result after the agent repaired the code. */
  status?: RunStatus;
  kind?: RunKind;
  /** Start time (Date, epoch ms or ISO). Default: now minus the duration. */
  startedAt?: Date | number | string;
  finishedAt?: Date | number | string;
  durationMs?: number;
  /** For failed runs (a result carries its own): what was asked for. */
  options?: Record<string, unknown>;
  params?: Record<string, unknown>;
  symbol?: string;
  interval?: string;
  from?: string;
  to?: string;
}

/** One row of a list: no per-bar data. */
export interface RunSummary {
  id: number;
  /** Path relative to the workspace root, `/`-separated (absolute when outside it). */
  strategy: string;
  strategyName: string;
  started: string;
  finished: string | null;
  status: RunStatus;
  kind: RunKind;
  dataSource: string | null;
  symbol: string | null;
  interval: string | null;
  from: string | null;
  to: string | null;
  returnPct: number | null;
  sharpeRatio: number | null;
  maxDrawdownPct: number | null;
  trades: number | null;
  durationMs: number | null;
  /** Full statistics, when asked for (`withStats`). */
  stats?: Stats | null;
}

export interface RunRecord extends RunSummary {
  /** Present for runs that produced a result. */
  result?: Result;
  /** Set when the run has statistics but its data file is gone (deleted by hand). */
  missingData?: string;
  /** The bars the run used, when they were recorded. */
  bars?: Bars;
  dataSelection?: DataSelection;
  failure?: StrategyFailure;
  moreFailures?: StrategyFailure[];
  warnings: StrategyFailure[];
  console: ConsoleLine[];
  source: string | null;
  options: Record<string, unknown>;
  params: Record<string, unknown>;
}

export interface ListRunsQuery {
  /** Only this strategy (its stored path; see `strategyKey`). */
  strategy?: string;
  status?: RunStatus;
  /** Newest first; default: all. */
  limit?: number;
  withStats?: boolean;
}

export interface StrategyRow {
  id: number;
  path: string;
  name: string;
  created: string;
  spec: unknown;
  runs: number;
  lastRun: string | null;
}

export interface FixAttemptInput {
  strategyPath: string;
  workspaceRoot?: string;
  /** The run that failed and is being fixed. */
  runId?: number;
  attempt: number;
  failure?: StrategyFailure;
  outcome: 'fixed' | 'failed' | 'no-change' | 'error' | 'cancelled';
  provider?: string;
  model?: string;
  /** Unified diff of the change the agent made. */
  diff?: string;
  /** The run made with the fixed code. */
  resultRunId?: number;
  startedAt?: Date | number | string;
}

export interface FixAttemptRow extends Omit<FixAttemptInput, 'strategyPath' | 'workspaceRoot' | 'startedAt'> {
  id: number;
  strategy: string | null;
  started: string;
}

export interface AiCallInput {
  provider: string;
  model?: string;
  /** Short hash of the API key (never the key). */
  keyHash?: string;
  purpose?: string;
  latencyMs?: number;
  outcome: string;
  detail?: string;
  at?: Date | number | string;
}

export interface AiCallRow extends Omit<AiCallInput, 'at'> {
  id: number;
  at: string;
}

/** How an open went. */
export interface Recovery {
  file: string;
  /** Where the unreadable file now is. */
  movedTo: string;
  reason: string;
}
