import type { Stats } from './stats';
import type { LogEntry } from './strategy';

/** A closed trade as the Result JSON carries it. */
export interface TradeRecord {
  entryBar: number;
  exitBar: number;
  entryTime: string;
  exitTime: string;
  /** Units, negative for shorts. */
  size: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  /** Percent (5 = 5 %), net of commissions. */
  returnPct: number;
  commission: number;
  sl: number | null;
  tp: number | null;
  tag: unknown;
  durationDays: number;
}

/** A trade still open at the end of the data (not in the statistics). */
export interface OpenTradeRecord {
  entryBar: number;
  entryTime: string;
  size: number;
  entryPrice: number;
  sl: number | null;
  tp: number | null;
  tag: unknown;
  /** Unrealized, at the last close, before exit commission. */
  pnl: number;
  returnPct: number;
}

export interface IndicatorJson {
  name: string;
  overlay: boolean;
  scatter: boolean;
  color?: string;
  /** One array per line (key '' for a single-line indicator); null during warm-up. */
  lines: Record<string, (number | null)[]>;
}

/** The one result shape used everywhere: engine, CLI `--json`, runner, webview, store. */
export interface Result {
  stats: Stats;
  trades: TradeRecord[];
  openTrades: OpenTradeRecord[];
  /** Equity per bar. */
  equity: number[];
  /** Drawdown per bar, percent (positive numbers; 12 = 12 % below the peak). */
  drawdown: number[];
  indicators: IndicatorJson[];
  params: Record<string, unknown>;
  options: Record<string, unknown>;
  data: { symbol: string; interval: string; bars: number; from: string; to: string };
  /** First bar `next()` ran on. */
  startBar: number;
  log: LogEntry[];
}
