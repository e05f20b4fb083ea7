/**
 * Figures the panel and the reports derive from a run: the buy & hold curve, the warnings a
 * trader must see, and the bucketing that keeps long data cheap to draw. Pure functions.
 */
import type { BarsJson, Column, ResultJson } from './protocol';

/**
 * Buy & hold equity with the strategy's starting value: flat at `equity[0]` until the first bar
 * the statistics use (`startBar − 1`, the last warm-up bar), then the close relative to that bar.
 * Its last value matches `stats.buyHoldReturnPct`.
 */
export function buyHoldCurve(close: Column, equity: Column, startBar: number): number[] {
  const n = close.length;
  const start = equity[0] ?? 0;
  const from = Math.min(Math.max(0, startBar - 1), Math.max(0, n - 1));
  const c0 = close[from];
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const c = close[i];
    if (i < from || c0 === null || c0 === 0) out[i] = start;
    else if (c === null) out[i] = i > 0 ? out[i - 1] : start;
    else out[i] = (start * c) / c0;
  }
  return out;
}

export interface RunWarning {
  id: 'open-trades' | 'few-trades' | 'no-trades' | 'engine';
  text: string;
}

/** Warnings shown above the charts: open trades excluded, weak evidence, the engine's warnings. */
export function runWarnings(r: ResultJson): RunWarning[] {
  const out: RunWarning[] = [];
  const open = r.openTrades.length;
  if (open) {
    out.push({
      id: 'open-trades',
      text: `${open} trade${open === 1 ? '' : 's'} still open at the end, excluded from trade statistics (set finalizeTrades to close ${open === 1 ? 'it' : 'them'} on the last bar).`,
    });
  }
  const n = r.trades.length;
  if (n === 0) out.push({ id: 'no-trades', text: 'No closed trades: trade statistics are undefined (—).' });
  else if (n < 30) out.push({ id: 'few-trades', text: `Only ${n} closed trade${n === 1 ? '' : 's'} (fewer than 30): weak statistical evidence.` });
  for (const l of r.log) {
    if (l.level === 'warning' && !/remain open/i.test(l.message)) out.push({ id: 'engine', text: l.message });
  }
  return out;
}

/**
 * Groups bars into at most `maxPoints` consecutive buckets of equal width (the last may be
 * shorter). Drawing one point per bucket keeps 100 000 bars fast while every bucket still starts
 * at a real bar time. `starts[k]` is the first bar of bucket k.
 */
export interface Buckets {
  width: number;
  starts: Int32Array;
  /** Bucket of a bar. */
  of(bar: number): number;
}

export function makeBuckets(n: number, maxPoints: number): Buckets {
  const width = Math.max(1, Math.ceil(n / Math.max(1, maxPoints)));
  const count = Math.ceil(n / width);
  const starts = new Int32Array(count);
  for (let k = 0; k < count; k++) starts[k] = k * width;
  return { width, starts, of: (bar) => Math.min(count - 1, Math.floor(bar / width)) };
}

export interface Ohlcv {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number | null;
}

/** One OHLCV per bucket: first open, highest high, lowest low, last close, summed volume; null when a bucket has no price. */
export function bucketOhlcv(bars: BarsJson, b: Buckets): (Ohlcv | null)[] {
  const n = bars.time.length;
  const out: (Ohlcv | null)[] = new Array(b.starts.length);
  for (let k = 0; k < b.starts.length; k++) {
    const lo = b.starts[k];
    const hi = Math.min(n, lo + b.width);
    let o: number | null = null, h = -Infinity, l = Infinity, c: number | null = null, v: number | null = null;
    for (let i = lo; i < hi; i++) {
      const cl = bars.close[i];
      if (cl === null) continue;
      if (o === null) o = bars.open[i] ?? cl;
      h = Math.max(h, bars.high[i] ?? cl);
      l = Math.min(l, bars.low[i] ?? cl);
      c = cl;
      const vol = bars.volume[i];
      if (vol !== null) v = (v ?? 0) + vol;
    }
    out[k] = o === null || c === null ? null : { open: o, high: h, low: l, close: c, volume: v };
  }
  return out;
}

/** One value per bucket: the last non-null one, or with `pick: 'max'` the largest (drawdown peaks). */
export function bucketColumn(col: ArrayLike<number | null>, b: Buckets, pick: 'last' | 'max' = 'last'): (number | null)[] {
  const n = col.length;
  const out: (number | null)[] = new Array(b.starts.length);
  for (let k = 0; k < b.starts.length; k++) {
    const lo = b.starts[k];
    const hi = Math.min(n, lo + b.width);
    let v: number | null = null;
    for (let i = lo; i < hi; i++) {
      const x = col[i];
      if (x === null || x === undefined || !Number.isFinite(x)) continue;
      if (pick === 'last' || v === null || x > v) v = x;
    }
    out[k] = v;
  }
  return out;
}
