import type { Backtest } from './backtest';
import { OptionError } from './errors';
import type { Result } from './result';
import type { Stats } from './stats';
import type { ParamValue, Params } from './strategy';

/** Values to try per parameter. */
export type ParamRanges = Record<string, readonly ParamValue[]>;

export type Metric = keyof Stats | ((stats: Stats) => number | null);

export interface OptimizeOptions {
  /** Statistic to maximize (default `sqn`, as backtesting.py), or a function of the stats. */
  maximize?: Metric;
  /** Only combinations for which this returns true are run. */
  constraint?: (params: Params) => boolean;
}

export interface ComboResult {
  params: Params;
  stats: Stats;
}

export interface OptimizeResult {
  best: { params: Params; result: Result };
  /** Every evaluated combination, first parameter outermost (the heatmap). */
  combos: ComboResult[];
}

/** Every combination of the ranges, first parameter outermost, filtered by the constraint. */
export function gridCombos(ranges: ParamRanges, constraint?: (p: Params) => boolean): Params[] {
  const names = Object.keys(ranges);
  if (!names.length) throw new OptionError('optimize: give at least one parameter range');
  for (const n of names) if (!ranges[n].length) throw new OptionError(`optimize: the range of "${n}" is empty`);
  const out: Params[] = [];
  const idx = new Array<number>(names.length).fill(0);
  for (;;) {
    const p: Params = {};
    for (let k = 0; k < names.length; k++) p[names[k]] = ranges[names[k]][idx[k]];
    if (!constraint || constraint(p)) out.push(p);
    let k = names.length - 1;
    while (k >= 0 && ++idx[k] === ranges[names[k]].length) idx[k--] = 0;
    if (k < 0) break;
  }
  if (!out.length) throw new OptionError('optimize: the constraint rejects every combination');
  return out;
}

/** The metric's value for a run; null/NaN count as −∞. */
export function metricValue(metric: Metric, stats: Stats): number {
  const v = typeof metric === 'function' ? metric(stats) : stats[metric];
  if (typeof metric === 'string' && !Object.prototype.hasOwnProperty.call(stats, metric)) throw new OptionError(`optimize: unknown statistic "${metric}" to maximize`);
  return typeof v === 'number' && v === v ? v : -Infinity;
}

/** Index of the first maximum (ties go to the earliest combination). */
export function bestIndex(values: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/** Exhaustive grid search in this thread (see src/optimize for the multi-core version). */
export function optimizeGrid(bt: Backtest, ranges: ParamRanges, opts: OptimizeOptions = {}): OptimizeResult {
  const metric = opts.maximize ?? 'sqn';
  const combos: ComboResult[] = [];
  let best: { params: Params; result: Result } | null = null;
  let bestValue = -Infinity;
  for (const params of gridCombos(ranges, opts.constraint)) {
    const result = bt.run(params);
    combos.push({ params, stats: result.stats });
    const v = metricValue(metric, result.stats);
    if (!best || v > bestValue) {
      best = { params, result };
      bestValue = v;
    }
  }
  return { best: best!, combos };
}

/** How a heatmap folds the parameters that are not on its axes into one cell. */
export type HeatmapReduce = 'max' | 'mean';

export interface Heatmap {
  x: string;
  y: string;
  /** Axis values, ascending for numbers, else in first-seen order. */
  xValues: ParamValue[];
  yValues: ParamValue[];
  /** cells[yi][xi]: the metric reduced over every combination with those two values; null when none ran (or none had a value). */
  max: (number | null)[][];
  mean: (number | null)[][];
}

/**
 * Heatmap data for two parameters: each cell reduces, by max and by mean, the metric of every
 * evaluated combination with that pair of values (the other parameters vary). Combinations with
 * no value (−∞) are left out of both.
 */
export function heatmap(combos: readonly ComboResult[], values: readonly number[], x: string, y: string): Heatmap {
  if (!combos.length) throw new OptionError('heatmap: no combinations');
  for (const name of [x, y]) if (!(name in combos[0].params)) throw new OptionError(`heatmap: no parameter "${name}" (have ${Object.keys(combos[0].params).join(', ')})`);
  const axis = (name: string) => {
    const vs = [...new Set(combos.map((c) => c.params[name]))];
    return vs.every((v) => typeof v === 'number') ? (vs as number[]).sort((a, b) => a - b) : vs;
  };
  const xValues = axis(x);
  const yValues = axis(y);
  const grid = () => yValues.map(() => xValues.map(() => null as number | null));
  const max = grid();
  const mean = grid();
  const count = yValues.map(() => xValues.map(() => 0));
  combos.forEach((c, k) => {
    const v = values[k];
    if (!Number.isFinite(v)) return;
    const xi = xValues.indexOf(c.params[x]);
    const yi = yValues.indexOf(c.params[y]);
    max[yi][xi] = max[yi][xi] === null ? v : Math.max(max[yi][xi]!, v);
    mean[yi][xi] = (mean[yi][xi] ?? 0) + v;
    count[yi][xi]++;
  });
  for (let yi = 0; yi < yValues.length; yi++) for (let xi = 0; xi < xValues.length; xi++) if (count[yi][xi]) mean[yi][xi]! /= count[yi][xi];
  return { x, y, xValues, yValues, max, mean };
}

/** Indices of the `k` best combinations, best first (ties keep evaluation order). */
export function topIndices(values: readonly number[], k: number): number[] {
  return values
    .map((v, i) => ({ v, i }))
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .slice(0, k)
    .map((e) => e.i);
}

/** An evaluator running the engine in this thread (tests, small grids, the in-process fallback). */
export function localEvaluate(bt: Backtest): (combos: Params[], onDone?: (count: number) => void) => Promise<Stats[]> {
  return async (combos, onDone) =>
    combos.map((p) => {
      const s = bt.run(p).stats;
      onDone?.(1);
      return s;
    });
}
