/**
 * TypeScript twins of the strategies in test/fixtures/parity/generate.py, written line for line
 * from the Python (same arithmetic, same order of calls), so that any difference in the results
 * comes from the engine, not from the strategy.
 */
import type { Commission } from '../../src/engine/options';
import { crossover } from '../../src/engine/crossover';
import type { Series } from '../../src/engine/series';
import { Strategy } from '../../src/engine/strategy';
import { sma } from '../../src/engine/ta/sma';

/** Wilder RSI as the same plain loop as generate.py's RSI (the indicator is not under test). */
export function rsi(values: ArrayLike<number>, n = 14): Float64Array {
  const close = Array.from(values);
  const out = new Float64Array(close.length).fill(NaN);
  if (close.length <= n) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= n; i++) {
    const d = close[i] - close[i - 1];
    if (d > 0) gain += d;
    else loss -= d;
  }
  let avgGain = gain / n;
  let avgLoss = loss / n;
  out[n] = avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
  for (let i = n + 1; i < close.length; i++) {
    const d = close[i] - close[i - 1];
    const g = d > 0 ? d : 0;
    const l = d < 0 ? -d : 0;
    avgGain = (avgGain * (n - 1) + g) / n;
    avgLoss = (avgLoss * (n - 1) + l) / n;
    out[i] = avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
  }
  return out;
}

const num = (v: unknown): number => v as number;

/** Quick Start strategy; `size` 0 = default (all in), else passed to buy()/sell(). */
export class SmaCross extends Strategy {
  static override params = { n1: 10, n2: 20, size: 0 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  private kw(): { size?: number } {
    const size = num(this.params.size);
    return size ? { size } : {};
  }
  next(): void {
    if (crossover(this.sma1, this.sma2)) {
      this.position.close();
      this.buy(this.kw());
    } else if (crossover(this.sma2, this.sma1)) {
      this.position.close();
      this.sell(this.kw());
    }
  }
}

/** SMA signals as limit orders; with exclusiveOrders each new order cancels/closes the rest. */
export class SmaCrossLimitExclusive extends Strategy {
  static override params = { n1: 10, n2: 20 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    const c = this.data.close.at(-1)!;
    if (crossover(this.sma1, this.sma2)) this.buy({ limit: c * 0.995 });
    else if (crossover(this.sma2, this.sma1)) this.sell({ limit: c * 1.005 });
  }
}

/** Opposite signals open opposite trades (hedging); every trade is closed after `hold` bars. */
export class SmaCrossHedging extends Strategy {
  static override params = { n1: 10, n2: 20, hold: 40 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    const i = this.bar;
    for (const t of [...this.trades]) if (i - t.entryBar >= num(this.params.hold)) t.close();
    if (crossover(this.sma1, this.sma2)) this.buy({ size: 0.3 });
    else if (crossover(this.sma2, this.sma1)) this.sell({ size: 0.3 });
  }
}

/** Short on the down-cross, cover on the up-cross. */
export class SmaShortOnly extends Strategy {
  static override params = { n1: 10, n2: 20 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    if (crossover(this.sma2, this.sma1)) this.sell();
    else if (crossover(this.sma1, this.sma2)) this.position.close();
  }
}

/** Buy limit under the close, limit-sell exit (FIFO close by an opposite order), forced close. */
export class LimitEntry extends Strategy {
  static override params = { pct: 2 };
  placed = -1;
  next(): void {
    const i = this.bar;
    const c = this.data.close.at(-1)!;
    const pct = num(this.params.pct);
    if (!this.position.isOpen) {
      if (this.orders.length && i - this.placed >= 3) for (const o of [...this.orders]) o.cancel();
      if (!this.orders.length) {
        this.buy({ limit: c * (1 - pct / 100) });
        this.placed = i;
      }
    } else {
      const t = this.trades[0];
      const age = i - t.entryBar;
      if (age >= 15) {
        for (const o of [...this.orders]) o.cancel();
        this.position.close();
      } else if (age >= 5 && !this.orders.length) {
        this.sell({ size: t.size, limit: c * (1 + pct / 200) });
      }
    }
  }
}

/** Breakout stops on both sides with SL/TP brackets; exit after 7 bars. */
export class StopEntry extends Strategy {
  placed = -1;
  next(): void {
    const i = this.bar;
    const h = this.data.high.at(-1)!;
    const lo = this.data.low.at(-1)!;
    if (!this.position.isOpen) {
      if (this.orders.length && i - this.placed >= 3) for (const o of [...this.orders]) o.cancel();
      if (!this.orders.length) {
        this.buy({ size: 0.5, stop: h * 1.005, sl: h * 0.97, tp: h * 1.03 });
        this.sell({ size: 0.5, stop: lo * 0.995, sl: lo * 1.03, tp: lo * 0.97 });
        this.placed = i;
      }
    } else {
      for (const o of [...this.orders]) if (!o.isContingent) o.cancel();
      if (i - this.trades[0].entryBar >= 7) this.position.close();
    }
  }
}

/** Stop-limit buys: stop 0.5 % above the high, limit `limit_pct` % from the high (`short`: mirrored). */
export class StopLimitEntry extends Strategy {
  static override params = { limit_pct: 1.5, short: false };
  placed = -1;
  next(): void {
    const i = this.bar;
    const h = this.data.high.at(-1)!;
    const lo = this.data.low.at(-1)!;
    if (!this.position.isOpen) {
      if (this.orders.length && i - this.placed >= 4) for (const o of [...this.orders]) o.cancel();
      if (!this.orders.length) {
        if (this.params.short) this.sell({ stop: lo * 0.995, limit: lo * (1 - num(this.params.limit_pct) / 100) });
        else this.buy({ stop: h * 1.005, limit: h * (1 + num(this.params.limit_pct) / 100) });
        this.placed = i;
      }
    } else if (i - this.trades[0].entryBar >= 6) {
      this.position.close();
    }
  }
}

/** While flat and idle, a market order with SL/TP as % of the close. */
export class SlTpBracket extends Strategy {
  static override params = { sl_pct: 2, tp_pct: 3, short: false };
  next(): void {
    if (this.position.isOpen || this.orders.length) return;
    const c = this.data.close.at(-1)!;
    const slPct = num(this.params.sl_pct);
    const tpPct = num(this.params.tp_pct);
    if (this.params.short) this.sell({ sl: c * (1 + slPct / 100), tp: c * (1 - tpPct / 100) });
    else this.buy({ sl: c * (1 - slPct / 100), tp: c * (1 + tpPct / 100) });
  }
}

/** SMA cross longs; every bar each trade's SL = max(SL, close × (1 − trail %)). */
export class TrailingSl extends Strategy {
  static override params = { n1: 10, n2: 20, trail: 4 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    const c = this.data.close.at(-1)!;
    for (const t of [...this.trades]) t.sl = Math.max(t.sl ?? 0, c * (1 - num(this.params.trail) / 100));
    if (crossover(this.sma1, this.sma2)) this.buy();
    else if (crossover(this.sma2, this.sma1)) this.position.close();
  }
}

/** position.close(.5), trades[0].close(.3) + close(.8), close() after 10 bars; SMA entries with SL. */
export class PartialClose extends Strategy {
  static override params = { n1: 10, n2: 20 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    const i = this.bar;
    const c = this.data.close.at(-1)!;
    if (this.trades.length) {
      const age = i - this.trades[0].entryBar;
      if (age === 3) this.position.close(0.5);
      else if (age === 6) {
        this.trades[0].close(0.3);
        this.trades[0].close(0.8);
      } else if (age >= 10) this.position.close();
    }
    if (crossover(this.sma1, this.sma2)) this.buy({ sl: c * 0.9 });
    else if (crossover(this.sma2, this.sma1)) this.position.close();
  }
}

/** buy(size=buy_size) / sell(size=sell_size) without close(): opposite orders net FIFO. */
export class SmaReverse extends Strategy {
  static override params = { n1: 10, n2: 20, buy_size: 0.3, sell_size: 0.3 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    if (crossover(this.sma1, this.sma2)) this.buy({ size: num(this.params.buy_size) });
    else if (crossover(this.sma2, this.sma1)) this.sell({ size: num(this.params.sell_size) });
  }
}

/** Two bracketed orders per signal (exclusiveOrders). */
export class ExclusiveDouble extends Strategy {
  static override params = { n1: 10, n2: 20 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    const c = this.data.close.at(-1)!;
    if (crossover(this.sma1, this.sma2)) {
      this.buy({ size: 0.3, sl: c * 0.95 });
      this.buy({ size: 0.3, tp: c * 1.1 });
    } else if (crossover(this.sma2, this.sma1)) {
      this.sell({ size: 0.3, sl: c * 1.05 });
      this.sell({ size: 0.3, tp: c * 0.9 });
    }
  }
}

/** Up to 5 stacked longs of 20 % while SMA1 > SMA2; close all when below. */
export class Pyramid extends Strategy {
  static override params = { n1: 10, n2: 20 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    const a = this.sma1.at(-1)!;
    const b = this.sma2.at(-1)!;
    if (a > b && this.trades.length < 5) this.buy({ size: 0.2 });
    else if (a < b && this.trades.length) this.position.close();
  }
}

/** Market long with SL/TP, then TP moved, SL cancelled, TP cancelled, SL re-set, close. */
export class SlTpModify extends Strategy {
  next(): void {
    const i = this.bar;
    const c = this.data.close.at(-1)!;
    if (!this.position.isOpen && !this.orders.length) {
      this.buy({ sl: c * 0.95, tp: c * 1.05 });
      return;
    }
    for (const t of [...this.trades]) {
      const age = i - t.entryBar;
      if (age === 2) t.tp = c * 1.03;
      else if (age === 4) t.sl = undefined;
      else if (age === 6) t.tp = undefined;
      else if (age === 8) t.sl = c * 0.98;
      else if (age >= 12) t.close();
    }
  }
}

/** Limit entries with SL/TP brackets; re-placed after 3 bars; close after 20. */
export class LimitBracket extends Strategy {
  placed = -1;
  next(): void {
    const i = this.bar;
    const c = this.data.close.at(-1)!;
    if (!this.position.isOpen) {
      if (this.orders.length && i - this.placed >= 3) for (const o of [...this.orders]) o.cancel();
      if (!this.orders.length) {
        this.buy({ limit: c * 0.99, sl: c * 0.97, tp: c * 1.02 });
        this.placed = i;
      }
    } else if (i - this.trades[0].entryBar >= 20) {
      this.position.close();
    }
  }
}

/** Hedged longs and shorts with SLs, each closed by halves at ages 3 and 7, fully at 12. */
export class PartialCloseHedged extends Strategy {
  static override params = { n1: 10, n2: 20 };
  sma1!: Series;
  sma2!: Series;
  override init(): void {
    this.sma1 = this.I(sma(this.data.close, num(this.params.n1)), 'SMA1');
    this.sma2 = this.I(sma(this.data.close, num(this.params.n2)), 'SMA2');
  }
  next(): void {
    const i = this.bar;
    const c = this.data.close.at(-1)!;
    for (const t of [...this.trades]) {
      const age = i - t.entryBar;
      if (age === 3 || age === 7) t.close(0.5);
      else if (age >= 12) t.close();
    }
    if (crossover(this.sma1, this.sma2)) this.buy({ size: 0.4, sl: c * 0.9 });
    else if (crossover(this.sma2, this.sma1)) this.sell({ size: 0.4, sl: c * 1.1 });
  }
}

/** Long when RSI(14) < 30, exit when RSI > 70. */
export class RsiReversion extends Strategy {
  static override params = { n: 14 };
  rsi!: Series;
  override init(): void {
    this.rsi = this.I(rsi(this.data.close.values, num(this.params.n)), 'RSI');
  }
  next(): void {
    const r = this.rsi.at(-1)!;
    if (!this.position.isOpen && r < 30) this.buy();
    else if (this.position.isOpen && r > 70) this.position.close();
  }
}

/** Tagged, pyramided RSI entries with a 1 % SL each. */
export class RsiTagged extends Strategy {
  static override params = { n: 14 };
  rsi!: Series;
  override init(): void {
    this.rsi = this.I(rsi(this.data.close.values, num(this.params.n)), 'RSI');
  }
  next(): void {
    const r = this.rsi.at(-1)!;
    const c = this.data.close.at(-1)!;
    const k = this.trades.length;
    if (k === 0 && r < 30) this.buy({ size: 0.3, sl: c * 0.99, tag: 'rsi<30' });
    else if (k === 1 && r < 20) this.buy({ size: 0.3, sl: c * 0.99, tag: 'rsi<20' });
    else if (k && r > 70) this.position.close();
  }
}

/** generate.py's commission_min1: 0.2 % of the traded value, at least 1. */
export function commissionMin1(units: number, price: number): number {
  return Math.max(1, Math.abs(units) * price * 0.002);
}

/** Commission functions a fixture names as `{ function: name }`. */
export const COMMISSION_FUNCS: Record<string, Commission> = { 'min1_0.2pct': commissionMin1 };

/** Python class name (fixture `strategy`) → TypeScript twin. */
export const TWINS = {
  SmaCross,
  SmaCrossLimitExclusive,
  SmaCrossHedging,
  SmaShortOnly,
  LimitEntry,
  StopEntry,
  StopLimitEntry,
  SlTpBracket,
  TrailingSl,
  PartialClose,
  RsiReversion,
  RsiTagged,
  SmaReverse,
  ExclusiveDouble,
  Pyramid,
  SlTpModify,
  LimitBracket,
  PartialCloseHedged,
} as const;

/** Which test file runs which fixture (every fixture in exactly one group; checked in parity.test.ts). */
export const GROUPS = {
  sma: [
    'sma_trade_on_close',
    'sma_exclusive_orders',
    'sma_finalize_trades',
    'sma_hedging',
    'sma_margin_commission',
    'sma_spread',
    'sma_commission_fixed_fraction',
    'sma_commission_callable',
    'sma_fixed_size',
    'sma_fractional_size',
    'sma_out_of_money',
    'sma_reverse_fifo',
    'sma_reverse_fifo_units',
    'exclusive_double_orders',
    'sma_commission_rebate',
    'sma_fixed_size_cancel',
    'sma_toc_exclusive_finalize',
    'pyramid_out_of_money',
    'sma_hedging_margin',
  ],
  orders: [
    'limit_entry',
    'stop_entry',
    'stop_limit_entry',
    'stop_limit_pullback',
    'sltp_long',
    'sltp_short',
    'sltp_trade_on_close',
    'trailing_sl',
    'partial_close',
    'stop_limit_short',
    'limit_sltp',
    'sltp_short_spread',
    'sltp_modify',
    'partial_close_hedged',
    'no_trades',
    'sltp_finalize',
    'stop_entry_trade_on_close',
    'limit_sltp_spread',
  ],
  rsiBtc: ['rsi_eurusd', 'rsi_eurusd_tags', 'btc_monthly_sma', 'btc_monthly_trailing_margin', 'btc_monthly_out_of_money'],
};
