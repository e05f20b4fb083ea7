/**
 * Walk-forward analysis and the train/test split: optimize on the in-sample window, then run the
 * best parameters on the out-of-sample window that follows, which the optimizer never saw.
 *
 * The out-of-sample runs start with fresh cash each; the stitched equity chains them:
 * fold k's equity is scaled by (stitched equity at the end of fold k−1) ÷ cash, so it reads as one
 * account compounding through every test window. Walk-forward efficiency (Pardo) is the annualized
 * out-of-sample return divided by the annualized in-sample return of the chosen parameters — per
 * fold, and overall as the stitched return over the mean in-sample one; null when the in-sample
 * return is not positive (the ratio means nothing then). Each out-of-sample run spends its own
 * first bars on the indicators' warm-up.
 */
import type { Bars } from '../bars';
import { OptionError } from '../errors';
import type { ParamRanges } from '../optimize';
import type { Result } from '../result';
import type { Evaluate, SearchOptions } from '../search/run';
import { searchParams } from '../search/run';
import { type ClosedTradeFacts, type Stats, computeStats } from '../stats';
import type { Params } from '../strategy';
import { type BarWindow, type Fold, type WalkForwardWindowOptions, trainTestWindows, walkForwardWindows } from './windows';

/** Runs the strategy on windows of one data set (in this thread, threads or child processes). */
export interface WindowBackend {
  readonly bars: Bars;
  /** Statistics of each combination run on the window's bars alone. */
  evaluate(combos: Params[], window: BarWindow, onDone?: (count: number) => void): Promise<Stats[]>;
  /** One run on the window's bars alone. */
  run(params: Params, window: BarWindow): Promise<Result>;
}

export type SearchSettings = Omit<SearchOptions, 'onProgress'>;

export interface FoldReport {
  train: BarWindow;
  test: BarWindow;
  params: Params;
  inSample: Stats;
  outOfSample: Stats;
  efficiency: number | null;
}

export interface WalkForwardReport {
  mode: 'rolling' | 'anchored' | 'split';
  folds: FoldReport[];
  /** Stitched out-of-sample equity, one value per bar from the first test bar to the last. */
  equity: number[];
  /** First bar of `equity` in the data. */
  startBar: number;
  /** Statistics of the stitched equity and the out-of-sample trades. */
  stats: Stats;
  efficiency: number | null;
}

export interface WalkForwardOptions extends WalkForwardWindowOptions {
  search?: SearchSettings;
  /** Called as each fold finishes. */
  onFold?: (done: number, total: number) => void;
}

/** Annualized OOS ÷ annualized IS return; null unless both exist and IS > 0. */
export function efficiencyRatio(inSampleAnnPct: number | null, outOfSampleAnnPct: number | null): number | null {
  if (inSampleAnnPct === null || outOfSampleAnnPct === null || !(inSampleAnnPct > 0)) return null;
  return outOfSampleAnnPct / inSampleAnnPct;
}

export async function walkForward(backend: WindowBackend, ranges: ParamRanges, opts: WalkForwardOptions): Promise<WalkForwardReport> {
  const folds = walkForwardWindows(backend.bars.close.length, opts);
  return runFolds(backend, ranges, folds, opts.mode ?? 'rolling', opts.search ?? {}, opts.onFold);
}

export async function trainTestSplit(backend: WindowBackend, ranges: ParamRanges, opts: { trainFraction?: number; search?: SearchSettings } = {}): Promise<WalkForwardReport> {
  const fold = trainTestWindows(backend.bars.close.length, opts.trainFraction ?? 0.7);
  return runFolds(backend, ranges, [fold], 'split', opts.search ?? {});
}

async function runFolds(backend: WindowBackend, ranges: ParamRanges, folds: Fold[], mode: WalkForwardReport['mode'], search: SearchSettings, onFold?: (d: number, t: number) => void): Promise<WalkForwardReport> {
  const reports: FoldReport[] = [];
  const results: Result[] = [];
  for (const fold of folds) {
    const evaluate: Evaluate = (combos, onDone) => backend.evaluate(combos, fold.train, onDone);
    const found = await searchParams(ranges, evaluate, search);
    const best = found.combos[found.best];
    const oos = await backend.run(best.params, fold.test);
    results.push(oos);
    reports.push({
      train: fold.train, test: fold.test, params: best.params, inSample: best.stats, outOfSample: oos.stats,
      efficiency: efficiencyRatio(best.stats.returnAnnPct, oos.stats.returnAnnPct),
    });
    onFold?.(reports.length, folds.length);
  }
  const stitched = stitch(backend.bars, folds, results);
  const isAnn = reports.map((r) => r.inSample.returnAnnPct);
  const meanIs = isAnn.every((v) => v !== null) ? (isAnn as number[]).reduce((a, b) => a + b, 0) / isAnn.length : null;
  return { mode, folds: reports, ...stitched, efficiency: efficiencyRatio(meanIs, stitched.stats.returnAnnPct) };
}

/** Chains the out-of-sample runs into one equity curve and computes its statistics. */
export function stitch(bars: Bars, folds: readonly Fold[], results: readonly Result[]): { equity: number[]; startBar: number; stats: Stats } {
  if (!folds.length) throw new OptionError('walk-forward: no folds');
  const startBar = folds[0].test.start;
  for (let k = 1; k < folds.length; k++) if (folds[k].test.start !== folds[k - 1].test.end) throw new OptionError('walk-forward: test windows must be consecutive');
  const endBar = folds[folds.length - 1].test.end;
  const equity = new Float64Array(endBar - startBar);
  const trades: ClosedTradeFacts[] = [];
  let carried = NaN;
  folds.forEach((fold, k) => {
    const r = results[k];
    const eq = r.equity;
    const cash = eq[0];
    const scale = k === 0 ? 1 : carried / cash;
    const offset = fold.test.start - startBar;
    for (let i = 0; i < eq.length; i++) equity[offset + i] = eq[i] * scale;
    carried = equity[offset + eq.length - 1];
    for (const t of r.trades) {
      trades.push({
        entryBar: t.entryBar + offset, exitBar: t.exitBar + offset,
        entryTime: Date.parse(t.entryTime), exitTime: Date.parse(t.exitTime),
        pnl: t.pnl * scale, returnPct: t.returnPct / 100, commission: t.commission * scale,
      });
    }
  });
  const stats = computeStats({
    time: bars.time.slice(startBar, endBar), close: bars.close.slice(startBar, endBar), equity, trades, warmup: 0,
  });
  return { equity: Array.from(equity), startBar, stats };
}
