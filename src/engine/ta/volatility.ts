/**
 * Volatility: stdev, bbands, trueRange, atr.
 * All return Float64Arrays of the input's length, NaN during warm-up.
 */
import { type Source, toFloat64 } from '../series';
import { sma } from './sma';
import { aligned, expSmooth, finiteAtLeast, nans, wholeAtLeast } from './util';

/**
 * Rolling standard deviation.
 * Formula: sqrt(Σ(x − mean)² / (n − ddof)) over the last n values, two-pass per window (O(n·period), no drift).
 * Default ddof = 1: the sample form, like pandas `rolling(n).std()`. ddof = 0 is the population form
 * (technicalindicators `sd`, Bollinger Bands) and is validated against technicalindicators `sd` to 1e-9.
 * Warm-up: n−1 NaNs; a window holding a NaN gives NaN. Defaults n = 20, ddof = 1 (requires n > ddof).
 */
export function stdev(src: Source, period = 20, ddof = 1): Float64Array {
  wholeAtLeast('stdev', 'ddof', ddof, 0);
  wholeAtLeast('stdev', 'period', period, ddof + 1);
  const x = toFloat64(src);
  const n = x.length;
  const out = nans(n);
  const div = period - ddof;
  for (let i = period - 1; i < n; i++) {
    const base = i - period + 1;
    let sum = 0;
    for (let j = base; j <= i; j++) sum += x[j];
    const mean = sum / period;
    let ss = 0;
    for (let j = base; j <= i; j++) {
      const d = x[j] - mean;
      ss += d * d;
    }
    out[i] = Math.sqrt(ss / div);
  }
  return out;
}

/**
 * Bollinger Bands.
 * Formula: middle = SMA(x, n); upper/lower = middle ± mult · stdev(x, n, ddof 0) (population, as technicalindicators and
 * Bollinger define it). Warm-up: n−1 NaNs in all three. Defaults n = 20, mult = 2.
 * Validated against technicalindicators `bollingerbands` to 1e-9.
 */
export function bbands(src: Source, period = 20, mult = 2): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  wholeAtLeast('bbands', 'period', period, 1);
  finiteAtLeast('bbands', 'mult', mult, 0);
  const x = toFloat64(src);
  const middle = sma(x, period);
  const sd = stdev(x, period, 0);
  const n = x.length;
  const upper = nans(n);
  const lower = nans(n);
  for (let i = 0; i < n; i++) {
    const m = middle[i];
    if (m !== m) continue;
    upper[i] = m + mult * sd[i];
    lower[i] = m - mult * sd[i];
  }
  return { upper, middle, lower };
}

/**
 * True range: TR[i] = max(high[i] − low[i], |high[i] − close[i−1]|, |low[i] − close[i−1]|).
 * Warm-up: 1 NaN (bar 0 has no previous close). Validated against technicalindicators `truerange` to 1e-9.
 */
export function trueRange(high: Source, low: Source, close: Source): Float64Array {
  const [h, l, c] = aligned('trueRange', ['high', 'low', 'close'], [high, low, close]);
  return trueRangeOf(h, l, c);
}

/** True range on converted, aligned arrays (shared with adx). */
export function trueRangeOf(h: Float64Array, l: Float64Array, c: Float64Array): Float64Array {
  const n = c.length;
  const out = nans(n);
  for (let i = 1; i < n; i++) {
    const pc = c[i - 1];
    out[i] = Math.max(h[i] - l[i], Math.abs(h[i] - pc), Math.abs(l[i] - pc));
  }
  return out;
}

/**
 * Average true range (Wilder).
 * Formula: ATR[n] = mean(TR[1..n]), then ATR[i] = ATR[i−1] + (TR[i] − ATR[i−1])/n.
 * Warm-up: n NaNs (first value at index n). Default n = 14. Validated against technicalindicators `atr` to 1e-9.
 */
export function atr(high: Source, low: Source, close: Source, period = 14): Float64Array {
  wholeAtLeast('atr', 'period', period, 1);
  const [h, l, c] = aligned('atr', ['high', 'low', 'close'], [high, low, close]);
  return expSmooth(trueRangeOf(h, l, c), period, 1 / period);
}
