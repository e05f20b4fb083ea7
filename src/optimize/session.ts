/**
 * One optimization from start to report, shared by the CLI and the editor: search, the best
 * run in full, walk-forward or a train/test split, Monte Carlo over the best run's trades,
 * overfitting warnings, heatmap data and the top combinations. The backend decides where
 * strategy code runs (child processes, threads, this thread).
 */
import { type Heatmap, type ParamRanges, heatmap, topIndices } from '../engine/optimize';
import { monteCarlo, type MonteCarloReport } from '../engine/robustness/monte-carlo';
import { neighbourhood, overfittingWarnings, type OverfitWarning } from '../engine/robustness/overfitting';
import { trainTestSplit, walkForward, type WalkForwardReport, type WindowBackend } from '../engine/robustness/walk-forward';
import type { WalkForwardMode } from '../engine/robustness/windows';
import { type Evaluate, type SearchMethod, searchParams } from '../engine/search/run';
import type { Result } from '../engine/result';
import type { Stats } from '../engine/stats';
import type { Params } from '../engine/strategy';

export interface OptimizeBackend extends WindowBackend {
  evaluator(): Evaluate;
  dispose(): void;
  /** Where it runs, for people: "2 child process(es)". */
  name: string;
}

export interface OptimizeRequest {
  ranges: ParamRanges;
  constraint?: (p: Params) => boolean;
  maximize: keyof Stats;
  method: SearchMethod;
  budget?: number;
  seed: number;
  /** Adaptive round size (use a multiple of the workers). */
  batch?: number;
  walkForward?: { folds: number; mode?: WalkForwardMode; inSampleRatio?: number };
  split?: number;
  monteCarlo?: number;
  heatmap?: [string, string];
  top?: number;
}

export interface OptimizeReport {
  strategy: string;
  method: SearchMethod;
  seed: number | null;
  maximize: string;
  gridSize: number;
  evaluated: number;
  best: { params: Params; value: number | null; result: Result };
  top: { params: Params; value: number | null; stats: Stats }[];
  heatmap: Heatmap | null;
  combos: { params: Params; stats: Stats }[];
  robustness: { walkForward: WalkForwardReport | null; monteCarlo: MonteCarloReport | null; warnings: OverfitWarning[] };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export async function runOptimization(backend: OptimizeBackend, req: OptimizeRequest, hooks: { onProgress?: (done: number, total: number) => void; signal?: { aborted: boolean }; onStage?: (stage: string) => void } = {}): Promise<OptimizeReport> {
  const search = { method: req.method, budget: req.budget, seed: req.seed, maximize: req.maximize, constraint: req.constraint, batch: req.batch };
  const found = await searchParams(req.ranges, backend.evaluator(), { ...search, onProgress: hooks.onProgress, signal: hooks.signal });
  const bestCombo = found.combos[found.best];
  hooks.onStage?.('best run');
  const result = await backend.run(bestCombo.params, { start: 0, end: backend.bars.close.length });
  let wf: WalkForwardReport | null = null;
  if (req.walkForward) {
    hooks.onStage?.('walk-forward');
    wf = await walkForward(backend, req.ranges, { ...req.walkForward, search });
  } else if (req.split) {
    hooks.onStage?.('train/test split');
    wf = await trainTestSplit(backend, req.ranges, { trainFraction: req.split, search });
  }
  const mc = req.monteCarlo && result.trades.length ? monteCarlo(result.trades.map((t) => t.returnPct), { runs: req.monteCarlo, seed: req.seed }) : null;
  const warnings = overfittingWarnings({
    parameters: Object.values(req.ranges).filter((r) => r.length > 1).length,
    best: result.stats,
    combosTried: found.combos.length,
    efficiency: wf?.efficiency,
    inSample: wf ? result.stats : undefined,
    outOfSample: wf?.stats,
    neighbourhood: found.method === 'grid' ? neighbourhood(found.combos, found.values, found.best, req.ranges) : undefined,
  });
  const axes = req.heatmap ?? Object.keys(req.ranges).filter((n) => req.ranges[n].length > 1).slice(0, 2);
  return {
    strategy: result.strategy,
    method: found.method,
    seed: found.seed,
    maximize: req.maximize,
    gridSize: found.gridSize,
    evaluated: found.combos.length,
    best: { params: bestCombo.params, value: finite(found.values[found.best]), result },
    top: topIndices(found.values, req.top ?? 10).map((k) => ({ params: found.combos[k].params, value: finite(found.values[k]), stats: found.combos[k].stats })),
    heatmap: axes.length === 2 ? heatmap(found.combos, found.values, axes[0], axes[1]) : null,
    combos: found.combos,
    robustness: { walkForward: wf, monteCarlo: mc, warnings },
  };
}
