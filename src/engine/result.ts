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
  /** One array per line (key '' for a single-line indicator); NaN (null in JSON) during warm-up. */
  lines: Record<string, Float64Array | (number | null)[]>;
}

/**
 * The one result shape used everywhere: engine, CLI `--json`, runner, webview, store.
 * In memory the per-bar columns are Float64Arrays (no copies, no boxing); `JSON.stringify` turns
 * them into plain arrays (NaN → null) through the result's `toJSON`, so the JSON is the same shape.
 */
export interface Result {
  /** The strategy class's name. */
  strategy: string;
  stats: Stats;
  trades: TradeRecord[];
  openTrades: OpenTradeRecord[];
  /** Equity per bar. */
  equity: Float64Array | number[];
  /** Drawdown per bar, percent (positive numbers; 12 = 12 % below the peak). */
  drawdown: Float64Array | number[];
  indicators: IndicatorJson[];
  params: Record<string, unknown>;
  options: Record<string, unknown>;
  data: { symbol: string; interval: string; bars: number; from: string; to: string };
  /** First bar `next()` ran on. */
  startBar: number;
  log: LogEntry[];
}

/** Plain-array copy of a column for JSON: NaN and ±Infinity become null. */
export function columnToJson(a: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Number.isFinite(a[i]) ? a[i] : null;
  return out;
}

/** Attaches the non-enumerable `toJSON` that turns the typed columns into arrays. */
export function withJson(r: Result): Result {
  Object.defineProperty(r, 'toJSON', {
    enumerable: false,
    value(this: Result) {
      return {
        ...this,
        equity: columnToJson(this.equity),
        drawdown: columnToJson(this.drawdown),
        indicators: this.indicators.map((ind) => ({
          ...ind,
          lines: Object.fromEntries(Object.entries(ind.lines).map(([k, v]) => [k, columnToJson(v as ArrayLike<number>)])),
        })),
      };
    },
  });
  return r;
}
