import type { Bars } from './bars';
import { Broker } from './broker';
import { OptionError, StrategyApiError } from './errors';
import { type BacktestOptions, type ResolvedOptions, optionsToJson, resolveOptions } from './options';
import { type IndicatorJson, type OpenTradeRecord, type Result, type TradeRecord, withJson } from './result';
import { Clock } from './series';
import { computeStats, drawdown, isoTimeAt } from './stats';
import { type OptimizeOptions, type OptimizeResult, type ParamRanges, optimizeGrid } from './optimize';
import { ATTACH, type LogEntry, type Params, type Strategy, warmupBars } from './strategy';
import { IndicatorMemo, withIndicatorMemo } from './ta/memo';
import type { Trade } from './trade';

const DAY = 86_400_000;

/** A strategy class as users write it: `class X extends Strategy { static params = {…} }`. */
export interface StrategyClass {
  new (): Strategy;
  params?: Params;
  name: string;
}

/** Hooks a runner can attach: progress (fraction of bars) and cancellation. */
export interface RunHooks {
  onProgress?: (fraction: number) => void;
  /** Checked every `progressEvery` bars; a run that sees it set throws. */
  signal?: { aborted: boolean };
  progressEvery?: number;
  /** Receives the strategy instance right after it is created (runners use it for hints). */
  onStrategy?: (strategy: Strategy) => void;
}

/** Merges a run's parameter overrides over the class defaults; unknown names are refused. */
export function resolveParams(cls: StrategyClass, overrides: Params = {}): Params {
  const defaults: Params = cls.params ?? {};
  const out: Params = { ...defaults };
  for (const [k, v] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(defaults, k)) {
      const known = Object.keys(defaults);
      throw new StrategyApiError(
        `strategy ${cls.name} has no parameter "${k}"`,
        known.length ? `Its parameters are: ${known.join(', ')}. Declare new ones in \`static params\`.` : 'Declare parameters in `static params = { … }`.',
      );
    }
    out[k] = v;
  }
  return out;
}

/** Runs strategies over one data set with one set of options. */
export class Backtest {
  readonly bars: Bars;
  readonly strategy: StrategyClass;
  readonly options: ResolvedOptions;
  /** Indicator results shared by this Backtest's runs from the second on (see ta/memo.ts). */
  private memo: IndicatorMemo | undefined;
  private runs = 0;

  constructor(bars: Bars, strategy: StrategyClass, options: BacktestOptions = {}) {
    if (!bars || !bars.close || bars.close.length === 0) throw new OptionError('the data has no bars');
    if (typeof strategy !== 'function') throw new OptionError('strategy must be a class extending Strategy');
    this.bars = bars;
    this.strategy = strategy;
    this.options = resolveOptions(options);
  }

  /** Runs the strategy with `params` over the defaults and returns the Result. */
  run(params: Params = {}, hooks: RunHooks = {}): Result {
    const bars = this.bars;
    const n = bars.close.length;
    const o = this.options;
    const resolved = resolveParams(this.strategy, params);
    const clock = new Clock(n);
    const broker = new Broker(bars, o);
    const log: LogEntry[] = [];
    const strategy = new this.strategy();
    hooks.onStrategy?.(strategy);
    strategy[ATTACH]({ bars, clock, broker, params: resolved, log });
    // From the second run on (an optimization, a repeat) indicators on the data go through the memo.
    const memo = this.runs++ > 0 ? (this.memo ??= new IndicatorMemo(bars)) : undefined;
    try {
      withIndicatorMemo(memo, () => strategy.init());
    } catch (err) {
      throw markPhase(err, 'init', -1);
    }
    const warmup = warmupBars(strategy);
    const start = 1 + warmup;

    const every = hooks.progressEvery ?? 0;
    let completed = true;
    let i = start;
    try {
      for (; i < n; i++) {
        clock.length = i + 1;
        if (!broker.next(i)) {
          completed = false;
          break;
        }
        strategy.next();
        if (every && i % every === 0) {
          if (hooks.signal?.aborted) throw new Error('backtest cancelled');
          hooks.onProgress?.(i / n);
        }
      }
    } catch (err) {
      throw markPhase(err, 'next', i);
    }
    clock.length = n;
    if (completed) {
      if (o.finalizeTrades) {
        for (let k = broker.trades.length - 1; k >= 0; k--) broker.trades[k].close();
        // One more pass over the last bar, with its prices, to fill those closing orders.
        if (start < n) broker.next(n - 1);
      }
    }
    return this.assemble(broker, strategy, warmup, start, resolved, log);
  }

  /** Indicator calls answered from memory so far (0 before the third run). */
  get indicatorMemoHits(): number {
    return this.memo?.hits ?? 0;
  }

  /** Exhaustive grid search over `ranges` (see optimizeGrid). */
  optimize(ranges: ParamRanges, opts: OptimizeOptions = {}): OptimizeResult {
    return optimizeGrid(this, ranges, opts);
  }

  private assemble(broker: Broker, strategy: Strategy, warmup: number, start: number, params: Params, log: LogEntry[]): Result {
    const bars = this.bars;
    const n = bars.close.length;
    const equity = backfill(broker.equityCurve, broker.cash);
    const closed = broker.closedTrades;
    const facts = closed.map((t) => ({
      entryBar: t.entryBar,
      exitBar: t.exitBar!,
      entryTime: bars.time[t.entryBar],
      exitTime: bars.time[t.exitBar!],
      pnl: t.pl,
      returnPct: t.plPct,
      commission: t.commissions,
    }));
    const dd = drawdown(equity);
    const stats = computeStats({ time: bars.time, close: bars.close, equity, trades: facts, warmup, drawdown: dd });
    const trades: TradeRecord[] = closed.map((t, k) => tradeRecord(t, facts[k].pnl, facts[k].returnPct, bars));
    const openTrades: OpenTradeRecord[] = broker.trades.map((t) => ({
      entryBar: t.entryBar,
      entryTime: isoTimeAt(bars.time, t.entryBar),
      size: t.size,
      entryPrice: t.entryPrice,
      sl: t.sl ?? null,
      tp: t.tp ?? null,
      tag: t.tag ?? null,
      pnl: t.pl,
      returnPct: t.plPct * 100,
    }));
    for (const w of broker.warnings) log.push({ bar: w.bar, time: isoTimeAt(bars.time, w.bar), level: 'warning', message: w.message });
    if (openTrades.length && !this.options.finalizeTrades) {
      log.push({
        bar: n - 1,
        time: isoTimeAt(bars.time, n - 1),
        level: 'warning',
        message: `${openTrades.length} trade(s) remain open at the end and are not in the statistics; use finalizeTrades to close them on the last bar`,
      });
    }
    for (let i = 0; i < n; i++) dd[i] = dd[i] === dd[i] ? dd[i] * 100 : 0;
    return withJson({
      strategy: this.strategy.name,
      stats,
      trades,
      openTrades,
      equity,
      drawdown: dd,
      indicators: strategy.indicators.filter((ind) => ind.plot).map(indicatorJson),
      params,
      options: optionsToJson(this.options),
      data: {
        symbol: bars.symbol ?? '',
        interval: bars.interval ?? '',
        bars: n,
        from: isoTimeAt(bars.time, 0),
        to: isoTimeAt(bars.time, n - 1),
      },
      startBar: start,
      log,
    });
  }
}

/** Where a strategy error happened: `init()` or `next()` at bar `bar`. */
export interface ErrorPhase {
  phase: 'init' | 'next';
  bar: number;
}
const PHASE = Symbol('algoagent.phase');

function markPhase(err: unknown, phase: 'init' | 'next', bar: number): unknown {
  if (err !== null && typeof err === 'object') (err as Record<symbol, ErrorPhase>)[PHASE] = { phase, bar };
  return err;
}

/** The phase and bar recorded on an error thrown by Backtest.run, if any. */
export function errorPhase(err: unknown): ErrorPhase | undefined {
  return err !== null && typeof err === 'object' ? (err as Record<symbol, ErrorPhase | undefined>)[PHASE] : undefined;
}

function tradeRecord(t: Trade, pnl: number, ret: number, bars: Bars): TradeRecord {
  const entryTime = bars.time[t.entryBar];
  const exitTime = bars.time[t.exitBar!];
  return {
    entryBar: t.entryBar,
    exitBar: t.exitBar!,
    entryTime: isoTimeAt(bars.time, t.entryBar),
    exitTime: isoTimeAt(bars.time, t.exitBar!),
    size: t.size,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice!,
    pnl,
    returnPct: ret * 100,
    commission: t.commissions,
    sl: t.sl ?? null,
    tp: t.tp ?? null,
    tag: t.tag ?? null,
    durationDays: (exitTime - entryTime) / DAY,
  };
}

function indicatorJson(ind: Strategy['indicators'][number]): IndicatorJson {
  const lines: Record<string, Float64Array> = {};
  for (const l of ind.lines) lines[l.key] = l.values;
  return { name: ind.name, overlay: ind.overlay, scatter: ind.scatter, color: ind.color, lines };
}

/**
 * Bars before the first simulated one take the first recorded equity; none at all → starting cash.
 * Fills the run's own curve in place (the broker is not used after the run).
 */
function backfill(out: Float64Array, cash: number): Float64Array {
  let next = NaN;
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === out[i]) next = out[i];
    else out[i] = next;
  }
  for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = cash;
  return out;
}
