/**
 * Series: a column of numbers bound to the backtest's clock.
 *
 * During `init()` the clock shows every bar; during `next()` it shows bars 0..i only, so a strategy
 * cannot read the future. `at(-1)` is the current bar, `at(-2)` the one before; offsets ≥ 0 point
 * past the current bar and are always `undefined`. Nothing is allocated per bar: every Series of a
 * run shares one Clock whose `length` the engine moves forward.
 */
export class Clock {
  /** Number of visible bars. */
  length: number;
  constructor(length: number) {
    this.length = length;
  }
}

export class Series {
  /** The full column. Engine-internal: strategies read through `at()` / `values`. */
  readonly full: Float64Array;
  readonly name: string;
  private readonly clock: Clock;

  constructor(full: Float64Array, clock: Clock, name = '') {
    this.full = full;
    this.clock = clock;
    this.name = name;
  }

  /** Number of visible bars. */
  get length(): number {
    return this.clock.length;
  }

  /** `at(-1)` = current bar, `at(-k)` = k−1 bars earlier; `undefined` before the first bar or past the current one. */
  at(offset: number): number | undefined {
    if (offset >= 0) return undefined;
    const i = this.clock.length + offset;
    return i >= 0 ? this.full[i] : undefined;
  }

  /** The current (last visible) value; NaN when nothing is visible. */
  get last(): number {
    const n = this.clock.length;
    return n > 0 ? this.full[n - 1] : NaN;
  }

  /** The visible values as a Float64Array view (no copy). */
  get values(): Float64Array {
    return this.full.subarray(0, this.clock.length);
  }

  toArray(): number[] {
    return Array.from(this.values);
  }

  [Symbol.iterator](): Iterator<number> {
    return this.values[Symbol.iterator]();
  }
}

/** What indicator functions accept: a Series (its visible values) or any array of numbers. */
export type Source = Series | ArrayLike<number>;

/** What a wrong argument is, in a few words for an error message. */
function describeArg(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v !== 'object') return `a ${typeof v} (${String(v).slice(0, 20)})`;
  return 'an object that is no series';
}

/**
 * The values of a Source as a Float64Array (no copy for Series and Float64Array). Anything else than
 * a series or an array of numbers is a TypeError that says what was given — the whole `this.data`
 * instead of one of its columns is the usual slip.
 */
export function toFloat64(src: Source): Float64Array {
  if (src instanceof Series) return src.values;
  if (src instanceof Float64Array) return src;
  const o = src as unknown as Record<string, unknown> | null | undefined;
  if (o !== null && typeof o === 'object' && 'close' in o && 'open' in o) {
    throw new TypeError('expected one series of numbers, got the whole data (open, high, low, close …); pass its columns, e.g. this.data.close');
  }
  if (o === null || typeof o !== 'object' || typeof (o as { length?: unknown }).length !== 'number') {
    throw new TypeError(`expected a series of numbers (e.g. this.data.close or an indicator), got ${describeArg(o)}`);
  }
  return Float64Array.from(src as ArrayLike<number>);
}
