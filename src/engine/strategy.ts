import type { Bars } from './bars';
import type { Broker } from './broker';
import { StrategyApiError } from './errors';
import type { Order } from './order';
import { Clock, Series } from './series';
import type { Trade } from './trade';

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export interface OrderOptions {
  /** (0, 1): fraction of available margin; ≥ 1: whole units (any units with `fractionalUnits`). Default: all in. */
  size?: number;
  /** Limit price: buy at or below, sell at or above. */
  limit?: number;
  /** Stop price: the order activates when price trades through it (stop-market, or stop-limit with `limit`). */
  stop?: number;
  /** Stop-loss price attached to the resulting trade. */
  sl?: number;
  /** Take-profit price attached to the resulting trade. */
  tp?: number;
  /** Trailing stop distance as a fraction (0.05 = 5 %): the SL follows the close, never backs off. */
  trailPct?: number;
  /** Any label, carried to the trade. */
  tag?: unknown;
}

export interface IndicatorOptions {
  /** Draw on the price chart (default: guessed from the values' scale). */
  overlay?: boolean;
  /** Draw at all (default true). */
  plot?: boolean;
  /** Draw as markers, and leave out of the warm-up (default false). */
  scatter?: boolean;
  color?: string;
}

/** An indicator registered with `this.I()`, as the results panel draws it. */
export interface IndicatorRecord {
  name: string;
  lines: { key: string; values: Float64Array }[];
  overlay: boolean;
  plot: boolean;
  scatter: boolean;
  color?: string;
}

export interface StrategyData {
  readonly open: Series;
  readonly high: Series;
  readonly low: Series;
  readonly close: Series;
  readonly volume: Series;
  /** Bar times, ms since the epoch (UTC). */
  readonly time: Series;
  readonly symbol: string;
  /** Visible bars. */
  readonly length: number;
}

export interface LogEntry {
  bar: number;
  time: string;
  level: 'info' | 'warning';
  message: string;
}

/** The open position: the sum of open trades. */
export class Position {
  private readonly broker: Broker;
  constructor(broker: Broker) {
    this.broker = broker;
  }
  /** Units held, negative when short. */
  get size(): number {
    return this.broker.positionSize;
  }
  /** Unrealized profit or loss in cash. */
  get pl(): number {
    return this.broker.unrealizedPl;
  }
  /** Unrealized profit or loss in percent of the amount invested (5 = 5 %). */
  get plPct(): number {
    let invested = 0;
    for (const t of this.broker.trades) invested += Math.abs(t.size) * t.entryPrice;
    return invested ? (this.pl / invested) * 100 : 0;
  }
  get isLong(): boolean {
    return this.size > 0;
  }
  get isShort(): boolean {
    return this.size < 0;
  }
  /** True when any units are held. */
  get isOpen(): boolean {
    return this.size !== 0;
  }
  /** Closes `portion` of every open trade at the next market price. */
  close(portion = 1): void {
    for (const t of this.broker.trades) t.close(portion);
  }
}

/** Engine-internal wiring of a strategy instance. */
export const ATTACH = Symbol('algoagent.attach');

export interface StrategyContext {
  bars: Bars;
  clock: Clock;
  broker: Broker;
  params: Params;
  log: LogEntry[];
}

const registered = new WeakMap<object, Float64Array[]>();

/**
 * Base class of every strategy. Override `init()` to compute indicators over the whole data
 * (with `this.I(...)`) and `next()` to decide, bar by bar, what to buy and sell.
 */
export abstract class Strategy {
  /** Default parameter values; a run's overrides are applied on top into `this.params`. */
  static params: Params = {};

  /** The run's parameters: `static params` with the run's overrides applied. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- strategies read their own typed params freely
  params!: Record<string, any>;
  data!: StrategyData;
  position!: Position;
  /** Indicators registered with `I()`, in order. */
  readonly indicators: IndicatorRecord[] = [];
  private ctx!: StrategyContext;

  [ATTACH](ctx: StrategyContext): void {
    this.ctx = ctx;
    this.params = ctx.params;
    const { bars, clock } = ctx;
    this.data = {
      open: new Series(bars.open, clock, 'Open'),
      high: new Series(bars.high, clock, 'High'),
      low: new Series(bars.low, clock, 'Low'),
      close: new Series(bars.close, clock, 'Close'),
      volume: new Series(bars.volume, clock, 'Volume'),
      time: new Series(bars.time, clock, 'Time'),
      symbol: bars.symbol ?? '',
      get length() {
        return clock.length;
      },
    };
    this.position = new Position(ctx.broker);
  }

  /** Called once before the first bar, with every bar visible. */
  init(): void {}

  /** Called on every bar after the warm-up, with bars up to the current one visible. */
  abstract next(): void;

  /**
   * Registers an indicator (plotted, counted in the warm-up, recorded at trade entry/exit) and
   * returns it as a Series — or, for a multi-line indicator such as `{ macd, signal, histogram }`,
   * an object of Series with the same keys. Values must have one entry per bar.
   */
  I(values: ArrayLike<number> | Series, name?: string, options?: IndicatorOptions): Series;
  I<K extends string>(values: Record<K, ArrayLike<number> | Series>, name?: string, options?: IndicatorOptions): Record<K, Series>;
  I(values: unknown, name?: string, options: IndicatorOptions = {}): Series | Record<string, Series> {
    const n = this.ctx.bars.close.length;
    const label = name ?? `Indicator ${this.indicators.length + 1}`;
    const asColumn = (v: unknown, key: string): Float64Array => {
      const arr = v instanceof Series ? v.full : v;
      if (!arr || typeof (arr as ArrayLike<number>).length !== 'number' || typeof arr === 'string') {
        throw new StrategyApiError(`I(): indicator "${label}"${key ? ` line "${key}"` : ''} must be an array of numbers, got ${typeof arr}`);
      }
      const a = arr as ArrayLike<number>;
      if (a.length !== n) {
        throw new StrategyApiError(
          `I(): indicator "${label}"${key ? ` line "${key}"` : ''} has ${a.length} values but the data has ${n} bars`,
          'Indicators must return one value per bar (NaN during warm-up); ta.* functions already do.',
        );
      }
      return a instanceof Float64Array ? a : Float64Array.from(a, (x) => (x === null || x === undefined ? NaN : Number(x)));
    };
    const isColumn = values instanceof Series || (values !== null && typeof values === 'object' && typeof (values as ArrayLike<number>).length === 'number');
    let lines: { key: string; values: Float64Array }[];
    if (isColumn) lines = [{ key: '', values: asColumn(values, '') }];
    else if (values !== null && typeof values === 'object') lines = Object.entries(values).map(([k, v]) => ({ key: k, values: asColumn(v, k) }));
    else throw new StrategyApiError(`I(): indicator "${label}" must be an array of numbers or an object of arrays, got ${String(values)}`);
    const overlay = options.overlay ?? guessOverlay(lines[0].values, this.ctx.bars.close);
    this.indicators.push({ name: label, lines, overlay, plot: options.plot ?? true, scatter: !!options.scatter, color: options.color });
    const clock = this.ctx.clock;
    const warmupLines = options.scatter ? [] : lines.map((l) => l.values);
    if (isColumn) {
      const s = new Series(lines[0].values, clock, label);
      registered.set(s, warmupLines);
      return s;
    }
    const out: Record<string, Series> = {};
    for (const l of lines) {
      const s = new Series(l.values, clock, `${label}.${l.key}`);
      registered.set(s, options.scatter ? [] : [l.values]);
      out[l.key] = s;
    }
    registered.set(out, warmupLines);
    return out;
  }

  /** Places a long order (market unless `limit`/`stop`). */
  buy(opts: OrderOptions = {}): Order {
    return this.ctx.broker.newOrder(checkSize(opts.size, this.ctx.broker.fractionalUnits), orderArgs(opts));
  }

  /** Places a short order (market unless `limit`/`stop`). To exit a long, use `this.position.close()`. */
  sell(opts: OrderOptions = {}): Order {
    return this.ctx.broker.newOrder(-checkSize(opts.size, this.ctx.broker.fractionalUnits), orderArgs(opts));
  }

  /** Open trades (read-only). */
  get trades(): readonly Trade[] {
    return this.ctx.broker.trades;
  }
  /** Closed trades (read-only). */
  get closedTrades(): readonly Trade[] {
    return this.ctx.broker.closedTrades;
  }
  /** Orders waiting to fill (read-only). */
  get orders(): readonly Order[] {
    return this.ctx.broker.orders;
  }
  /** Cash plus the open position's value at the current close. */
  get equity(): number {
    return this.ctx.broker.equity;
  }
  /** Index of the current bar (0-based). */
  get bar(): number {
    return this.ctx.clock.length - 1;
  }

  /** Writes a line to the run's log, stamped with the current bar. */
  log(...parts: unknown[]): void {
    const bar = this.bar;
    const t = this.ctx.bars.time[bar];
    const message = parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
    if (this.ctx.log.length < 10_000) this.ctx.log.push({ bar, time: Number.isFinite(t) ? new Date(t).toISOString() : '', level: 'info', message });
  }
}

/** The most bars any indicator stored on the strategy needs before its first value (as backtesting.py counts it). */
export function warmupBars(strategy: Strategy): number {
  let most = 0;
  for (const key of Object.keys(strategy)) {
    const v = (strategy as unknown as Record<string, unknown>)[key];
    if (v === null || typeof v !== 'object') continue;
    const cols = registered.get(v);
    if (!cols) continue;
    for (const c of cols) {
      let first = 0;
      while (first < c.length && c[first] !== c[first]) first++;
      if (first === c.length) first = 0; // all NaN counts as 0, like numpy's argmin over isnan
      if (first > most) most = first;
    }
  }
  return most;
}

function checkSize(size: number | undefined, fractional: boolean): number {
  if (size === undefined) return 1 - Number.EPSILON;
  if (typeof size !== 'number' || !(size > 0) || !Number.isFinite(size) || (size >= 1 && !fractional && Math.round(size) !== size)) {
    throw new StrategyApiError(`size ${size}: use a fraction in (0, 1) or whole units ≥ 1`);
  }
  return size;
}

function orderArgs(o: OrderOptions) {
  if (o.trailPct !== undefined && !(o.trailPct > 0 && o.trailPct < 1)) {
    throw new StrategyApiError(`trailPct ${o.trailPct}: use a fraction in (0, 1), e.g. 0.05 for 5 %`);
  }
  checkPrice('limit', o.limit);
  checkPrice('stop', o.stop);
  checkPrice('sl', o.sl);
  checkPrice('tp', o.tp);
  return { limit: o.limit, stop: o.stop, sl: o.sl, tp: o.tp, tag: o.tag, trailPct: o.trailPct };
}

function checkPrice(k: string, v: unknown): void {
  if (v !== undefined && v !== null && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
    throw new StrategyApiError(`${k} ${String(v)}: prices must be finite numbers > 0`);
  }
}

/** Overlay when most values sit within ±40 % of the close (the reference's heuristic). */
function guessOverlay(values: Float64Array, close: Float64Array): boolean {
  let inside = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] / close[i];
    if (x < 1.4 && x > 0.6) inside++;
  }
  return values.length > 0 && inside / values.length > 0.6;
}
