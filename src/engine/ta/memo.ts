/**
 * Indicator results remembered across the runs of one Backtest. An optimization runs `init()` again
 * for every combination over the same data, and most of its `ta.*` calls repeat (the same `sma` of
 * the close for each value of the other parameter). From a Backtest's second run on, inside `init()`,
 * the result of a `ta.*` call whose series are the data's own columns (open … volume, time) and whose
 * other arguments are numbers is kept, and the same call later returns a copy of it instead of
 * computing it again (the first run keeps nothing: a single backtest pays nothing). Anything
 * else (an indicator of an indicator, an array the strategy built, a call in `next()`) is computed as
 * always. Every caller gets its own copy, so a strategy that writes into a result changes nothing
 * for the next run. Results are bit-for-bit those of a fresh computation (same function, same
 * inputs); the data's columns are read-only by contract.
 */
import type { Bars } from '../bars';
import { Series } from '../series';

/** Past this many bytes of remembered results, new ones are computed and not kept. */
const MAX_BYTES = 256 * 1024 * 1024;

type Kept = Float64Array | Record<string, Float64Array>;

export class IndicatorMemo {
  private readonly columns: Float64Array[];
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;
  /** Calls answered from memory (for tests and benchmarks). */
  hits = 0;

  constructor(bars: Bars) {
    this.columns = [bars.open, bars.high, bars.low, bars.close, bars.volume, bars.time];
  }

  /** Number of results kept. */
  get size(): number {
    return this.kept.size;
  }

  call(name: string, fn: (...args: unknown[]) => unknown, args: unknown[]): unknown {
    let key = name;
    for (const a of args) {
      if (typeof a === 'number') key += Object.is(a, -0) ? '|-0' : `|${a}`;
      else if (a === undefined) key += '|u';
      else {
        const col = this.columnOf(a);
        if (col < 0) return fn(...args);
        key += `|c${col}`;
      }
    }
    const found = this.kept.get(key);
    if (found) {
      this.hits++;
      return copy(found);
    }
    const result = fn(...args);
    const kept = keepable(result);
    if (kept && this.bytes + kept.bytes <= MAX_BYTES) {
      this.kept.set(key, kept.value);
      this.bytes += kept.bytes;
    }
    return result;
  }

  /** Which data column `a` is, whole (a Series showing every bar, or the array itself); −1 if none. */
  private columnOf(a: unknown): number {
    let arr: Float64Array;
    if (a instanceof Series) {
      if (a.length !== a.full.length) return -1;
      arr = a.full;
    } else if (a instanceof Float64Array) arr = a;
    else return -1;
    for (let k = 0; k < this.columns.length; k++) {
      const c = this.columns[k];
      if (arr === c || (arr.buffer === c.buffer && arr.byteOffset === c.byteOffset && arr.length === c.length)) return k;
    }
    return -1;
  }
}

function copy(k: Kept): Kept {
  if (k instanceof Float64Array) return k.slice();
  const out: Record<string, Float64Array> = {};
  for (const name of Object.keys(k)) out[name] = k[name].slice();
  return out;
}

/** A private copy of a result that is a Float64Array or a plain object of them; undefined otherwise. */
function keepable(r: unknown): { value: Kept; bytes: number } | undefined {
  if (r instanceof Float64Array) return { value: copy(r), bytes: r.byteLength };
  if (r === null || typeof r !== 'object' || Object.getPrototypeOf(r) !== Object.prototype) return undefined;
  let bytes = 0;
  for (const v of Object.values(r)) {
    if (!(v instanceof Float64Array)) return undefined;
    bytes += v.byteLength;
  }
  return { value: copy(r as Record<string, Float64Array>), bytes };
}

let active: IndicatorMemo | undefined;

/** Runs `body` (a strategy's `init()`) with `memo` answering the `ta.*` calls it can. */
export function withIndicatorMemo<T>(memo: IndicatorMemo | undefined, body: () => T): T {
  const previous = active;
  active = memo;
  try {
    return body();
  } finally {
    active = previous;
  }
}

/** `fn` as `ta` exposes it: through the active memo when there is one. Keeps the name and arity. */
export function memoized<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  const call = fn as unknown as (...args: unknown[]) => unknown;
  const wrapped = function (...args: unknown[]): unknown {
    const memo = active;
    return memo ? memo.call(name, call, args) : call(...args);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  return wrapped as unknown as F;
}
