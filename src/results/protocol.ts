/**
 * The one typed protocol between the results panel's host (src/vscode/results-panel.ts, and the
 * self-contained HTML report) and the app in the webview (webview-ui/, dist/webview/main.js).
 * Everything here is plain JSON: per-bar columns are number arrays with `null` for NaN.
 */
import type { FixAttempt } from '../agent/types';
import type { Stats } from '../engine/stats';
import type { IndicatorJson, OpenTradeRecord, TradeRecord } from '../engine/result';
import type { LogEntry } from '../engine/strategy';

/** A per-bar column as JSON carries it (NaN → null). */
export type Column = (number | null)[];

/** The bars a run used, one array per column, all of one length (= result.data.bars). */
export interface BarsJson {
  /** Milliseconds since the epoch, UTC, ascending. */
  time: number[];
  open: Column;
  high: Column;
  low: Column;
  close: Column;
  /** null where the source had no volume. */
  volume: Column;
}

/** The Result in its JSON form (what `JSON.stringify(result)` gives). */
export interface ResultJson {
  strategy: string;
  stats: Stats;
  trades: TradeRecord[];
  openTrades: OpenTradeRecord[];
  equity: Column;
  /** Percent, positive below the peak. */
  drawdown: Column;
  indicators: (Omit<IndicatorJson, 'lines'> & { lines: Record<string, Column> })[];
  params: Record<string, unknown>;
  options: Record<string, unknown>;
  data: { symbol: string; interval: string; bars: number; from: string; to: string };
  startBar: number;
  log: LogEntry[];
}

/** A line of the run log tab: the engine's log, the strategy's console, the runner's findings. */
export interface RunLogLine {
  level: 'info' | 'warning' | 'error' | 'debug';
  /** Where it came from: `engine` (with bar/time), `console`, `runner`. */
  source: 'engine' | 'console' | 'runner';
  text: string;
  bar?: number;
  time?: string;
}

/** Everything the panel shows for one run. */
export interface RunView {
  /** Stable id (strategy path + run time), used for compare and saved state. */
  id: string;
  strategyPath: string;
  /** Display name: the strategy class, else the file name. */
  name: string;
  result: ResultJson;
  bars: BarsJson;
  /** ISO time the run finished. */
  runAt: string;
  durationMs?: number;
  /** Label of the data choice ("GOOG.csv", "bundled sample data"). */
  dataLabel?: string;
  log: RunLogLine[];
  attempts: FixAttempt[];
  /** The run's id in the execution history, when it was recorded there (the panel then saves only this). */
  storeId?: number;
}

/** One evaluated combination of an optimization. */
export interface OptimizationCombo {
  params: Record<string, number | string | boolean>;
  stats: Stats;
}

export interface OptimizationView {
  strategyPath: string;
  name: string;
  /** The statistic that was maximized (a Stats key). */
  metric: keyof Stats;
  /** Names of the optimized parameters, in grid order. */
  paramNames: string[];
  combos: OptimizationCombo[];
  runAt: string;
  dataLabel?: string;
}

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** What the panel can show. */
export type PanelView =
  | { mode: 'run'; run: RunView }
  | { mode: 'compare'; runs: RunView[] }
  | { mode: 'optimization'; optimization: OptimizationView };

// ---- host → app -------------------------------------------------------------------------------

export type HostMessage =
  /** Show one run (replaces what is shown). */
  | { type: 'result'; run: RunView }
  /** Show 2–4 runs side by side. */
  | { type: 'compare'; runs: RunView[] }
  | { type: 'optimization'; optimization: OptimizationView }
  /** The colour theme changed (the report uses it; in VS Code the body class also changes). */
  | { type: 'theme'; kind: ThemeKind }
  /** Scroll the chart to a trade (index into result.trades) and highlight it. */
  | { type: 'selectTrade'; index: number };

// ---- app → host -------------------------------------------------------------------------------

export type ExportFormat = 'html' | 'trades-csv' | 'equity-csv' | 'stats-json';

export type AppMessage =
  /** The app is listening (send the view now). */
  | { type: 'ready' }
  | { type: 'export'; format: ExportFormat }
  /** Run the strategy again with the same data. */
  | { type: 'rerun'; strategyPath: string }
  /** Open the strategy file (header link). */
  | { type: 'openFile'; strategyPath: string; line?: number }
  /** The user selected a trade (table click or marker). */
  | { type: 'tradeSelected'; index: number };

/** What the app keeps with `vscode.setState` and the serializer restores. */
export interface PanelState {
  version: 1;
  view: PanelView;
}

export const PANEL_VIEW_TYPE = 'algoagent.results';

/**
 * What a panel saves for a window reload: a run that is in the history is saved as its id (the host
 * reads it back from the store), anything else as the whole view.
 */
export function stateForSaving(view: PanelView): PanelState | StoredRunState {
  if (view.mode === 'run' && view.run.storeId !== undefined) return { version: 1, stored: { storeId: view.run.storeId, strategyPath: view.run.strategyPath } };
  return { version: 1, view };
}

/** A saved run that lives in the history store. */
export interface StoredRunState {
  version: 1;
  stored: { storeId: number; strategyPath: string };
}

export function isStoredRunState(v: unknown): v is StoredRunState {
  const s = v as StoredRunState;
  return !!s && typeof s === 'object' && s.version === 1 && !!s.stored && typeof s.stored.storeId === 'number' && typeof s.stored.strategyPath === 'string';
}

/** Maximum number of runs compare mode shows. */
export const MAX_COMPARE = 4;

export function isPanelState(v: unknown): v is PanelState {
  if (!v || typeof v !== 'object') return false;
  const s = v as PanelState;
  return s.version === 1 && !!s.view && typeof s.view === 'object' && ['run', 'compare', 'optimization'].includes(s.view.mode);
}
