import { type OrderBook, Order } from './order';
import { roundHalfEven } from './pymath';

/** An open or closed trade. Sizes are units, negative for shorts. */
export class Trade {
  size: number;
  readonly entryPrice: number;
  readonly entryBar: number;
  exitPrice: number | undefined;
  exitBar: number | undefined;
  slOrder: Order | undefined;
  tpOrder: Order | undefined;
  readonly tag: unknown;
  /** Trailing stop distance as a fraction of price, if the entry order asked for one. */
  trailPct: number | undefined;
  /** Entry + exit commission; set when the trade closes. */
  commissions = 0;
  private readonly book: OrderBook;

  constructor(book: OrderBook, size: number, entryPrice: number, entryBar: number, tag: unknown) {
    this.book = book;
    this.size = size;
    this.entryPrice = entryPrice;
    this.entryBar = entryBar;
    this.tag = tag;
  }

  /** A copy for the closed part of a partially closed trade. */
  splitOff(size: number): Trade {
    const t = new Trade(this.book, size, this.entryPrice, this.entryBar, this.tag);
    t.commissions = this.commissions;
    return t;
  }

  /** Places an order to close `portion` (0, 1] of the trade at the next market price, ahead of other orders. */
  close(portion = 1): void {
    if (!(portion > 0 && portion <= 1)) throw new RangeError(`close(portion): portion must be in (0, 1], got ${portion}`);
    const abs = Math.abs(this.size) * portion;
    const units = this.book.fractionalUnits ? abs : Math.max(1, roundHalfEven(abs));
    const order = new Order(this.book, this.size > 0 ? -units : units, { tag: this.tag }, this);
    const queue = this.book.orders;
    if (queue.length === 0) queue.push(order); // the same as unshift here, and much cheaper
    else queue.unshift(order);
  }

  get isLong(): boolean {
    return this.size > 0;
  }
  get isShort(): boolean {
    return !(this.size > 0);
  }
  get isOpen(): boolean {
    return this.exitBar === undefined;
  }
  private get price(): number {
    return this.exitPrice || this.book.lastPrice;
  }
  /** Profit or loss in cash; commissions count once the trade is closed. */
  get pl(): number {
    return this.size * (this.price - this.entryPrice) - this.commissions;
  }
  /** Profit or loss as a fraction of the entry value (0.05 = 5 %), net of commissions once closed. */
  get plPct(): number {
    const gross = (this.size > 0 ? 1 : -1) * (this.price / this.entryPrice - 1);
    return gross - this.commissions / (Math.abs(this.size) * this.entryPrice);
  }
  /** Current value in cash (|units| × price). */
  get value(): number {
    return Math.abs(this.size) * this.price;
  }
  get entryTime(): number {
    return this.book.barTime(this.entryBar);
  }
  get exitTime(): number | undefined {
    return this.exitBar === undefined ? undefined : this.book.barTime(this.exitBar);
  }

  /** Stop-loss level; assigning one creates or moves the SL order, `undefined` cancels it. */
  get sl(): number | undefined {
    return this.slOrder ? this.slOrder.stop : undefined;
  }
  set sl(price: number | undefined) {
    this.setContingent('sl', price);
  }
  /** Take-profit level; assigning one creates or moves the TP order, `undefined` cancels it. */
  get tp(): number | undefined {
    return this.tpOrder ? this.tpOrder.limit : undefined;
  }
  set tp(price: number | undefined) {
    this.setContingent('tp', price);
  }

  private setContingent(type: 'sl' | 'tp', price: number | undefined): void {
    if (price !== undefined && price !== null && !(price > 0 && price < Infinity)) {
      throw new RangeError(`trade.${type} must be a price > 0, got ${price}`);
    }
    const existing = type === 'sl' ? this.slOrder : this.tpOrder;
    if (existing) existing.cancel();
    if (price) {
      const order = this.book.newOrder(-this.size, type === 'sl' ? { stop: price, tag: this.tag } : { limit: price, tag: this.tag }, this);
      if (type === 'sl') this.slOrder = order;
      else this.tpOrder = order;
    }
  }
}
