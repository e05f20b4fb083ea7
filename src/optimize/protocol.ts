/** Messages between the optimizer and its worker threads (the one protocol of that boundary). */
import type { Bars } from '../engine/bars';
import type { BacktestOptions } from '../engine/options';
import type { Result } from '../engine/result';
import type { BarWindow } from '../engine/robustness/windows';
import type { Stats } from '../engine/stats';
import type { Params } from '../engine/strategy';
import type { StrategyFailure } from '../runner/failure';
import type { StrategyBundle } from '../runner/load-strategy';

/** Given once, as `workerData`: what every job of this worker runs. */
export interface WorkerInput {
  bundle: Pick<StrategyBundle, 'file' | 'root' | 'code'>;
  bars: Bars;
  options: BacktestOptions;
}

/** Parent → worker. `window` restricts the run to those bars (walk-forward); absent = all bars. */
export type WorkerJob =
  | { type: 'combos'; id: number; combos: Params[]; window?: BarWindow }
  | { type: 'run'; id: number; params: Params; window?: BarWindow };

/** Worker → parent. `progress` reports combinations finished since the last report. */
export type WorkerOutput =
  | { type: 'progress'; id: number; done: number }
  | { type: 'done'; id: number; stats: Stats[] }
  | { type: 'result'; id: number; result: Result }
  | { type: 'failed'; id: number; failure: StrategyFailure; params: Params };
