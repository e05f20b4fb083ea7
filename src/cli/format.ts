import type { Result } from '../engine/result';
import type { Stats } from '../engine/stats';
import type { ComboResult } from '../engine/optimize';

/** Row labels in backtesting.py's order and wording. */
const ROWS: [keyof Stats, string][] = [
  ['start', 'Start'],
  ['end', 'End'],
  ['durationDays', 'Duration [days]'],
  ['exposureTimePct', 'Exposure Time [%]'],
  ['equityFinal', 'Equity Final [$]'],
  ['equityPeak', 'Equity Peak [$]'],
  ['commissions', 'Commissions [$]'],
  ['returnPct', 'Return [%]'],
  ['buyHoldReturnPct', 'Buy & Hold Return [%]'],
  ['returnAnnPct', 'Return (Ann.) [%]'],
  ['volatilityAnnPct', 'Volatility (Ann.) [%]'],
  ['cagrPct', 'CAGR [%]'],
  ['sharpeRatio', 'Sharpe Ratio'],
  ['sortinoRatio', 'Sortino Ratio'],
  ['calmarRatio', 'Calmar Ratio'],
  ['alphaPct', 'Alpha [%]'],
  ['beta', 'Beta'],
  ['maxDrawdownPct', 'Max. Drawdown [%]'],
  ['avgDrawdownPct', 'Avg. Drawdown [%]'],
  ['maxDrawdownDurationDays', 'Max. Drawdown Duration [days]'],
  ['avgDrawdownDurationDays', 'Avg. Drawdown Duration [days]'],
  ['trades', '# Trades'],
  ['winRatePct', 'Win Rate [%]'],
  ['bestTradePct', 'Best Trade [%]'],
  ['worstTradePct', 'Worst Trade [%]'],
  ['avgTradePct', 'Avg. Trade [%]'],
  ['maxTradeDurationDays', 'Max. Trade Duration [days]'],
  ['avgTradeDurationDays', 'Avg. Trade Duration [days]'],
  ['profitFactor', 'Profit Factor'],
  ['expectancyPct', 'Expectancy [%]'],
  ['sqn', 'SQN'],
  ['kellyCriterion', 'Kelly Criterion'],
];

export function formatNumber(v: number | string | null): string {
  if (v === null) return '--';
  if (typeof v === 'string') return v.replace('T', ' ').replace(/Z$/, '');
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(Math.abs(v) >= 1000 ? 2 : 5).replace(/\.?0+$/, '');
}

/** The statistics as a two-column table, like backtesting.py prints them. */
export function statsTable(stats: Stats): string {
  const width = Math.max(...ROWS.map(([, l]) => l.length)) + 2;
  return ROWS.map(([k, label]) => label.padEnd(width) + formatNumber(stats[k])).join('\n');
}

/** Counts and the last few trades. */
export function tradeSummary(r: Result, last = 10): string {
  const lines: string[] = [];
  const wins = r.trades.filter((t) => t.pnl > 0).length;
  lines.push(`Trades: ${r.trades.length} closed (${wins} won, ${r.trades.length - wins} lost), ${r.openTrades.length} open at the end`);
  if (r.trades.length) {
    lines.push('');
    const head = ['#', 'Side', 'Size', 'Entry', 'Exit', 'Entry price', 'Exit price', 'P/L', 'Return %'];
    const rows = r.trades.slice(-last).map((t, k) => [
      String(r.trades.length - Math.min(last, r.trades.length) + k + 1),
      t.size > 0 ? 'long' : 'short',
      formatNumber(Math.abs(t.size)),
      t.entryTime.slice(0, 10),
      t.exitTime.slice(0, 10),
      formatNumber(t.entryPrice),
      formatNumber(t.exitPrice),
      t.pnl.toFixed(2),
      t.returnPct.toFixed(2),
    ]);
    lines.push(...table([head, ...rows]));
    if (r.trades.length > last) lines.push(`(last ${last} of ${r.trades.length}; --json for all)`);
  }
  for (const t of r.openTrades) {
    lines.push(`Open: ${t.size > 0 ? 'long' : 'short'} ${Math.abs(t.size)} @ ${formatNumber(t.entryPrice)} since ${t.entryTime.slice(0, 10)} (unrealized ${t.pnl.toFixed(2)})`);
  }
  return lines.join('\n');
}

/** The best combinations of an optimization, best first. */
export function combosTable(combos: ComboResult[], metric: string, value: (c: ComboResult) => number, top = 10): string {
  const names = Object.keys(combos[0]?.params ?? {});
  const sorted = combos.map((c) => ({ c, v: value(c) })).sort((a, b) => b.v - a.v).slice(0, top);
  const rows = sorted.map(({ c, v }) => [...names.map((n) => String(c.params[n])), Number.isFinite(v) ? formatNumber(v) : '--', formatNumber(c.stats.returnPct), String(c.stats.trades)]);
  return table([[...names, metric, 'Return [%]', '# Trades'], ...rows]).join('\n');
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}
