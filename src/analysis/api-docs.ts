/**
 * Short documentation of the strategy API for hovers: members of `Strategy`, `Position` and
 * `Series`, the free functions and the order options. test/server/catalog.test.ts checks that every
 * documented member exists on the real classes.
 */

export interface MemberDoc {
  signature: string;
  doc: string;
}

export const STRATEGY_MEMBERS: Readonly<Record<string, MemberDoc>> = {
  data: { signature: 'data: { open, high, low, close, volume, time: Series; symbol: string; length: number }', doc: 'The bars. In `init()` every bar is visible; in `next()` only bars up to the current one.' },
  params: { signature: 'params: Record<string, any>', doc: '`static params` with the run\'s overrides applied (CLI `--param`, optimizer, chat).' },
  position: { signature: 'position: Position', doc: 'The open position: `size`, `pl`, `plPct`, `isLong`, `isShort`, `isOpen`, `close(portion?)`.' },
  I: { signature: 'I(values, name?, options?: { overlay?, plot?, scatter?, color? }): Series', doc: 'Registers an indicator (plotted, counted in the warm-up) and returns it as a Series — or an object of Series for a multi-output indicator. Keep the result on `this` and read it in `next()`.' },
  buy: { signature: 'buy(opts?: { size?, limit?, stop?, sl?, tp?, trailPct?, tag? }): Order', doc: 'Places a long order. `size` in (0, 1) is a fraction of available equity, ≥ 1 whole units; no size means all in.' },
  sell: { signature: 'sell(opts?: { size?, limit?, stop?, sl?, tp?, trailPct?, tag? }): Order', doc: 'Places a short order. To exit a long, use `this.position.close()`.' },
  trades: { signature: 'trades: readonly Trade[]', doc: 'Open trades.' },
  closedTrades: { signature: 'closedTrades: readonly Trade[]', doc: 'Closed trades.' },
  orders: { signature: 'orders: readonly Order[]', doc: 'Orders waiting to fill.' },
  equity: { signature: 'equity: number', doc: 'Cash plus the open position\'s value at the current close.' },
  bar: { signature: 'bar: number', doc: 'Index of the current bar (0-based).' },
  log: { signature: 'log(...parts: unknown[]): void', doc: 'Writes a line to the run\'s log, stamped with the current bar.' },
  init: { signature: 'init(): void', doc: 'Called once before the first bar, with every bar visible: compute indicators here with `this.I(…)`.' },
  next: { signature: 'next(): void', doc: 'Called on every bar after the warm-up, with bars up to the current one visible: decide what to buy and sell.' },
  indicators: { signature: 'indicators: IndicatorRecord[]', doc: 'Indicators registered with `I()`, in order.' },
};

export const DATA_MEMBERS: Readonly<Record<string, MemberDoc>> = {
  open: { signature: 'open: Series', doc: 'Opening prices. `at(-1)` is the current bar.' },
  high: { signature: 'high: Series', doc: 'Highest prices of each bar.' },
  low: { signature: 'low: Series', doc: 'Lowest prices of each bar.' },
  close: { signature: 'close: Series', doc: 'Closing prices. `at(-1)` is the current bar, `at(-2)` the previous one.' },
  volume: { signature: 'volume: Series', doc: 'Traded volume of each bar.' },
  time: { signature: 'time: Series', doc: 'Bar times in ms since the epoch (UTC): `new Date(this.data.time.at(-1)!)`.' },
  symbol: { signature: 'symbol: string', doc: 'The symbol of the data, when known.' },
  length: { signature: 'length: number', doc: 'Number of visible bars (all in `init()`, up to the current one in `next()`).' },
};

export const POSITION_MEMBERS: Readonly<Record<string, MemberDoc>> = {
  size: { signature: 'size: number', doc: 'Units held, negative when short.' },
  pl: { signature: 'pl: number', doc: 'Unrealized profit or loss in cash.' },
  plPct: { signature: 'plPct: number', doc: 'Unrealized profit or loss in percent of the amount invested (5 = 5 %).' },
  isLong: { signature: 'isLong: boolean', doc: 'True when the position is long.' },
  isShort: { signature: 'isShort: boolean', doc: 'True when the position is short.' },
  isOpen: { signature: 'isOpen: boolean', doc: 'True when any units are held.' },
  close: { signature: 'close(portion = 1): void', doc: 'Closes `portion` of every open trade at the next market price.' },
};

export const SERIES_MEMBERS: Readonly<Record<string, MemberDoc>> = {
  at: { signature: 'at(offset: number): number | undefined', doc: '`at(-1)` is the current bar, `at(-2)` the one before. Offsets ≥ 0 point past the current bar and are always `undefined`.' },
  last: { signature: 'last: number', doc: 'The current (last visible) value; NaN when nothing is visible.' },
  length: { signature: 'length: number', doc: 'Number of visible bars.' },
  values: { signature: 'values: Float64Array', doc: 'The visible values (no copy): index `length − 1` is the current bar.' },
  toArray: { signature: 'toArray(): number[]', doc: 'The visible values as a plain array.' },
  name: { signature: 'name: string', doc: 'The Series\' name (column or indicator label).' },
};

export const FUNCTIONS: Readonly<Record<string, MemberDoc>> = {
  crossover: { signature: 'crossover(a: Series | number[] | number, b: Series | number[] | number): boolean', doc: 'True when `a` crossed above `b` on this bar: `a[-2] < b[-2] && a[-1] > b[-1]`.' },
  crossunder: { signature: 'crossunder(a: Series | number[] | number, b: Series | number[] | number): boolean', doc: 'True when `a` crossed below `b` on this bar.' },
};

export const ORDER_OPTIONS: Readonly<Record<string, MemberDoc>> = {
  size: { signature: 'size?: number', doc: '(0, 1): fraction of available equity; ≥ 1: whole units. Default: all in.' },
  limit: { signature: 'limit?: number', doc: 'Limit price: buy at or below, sell at or above.' },
  stop: { signature: 'stop?: number', doc: 'Stop price: the order activates when price trades through it.' },
  sl: { signature: 'sl?: number', doc: 'Stop-loss price attached to the resulting trade.' },
  tp: { signature: 'tp?: number', doc: 'Take-profit price attached to the resulting trade.' },
  trailPct: { signature: 'trailPct?: number', doc: 'Trailing stop distance as a fraction (0.05 = 5 %): the stop-loss follows the close.' },
  tag: { signature: 'tag?: unknown', doc: 'Any label, carried to the trade.' },
};
