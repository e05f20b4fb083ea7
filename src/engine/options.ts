import { OptionError } from './errors';

/** A commission is a fraction of traded value, `{ fixed, fraction }` per fill, or a function of (signed units, price). */
export type Commission = number | { fixed?: number; fraction?: number } | ((units: number, price: number) => number);

/** Backtest options; defaults are backtesting.py 0.6.6's. */
export interface BacktestOptions {
  /** Starting cash (10 000). */
  cash?: number;
  /** Charged at entry and again at exit (0). */
  commission?: Commission;
  /** Bid-ask spread as a fraction of price, applied to entry prices (0). */
  spread?: number;
  /** Required margin ratio: 1 = no leverage, 0.02 = 50:1 (1). */
  margin?: number;
  /** Fill market orders at the signal bar's close instead of the next bar's open (false). */
  tradeOnClose?: boolean;
  /** Allow long and short trades at the same time (false: opposite orders close trades FIFO). */
  hedging?: boolean;
  /** Each new order cancels pending orders and closes open trades first (false). */
  exclusiveOrders?: boolean;
  /** Close trades still open at the end on the last bar so they count in the statistics (false). */
  finalizeTrades?: boolean;
  /** Trade fractional units (crypto): relative sizes are not floored to whole units (false). */
  fractionalUnits?: boolean;
}

export interface ResolvedOptions {
  cash: number;
  commission: Commission;
  spread: number;
  margin: number;
  tradeOnClose: boolean;
  hedging: boolean;
  exclusiveOrders: boolean;
  finalizeTrades: boolean;
  fractionalUnits: boolean;
}

export const DEFAULT_OPTIONS: ResolvedOptions = {
  cash: 10_000,
  commission: 0,
  spread: 0,
  margin: 1,
  tradeOnClose: false,
  hedging: false,
  exclusiveOrders: false,
  finalizeTrades: false,
  fractionalUnits: false,
};

/** Applies defaults and checks ranges; throws OptionError naming the option and the bad value. */
export function resolveOptions(opts: BacktestOptions = {}): ResolvedOptions {
  const o: ResolvedOptions = { ...DEFAULT_OPTIONS };
  for (const [k, v] of Object.entries(opts)) {
    if (v === undefined) continue;
    if (!(k in DEFAULT_OPTIONS)) throw new OptionError(`unknown backtest option "${k}"`);
    (o as unknown as Record<string, unknown>)[k] = v;
  }
  if (!(typeof o.cash === 'number' && o.cash > 0 && Number.isFinite(o.cash))) throw new OptionError(`cash must be a number > 0, got ${String(o.cash)}`);
  if (!(typeof o.margin === 'number' && o.margin > 0 && o.margin <= 1)) throw new OptionError(`margin must be in (0, 1], got ${String(o.margin)}`);
  if (!(typeof o.spread === 'number' && Number.isFinite(o.spread))) throw new OptionError(`spread must be a number, got ${String(o.spread)}`);
  const c = o.commission;
  if (typeof c === 'number') {
    if (!(c >= -0.1 && c < 0.1)) throw new OptionError(`commission must be a fraction in [-0.1, 0.1) (0.002 = 0.2 %), got ${c}`);
  } else if (typeof c === 'object' && c !== null) {
    const fixed = c.fixed ?? 0;
    const fraction = c.fraction ?? 0;
    if (!(typeof fixed === 'number' && fixed >= 0)) throw new OptionError(`commission.fixed must be ≥ 0, got ${String(fixed)}`);
    if (!(typeof fraction === 'number' && fraction >= -0.1 && fraction < 0.1)) throw new OptionError(`commission.fraction must be in [-0.1, 0.1), got ${String(fraction)}`);
  } else if (typeof c !== 'function') {
    throw new OptionError(`commission must be a number, { fixed, fraction } or a function`);
  }
  for (const k of ['tradeOnClose', 'hedging', 'exclusiveOrders', 'finalizeTrades', 'fractionalUnits'] as const) {
    if (typeof o[k] !== 'boolean') throw new OptionError(`${k} must be true or false, got ${String(o[k])}`);
  }
  return o;
}

/** Options as plain JSON for the Result (a commission function is shown by name). */
export function optionsToJson(o: ResolvedOptions): Record<string, unknown> {
  return { ...o, commission: typeof o.commission === 'function' ? `function ${o.commission.name || '(anonymous)'}` : o.commission };
}
