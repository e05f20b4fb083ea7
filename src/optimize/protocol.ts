/** Messages between the optimizer and its worker threads (the one protocol of that boundary). */
import type { Bars } from '../engine/bars';
import type { BacktestOptions } from '../engine/options';
import type { Stats } from '../engine/stats';
import type { Params } from '../engine/strategy';
import type { StrategyFailure } from '../runner/failure';
import type { StrategyBundle } from '../runner/load-strategy';

export interface WorkerInput {
  bundle: StrategyBundle;
  bars: Bars;
  options: BacktestOptions;
  combos: Params[];
}

export type WorkerOutput =
  | { type: 'done'; stats: Stats[] }
  | { type: 'failed'; failure: StrategyFailure; params: Params };
