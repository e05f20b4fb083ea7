/**
 * The canonical strategy spec: what a strategy does, as validated JSON. The offline parser and the
 * language models write it, `validateSpec` checks it, and the code generator turns it into a strategy
 * file. Mirrored for editors by `schemas/strategy-spec.schema.json`; documented in `docs/strategy-api.md`.
 * Percentages are in percent (5 = 5 %).
 */

/** Bar fields a rule can read directly. */
export const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

/** Comparison operators. `crossesAbove`: left was below right on the previous bar and is above it now. */
export const OPS = ['<', '<=', '>', '>=', 'crossesAbove', 'crossesBelow'] as const;
export type Op = (typeof OPS)[number];

export const DIRECTIONS = ['long', 'short', 'both'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Bar sizes, named as the data layer names them. */
export const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1wk', '1mo'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const INDICATOR_TYPES = [
  'sma', 'ema', 'wma', 'rsi', 'macd', 'bbands', 'stoch', 'cci', 'williamsR', 'atr', 'adx', 'roc', 'mfi', 'highest', 'lowest',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export const SIZING_TYPES = ['allIn', 'fraction', 'units'] as const;
export type SizingType = (typeof SIZING_TYPES)[number];

export interface IndicatorSpec {
  /** Identifier used by rules: letters, digits and `_`, starting with a letter (e.g. `sma50`, `rsi14`). */
  id: string;
  type: IndicatorType;
  /** Numeric parameters by name (see INDICATOR_CATALOG); missing ones take their defaults. */
  params: Record<string, number>;
  /** Input column for single-input indicators (default: close; `highest` high; `lowest` low). */
  source?: PriceField;
}

/** `{ ref: "sma20", mult: 0.95 }` = 95 % of the 20-day average (5 % below it). */
export interface ScaledRef {
  ref: string;
  mult: number;
}

/** An indicator id (`rsi14`, `macd.signal`, `bb.upper`), a price field, a number, or a scaled reference. */
export type Operand = string | number | ScaledRef;

export interface Cond {
  left: Operand;
  op: Op;
  right: Operand;
}

export type Rules = { all: Cond[] } | { any: Cond[] };

export interface Risk {
  /** Stop loss below (longs) / above (shorts) the signal bar's close, in percent. */
  stopLossPct?: number;
  /** Take profit above (longs) / below (shorts) the signal bar's close, in percent. */
  takeProfitPct?: number;
  /** Trailing stop distance from the best close since entry, in percent. */
  trailingStopPct?: number;
}

export interface Sizing {
  type: SizingType;
  /** `fraction`: percent of available equity (0 < value ≤ 100); `units`: whole units ≥ 1; `allIn`: none. */
  value?: number;
}

export interface StrategySpec {
  name: string;
  description: string;
  /** Tickers the idea was written for (may be empty: any data). */
  symbols: string[];
  timeframe: Timeframe;
  direction: Direction;
  indicators: IndicatorSpec[];
  /** Opens a position in `direction` (for `both`: the long side). Needs at least one condition. */
  entry: Rules;
  /** Closes it; may be empty (then only risk rules, a reversal or the end of data close it). */
  exit: Rules;
  /** `both` only: opens a short (required); `shortExit` closes it (optional). */
  shortEntry?: Rules;
  shortExit?: Rules;
  risk: Risk;
  sizing: Sizing;
}

/** The conditions of a Rules object, whichever combinator it uses. */
export function conditionsOf(r: Rules): Cond[] {
  return 'all' in r ? r.all : r.any;
}
