/**
 * Shared helpers of the indicator library: parameter checks, NaN-filled outputs, input alignment.
 * Internal to `ta`; not part of the strategy API.
 */
import { type Source, toFloat64 } from '../series';

/** A Float64Array of length `n` filled with NaN. */
export function nans(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/** Index of the first non-NaN value, or `x.length` when there is none. */
export function firstValid(x: Float64Array): number {
  let i = 0;
  while (i < x.length && x[i] !== x[i]) i++;
  return i;
}

/** Throws unless `value` is a whole number ≥ `min`: "rsi: period must be a whole number ≥ 1, got 0". */
export function wholeAtLeast(fn: string, name: string, value: number, min: number): void {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min)) {
    throw new RangeError(`${fn}: ${name} must be a whole number ≥ ${min}, got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number ≥ `min` (or > `min` when `strict`). */
export function finiteAtLeast(fn: string, name: string, value: number, min: number, strict = false): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && (strict ? value > min : value >= min);
  if (!ok) throw new RangeError(`${fn}: ${name} must be a finite number ${strict ? '>' : '≥'} ${min}, got ${String(value)}`);
}

/** Converts several sources and checks that they have the same length ("atr: high, low, close must have the same length (got 10, 10, 9)"). */
export function aligned(fn: string, names: readonly string[], sources: readonly Source[]): Float64Array[] {
  const arrays = sources.map((s, i) => {
    try {
      return toFloat64(s);
    } catch (err) {
      throw err instanceof TypeError ? new TypeError(`${fn}(${names.join(', ')}): ${names[i]}: ${err.message}`) : err;
    }
  });
  const n = arrays[0].length;
  if (arrays.some((a) => a.length !== n)) {
    const lens = arrays.map((a) => a.length).join(', ');
    throw new RangeError(`${fn}: ${names.join(', ')} must have the same length (got ${lens})`);
  }
  return arrays;
}

/**
 * Exponential smoothing seeded by a simple mean, used by `ema` (alpha = 2/(n+1)) and `rma` (alpha = 1/n).
 * Leading NaNs are skipped: the seed is the mean of the first `period` values from the first non-NaN one,
 * so smoothing another indicator's output works. A NaN after the seed propagates.
 */
export function expSmooth(x: Float64Array, period: number, alpha: number): Float64Array {
  const n = x.length;
  const out = nans(n);
  const start = firstValid(x);
  const seedAt = start + period - 1;
  if (seedAt >= n) return out;
  let sum = 0;
  for (let i = start; i <= seedAt; i++) sum += x[i];
  let prev = sum / period;
  out[seedAt] = prev;
  for (let i = seedAt + 1; i < n; i++) {
    prev = (x[i] - prev) * alpha + prev;
    out[i] = prev;
  }
  return out;
}

/** Rolling maximum over `period` bars (monotonic deque, O(n)); NaN while the window is short or holds a NaN. */
export function rollingMax(x: Float64Array, period: number): Float64Array {
  const n = x.length;
  const out = nans(n);
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let lastNaN = -1;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) lastNaN = i;
    else {
      while (tail > head && x[dq[tail - 1]] <= v) tail--;
      dq[tail++] = i;
    }
    while (tail > head && dq[head] <= i - period) head++;
    if (i >= period - 1 && lastNaN <= i - period) out[i] = x[dq[head]];
  }
  return out;
}

/** Rolling minimum over `period` bars (monotonic deque, O(n)); NaN while the window is short or holds a NaN. */
export function rollingMin(x: Float64Array, period: number): Float64Array {
  const n = x.length;
  const out = nans(n);
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let lastNaN = -1;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) lastNaN = i;
    else {
      while (tail > head && x[dq[tail - 1]] >= v) tail--;
      dq[tail++] = i;
    }
    while (tail > head && dq[head] <= i - period) head++;
    if (i >= period - 1 && lastNaN <= i - period) out[i] = x[dq[head]];
  }
  return out;
}
