/**
 * One entry point for every search method. The evaluation backend is injected: `evaluate`
 * receives a batch of combinations and resolves with their statistics in order — the engine
 * itself in this thread (localEvaluate), worker threads or child processes (src/optimize).
 */
import { OptionError } from '../errors';
import { type ComboResult, type Metric, bestIndex, gridCombos, metricValue, type ParamRanges } from '../optimize';
import type { Stats } from '../stats';
import type { Params } from '../strategy';
import { adaptivePoints } from './adaptive';
import { randomCombos } from './random';
import { comboAt, searchSpace } from './space';

export type SearchMethod = 'grid' | 'random' | 'adaptive';
export const SEARCH_METHODS: readonly SearchMethod[] = ['grid', 'random', 'adaptive'];

/** Statistics of each combination, in order; `onDone(k)` reports k more finished. */
export type Evaluate = (combos: Params[], onDone?: (count: number) => void) => Promise<Stats[]>;

export interface SearchOptions {
  method?: SearchMethod;
  /** Combinations to evaluate (random, adaptive). */
  budget?: number;
  /** Seed of random and adaptive search (default 1). */
  seed?: number;
  maximize?: Metric;
  constraint?: (p: Params) => boolean;
  /** Adaptive: combinations per round (default 8; use a multiple of the workers). */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
  /** Checked between adaptive rounds. */
  signal?: { aborted: boolean };
}

export interface SearchResult {
  method: SearchMethod;
  /** Every evaluated combination, in evaluation order (grid order for the grid). */
  combos: ComboResult[];
  /** The metric per combination (−∞ for none). */
  values: number[];
  /** Index of the best combination in `combos` (first of equals). */
  best: number;
  /** Combinations in the grid after the constraint (grid), or before it (others). */
  gridSize: number;
  seed: number | null;
}

export class SearchCancelled extends Error {
  constructor() {
    super('the optimization was cancelled');
    this.name = 'AbortError';
  }
}

export async function searchParams(ranges: ParamRanges, evaluate: Evaluate, opts: SearchOptions = {}): Promise<SearchResult> {
  const method = opts.method ?? 'grid';
  if (!SEARCH_METHODS.includes(method)) throw new OptionError(`optimize: unknown method "${String(method)}"; use ${SEARCH_METHODS.join(', ')}`);
  const metric = opts.maximize ?? 'sqn';
  const seed = opts.seed ?? 1;
  const combos: ComboResult[] = [];
  let done = 0;
  let total = 0;
  const onDone = (k: number) => {
    done += k;
    opts.onProgress?.(done, Math.max(total, done));
  };
  const run = async (batch: Params[]) => {
    if (opts.signal?.aborted) throw new SearchCancelled();
    const stats = await evaluate(batch, onDone);
    if (stats.length !== batch.length) throw new Error(`optimize: the evaluator returned ${stats.length} results for ${batch.length} combinations`);
    batch.forEach((params, k) => combos.push({ params, stats: stats[k] }));
    return stats;
  };
  let gridSize: number;
  if (method === 'grid') {
    const all = gridCombos(ranges, opts.constraint);
    total = gridSize = all.length;
    await run(all);
  } else {
    const budget = opts.budget;
    if (budget === undefined) throw new OptionError(`optimize: ${method} search needs a budget (combinations to try)`);
    const space = searchSpace(ranges, opts.constraint);
    gridSize = space.size;
    if (method === 'random') {
      const picked = randomCombos(ranges, budget, seed, opts.constraint);
      total = picked.length;
      await run(picked);
    } else {
      total = Math.min(budget, space.size);
      await adaptivePoints(
        space,
        async (points) => (await run(points.map((p) => comboAt(space, p)))).map((s) => metricValue(metric, s)),
        { budget, seed, batch: opts.batch },
        () => !!opts.signal?.aborted,
      );
      if (opts.signal?.aborted) throw new SearchCancelled();
    }
  }
  const values = combos.map((c) => metricValue(metric, c.stats));
  return { method, combos, values, best: bestIndex(values), gridSize, seed: method === 'grid' ? null : seed };
}
