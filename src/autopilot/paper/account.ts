/**
 * A paper account: what the strategy did on the bars seen so far, kept so a restart goes on from
 * there. Advancing replays the strategy over all of the account's bars (the engine is causal: the
 * past does not change when bars are added) and books what is new since the last processed bar:
 * fills, closed trades, open positions and one equity value per bar. The result is, by
 * construction and checked on every step, the same as one backtest over the same bars.
 */
import type { OpenTradeRecord, Result, TradeRecord } from '../../engine/result';

export interface Fill {
  bar: number;
  time: string;
  side: 'buy' | 'sell';
  /** Units (always positive). */
  size: number;
  price: number;
  reason: 'entry' | 'exit';
  /** On the warm-up bars before the account went live (replayed history, not a live fill). */
  replayed: boolean;
}

export interface PaperAccount {
  /** Time of the account's first bar (ISO); every advance gets bars starting there. */
  from: string;
  /** First bar index that is live (bars before it are warm-up history). */
  liveFromBar: number;
  processedBars: number;
  lastBarTime: string | null;
  cash: number;
  trades: TradeRecord[];
  openTrades: OpenTradeRecord[];
  equity: number[];
  fills: Fill[];
  /** Set when a replay disagreed with what was booked (data revised or the strategy not causal). */
  divergedAt?: string;
}

export function newAccount(from: string, liveFromBar: number, cash: number): PaperAccount {
  return { from, liveFromBar, processedBars: 0, lastBarTime: null, cash, trades: [], openTrades: [], equity: [], fills: [] };
}

export interface Booked {
  newBars: number;
  fills: Fill[];
  /** First bar where the replay disagreed with the booked trades or equity, if any. */
  divergedAtBar?: number;
}

function sameTrade(a: TradeRecord, b: TradeRecord): boolean {
  return a.entryBar === b.entryBar && a.exitBar === b.exitBar && a.entryPrice === b.entryPrice && a.exitPrice === b.exitPrice && a.size === b.size;
}

/** Books a replay `r` over bars [0, n) into the account (mutates it). */
export function book(account: PaperAccount, r: Result, n: number): Booked {
  const done = account.processedBars;
  let diverged: number | undefined;
  for (let k = 0; k < account.trades.length; k++) {
    if (k >= r.trades.length || !sameTrade(account.trades[k], r.trades[k])) {
      diverged = account.trades[k].entryBar;
      break;
    }
  }
  for (let i = 0; i < Math.min(done, n); i++) {
    if (account.equity[i] !== r.equity[i]) {
      diverged = Math.min(diverged ?? i, i);
      break;
    }
  }
  const fills: Fill[] = [];
  const add = (bar: number, time: string, side: Fill['side'], size: number, price: number, reason: Fill['reason']) => {
    if (bar >= done) fills.push({ bar, time, side, size: Math.abs(size), price, reason, replayed: bar < account.liveFromBar });
  };
  for (const t of r.trades) {
    add(t.entryBar, t.entryTime, t.size > 0 ? 'buy' : 'sell', t.size, t.entryPrice, 'entry');
    add(t.exitBar, t.exitTime, t.size > 0 ? 'sell' : 'buy', t.size, t.exitPrice, 'exit');
  }
  for (const t of r.openTrades) add(t.entryBar, t.entryTime, t.size > 0 ? 'buy' : 'sell', t.size, t.entryPrice, 'entry');
  fills.sort((a, b) => a.bar - b.bar || (a.reason === b.reason ? 0 : a.reason === 'exit' ? -1 : 1));
  account.fills.push(...fills);
  account.trades = r.trades;
  account.openTrades = r.openTrades;
  account.equity = Array.from(r.equity as ArrayLike<number>);
  account.processedBars = n;
  account.lastBarTime = n ? r.data.to : null;
  if (diverged !== undefined) account.divergedAt = new Date().toISOString();
  return { newBars: Math.max(0, n - done), fills, ...(diverged !== undefined ? { divergedAtBar: diverged } : {}) };
}

/** Figures of the live part: trades entered at or after the live bar. */
export function liveTrades(account: PaperAccount): TradeRecord[] {
  return account.trades.filter((t) => t.entryBar >= account.liveFromBar);
}
