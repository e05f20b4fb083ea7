import { type Bars, parseIsoUtc } from '../engine/bars';

/** A from/to bound that cannot be used, or a cut that leaves too few bars. */
export class RangeSelectionError extends Error {}

const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;

function bound(v: string | number | undefined, name: string, endOfDay: boolean): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const t = parseIsoUtc(v);
  if (!Number.isFinite(t)) throw new RangeSelectionError(`${name} must be a date like 2020-01-31, got "${v}"`);
  return endOfDay && DATE_ONLY.test(v) ? t + 86_400_000 - 1 : t;
}

/**
 * Bars with from ≤ time ≤ to, both inclusive; a date-only `to` includes that whole day.
 * Throws RangeSelectionError when a bound is not a date or fewer than 2 bars remain.
 */
export function sliceByTime(bars: Bars, from?: string | number, to?: string | number): Bars {
  const lo = bound(from, 'from', false) ?? -Infinity;
  const hi = bound(to, 'to', true) ?? Infinity;
  let a = 0;
  while (a < bars.time.length && bars.time[a] < lo) a++;
  let b = bars.time.length;
  while (b > a && bars.time[b - 1] > hi) b--;
  if (b - a < 2) throw new RangeSelectionError(`from/to leave ${b - a} bar(s); a backtest needs at least 2`);
  if (a === 0 && b === bars.time.length) return bars;
  const cut = (x: Float64Array) => x.slice(a, b);
  return { ...bars, time: cut(bars.time), open: cut(bars.open), high: cut(bars.high), low: cut(bars.low), close: cut(bars.close), volume: cut(bars.volume) };
}
