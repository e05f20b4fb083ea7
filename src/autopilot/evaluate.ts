/**
 * Backtest of one strategy file for the agent: one run over all bars, and the out-of-sample check —
 * the same strategy run on each walk-forward test window (src/engine/robustness windows, stitched
 * into one account with `stitch`). Templates have fixed parameters, so there is nothing to fit on
 * the in-sample windows: the check asks whether the edge holds on windows taken one after another.
 */
import type { Bars } from '../engine/bars';
import type { Result } from '../engine/result';
import type { Stats } from '../engine/stats';
import { sliceBars, stitch, walkForwardWindows } from '../engine/robustness';
import { type StrategyFailure, formatFailure } from '../runner/failure';
import type { RunBacktest } from '../runner/protocol';
import type { AgentConfig } from './config';
import { type Figures, type OutOfSample, judgeOutOfSample } from './judge';

export type Evaluation = { ok: true; figures: Figures; oos: OutOfSample; result: Result } | { ok: false; reason: string; failure: StrategyFailure };

export function figuresOf(s: Pick<Stats, 'trades' | 'winRatePct' | 'profitFactor' | 'returnPct'>): Figures {
  return { trades: s.trades, winRatePct: s.winRatePct, profitFactor: s.profitFactor, returnPct: s.returnPct };
}

export async function evaluateStrategy(run: RunBacktest, file: string, root: string, bars: Bars, c: AgentConfig, signal?: AbortSignal): Promise<Evaluation> {
  const options = { cash: c.capital, commission: c.commission };
  const full = await run({ strategyPath: file, root, data: { kind: 'bars', bars }, options }, { signal });
  if (!full.ok) return { ok: false, reason: `failed: ${formatFailure(full.failure)}`, failure: full.failure };
  const figures = figuresOf(full.result.stats);
  let folds;
  try {
    folds = walkForwardWindows(bars.close.length, { folds: c.walkForwardFolds, mode: 'rolling' });
  } catch (err) {
    const oos: OutOfSample = { passed: false, profitFactor: null, returnPct: null, trades: 0, folds: 0, reason: `out-of-sample: ${(err as Error).message}` };
    return { ok: true, figures, oos, result: full.result };
  }
  const results: Result[] = [];
  for (const fold of folds) {
    const r = await run({ strategyPath: file, root, data: { kind: 'bars', bars: sliceBars(bars, fold.test) }, options }, { signal });
    if (!r.ok) {
      const oos: OutOfSample = { passed: false, profitFactor: null, returnPct: null, trades: 0, folds: folds.length, reason: `out-of-sample run failed: ${formatFailure(r.failure)}` };
      return { ok: true, figures, oos, result: full.result };
    }
    results.push(r.result);
  }
  const st = stitch(bars, folds, results).stats;
  return { ok: true, figures, oos: judgeOutOfSample({ ...figuresOf(st), folds: folds.length }, c.outOfSampleMinProfitFactor), result: full.result };
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
