/**
 * Portfolio runs: one strategy over several symbols, each in its own account, summed.
 *
 * Capital: `allocation: 'equal'` splits `cash` evenly; a record gives each symbol its own cash.
 * Times: the combined curve lives on the union of all bar times; a symbol's equity is carried
 * forward between its bars and is its starting cash before its first bar. Combined equity at t =
 * Σ_symbols equity_s(t). Combined statistics come from computeStats over that curve and every
 * symbol's trades, measured against the benchmark's close (carried forward onto the same times),
 * so `alphaPct` and `beta` are against the benchmark; with no benchmark the reference is an
 * equal-weight index of the symbols (each close divided by its first, averaged).
 */
import { Backtest, type StrategyClass } from './backtest';
import type { Bars } from './bars';
import { OptionError } from './errors';
import type { BacktestOptions } from './options';
import { type Result, columnToJson } from './result';
import { type ClosedTradeFacts, type Stats, computeStats, drawdown, isoTime } from './stats';
import type { Params } from './strategy';

export interface PortfolioOptions extends BacktestOptions {
  /** `equal` (default) splits `cash`; a record gives each symbol's cash. */
  allocation?: 'equal' | Record<string, number>;
  params?: Params;
}

export interface SymbolRun {
  symbol: string;
  cash: number;
  result: Result;
}

export interface PortfolioResult {
  symbols: SymbolRun[];
  /** Union of the symbols' bar times (ms), ascending. */
  time: Float64Array;
  equity: Float64Array;
  /** Percent below the running peak. */
  drawdown: Float64Array;
  stats: Stats;
  /** The benchmark's symbol, or `equal-weight` for the index of the symbols. */
  benchmark: string;
}

export function portfolioBacktest(barsBySymbol: Record<string, Bars>, cls: StrategyClass, options: PortfolioOptions = {}, extra: { benchmark?: Bars } = {}): PortfolioResult {
  const names = Object.keys(barsBySymbol);
  if (!names.length) throw new OptionError('portfolio: give at least one symbol');
  const { allocation = 'equal', params = {}, ...bt } = options;
  const total = bt.cash ?? 10_000;
  const cashOf = (s: string): number => {
    if (allocation === 'equal') return total / names.length;
    const c = allocation[s];
    if (!(typeof c === 'number' && c > 0 && Number.isFinite(c))) throw new OptionError(`portfolio: no cash > 0 given for symbol "${s}"`);
    return c;
  };
  if (allocation !== 'equal') for (const k of Object.keys(allocation)) if (!names.includes(k)) throw new OptionError(`portfolio: cash given for "${k}", which is not among the symbols (${names.join(', ')})`);
  const symbols: SymbolRun[] = names.map((symbol) => {
    const cash = cashOf(symbol);
    const bars = barsBySymbol[symbol];
    const result = new Backtest(bars.symbol ? bars : { ...bars, symbol }, cls, { ...bt, cash }).run(params);
    return { symbol, cash, result };
  });
  const time = unionTimes(names.map((s) => barsBySymbol[s].time));
  const n = time.length;
  const equity = new Float64Array(n);
  const trades: ClosedTradeFacts[] = [];
  names.forEach((s, k) => {
    const run = symbols[k];
    const own = barsBySymbol[s].time;
    const eq = carryOnto(time, own, run.result.equity, run.cash);
    for (let i = 0; i < n; i++) equity[i] += eq[i];
    const index = indexOnto(time, own);
    for (const t of run.result.trades) {
      trades.push({
        entryBar: index[t.entryBar], exitBar: index[t.exitBar],
        entryTime: own[t.entryBar], exitTime: own[t.exitBar],
        pnl: t.pnl, returnPct: t.returnPct / 100, commission: t.commission,
      });
    }
  });
  trades.sort((a, b) => a.exitTime - b.exitTime || a.entryTime - b.entryTime);
  let close: Float64Array;
  let benchmark: string;
  if (extra.benchmark) {
    const b = extra.benchmark;
    if (!(b.time[0] <= time[n - 1] && b.time[b.time.length - 1] >= time[0])) throw new OptionError('portfolio: the benchmark has no bars within the symbols\' dates');
    close = carryOnto(time, b.time, b.close, NaN);
    const first = close.findIndex((v) => v === v);
    for (let i = 0; i < first; i++) close[i] = close[first];
    benchmark = b.symbol || 'benchmark';
  } else {
    close = new Float64Array(n);
    for (const s of names) {
      const b = barsBySymbol[s];
      const c = carryOnto(time, b.time, b.close, b.close[0]);
      for (let i = 0; i < n; i++) close[i] += c[i] / b.close[0] / names.length;
    }
    benchmark = 'equal-weight';
  }
  const dd = drawdown(equity);
  const stats = computeStats({ time, close, equity, trades, warmup: 0, drawdown: dd });
  const ddPct = Float64Array.from(dd, (v) => (v === v ? v * 100 : 0));
  const out: PortfolioResult = { symbols, time, equity, drawdown: ddPct, stats, benchmark };
  // JSON: times as ISO strings, columns as arrays (NaN → null), like a Result.
  Object.defineProperty(out, 'toJSON', {
    enumerable: false,
    value(this: PortfolioResult) {
      return { ...this, time: Array.from(this.time, (t) => isoTime(t)), equity: columnToJson(this.equity), drawdown: columnToJson(this.drawdown) };
    },
  });
  return out;
}

/** Sorted unique times of several ascending columns. */
export function unionTimes(cols: readonly Float64Array[]): Float64Array {
  const all = new Set<number>();
  for (const c of cols) for (const t of c) all.add(t);
  return Float64Array.from([...all].sort((a, b) => a - b));
}

/** Values of a column on `time` (ascending ⊇ own): last value at or before each time, `before` earlier. */
function carryOnto(time: Float64Array, own: Float64Array, values: ArrayLike<number>, before: number): Float64Array {
  const out = new Float64Array(time.length);
  let j = -1;
  for (let i = 0; i < time.length; i++) {
    while (j + 1 < own.length && own[j + 1] <= time[i]) j++;
    out[i] = j < 0 ? before : values[j];
  }
  return out;
}

/** Index in `time` of each of `own`'s times. */
function indexOnto(time: Float64Array, own: Float64Array): Int32Array {
  const out = new Int32Array(own.length);
  let i = 0;
  for (let k = 0; k < own.length; k++) {
    while (time[i] < own[k]) i++;
    out[k] = i;
  }
  return out;
}
