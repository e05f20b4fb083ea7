/**
 * Moving averages: ema, wma, rma (Wilder). `sma` lives in ./sma.ts (pandas-exact).
 * All return a Float64Array of the input's length, NaN during warm-up.
 */
import { type Source, toFloat64 } from '../series';
import { expSmooth, firstValid, nans, wholeAtLeast } from './util';

/**
 * Exponential moving average.
 * Formula: EMA[s] = mean(x[0..n−1]) (SMA seed at s = n−1), then EMA[i] = EMA[i−1] + α·(x[i] − EMA[i−1]), α = 2/(n+1).
 * Warm-up: n−1 NaNs (counted from the first non-NaN input; leading NaNs are skipped). Default n = 20.
 * Validated against technicalindicators `ema` (same seeding) to 1e-9.
 */
export function ema(src: Source, period = 20): Float64Array {
  wholeAtLeast('ema', 'period', period, 1);
  return expSmooth(toFloat64(src), period, 2 / (period + 1));
}

/**
 * Wilder's moving average (RMA / SMMA), the smoothing behind RSI and ATR.
 * Formula: SMA seed of the first n values, then RMA[i] = RMA[i−1] + (x[i] − RMA[i−1])/n (α = 1/n).
 * Warm-up: n−1 NaNs (from the first non-NaN input). Default n = 14.
 * Validated against technicalindicators `wema` to 1e-9.
 */
export function rma(src: Source, period = 14): Float64Array {
  wholeAtLeast('rma', 'period', period, 1);
  return expSmooth(toFloat64(src), period, 1 / period);
}

/**
 * Weighted moving average with linear weights 1..n (newest weighs n).
 * Formula: WMA[i] = Σ_{j=1..n} j·x[i−n+j] / (n(n+1)/2). Computed per window (O(n·period), no drift).
 * Warm-up: n−1 NaNs; a window holding a NaN gives NaN. Default n = 20.
 * Validated against technicalindicators `wma` to 1e-9.
 */
export function wma(src: Source, period = 20): Float64Array {
  wholeAtLeast('wma', 'period', period, 1);
  const x = toFloat64(src);
  const n = x.length;
  const out = nans(n);
  const denom = (period * (period + 1)) / 2;
  for (let i = firstValid(x) + period - 1; i < n; i++) {
    let acc = 0;
    const base = i - period + 1;
    for (let j = 0; j < period; j++) acc += (j + 1) * x[base + j];
    out[i] = acc / denom;
  }
  return out;
}
