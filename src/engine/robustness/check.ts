/**
 * One robustness check of a strategy on one parameter set: the look-ahead replay, the warm-up
 * sensitivity and a Monte Carlo resampling of its trades — each optional. Pure: the runner's child
 * process calls it (strategy code never runs in the editor or the CLI), tests call it directly.
 */
import { Backtest, type StrategyClass, resolveParams } from '../backtest';
import type { Bars } from '../bars';
import { OptionError } from '../errors';
import type { BacktestOptions } from '../options';
import type { Params } from '../strategy';
import { type LookaheadOptions, type LookaheadReport, lookaheadReplay } from './lookahead';
import { type MonteCarloOptions, type MonteCarloReport, monteCarlo } from './monte-carlo';
import { type WarmupOptions, type WarmupReport, warmupSensitivity } from './warmup';

/** Which checks to run; an absent key skips that check. */
export interface CheckRequest {
  lookahead?: LookaheadOptions;
  warmup?: WarmupOptions;
  monteCarlo?: MonteCarloOptions;
}

export interface CheckReport {
  strategy: string;
  params: Params;
  lookahead: LookaheadReport | null;
  warmup: WarmupReport | null;
  monteCarlo: MonteCarloReport | null;
}

export function checkRobustness(bars: Bars, cls: StrategyClass, options: BacktestOptions, params: Params, req: CheckRequest): CheckReport {
  const report: CheckReport = {
    strategy: cls.name,
    params: resolveParams(cls, params),
    lookahead: req.lookahead ? lookaheadReplay(bars, cls, options, params, req.lookahead) : null,
    warmup: req.warmup ? warmupSensitivity(bars, cls, options, params, req.warmup) : null,
    monteCarlo: null,
  };
  if (req.monteCarlo) {
    const trades = new Backtest(bars, cls, options).run(params).trades;
    if (!trades.length) throw new OptionError('Monte Carlo: the run has no closed trades to resample');
    report.monteCarlo = monteCarlo(trades.map((t) => t.returnPct), req.monteCarlo);
  }
  return report;
}
