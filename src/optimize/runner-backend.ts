/**
 * The optimizer on child processes (src/runner): each slice of combinations is one
 * `Runner.runCombos` job, so strategy code runs under the runner's isolation (its own process,
 * memory cap, timeout, no file writes). The runner's `maxParallel` children share the slices.
 */
import type { Bars } from '../engine/bars';
import type { BacktestOptions } from '../engine/options';
import type { Result } from '../engine/result';
import type { WindowBackend } from '../engine/robustness/walk-forward';
import { type BarWindow, sliceBars } from '../engine/robustness/windows';
import type { Evaluate } from '../engine/search/run';
import type { Stats } from '../engine/stats';
import type { Params } from '../engine/strategy';
import { StrategyLoadError } from '../runner/failure';
import type { RunBacktest, RunHooks, RunRequest } from '../runner/protocol';

/** What the optimizer needs of src/runner/run.ts's Runner. */
export interface ComboRunner {
  readonly maxParallel: number;
  run: RunBacktest;
  runCombos(request: RunRequest, combos: Params[], hooks?: RunHooks): Promise<Stats[]>;
}

export interface RunnerBackendOptions {
  strategyPath: string;
  root?: string;
  source?: string;
  bars: Bars;
  options: BacktestOptions;
  signal?: AbortSignal;
  /** Slices per child (default 2: each slice re-bundles the strategy once). */
  slicesPerChild?: number;
}

export function runnerBackend(runner: ComboRunner, o: RunnerBackendOptions): WindowBackend & { evaluator(): Evaluate } {
  const request = (w?: BarWindow): RunRequest => ({
    strategyPath: o.strategyPath, root: o.root, source: o.source, options: o.options,
    data: { kind: 'bars', bars: w ? copyBars(sliceBars(o.bars, w)) : o.bars },
  });
  const evaluate = async (combos: Params[], w: BarWindow | undefined, onDone?: (k: number) => void): Promise<Stats[]> => {
    if (!combos.length) return [];
    const req = request(w);
    const per = Math.max(1, Math.ceil(combos.length / (runner.maxParallel * (o.slicesPerChild ?? 2))));
    const slices: Params[][] = [];
    for (let k = 0; k < combos.length; k += per) slices.push(combos.slice(k, k + per));
    const parts = await Promise.all(slices.map(async (slice) => {
      let reported = 0;
      const report = (upTo: number) => {
        if (upTo > reported) {
          onDone?.(upTo - reported);
          reported = upTo;
        }
      };
      try {
        const stats = await runner.runCombos(req, slice, { signal: o.signal, onProgress: (f) => report(Math.floor(f * slice.length)) });
        report(slice.length);
        return stats;
      } catch (err) {
        const failure = (err as { failure?: unknown }).failure;
        if (failure && typeof failure === 'object') throw new StrategyLoadError(failure as StrategyLoadError['failure']);
        throw err;
      }
    }));
    return parts.flat();
  };
  return {
    bars: o.bars,
    evaluate: (combos, w, onDone) => evaluate(combos, w, onDone),
    async run(params: Params, w: BarWindow): Promise<Result> {
      const outcome = await runner.run({ ...request(w), params }, { signal: o.signal });
      if (!outcome.ok) throw new StrategyLoadError(outcome.failure);
      return outcome.result;
    },
    evaluator: () => (combos, onDone) => evaluate(combos, undefined, onDone),
  };
}

/** A window's bars as compact arrays (a view would send the whole buffer to the child). */
function copyBars(b: Bars): Bars {
  return { ...b, time: b.time.slice(), open: b.open.slice(), high: b.high.slice(), low: b.low.slice(), close: b.close.slice(), volume: b.volume.slice() };
}
