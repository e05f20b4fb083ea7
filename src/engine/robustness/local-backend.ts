import { Backtest, type StrategyClass } from '../backtest';
import type { Bars } from '../bars';
import type { BacktestOptions } from '../options';
import type { Params } from '../strategy';
import type { WindowBackend } from './walk-forward';
import { type BarWindow, sliceBars } from './windows';

/** A WindowBackend running the engine in this thread (one Backtest per window, reused). */
export function localWindowBackend(bars: Bars, cls: StrategyClass, options: BacktestOptions = {}): WindowBackend {
  const cache = new Map<string, Backtest>();
  const at = (w: BarWindow) => {
    const key = `${w.start}:${w.end}`;
    let bt = cache.get(key);
    if (!bt) cache.set(key, (bt = new Backtest(sliceBars(bars, w), cls, options)));
    return bt;
  };
  return {
    bars,
    async evaluate(combos: Params[], w: BarWindow, onDone?: (k: number) => void) {
      const bt = at(w);
      return combos.map((p) => {
        const s = bt.run(p).stats;
        onDone?.(1);
        return s;
      });
    },
    async run(params: Params, w: BarWindow) {
      return at(w).run(params);
    },
  };
}
