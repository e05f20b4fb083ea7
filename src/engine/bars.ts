/**
 * Market data as the engine consumes it: one Float64Array per column, all of the same length,
 * times ascending and unique (milliseconds since the epoch, UTC).
 */
export interface Bars {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** NaN where the source had no volume. */
  readonly volume: Float64Array;
  /** Display name of the instrument, e.g. `GOOG`. */
  readonly symbol?: string;
  /** Bar interval as written by the source, e.g. `1d`, `1h`; informative only. */
  readonly interval?: string;
}

/** Builds Bars from plain arrays (tests, programmatic use). `time` may be ms numbers or ISO strings. */
export function makeBars(cols: {
  time: ArrayLike<number> | readonly string[];
  open: ArrayLike<number>;
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
  volume?: ArrayLike<number>;
  symbol?: string;
  interval?: string;
}): Bars {
  const n = cols.close.length;
  const t = cols.time as ArrayLike<number | string>;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = t[i];
    time[i] = typeof v === 'string' ? parseIsoUtc(v) : v;
  }
  const f = (a: ArrayLike<number> | undefined) => (a ? Float64Array.from(a) : new Float64Array(n).fill(NaN));
  return {
    time,
    open: f(cols.open),
    high: f(cols.high),
    low: f(cols.low),
    close: f(cols.close),
    volume: f(cols.volume),
    symbol: cols.symbol,
    interval: cols.interval,
  };
}

/** Parses `YYYY-MM-DD` or `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` as UTC unless an offset is given. */
export function parseIsoUtc(v: string): number {
  const s = v.trim().replace(' ', 'T');
  if (s.length <= 10 || /[zZ]$|[+-]\d\d:?\d\d$/.test(s)) return Date.parse(s);
  return Date.parse(s + 'Z');
}
