/**
 * Oscillators and momentum: rsi, stoch, stochRsi, williamsR, cci, roc, mom.
 * All return Float64Arrays of the input's length, NaN during warm-up.
 */
import { type Source, toFloat64 } from '../series';
import { sma } from './sma';
import { aligned, firstValid, nans, rollingMax, rollingMin, wholeAtLeast } from './util';

/** RSI from Wilder averages; a window without any move (both averages 0) reads 50. */
function rsiOf(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}

/**
 * Relative Strength Index (Wilder).
 * Formula: gains/losses of x[i] − x[i−1]; avgGain, avgLoss seeded by the simple mean of the first n changes,
 * then avg = (avg·(n−1) + current)/n; RSI = 100 − 100/(1 + avgGain/avgLoss) (100 when avgLoss = 0, 50 when flat).
 * Warm-up: n NaNs (first value at index n). Default n = 14. Leading NaNs are skipped.
 * Not rounded (technicalindicators rounds RSI to 2 decimals); validated exactly against its averagegain/averageloss.
 */
export function rsi(src: Source, period = 14): Float64Array {
  wholeAtLeast('rsi', 'period', period, 1);
  const x = toFloat64(src);
  const n = x.length;
  const out = nans(n);
  const start = firstValid(x);
  if (start + period >= n) return out;
  let gain = 0;
  let loss = 0;
  for (let i = start + 1; i <= start + period; i++) {
    const d = x[i] - x[i - 1];
    if (d > 0) gain += d;
    else if (d < 0) loss -= d;
  }
  let avgGain = gain / period;
  let avgLoss = loss / period;
  out[start + period] = rsiOf(avgGain, avgLoss);
  for (let i = start + period + 1; i < n; i++) {
    const d = x[i] - x[i - 1];
    avgGain = (avgGain * (period - 1) + (d > 0 ? d : 0)) / period;
    avgLoss = (avgLoss * (period - 1) + (d < 0 ? -d : 0)) / period;
    out[i] = rsiOf(avgGain, avgLoss);
  }
  return out;
}

/** 100·(c − LL)/(HH − LL), 50 when the range is 0. */
function stochRaw(c: Float64Array, hh: Float64Array, ll: Float64Array): Float64Array {
  const n = c.length;
  const out = nans(n);
  for (let i = 0; i < n; i++) {
    const range = hh[i] - ll[i];
    out[i] = range === 0 ? 50 : (100 * (c[i] - ll[i])) / range;
  }
  return out;
}

/**
 * Stochastic oscillator (slow form, like pandas-ta `stoch`).
 * Formula: raw %K = 100·(close − lowest(low, n))/(highest(high, n) − lowest(low, n)) (50 when the range is 0);
 * k = SMA(raw, smoothK); d = SMA(k, smoothD). smoothK = 1 gives the fast stochastic.
 * Warm-up: k n−1+smoothK−1, d n−1+smoothK−1+smoothD−1 NaNs (15 and 17 for the defaults 14/3/3).
 * Validated against technicalindicators `stochastic` (which is the fast form) to 1e-9.
 */
export function stoch(high: Source, low: Source, close: Source, period = 14, smoothK = 3, smoothD = 3): { k: Float64Array; d: Float64Array } {
  wholeAtLeast('stoch', 'period', period, 1);
  wholeAtLeast('stoch', 'smoothK', smoothK, 1);
  wholeAtLeast('stoch', 'smoothD', smoothD, 1);
  const [h, l, c] = aligned('stoch', ['high', 'low', 'close'], [high, low, close]);
  const raw = stochRaw(c, rollingMax(h, period), rollingMin(l, period));
  const k = smoothK === 1 ? raw : sma(raw, smoothK);
  return { k, d: smoothD === 1 ? k.slice() : sma(k, smoothD) };
}

/**
 * Stochastic RSI: the stochastic oscillator applied to RSI, in 0..100.
 * Formula: r = rsi(x, rsiPeriod); raw = 100·(r − min(r, stochPeriod))/(max(r, stochPeriod) − min(r, stochPeriod))
 * (50 when the range is 0); k = SMA(raw, kPeriod); d = SMA(k, dPeriod).
 * Warm-up: k rsiPeriod+stochPeriod−1+kPeriod−1, d that +dPeriod−1 NaNs (29 and 31 for the defaults 14/14/3/3).
 * Validated exactly against technicalindicators `stochastic` fed with our RSI (its own stochasticrsi rounds RSI to 2 decimals).
 */
export function stochRsi(src: Source, rsiPeriod = 14, stochPeriod = 14, kPeriod = 3, dPeriod = 3): { k: Float64Array; d: Float64Array } {
  wholeAtLeast('stochRsi', 'rsiPeriod', rsiPeriod, 1);
  wholeAtLeast('stochRsi', 'stochPeriod', stochPeriod, 1);
  wholeAtLeast('stochRsi', 'kPeriod', kPeriod, 1);
  wholeAtLeast('stochRsi', 'dPeriod', dPeriod, 1);
  const r = rsi(src, rsiPeriod);
  const raw = stochRaw(r, rollingMax(r, stochPeriod), rollingMin(r, stochPeriod));
  const k = kPeriod === 1 ? raw : sma(raw, kPeriod);
  return { k, d: dPeriod === 1 ? k.slice() : sma(k, dPeriod) };
}

/**
 * Williams %R, in −100..0.
 * Formula: −100·(highest(high, n) − close)/(highest(high, n) − lowest(low, n)) (−50 when the range is 0).
 * Warm-up: n−1 NaNs. Default n = 14. Validated against technicalindicators `williamsr` to 1e-9.
 */
export function williamsR(high: Source, low: Source, close: Source, period = 14): Float64Array {
  wholeAtLeast('williamsR', 'period', period, 1);
  const [h, l, c] = aligned('williamsR', ['high', 'low', 'close'], [high, low, close]);
  const hh = rollingMax(h, period);
  const ll = rollingMin(l, period);
  const n = c.length;
  const out = nans(n);
  for (let i = 0; i < n; i++) {
    const range = hh[i] - ll[i];
    out[i] = range === 0 ? -50 : (-100 * (hh[i] - c[i])) / range;
  }
  return out;
}

/**
 * Commodity Channel Index.
 * Formula: tp = (high + low + close)/3; CCI = (tp − SMA(tp, n))/(0.015 · meanDeviation(tp, n)),
 * meanDeviation = Σ|tp − mean|/n over the window (0 when the mean deviation is 0).
 * Warm-up: n−1 NaNs. Default n = 20. O(n·period). Validated against technicalindicators `cci` to 1e-9.
 */
export function cci(high: Source, low: Source, close: Source, period = 20): Float64Array {
  wholeAtLeast('cci', 'period', period, 1);
  const [h, l, c] = aligned('cci', ['high', 'low', 'close'], [high, low, close]);
  const n = c.length;
  const out = nans(n);
  const tp = new Float64Array(n);
  for (let i = 0; i < n; i++) tp[i] = (h[i] + l[i] + c[i]) / 3;
  for (let i = period - 1; i < n; i++) {
    const base = i - period + 1;
    let sum = 0;
    for (let j = base; j <= i; j++) sum += tp[j];
    const mean = sum / period;
    let dev = 0;
    for (let j = base; j <= i; j++) dev += Math.abs(tp[j] - mean);
    const md = dev / period;
    out[i] = md === 0 ? 0 : (tp[i] - mean) / (0.015 * md);
  }
  return out;
}

/**
 * Rate of change in percent.
 * Formula: ROC[i] = 100·(x[i]/x[i−n] − 1), computed as 100·(x[i] − x[i−n])/x[i−n]; NaN where x[i−n] = 0.
 * Warm-up: n NaNs. Default n = 10. Validated against technicalindicators `roc` to 1e-9.
 */
export function roc(src: Source, period = 10): Float64Array {
  wholeAtLeast('roc', 'period', period, 1);
  const x = toFloat64(src);
  const n = x.length;
  const out = nans(n);
  for (let i = period; i < n; i++) {
    const prev = x[i - period];
    out[i] = prev === 0 ? NaN : ((x[i] - prev) / prev) * 100;
  }
  return out;
}

/**
 * Momentum: MOM[i] = x[i] − x[i−n].
 * Warm-up: n NaNs. Default n = 10. (technicalindicators has no momentum; checked by hand and against roc.)
 */
export function mom(src: Source, period = 10): Float64Array {
  wholeAtLeast('mom', 'period', period, 1);
  const x = toFloat64(src);
  const n = x.length;
  const out = nans(n);
  for (let i = period; i < n; i++) out[i] = x[i] - x[i - period];
  return out;
}
