/**
 * Trend: macd, adx, psar.
 * All return Float64Arrays of the input's length, NaN during warm-up.
 */
import { type Source, toFloat64 } from '../series';
import { ema } from './moving-averages';
import { aligned, finiteAtLeast, nans, wholeAtLeast } from './util';

/**
 * Moving Average Convergence Divergence.
 * Formula: macd = EMA(x, fast) − EMA(x, slow); signal = EMA(macd, signal) seeded by the SMA of the first `signal`
 * MACD values; histogram = macd − signal. EMAs as in `ema` (SMA seed, α = 2/(n+1)).
 * Warm-up: macd slow−1, signal and histogram slow−1+signal−1 NaNs (25 and 33 for the defaults 12/26/9).
 * Requires fast < slow. Validated against technicalindicators `macd` (EMA mode) to 1e-9.
 */
export function macd(src: Source, fast = 12, slow = 26, signal = 9): { macd: Float64Array; signal: Float64Array; histogram: Float64Array } {
  wholeAtLeast('macd', 'fast', fast, 1);
  wholeAtLeast('macd', 'slow', slow, 1);
  wholeAtLeast('macd', 'signal', signal, 1);
  if (fast >= slow) throw new RangeError(`macd: fast must be less than slow, got fast ${fast}, slow ${slow}`);
  const x = toFloat64(src);
  const f = ema(x, fast);
  const s = ema(x, slow);
  const n = x.length;
  const line = new Float64Array(n);
  for (let i = 0; i < n; i++) line[i] = f[i] - s[i];
  const sig = ema(line, signal);
  const histogram = new Float64Array(n);
  for (let i = 0; i < n; i++) histogram[i] = line[i] - sig[i];
  return { macd: line, signal: sig, histogram };
}

/**
 * Average Directional Index with the directional indicators (Wilder).
 * Formula: +DM = up-move if it exceeds the down-move and is > 0, else 0 (−DM likewise); TR as `trueRange`;
 * Wilder sums S[n] = Σ of the first n values (bars 1..n), then S[i] = S[i−1] − S[i−1]/n + v[i];
 * +DI = 100·S(+DM)/S(TR), −DI = 100·S(−DM)/S(TR) (0 when S(TR) = 0); DX = 100·|+DI − −DI|/(+DI + −DI) (0 when both 0);
 * ADX = Wilder average of DX seeded by the mean of the first n DX values.
 * Warm-up: plusDi/minusDi n NaNs, adx 2n−1 NaNs (14 and 27 for the default n = 14).
 * Validated against technicalindicators `adx` to 1e-9.
 */
export function adx(high: Source, low: Source, close: Source, period = 14): { adx: Float64Array; plusDi: Float64Array; minusDi: Float64Array } {
  wholeAtLeast('adx', 'period', period, 1);
  const [h, l, c] = aligned('adx', ['high', 'low', 'close'], [high, low, close]);
  const n = c.length;
  const out = nans(n);
  const plusDi = nans(n);
  const minusDi = nans(n);
  const alpha = 1 / period;
  let sTr = 0;
  let sPlus = 0;
  let sMinus = 0;
  let dxSum = 0;
  let avg = NaN;
  for (let i = 1; i < n; i++) {
    const up = h[i] - h[i - 1];
    const down = l[i - 1] - l[i];
    const pdm = up > down && up > 0 ? up : 0;
    const mdm = down > up && down > 0 ? down : 0;
    const pc = c[i - 1];
    const tr = Math.max(h[i] - l[i], Math.abs(h[i] - pc), Math.abs(l[i] - pc));
    if (i <= period) {
      sTr += tr;
      sPlus += pdm;
      sMinus += mdm;
      if (i < period) continue;
    } else {
      sTr = sTr - sTr / period + tr;
      sPlus = sPlus - sPlus / period + pdm;
      sMinus = sMinus - sMinus / period + mdm;
    }
    const pdi = sTr === 0 ? 0 : (sPlus * 100) / sTr;
    const mdi = sTr === 0 ? 0 : (sMinus * 100) / sTr;
    plusDi[i] = pdi;
    minusDi[i] = mdi;
    const diSum = pdi + mdi;
    const dx = diSum === 0 ? 0 : (Math.abs(pdi - mdi) / diSum) * 100;
    const k = i - period; // index of this DX value, 0-based
    if (k < period - 1) dxSum += dx;
    else if (k === period - 1) {
      avg = (dxSum + dx) / period;
      out[i] = avg;
    } else {
      avg = (dx - avg) * alpha + avg;
      out[i] = avg;
    }
  }
  return { adx: out, plusDi, minusDi };
}

/**
 * Parabolic SAR (Wilder), same rules and seeding as technicalindicators `psar`.
 * Seed: long, SAR = low[0], EP = high[0], AF = step. Each bar i ≥ 1: SAR += AF·(EP − SAR), then (long) clipped to
 * ≤ low[i−1], low[i−2] (short: ≥ the highs); a new extreme sets EP and raises AF by step up to max; when
 * low[i] < SAR (short: high[i] > SAR) the trend flips: SAR = EP, EP = low[i] (high[i]), AF = step.
 * Warm-up: 1 NaN (bar 0 is only the seed). Defaults step = 0.02, max = 0.2.
 * Validated against technicalindicators `psar` (exact from bar 1).
 */
export function psar(high: Source, low: Source, step = 0.02, max = 0.2): Float64Array {
  finiteAtLeast('psar', 'step', step, 0, true);
  finiteAtLeast('psar', 'max', max, step);
  const [h, l] = aligned('psar', ['high', 'low'], [high, low]);
  const n = h.length;
  const out = nans(n);
  if (n < 2) return out;
  let long = true;
  let af = step;
  let sar = l[0];
  let ep = h[0];
  for (let i = 1; i < n; i++) {
    sar += af * (ep - sar);
    const j = i >= 2 ? i - 2 : 0;
    if (long) {
      sar = Math.min(sar, l[i - 1], l[j]);
      if (h[i] > ep) {
        ep = h[i];
        af = Math.min(af + step, max);
      }
      if (l[i] < sar) {
        long = false;
        sar = ep;
        ep = l[i];
        af = step;
      }
    } else {
      sar = Math.max(sar, h[i - 1], h[j]);
      if (l[i] < ep) {
        ep = l[i];
        af = Math.min(af + step, max);
      }
      if (h[i] > sar) {
        long = true;
        sar = ep;
        ep = h[i];
        af = step;
      }
    }
    out[i] = sar;
  }
  return out;
}
