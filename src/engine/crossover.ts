import { Series } from './series';

type Operand = Series | ArrayLike<number> | number;

// Bound once: under a per-file CommonJS transform (tsx, mocha) every use of an imported name is a
// getter call on the module object, which is measurable at two calls per bar.
const SeriesClass = Series;

function back(x: Operand, k: number): number {
  if (typeof x === 'number') return x;
  if (x instanceof SeriesClass) {
    const v = x.at(-k);
    return v === undefined ? NaN : v;
  }
  const i = x.length - k;
  return i >= 0 ? x[i] : NaN;
}

/** True when `a` crossed above `b` on the current bar: a[-2] < b[-2] and a[-1] > b[-1] (NaN → false). */
export function crossover(a: Operand, b: Operand): boolean {
  if (a instanceof SeriesClass && b instanceof SeriesClass) {
    const n = a.length;
    const fa = a.full;
    const fb = b.full;
    return n >= 2 && fa[n - 2] < fb[n - 2] && fa[n - 1] > fb[n - 1];
  }
  return back(a, 2) < back(b, 2) && back(a, 1) > back(b, 1);
}

/** True when `a` crossed below `b` on the current bar: a[-2] > b[-2] and a[-1] < b[-1]. */
export function crossunder(a: Operand, b: Operand): boolean {
  if (a instanceof SeriesClass && b instanceof SeriesClass) {
    const n = a.length;
    const fa = a.full;
    const fb = b.full;
    return n >= 2 && fa[n - 2] > fb[n - 2] && fa[n - 1] < fb[n - 1];
  }
  return back(a, 2) > back(b, 2) && back(a, 1) < back(b, 1);
}
