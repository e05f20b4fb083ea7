/**
 * Promotion and retirement by the configured thresholds, each decision with its reason in words
 * ("retired: profit factor 1.2 < 1.5"). Pure.
 */
import type { AgentConfig, Thresholds } from './config';

export interface Figures {
  trades: number;
  winRatePct: number | null;
  profitFactor: number | null;
  returnPct: number | null;
}

export interface OutOfSample {
  passed: boolean;
  profitFactor: number | null;
  returnPct: number | null;
  trades: number;
  folds: number;
  reason: string;
}

export interface Decision<S extends string> {
  status: S;
  reason: string;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, ''));

/** The reasons `f` misses `t` (empty when it passes); strict "above" like the seeds. */
export function misses(f: Figures, t: Thresholds, minTrades: number): string[] {
  const out: string[] = [];
  if (f.trades < minTrades) out.push(`${f.trades} trades < ${minTrades}`);
  if (f.winRatePct === null) out.push('no win rate (no trades)');
  else if (!(f.winRatePct > t.winRatePct)) out.push(`win rate ${fmt(f.winRatePct)} % ${f.winRatePct < t.winRatePct ? '<' : '='} ${fmt(t.winRatePct)} %`);
  // A null profit factor with trades means no losing trade: it beats any threshold.
  if (f.profitFactor === null) {
    if (f.trades === 0) out.push('no profit factor (no trades)');
  } else if (!(f.profitFactor > t.profitFactor)) out.push(`profit factor ${fmt(f.profitFactor)} ${f.profitFactor < t.profitFactor ? '<' : '='} ${fmt(t.profitFactor)}`);
  return out;
}

function passes(f: Figures, t: Thresholds, minTrades: number): string {
  const pf = f.profitFactor === null ? '∞ (no losing trade)' : fmt(f.profitFactor);
  return `win rate ${fmt(f.winRatePct!)} % > ${fmt(t.winRatePct)} %, profit factor ${pf} > ${fmt(t.profitFactor)}, ${f.trades} trades ≥ ${minTrades}`;
}

/** Out-of-sample verdict from the stitched walk-forward figures. */
export function judgeOutOfSample(f: Figures & { folds: number }, minProfitFactor: number): OutOfSample {
  const base = { profitFactor: f.profitFactor, returnPct: f.returnPct, trades: f.trades, folds: f.folds };
  if (f.trades === 0 || f.profitFactor === null) return { ...base, passed: false, reason: `out-of-sample: no trades in ${f.folds} walk-forward window(s)` };
  if (!(f.profitFactor > minProfitFactor)) return { ...base, passed: false, reason: `out-of-sample profit factor ${fmt(f.profitFactor)} ${f.profitFactor < minProfitFactor ? '<' : '='} ${fmt(minProfitFactor)}` };
  return { ...base, passed: true, reason: `out-of-sample profit factor ${fmt(f.profitFactor)} > ${fmt(minProfitFactor)} over ${f.folds} window(s)` };
}

/** backtest → paper, or retired. */
export function judgeBacktest(f: Figures, oos: OutOfSample, c: AgentConfig): Decision<'paper' | 'retired'> {
  const miss = misses(f, c.promoteToPaper, c.minTrades);
  if (!oos.passed) miss.push(oos.reason);
  if (miss.length) return { status: 'retired', reason: `retired: ${miss.join('; ')}` };
  return { status: 'paper', reason: `promoted to paper: ${passes(f, c.promoteToPaper, c.minTrades)}; ${oos.reason}` };
}

/** paper → ready; retired once enough trades show it below the paper thresholds; else stays. */
export function judgePaper(f: Figures, c: AgentConfig): Decision<'ready' | 'retired' | 'paper'> {
  if (f.trades < c.minTrades) return { status: 'paper', reason: `paper: ${f.trades} of ${c.minTrades} trades so far` };
  const ready = misses(f, c.promoteToReady, c.minTrades);
  if (!ready.length) return { status: 'ready', reason: `ready: ${passes(f, c.promoteToReady, c.minTrades)} in paper trading` };
  const paper = misses(f, c.promoteToPaper, c.minTrades);
  if (paper.length) return { status: 'retired', reason: `retired in paper trading: ${paper.join('; ')}` };
  return { status: 'paper', reason: `paper: ${ready.join('; ')} (needed for ready)` };
}
