/**
 * The optimization heatmap: a metric over two parameters, every other parameter reduced (max or
 * mean over its values), and the best combinations. Null/NaN metrics count as missing.
 */
import type { Stats } from '../engine/stats';
import type { OptimizationCombo } from './protocol';

export type Reduce = 'max' | 'mean';
type Value = number | string | boolean;

export interface HeatmapCells {
  xs: Value[];
  ys: Value[];
  /** cells[row = y][column = x]; null when no combination had a finite value there. */
  cells: (number | null)[][];
}

function sortedUnique(values: Value[]): Value[] {
  const u = [...new Set(values)];
  return u.every((v) => typeof v === 'number') ? (u as number[]).sort((a, b) => a - b) : u.map(String).sort();
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function heatmapCells(combos: readonly OptimizationCombo[], x: string, y: string, metric: keyof Stats, reduce: Reduce): HeatmapCells {
  const xs = sortedUnique(combos.map((c) => c.params[x]));
  const ys = sortedUnique(combos.map((c) => c.params[y]));
  const xi = new Map(xs.map((v, k) => [String(v), k]));
  const yi = new Map(ys.map((v, k) => [String(v), k]));
  const sum = ys.map(() => xs.map(() => 0));
  const count = ys.map(() => xs.map(() => 0));
  const max = ys.map(() => xs.map(() => -Infinity));
  for (const c of combos) {
    const v = c.stats[metric];
    if (!finite(v)) continue;
    const r = yi.get(String(c.params[y]))!;
    const k = xi.get(String(c.params[x]))!;
    sum[r][k] += v;
    count[r][k]++;
    if (v > max[r][k]) max[r][k] = v;
  }
  const cells = ys.map((_y, r) => xs.map((_x, k) => (count[r][k] === 0 ? null : reduce === 'max' ? max[r][k] : sum[r][k] / count[r][k])));
  return { xs, ys, cells };
}

/** The `n` combinations with the highest metric (missing values last, ties in grid order). */
export function topCombos(combos: readonly OptimizationCombo[], metric: keyof Stats, n: number): OptimizationCombo[] {
  const val = (c: OptimizationCombo) => (finite(c.stats[metric]) ? (c.stats[metric] as number) : -Infinity);
  return combos.map((c, k) => ({ c, k })).sort((a, b) => val(b.c) - val(a.c) || a.k - b.k).slice(0, n).map((e) => e.c);
}
