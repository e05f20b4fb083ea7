/**
 * Paper trading of the agent's promoted strategies: opens an account when a strategy is promoted,
 * advances every account with the bars that arrived since (catching up everything missed while the
 * editor was closed), books fills in the lifecycle log and moves strategies to ready or retired by
 * the paper thresholds.
 */
import * as path from 'node:path';
import type { Bars } from '../../engine/bars';
import { sliceBars } from '../../engine/robustness';
import type { RunBacktest } from '../../runner/protocol';
import type { AgentConfig } from '../config';
import { type Figures, judgePaper } from '../judge';
import { type AgentState, type StrategyRecord, record } from '../state';
import { type PaperAccount, liveTrades, newAccount } from './account';
import { PaperBroker } from './broker';

export interface PaperDeps {
  root: string;
  run: RunBacktest;
  loadBars(symbol: string, timeframe: string, signal?: AbortSignal): Promise<Bars>;
  now(): number;
}

/** Opens the paper account of a just-promoted strategy: `lookback` bars of history, live from the next bar. */
export function openAccount(bars: Bars, lookback: number, cash: number): PaperAccount {
  const n = bars.close.length;
  const first = Math.max(0, n - lookback);
  return newAccount(new Date(bars.time[first]).toISOString(), n - first, cash);
}

/** The account's bars out of the symbol's bars (from its first bar on). */
export function accountBars(bars: Bars, account: PaperAccount): Bars {
  const t0 = Date.parse(account.from);
  const k = bars.time.indexOf(t0);
  if (k < 0) return { ...bars, time: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) };
  return sliceBars(bars, { start: k, end: bars.close.length });
}

/**
 * Figures of the live trades of an account, with the engine's definitions: win rate = share of
 * trades with pnl > 0; profit factor = Σ positive returns ÷ |Σ negative returns| (null without a loss).
 */
export function paperFigures(account: PaperAccount): Figures {
  const trades = liveTrades(account);
  const n = trades.length;
  if (!n) return { trades: 0, winRatePct: null, profitFactor: null, returnPct: null };
  let wins = 0;
  let pos = 0;
  let neg = 0;
  for (const t of trades) {
    if (t.pnl > 0) wins++;
    if (t.returnPct > 0) pos += t.returnPct;
    else neg += t.returnPct;
  }
  const eq = account.equity;
  const start = eq[Math.min(account.liveFromBar, eq.length - 1)] ?? account.cash;
  const pf = neg < 0 ? pos / -neg : null;
  return { trades: n, winRatePct: (wins / n) * 100, profitFactor: pf, returnPct: ((eq[eq.length - 1] - start) / start) * 100 };
}

export interface AdvanceSummary {
  strategies: number;
  newBars: number;
  fills: number;
  errors: string[];
}

/** Advances every paper and ready strategy; mutates `state`. */
export async function advancePaper(state: AgentState, c: AgentConfig, d: PaperDeps, signal?: AbortSignal): Promise<AdvanceSummary> {
  const sum: AdvanceSummary = { strategies: 0, newBars: 0, fills: 0, errors: [] };
  const active = state.strategies.filter((s) => (s.status === 'paper' || s.status === 'ready') && s.paper);
  const bySymbol = new Map<string, Bars>();
  for (const s of active) {
    try {
      let bars = bySymbol.get(s.symbol);
      if (!bars) bySymbol.set(s.symbol, (bars = await d.loadBars(s.symbol, c.timeframe, signal)));
      await advanceOne(state, s, bars, c, d, signal, sum);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      const msg = `${s.name}: ${(err as Error).message}`;
      sum.errors.push(msg);
      record(state, d.now(), 'error', msg, s.id, (err as { code?: string }).code);
    }
  }
  return sum;
}

async function advanceOne(state: AgentState, s: StrategyRecord, bars: Bars, c: AgentConfig, d: PaperDeps, signal: AbortSignal | undefined, sum: AdvanceSummary): Promise<void> {
  const account = s.paper!;
  const broker = new PaperBroker({ run: d.run, strategyPath: path.resolve(d.root, s.file), root: d.root, options: { commission: c.commission } });
  const booked = await broker.advance(account, accountBars(bars, account), signal);
  sum.strategies++;
  sum.newBars += booked.newBars;
  if (booked.divergedAtBar !== undefined) record(state, d.now(), 'error', `paper: the replay differs from the booked trades from bar ${booked.divergedAtBar} (data revised or the strategy reads ahead); re-synced`, s.id, 'BAD_STATE');
  for (const f of booked.fills) {
    if (f.replayed) continue;
    sum.fills++;
    record(state, d.now(), 'fill', `paper ${f.side} ${f.size} @ ${f.price.toFixed(2)} (${f.reason}) on ${f.time}`, s.id);
  }
  if (s.status !== 'paper') return;
  const figures = paperFigures(account);
  const decision = judgePaper(figures, c);
  if (decision.status === 'paper') return;
  s.status = decision.status;
  s.reason = decision.reason;
  const at = new Date(d.now()).toISOString();
  if (decision.status === 'ready') s.promoted = at;
  else s.retired = at;
  record(state, d.now(), decision.status === 'ready' ? 'ready' : 'retired', decision.reason, s.id);
}
