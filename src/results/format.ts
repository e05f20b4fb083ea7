/**
 * How figures are shown, shared by the panel app and the reports: one definition per statistic
 * (label, unit, which direction is better) and the formatters. `null` is shown as "—".
 */
import type { Stats } from '../engine/stats';

export type Unit = 'pct' | 'ratio' | 'money' | 'days' | 'count' | 'date';

export interface StatDef {
  key: keyof Stats;
  label: string;
  unit: Unit;
  /** Which value is better when runs are compared; undefined = not comparable. Drawdowns are negative (−12 = 12 % below the peak), so higher is better. */
  better?: 'higher' | 'lower';
  /** Colour the value by its sign (green above zero, red below). */
  signed?: boolean;
}

export const STATS: readonly StatDef[] = [
  { key: 'start', label: 'Start', unit: 'date' },
  { key: 'end', label: 'End', unit: 'date' },
  { key: 'durationDays', label: 'Duration', unit: 'days' },
  { key: 'exposureTimePct', label: 'Exposure time', unit: 'pct' },
  { key: 'equityFinal', label: 'Equity final', unit: 'money', better: 'higher' },
  { key: 'equityPeak', label: 'Equity peak', unit: 'money', better: 'higher' },
  { key: 'returnPct', label: 'Return', unit: 'pct', better: 'higher', signed: true },
  { key: 'buyHoldReturnPct', label: 'Buy & hold return', unit: 'pct', signed: true },
  { key: 'returnAnnPct', label: 'Return (ann.)', unit: 'pct', better: 'higher', signed: true },
  { key: 'volatilityAnnPct', label: 'Volatility (ann.)', unit: 'pct', better: 'lower' },
  { key: 'cagrPct', label: 'CAGR', unit: 'pct', better: 'higher', signed: true },
  { key: 'sharpeRatio', label: 'Sharpe ratio', unit: 'ratio', better: 'higher', signed: true },
  { key: 'sortinoRatio', label: 'Sortino ratio', unit: 'ratio', better: 'higher', signed: true },
  { key: 'calmarRatio', label: 'Calmar ratio', unit: 'ratio', better: 'higher', signed: true },
  { key: 'alphaPct', label: 'Alpha', unit: 'pct', better: 'higher', signed: true },
  { key: 'beta', label: 'Beta', unit: 'ratio' },
  { key: 'maxDrawdownPct', label: 'Max. drawdown', unit: 'pct', better: 'higher' },
  { key: 'avgDrawdownPct', label: 'Avg. drawdown', unit: 'pct', better: 'higher' },
  { key: 'maxDrawdownDurationDays', label: 'Max. drawdown duration', unit: 'days', better: 'lower' },
  { key: 'avgDrawdownDurationDays', label: 'Avg. drawdown duration', unit: 'days', better: 'lower' },
  { key: 'trades', label: '# Trades', unit: 'count' },
  { key: 'winRatePct', label: 'Win rate', unit: 'pct', better: 'higher' },
  { key: 'bestTradePct', label: 'Best trade', unit: 'pct', better: 'higher', signed: true },
  { key: 'worstTradePct', label: 'Worst trade', unit: 'pct', better: 'higher', signed: true },
  { key: 'avgTradePct', label: 'Avg. trade', unit: 'pct', better: 'higher', signed: true },
  { key: 'maxTradeDurationDays', label: 'Max. trade duration', unit: 'days' },
  { key: 'avgTradeDurationDays', label: 'Avg. trade duration', unit: 'days' },
  { key: 'profitFactor', label: 'Profit factor', unit: 'ratio', better: 'higher' },
  { key: 'expectancyPct', label: 'Expectancy', unit: 'pct', better: 'higher', signed: true },
  { key: 'sqn', label: 'SQN', unit: 'ratio', better: 'higher', signed: true },
  { key: 'kellyCriterion', label: 'Kelly criterion', unit: 'ratio', better: 'higher', signed: true },
  { key: 'commissions', label: 'Commissions', unit: 'money', better: 'lower' },
];

export const STAT_BY_KEY: ReadonlyMap<string, StatDef> = new Map(STATS.map((d) => [d.key, d]));

/** The KPI cards, in order. `Alpha / Beta` shows two figures in one card. */
export interface KpiDef {
  id: string;
  label: string;
  keys: (keyof Stats)[];
}

export const KPIS: readonly KpiDef[] = [
  { id: 'return', label: 'Return', keys: ['returnPct'] },
  { id: 'cagr', label: 'CAGR', keys: ['cagrPct'] },
  { id: 'sharpe', label: 'Sharpe', keys: ['sharpeRatio'] },
  { id: 'sortino', label: 'Sortino', keys: ['sortinoRatio'] },
  { id: 'maxdd', label: 'Max drawdown', keys: ['maxDrawdownPct'] },
  { id: 'winrate', label: 'Win rate', keys: ['winRatePct'] },
  { id: 'pf', label: 'Profit factor', keys: ['profitFactor'] },
  { id: 'trades', label: '# Trades', keys: ['trades'] },
  { id: 'exposure', label: 'Exposure', keys: ['exposureTimePct'] },
  { id: 'buyhold', label: 'Buy & hold', keys: ['buyHoldReturnPct'] },
  { id: 'alphabeta', label: 'Alpha / Beta', keys: ['alphaPct', 'beta'] },
  { id: 'commissions', label: 'Commissions', keys: ['commissions'] },
];

export const DASH = '—';

function grouped(v: number, digits: number): string {
  // No "-0.00": a value that rounds to zero is shown as zero.
  if (Math.abs(v) < 0.5 * 10 ** -digits) v = 0;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A number with `digits` decimals and thousands separators; null/NaN/±∞ → "—". */
export function formatNumber(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return grouped(v, digits);
}

/** Formats a statistic's value by its unit. */
export function formatValue(v: unknown, unit: Unit): string {
  if (v === null || v === undefined) return DASH;
  if (unit === 'date') {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isFinite(t)) return typeof v === 'string' ? v : DASH;
    const s = new Date(t).toISOString();
    return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s.slice(0, 16).replace('T', ' ');
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return DASH;
  switch (unit) {
    case 'pct':
      return `${grouped(v, 2)} %`;
    case 'money':
      return grouped(v, 2);
    case 'days':
      return v >= 10 ? `${grouped(v, 0)} d` : `${grouped(v, 1)} d`;
    case 'count':
      return grouped(v, 0);
    case 'ratio':
      return grouped(v, 3);
  }
}

export function formatStat(stats: Stats, key: keyof Stats): string {
  const def = STAT_BY_KEY.get(key);
  return formatValue(stats[key], def?.unit ?? 'ratio');
}

/** `pos`, `neg` or `zero` for values coloured by sign; '' otherwise. */
export function signClass(key: keyof Stats, v: unknown): '' | 'pos' | 'neg' | 'zero' {
  const def = STAT_BY_KEY.get(key);
  if (!def?.signed || typeof v !== 'number' || !Number.isFinite(v)) return '';
  return v > 0 ? 'pos' : v < 0 ? 'neg' : 'zero';
}

/** Index of the best value among runs for a statistic (first on ties); -1 when none or not comparable. */
export function bestOf(key: keyof Stats, values: readonly unknown[]): number {
  const def = STAT_BY_KEY.get(key);
  if (!def?.better) return -1;
  let best = -1;
  values.forEach((v, k) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    const b = best < 0 ? undefined : (values[best] as number);
    if (b === undefined || (def.better === 'higher' ? v > b : v < b)) best = k;
  });
  return best;
}

/** Short text of a parameter or option value. */
export function formatParam(v: unknown): string {
  if (v === null || v === undefined) return DASH;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(+v.toPrecision(6));
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
