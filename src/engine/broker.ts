import type { Bars } from './bars';
import { StrategyApiError } from './errors';
import { Order, type OrderArgs, type OrderBook } from './order';
import type { ResolvedOptions } from './options';
import { pyFloorDiv } from './pymath';
import { Trade } from './trade';

export interface BrokerWarning {
  bar: number;
  message: string;
}

/**
 * The simulated broker, following backtesting.py 0.6.6's `_Broker` rule for rule
 * (see shared/reference/README.md and docs/engine.md):
 * - each bar, orders are processed in queue order against that bar's OHLC, then equity is recorded;
 * - market orders fill at the next open (or the signal bar's close with `tradeOnClose`);
 * - stop orders trigger on High ≥ stop (buy) / Low ≤ stop (sell), limit orders fill at the limit or
 *   a better open; SL orders sit at the front of the queue, TP orders at the back;
 * - relative sizes buy ⌊margin_available × leverage × size / (price + commission per unit)⌋ units;
 * - without hedging, an opposite order first closes open trades FIFO.
 */
export class Broker implements OrderBook {
  readonly orders: Order[] = [];
  readonly trades: Trade[] = [];
  readonly closedTrades: Trade[] = [];
  readonly warnings: BrokerWarning[] = [];
  /** Equity at each bar; NaN until the bar is simulated. */
  readonly equityCurve: Float64Array;
  cash: number;
  /** Index of the bar being simulated. */
  i = 0;
  readonly fractionalUnits: boolean;

  private readonly bars: Bars;
  private readonly spread: number;
  private readonly leverage: number;
  private readonly tradeOnClose: boolean;
  private readonly hedging: boolean;
  private readonly exclusiveOrders: boolean;
  private readonly commissionFn: (units: number, price: number) => number;

  constructor(bars: Bars, o: ResolvedOptions) {
    this.bars = bars;
    this.cash = o.cash;
    this.spread = o.spread;
    this.leverage = 1 / o.margin;
    this.tradeOnClose = o.tradeOnClose;
    this.hedging = o.hedging;
    this.exclusiveOrders = o.exclusiveOrders;
    this.fractionalUnits = o.fractionalUnits;
    const c = o.commission;
    if (typeof c === 'function') this.commissionFn = c;
    else {
      const fixed = typeof c === 'number' ? 0 : (c.fixed ?? 0);
      const rel = typeof c === 'number' ? c : (c.fraction ?? 0);
      this.commissionFn = (units, price) => fixed + Math.abs(units) * price * rel;
    }
    this.equityCurve = new Float64Array(bars.close.length).fill(NaN);
  }

  get lastPrice(): number {
    return this.bars.close[this.i];
  }

  barTime(bar: number): number {
    return this.bars.time[bar];
  }

  commission(units: number, price: number): number {
    return this.commissionFn(units, price);
  }

  /** Price adjusted for the spread: higher for buys, lower for sells. */
  adjustedPrice(size: number, price?: number): number {
    return (price || this.lastPrice) * (1 + (size > 0 ? this.spread : -this.spread));
  }

  /** Net position in units (negative = short). Whole units are summed as integers, like the reference. */
  get positionSize(): number {
    let s = 0;
    if (this.fractionalUnits) for (const t of this.trades) s += t.size;
    else for (const t of this.trades) s += Math.trunc(t.size);
    return s;
  }

  get unrealizedPl(): number {
    return this.openPl();
  }

  get equity(): number {
    return this.cash + this.openPl();
  }

  /**
   * lastPrice × positionSize − Σ size × entryPrice, in one pass over the trades. A method rather than
   * a getter so that V8 can inline it into the per-bar loop (getter calls get the lowest priority).
   */
  private openPl(): number {
    const trades = this.trades;
    const whole = !this.fractionalUnits;
    let units = 0;
    let cost = 0;
    for (let k = 0; k < trades.length; k++) {
      const t = trades[k];
      units += whole ? Math.trunc(t.size) : t.size;
      cost += t.size * t.entryPrice;
    }
    return this.lastPrice * units - cost;
  }

  get marginAvailable(): number {
    let used = 0;
    for (const t of this.trades) used += t.value / this.leverage;
    return Math.max(0, this.equity - used);
  }

  newOrder(size: number, args: OrderArgs, trade?: Trade): Order {
    if (!(size !== 0 && Number.isFinite(size))) throw new StrategyApiError(`order size must be a non-zero number, got ${size}`);
    const isLong = size > 0;
    const sl = args.sl || undefined;
    const tp = args.tp || undefined;
    const ref = args.limit || args.stop || this.adjustedPrice(size);
    if (isLong) {
      if (!((sl ?? -Infinity) < ref && ref < (tp ?? Infinity))) {
        throw new StrategyApiError(
          `long orders require SL (${sl ?? 'none'}) < LIMIT (${ref}) < TP (${tp ?? 'none'})`,
          'A long stop-loss must sit below the entry price and its take-profit above it.',
        );
      }
    } else if (!((tp ?? -Infinity) < ref && ref < (sl ?? Infinity))) {
      throw new StrategyApiError(
        `short orders require TP (${tp ?? 'none'}) < LIMIT (${ref}) < SL (${sl ?? 'none'})`,
        'A short stop-loss must sit above the entry price and its take-profit below it.',
      );
    }
    const order = new Order(this, size, args, trade);
    if (!trade && this.exclusiveOrders) {
      // Cancel pending non-contingent orders, then close every open trade. The walk below steps
      // over the element after each removal, exactly as the reference's loop over a list it mutates.
      for (let k = 0; k < this.orders.length; k++) {
        const o = this.orders[k];
        if (!o.isContingent) o.cancel();
      }
      for (const t of this.trades) t.close();
    }
    if (trade && args.stop) this.orders.unshift(order);
    else this.orders.push(order);
    return order;
  }

  /**
   * Simulates bar i: processes the queue, records equity, moves trailing stops.
   * Returns false when equity is exhausted (trades closed, equity 0 from here on).
   */
  next(i: number): boolean {
    this.i = i;
    if (this.orders.length !== 0) this.processOrders();
    const equity = this.cash + this.openPl();
    this.equityCurve[i] = equity;
    if (equity <= 0) return this.bankrupt(i);
    if (this.trades.length !== 0) this.trailStops();
    return true;
  }

  /** Equity exhausted at bar i: closes trades, zeroes cash and the rest of the equity curve. */
  private bankrupt(i: number): false {
    // Walks the list it shrinks, as the reference does: every other trade stays open (and out of the stats).
    for (let k = 0; k < this.trades.length; k++) this.closeTrade(this.trades[k], this.lastPrice, i);
    this.cash = 0;
    this.equityCurve.fill(0, i);
    return false;
  }

  private warn(message: string): void {
    this.warnings.push({ bar: this.i, message });
  }

  private processOrders(): void {
    if (this.orders.length === 0) return;
    const { open: O, high: H, low: L, close: C } = this.bars;
    const i = this.i;
    const open = O[i];
    const high = H[i];
    const low = L[i];
    let reprocess = false;

    for (const order of this.orders.slice()) {
      if (this.orders.indexOf(order) < 0) continue; // a related SL/TP order already removed it
      const isLong = order.size > 0;

      const stopPrice = order.stop;
      if (stopPrice !== undefined) {
        const hit = isLong ? high >= stopPrice : low <= stopPrice;
        if (!hit) continue;
        order.stop = undefined; // a triggered stop order becomes a market / limit order
      }

      let price: number;
      if (order.limit !== undefined) {
        const limit = order.limit;
        const limitHit = isLong ? low <= limit : high >= limit;
        // Stop and limit both inside this bar: assume the limit was touched before the stop.
        const limitBeforeStop = limitHit && (isLong ? limit <= (stopPrice ?? -Infinity) : limit >= (stopPrice ?? Infinity));
        if (!limitHit || limitBeforeStop) continue;
        price = isLong ? Math.min(stopPrice || open, limit) : Math.max(stopPrice || open, limit);
      } else {
        price = this.tradeOnClose && !order.isContingent ? C[i - 1] : open;
        if (stopPrice !== undefined) price = isLong ? Math.max(price, stopPrice) : Math.min(price, stopPrice);
      }

      const isMarket = order.limit === undefined && stopPrice === undefined;
      const timeIndex = isMarket && this.tradeOnClose && !order.isContingent ? i - 1 : i;

      const parent = order.parentTrade;
      if (parent) {
        // SL / TP / close() order: reduce or close the trade it belongs to.
        const size = Math.sign(order.size) * Math.min(Math.abs(parent.size), Math.abs(order.size));
        if (this.trades.indexOf(parent) >= 0) {
          this.reduceTrade(parent, price, size, timeIndex);
          if (order === parent.slOrder) order.stop = stopPrice; // keep the level for the trade record
        }
        if (order !== parent.slOrder && order !== parent.tpOrder) this.remove(order);
        continue;
      }

      // A stand-alone order: size it, net it against opposite trades, open what remains.
      const adjusted = this.adjustedPrice(order.size, price);
      const adjustedPlusCommission = adjusted + this.commission(order.size, price) / Math.abs(order.size);
      let size = order.size;
      if (-1 < size && size < 1) {
        const budget = this.marginAvailable * this.leverage * Math.abs(size);
        const units = this.fractionalUnits ? budget / adjustedPlusCommission : pyFloorDiv(budget, adjustedPlusCommission);
        size = size > 0 ? units : -units;
        if (!size) {
          this.warn(`order cancelled: not enough margin for a single unit (equity ${this.equity.toFixed(2)}, margin available ${this.marginAvailable.toFixed(2)})`);
          this.remove(order);
          continue;
        }
      }
      let need = size;
      if (!this.hedging) {
        for (const trade of this.trades.slice()) {
          if (trade.isLong === isLong) continue;
          if (Math.abs(need) >= Math.abs(trade.size)) {
            this.closeTrade(trade, price, timeIndex);
            need += trade.size;
          } else {
            this.reduceTrade(trade, price, need, timeIndex);
            need = 0;
          }
          if (!need) break;
        }
      }
      if (Math.abs(need) * adjustedPlusCommission > this.marginAvailable * this.leverage) {
        this.warn(`order cancelled: insufficient margin (equity ${this.equity.toFixed(2)}, margin available ${this.marginAvailable.toFixed(2)})`);
        this.remove(order);
        continue;
      }
      if (need) {
        const trade = this.openTrade(adjusted, need, order, timeIndex);
        const sl = trade.sl;
        const tp = order.tp;
        if (sl !== undefined || tp !== undefined) {
          if (isMarket) {
            reprocess = true; // SL/TP may trigger on the entry bar itself
          } else if (stopPrice !== undefined && order.limit === undefined && tp !== undefined &&
            ((isLong && tp <= high && (sl ?? -Infinity) < low) || (!isLong && tp >= low && (sl ?? Infinity) > high))) {
            reprocess = true;
          } else if ((low <= (sl ?? -Infinity) && (sl ?? -Infinity) <= high) || (low <= (tp ?? -Infinity) && (tp ?? -Infinity) <= high)) {
            this.warn('a contingent SL/TP would trigger on the bar its stop/limit entry filled; it is left for the next bar (intra-bar order unknown)');
          }
        }
      }
      this.remove(order);
    }
    if (reprocess) this.processOrders();
  }

  private remove(order: Order): void {
    const at = this.orders.indexOf(order);
    if (at >= 0) removeAt(this.orders, at);
  }

  private reduceTrade(trade: Trade, price: number, size: number, timeIndex: number): void {
    const left = trade.size + size;
    let closing = trade;
    if (left) {
      trade.size = left;
      if (trade.slOrder) trade.slOrder.size = -left;
      if (trade.tpOrder) trade.tpOrder.size = -left;
      closing = trade.splitOff(-size);
      this.trades.push(closing);
    }
    this.closeTrade(closing, price, timeIndex);
  }

  private closeTrade(trade: Trade, price: number, timeIndex: number): void {
    removeAt(this.trades, this.trades.indexOf(trade));
    if (trade.slOrder) this.remove(trade.slOrder);
    if (trade.tpOrder) this.remove(trade.tpOrder);
    trade.exitPrice = price;
    trade.exitBar = timeIndex;
    this.closedTrades.push(trade);
    const commission = this.commission(trade.size, price);
    this.cash += trade.pl - commission;
    trade.commissions = commission + this.commission(trade.size, trade.entryPrice);
  }

  private openTrade(price: number, size: number, order: Order, timeIndex: number): Trade {
    const trade = new Trade(this, size, price, timeIndex, order.tag);
    this.trades.push(trade);
    this.cash -= this.commission(size, price);
    let sl = order.sl;
    if (order.trailPct) {
      trade.trailPct = order.trailPct;
      const trail = size > 0 ? price * (1 - order.trailPct) : price * (1 + order.trailPct);
      sl = sl === undefined ? trail : size > 0 ? Math.max(sl, trail) : Math.min(sl, trail);
    }
    if (order.tp) trade.tp = order.tp;
    if (sl) trade.sl = sl;
    return trade;
  }

  /** Trailing stops follow the close: a long's SL rises to close × (1 − trailPct), never falls. */
  private trailStops(): void {
    const close = this.lastPrice;
    const trades = this.trades;
    for (let k = 0; k < trades.length; k++) {
      const t = trades[k];
      if (!t.trailPct) continue;
      const level = t.size > 0 ? close * (1 - t.trailPct) : close * (1 + t.trailPct);
      const sl = t.slOrder;
      if (!sl || sl.stop === undefined) continue;
      if (t.size > 0 ? level > sl.stop : level < sl.stop) sl.stop = level;
    }
  }
}

/** `list.splice(at, 1)`, with pop() for the last element (the usual case here; splice allocates the removed part). */
function removeAt<T>(list: T[], at: number): void {
  if (at === list.length - 1) list.pop();
  else list.splice(at, 1);
}
