/**
 * From Yahoo's bars to the engine's Bars, with or without dividend adjustment.
 *
 * Yahoo's `close` is already adjusted for splits; its `adjclose` is adjusted for splits and
 * dividends. Adjusting multiplies open, high, low and close of each bar by `adjclose / close`
 * (the factor is 1 after the last dividend), so returns across ex-dividend dates are total returns
 * and a strategy sees no false gap. Volume is left as Yahoo sends it (split-adjusted).
 * Unadjusted bars are the split-adjusted prices as traded otherwise.
 */
import type { Bars } from '../engine/bars';
import { type YahooInterval, isIntraday } from './intervals';
import type { RawBars } from './raw-bars';

/** Adjustment is on by default for daily and longer bars (Yahoo sends no adjusted close for intraday bars). */
export function defaultAdjust(interval: YahooInterval): boolean {
  return !isIntraday(interval);
}

export interface AdjustedBars {
  bars: Bars;
  /** Bars dropped because adjustment was asked for and Yahoo had no adjusted close for them. */
  dropped: number;
}

export function toBars(raw: RawBars, symbol: string, interval: YahooInterval, adjust: boolean): AdjustedBars {
  const n = raw.time.length;
  const time = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let k = 0;
  let dropped = 0;
  // Intraday bars carry no adjclose at all: adjusting them would drop everything, so they stay as sent.
  const hasAdj = raw.adjclose.some((v) => v === v);
  for (let i = 0; i < n; i++) {
    let f = 1;
    if (adjust && hasAdj) {
      const a = raw.adjclose[i];
      const c = raw.close[i];
      if (!(a > 0) || !(c > 0)) {
        dropped++;
        continue;
      }
      f = a / c;
    }
    time[k] = raw.time[i];
    open[k] = raw.open[i] * f;
    high[k] = raw.high[i] * f;
    low[k] = raw.low[i] * f;
    close[k] = f === 1 ? raw.close[i] : raw.adjclose[i];
    volume[k] = raw.volume[i];
    k++;
  }
  return {
    bars: { time: time.slice(0, k), open: open.slice(0, k), high: high.slice(0, k), low: low.slice(0, k), close: close.slice(0, k), volume: volume.slice(0, k), symbol, interval },
    dropped,
  };
}
