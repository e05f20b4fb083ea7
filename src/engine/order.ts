import type { Trade } from './trade';

/** What a broker offers to orders and trades (kept as an interface to avoid an import cycle). */
export interface OrderBook {
  readonly orders: Order[];
  /** Current bar's close. */
  readonly lastPrice: number;
  /** Whole-unit rounding is skipped when the backtest trades fractional units. */
  readonly fractionalUnits: boolean;
  newOrder(size: number, args: OrderArgs, trade?: Trade): Order;
  barTime(bar: number): number;
}

export interface OrderArgs {
  limit?: number;
  stop?: number;
  sl?: number;
  tp?: number;
  tag?: unknown;
  trailPct?: number;
}

/**
 * An order waiting in the queue. Good till cancelled. A positive size buys, a negative one sells;
 * |size| in (0, 1) is a fraction of available margin, ≥ 1 whole units. An order with a
 * `parentTrade` closes (part of) that trade; if it is the trade's SL or TP order it is contingent.
 */
export class Order {
  size: number;
  limit: number | undefined;
  /** Stop price; cleared once the stop is hit (the order then acts as a market/limit order). */
  stop: number | undefined;
  readonly sl: number | undefined;
  readonly tp: number | undefined;
  readonly tag: unknown;
  readonly trailPct: number | undefined;
  readonly parentTrade: Trade | undefined;
  private readonly book: OrderBook;

  constructor(book: OrderBook, size: number, args: OrderArgs, parentTrade?: Trade) {
    this.book = book;
    this.size = size;
    this.limit = args.limit || undefined;
    this.stop = args.stop || undefined;
    this.sl = args.sl || undefined;
    this.tp = args.tp || undefined;
    this.tag = args.tag;
    this.trailPct = args.trailPct || undefined;
    this.parentTrade = parentTrade;
  }

  get isLong(): boolean {
    return this.size > 0;
  }
  get isShort(): boolean {
    return this.size < 0;
  }
  /** True for a trade's stop-loss or take-profit order (cancelled when the trade closes). */
  get isContingent(): boolean {
    const t = this.parentTrade;
    return !!t && (this === t.slOrder || this === t.tpOrder);
  }

  /** Removes the order from the queue. */
  cancel(): void {
    const q = this.book.orders;
    const at = q.indexOf(this);
    if (at >= 0) q.splice(at, 1);
    const t = this.parentTrade;
    if (t) {
      if (this === t.slOrder) t.slOrder = undefined;
      else if (this === t.tpOrder) t.tpOrder = undefined;
    }
  }

  toString(): string {
    const parts = [`size=${this.size}`];
    if (this.limit !== undefined) parts.push(`limit=${this.limit}`);
    if (this.stop !== undefined) parts.push(`stop=${this.stop}`);
    if (this.sl !== undefined) parts.push(`sl=${this.sl}`);
    if (this.tp !== undefined) parts.push(`tp=${this.tp}`);
    if (this.isContingent) parts.push('contingent');
    return `Order(${parts.join(', ')})`;
  }
}
