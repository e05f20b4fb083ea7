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
