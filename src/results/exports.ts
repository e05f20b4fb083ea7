/**
 * Plain-file exports of a run: trades CSV, equity CSV (with drawdown and buy & hold) and the
 * statistics JSON. Pure string builders; the host and the CLI write them.
 */
import { buyHoldCurve } from './derive';
import type { RunView } from './protocol';

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function rows(header: string[], data: unknown[][]): string {
  return [header.join(','), ...data.map((r) => r.map(field).join(','))].join('\r\n') + '\r\n';
}

const TRADE_COLUMNS = ['entryBar', 'exitBar', 'entryTime', 'exitTime', 'side', 'size', 'entryPrice', 'exitPrice', 'pnl', 'returnPct', 'commission', 'sl', 'tp', 'durationDays', 'tag'];

/** One row per closed trade; trades still open at the end follow with an empty exit and `open` side suffix. */
export function tradesCsv(run: RunView): string {
  const r = run.result;
  const closed = r.trades.map((t) => [t.entryBar, t.exitBar, t.entryTime, t.exitTime, t.size > 0 ? 'long' : 'short', t.size, t.entryPrice, t.exitPrice, t.pnl, t.returnPct, t.commission, t.sl, t.tp, t.durationDays, t.tag]);
  const open = r.openTrades.map((t) => [t.entryBar, '', t.entryTime, '', t.size > 0 ? 'long (open)' : 'short (open)', t.size, t.entryPrice, '', t.pnl, t.returnPct, '', t.sl, t.tp, '', t.tag]);
  return rows(TRADE_COLUMNS, [...closed, ...open]);
}

/** One row per bar: time, close, equity, drawdown %, buy & hold equity. */
export function equityCsv(run: RunView): string {
  const r = run.result;
  const bh = buyHoldCurve(run.bars.close, r.equity, r.startBar);
  const data = run.bars.time.map((t, i) => [new Date(t).toISOString(), run.bars.close[i], r.equity[i], r.drawdown[i], bh[i]]);
  return rows(['time', 'close', 'equity', 'drawdownPct', 'buyHoldEquity'], data);
}

/** The statistics with the run's identity: strategy, data, params, options. */
export function statsJson(run: RunView): string {
  const r = run.result;
  return JSON.stringify(
    { strategy: run.name, strategyPath: run.strategyPath, runAt: run.runAt, data: r.data, params: r.params, options: r.options, stats: r.stats, openTrades: r.openTrades.length },
    null,
    2,
  ) + '\n';
}
