/**
 * Bar windows for out-of-sample testing. A window is `[start, end)` in bar indices.
 *
 * Walk-forward with K folds and in-sample ratio R (in-sample windows R times as long as the
 * out-of-sample ones): test length T = ⌊n / (K + R)⌋ and the first in-sample length
 * L = n − K·T (it takes the remainder). Fold k (0-based) tests [L + kT, L + (k+1)T); it trains on
 * [L + kT − L, L + kT) when rolling, on [0, L + kT) when anchored. The test windows tile the
 * data after the first in-sample window exactly.
 */
import type { Bars } from '../bars';
import { OptionError } from '../errors';

export interface BarWindow {
  start: number;
  end: number;
}

export interface Fold {
  train: BarWindow;
  test: BarWindow;
}

export type WalkForwardMode = 'rolling' | 'anchored';

export interface WalkForwardWindowOptions {
  folds: number;
  mode?: WalkForwardMode;
  /** In-sample length ÷ out-of-sample length (default 3). */
  inSampleRatio?: number;
  /** Fewest bars a window may have (default 20). */
  minBars?: number;
}

export function walkForwardWindows(n: number, opts: WalkForwardWindowOptions): Fold[] {
  const { folds } = opts;
  const mode = opts.mode ?? 'rolling';
  const ratio = opts.inSampleRatio ?? 3;
  const minBars = opts.minBars ?? 20;
  if (!(Number.isInteger(folds) && folds >= 1)) throw new OptionError(`walk-forward: folds must be a whole number ≥ 1, got ${folds}`);
  if (!(ratio > 0 && Number.isFinite(ratio))) throw new OptionError(`walk-forward: the in-sample ratio must be > 0, got ${ratio}`);
  if (mode !== 'rolling' && mode !== 'anchored') throw new OptionError(`walk-forward: mode must be rolling or anchored, got "${String(mode)}"`);
  const test = Math.floor(n / (folds + ratio));
  const first = n - folds * test;
  if (test < minBars) {
    throw new OptionError(`walk-forward: ${n} bars make out-of-sample windows of ${test} bars with ${folds} folds (need ≥ ${minBars}); use fewer folds or more data`);
  }
  const out: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const start = first + k * test;
    out.push({ train: { start: mode === 'rolling' ? start - first : 0, end: start }, test: { start, end: start + test } });
  }
  return out;
}

/** One train/test split: the first `trainFraction` of the bars (rounded down) trains. */
export function trainTestWindows(n: number, trainFraction = 0.7, minBars = 20): Fold {
  if (!(trainFraction > 0 && trainFraction < 1)) throw new OptionError(`train/test split: the train fraction must be in (0, 1), got ${trainFraction}`);
  const cut = Math.floor(n * trainFraction);
  if (cut < minBars || n - cut < minBars) throw new OptionError(`train/test split: ${n} bars split at ${cut} leave a side with fewer than ${minBars} bars`);
  return { train: { start: 0, end: cut }, test: { start: cut, end: n } };
}

/** The bars of a window (views, no copy). */
export function sliceBars(bars: Bars, w: BarWindow): Bars {
  if (!(w.start >= 0 && w.end <= bars.close.length && w.end > w.start)) throw new OptionError(`bars [${w.start}, ${w.end}) are outside the data (0..${bars.close.length})`);
  const cut = (a: Float64Array) => a.subarray(w.start, w.end);
  return {
    time: cut(bars.time), open: cut(bars.open), high: cut(bars.high), low: cut(bars.low), close: cut(bars.close), volume: cut(bars.volume),
    symbol: bars.symbol, interval: bars.interval,
  };
}
