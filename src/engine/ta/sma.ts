import { type Source, toFloat64 } from '../series';

/**
 * Simple moving average: SMA(n)[i] = mean(x[i−n+1 .. i]), NaN for i < n−1.
 *
 * Computed as pandas' `rolling(n).mean()` computes it (pandas 1.x window aggregations), so that
 * crossovers decided on equal-looking values agree with backtesting.py to the last bit:
 * a running sum with separate Kahan compensation for values entering and leaving the window;
 * when the whole window holds one repeated value the result is that value exactly; a mean of
 * non-negative values is clipped at 0 (likewise non-positive). NaN inputs are skipped and a
 * window needs n non-NaN values.
 */
export function sma(src: Source, period: number): Float64Array {
  const x = toFloat64(src);
  const n = x.length;
  const out = new Float64Array(n);
  if (!(period >= 1) || !Number.isInteger(period)) throw new RangeError(`sma: period must be a whole number ≥ 1, got ${period}`);
  let nobs = 0;
  let sum = 0;
  let negCt = 0;
  let compAdd = 0;
  let compRemove = 0;
  let sameCount = 0;
  let prev = NaN;
  for (let i = 0; i < n; i++) {
    const start = i - period + 1 > 0 ? i - period + 1 : 0;
    if (i === 0 || period === 1) {
      nobs = 0; sum = 0; negCt = 0; compAdd = 0; compRemove = 0;
      prev = x[start];
      sameCount = 0;
      for (let j = start; j <= i; j++) {
        const v = x[j];
        if (v === v) {
          nobs++;
          const y = v - compAdd;
          const t = sum + y;
          compAdd = t - sum - y;
          sum = t;
          if (v < 0 || (v === 0 && 1 / v < 0)) negCt++;
          if (v === prev) sameCount++; else sameCount = 1;
          prev = v;
        }
      }
    } else {
      if (start > 0) {
        const v = x[start - 1];
        if (v === v) {
          nobs--;
          const y = -v - compRemove;
          const t = sum + y;
          compRemove = t - sum - y;
          sum = t;
          if (v < 0 || (v === 0 && 1 / v < 0)) negCt--;
        }
      }
      const v = x[i];
      if (v === v) {
        nobs++;
        const y = v - compAdd;
        const t = sum + y;
        compAdd = t - sum - y;
        sum = t;
        if (v < 0 || (v === 0 && 1 / v < 0)) negCt++;
        if (v === prev) sameCount++; else sameCount = 1;
        prev = v;
      }
    }
    if (nobs >= period && nobs > 0) {
      let r = sum / nobs;
      if (sameCount >= nobs) r = prev;
      else if (negCt === 0 && r < 0) r = 0;
      else if (negCt === nobs && r > 0) r = 0;
      out[i] = r;
    } else out[i] = NaN;
  }
  return out;
}
