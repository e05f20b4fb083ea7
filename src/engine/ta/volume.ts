/**
 * Volume: obv, mfi, vwap.
 * All return Float64Arrays of the input's length, NaN during warm-up.
 */
import { type Source } from '../series';
import { aligned, nans, wholeAtLeast } from './util';

/**
 * On-balance volume.
 * Formula: OBV[0] = 0; OBV[i] = OBV[i−1] + volume[i] if close rose, − volume[i] if it fell, unchanged otherwise.
 * Warm-up: none (0 NaNs). Validated against technicalindicators `obv` (exact; it starts at bar 1).
 */
export function obv(close: Source, volume: Source): Float64Array {
  const [c, v] = aligned('obv', ['close', 'volume'], [close, volume]);
  const n = c.length;
  const out = new Float64Array(n);
  let acc = 0;
  for (let i = 1; i < n; i++) {
    if (c[i] > c[i - 1]) acc += v[i];
    else if (c[i] < c[i - 1]) acc -= v[i];
    out[i] = acc;
  }
  return out;
}

/**
 * Money Flow Index ("volume-weighted RSI").
 * Formula: tp = (high + low + close)/3, flow = tp·volume; a bar's flow is positive when tp rose, negative when it fell
 * (neither when unchanged); MFI = 100 − 100/(1 + Σpositive/Σnegative) over the last n bars
 * (100 when Σnegative = 0, 50 when both are 0).
 * Warm-up: n NaNs (first value at index n). Default n = 14. Not rounded.
 * technicalindicators `mfi` rounds to 2 decimals and ignores bar 0 (its first value is at n+1): checked to ±0.005.
 */
export function mfi(high: Source, low: Source, close: Source, volume: Source, period = 14): Float64Array {
  wholeAtLeast('mfi', 'period', period, 1);
  const [h, l, c, v] = aligned('mfi', ['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  const n = c.length;
  const out = nans(n);
  if (n <= period) return out;
  const pos = new Float64Array(n);
  const neg = new Float64Array(n);
  let prevTp = (h[0] + l[0] + c[0]) / 3;
  for (let i = 1; i < n; i++) {
    const tp = (h[i] + l[i] + c[i]) / 3;
    if (tp > prevTp) pos[i] = tp * v[i];
    else if (tp < prevTp) neg[i] = tp * v[i];
    else if (tp !== tp || prevTp !== prevTp) pos[i] = neg[i] = NaN;
    prevTp = tp;
  }
  for (let i = period; i < n; i++) {
    let p = 0;
    let m = 0;
    for (let j = i - period + 1; j <= i; j++) {
      p += pos[j];
      m += neg[j];
    }
    out[i] = m === 0 ? (p === 0 ? 50 : 100) : 100 - 100 / (1 + p / m);
  }
  return out;
}

/**
 * Volume-weighted average price, cumulative from the first bar.
 * Formula: VWAP[i] = Σ_{j≤i} tp[j]·volume[j] / Σ_{j≤i} volume[j], tp = (high + low + close)/3.
 * No session resets are applied: it is anchored at bar 0 for the whole series.
 * Warm-up: none (NaN only while the cumulative volume is 0). Validated against technicalindicators `vwap` to 1e-9.
 */
export function vwap(high: Source, low: Source, close: Source, volume: Source): Float64Array {
  const [h, l, c, v] = aligned('vwap', ['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  const n = c.length;
  const out = nans(n);
  let pv = 0;
  let vol = 0;
  for (let i = 0; i < n; i++) {
    pv += ((h[i] + l[i] + c[i]) / 3) * v[i];
    vol += v[i];
    if (vol !== 0) out[i] = pv / vol;
  }
  return out;
}
