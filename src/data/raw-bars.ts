/**
 * Bars as Yahoo sends them, with the few helpers the cache and the client share. Kept apart from
 * yahoo.ts so that reading the cache does not load yahoo-finance2.
 */
import { DAY } from './intervals';

/** Bars as Yahoo sent them (times in ms, UTC; daily and longer bars at 00:00 UTC of the exchange's date). */
export interface RawBars {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  /** Adjusted for splits (Yahoo's `close`). */
  close: Float64Array;
  /** NaN where Yahoo had none. */
  volume: Float64Array;
  /** Adjusted for splits and dividends; NaN where Yahoo sent none (intraday bars). */
  adjclose: Float64Array;
}

export interface MarketEvents {
  /** Ex-dividend dates (ms) and cash amounts per share. */
  dividends: { time: number; amount: number }[];
  /** Split dates (ms), e.g. 4:1 is numerator 4, denominator 1. */
  splits: { time: number; numerator: number; denominator: number }[];
}

export const RAW_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume', 'adjclose'] as const;

export function emptyRaw(n: number): RawBars {
  return { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n), adjclose: new Float64Array(n) };
}

/** Rows [a, b) of `r` (copies). */
export function sliceRaw(r: RawBars, a: number, b: number): RawBars {
  return { time: r.time.slice(a, b), open: r.open.slice(a, b), high: r.high.slice(a, b), low: r.low.slice(a, b), close: r.close.slice(a, b), volume: r.volume.slice(a, b), adjclose: r.adjclose.slice(a, b) };
}

export function iso(t: number): string {
  if (!Number.isFinite(t)) return String(t);
  const s = new Date(t).toISOString();
  return t % DAY === 0 ? s.slice(0, 10) : s.slice(0, 16).replace('T', ' ') + 'Z';
}
