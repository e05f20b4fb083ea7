/**
 * The markdown the chat writes: the compact statistics table, the run's key figures for metadata,
 * and the honest explanation template used when no model is available (worst trades, exposure,
 * drawdown episodes — facts from the result and the spec, no invented reasons).
 */
import type { StrategySpec } from '../ai/spec/types';
import { conditionsOf } from '../ai/spec/types';
import type { Result } from '../engine/result';
import type { ChatMetadata } from './types';

const num = (v: number | null | undefined, digits = 2, unit = '') => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(digits)}${unit}`);
const signed = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)} %`);

/** Seven rows a trader reads first, as a two-column markdown table. */
export function statsTable(r: Result): string {
  const s = r.stats;
  const rows: [string, string][] = [
    ['Return', signed(s.returnPct)],
    ['Buy & hold', signed(s.buyHoldReturnPct)],
    ['Sharpe ratio', num(s.sharpeRatio)],
    ['Max drawdown', s.maxDrawdownPct === null ? '—' : `${(-Math.abs(s.maxDrawdownPct)).toFixed(2)} %`],
    ['Trades', String(s.trades)],
    ['Win rate', num(s.winRatePct, 1, ' %')],
    ['Exposure', num(s.exposureTimePct, 1, ' %')],
    ['Profit factor', num(s.profitFactor)],
  ];
  return ['| Statistic | Value |', '|---|---:|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

export function keyFigures(r: Result): NonNullable<ChatMetadata['stats']> {
  const s = r.stats;
  return { returnPct: s.returnPct, buyHoldReturnPct: s.buyHoldReturnPct, sharpeRatio: s.sharpeRatio, maxDrawdownPct: s.maxDrawdownPct, trades: s.trades, winRatePct: s.winRatePct };
}

/** `RSI 14 strategy on SAMPLE 1d, 2015-01-02 … 2022-12-30 (2 086 bars)`. */
export function runLine(r: Result, dataLabel: string): string {
  return `${r.strategy} on ${r.data.symbol || 'data'} ${r.data.interval}, ${r.data.from.slice(0, 10)} … ${r.data.to.slice(0, 10)} (${r.data.bars} bars; ${dataLabel})`;
}

/** Drawdown episodes: peak → trough → recovery, deepest first. */
export function drawdownEpisodes(r: Result, n = 3): { depthPct: number; from: number; trough: number; to: number | null }[] {
  const dd = Array.from(r.drawdown);
  const out: { depthPct: number; from: number; trough: number; to: number | null }[] = [];
  let start = -1;
  let trough = -1;
  for (let i = 0; i < dd.length; i++) {
    const v = dd[i];
    if (!(v > 0)) {
      if (start >= 0) out.push({ depthPct: dd[trough], from: start, trough, to: i });
      start = -1;
      continue;
    }
    if (start < 0) {
      start = i;
      trough = i;
    } else if (v > dd[trough]) trough = i;
  }
  if (start >= 0) out.push({ depthPct: dd[trough], from: start, trough, to: null });
  return out.sort((a, b) => b.depthPct - a.depthPct).slice(0, n);
}

function rulesText(spec: StrategySpec): string[] {
  const op = (o: unknown) => (typeof o === 'object' && o ? `${(o as { mult: number }).mult} × ${(o as { ref: string }).ref}` : String(o));
  const rules = (label: string, r: StrategySpec['entry'] | undefined) => {
    if (!r) return [];
    const conds = conditionsOf(r);
    return conds.length ? [`- **${label}:** ${conds.map((c) => `${op(c.left)} ${c.op} ${op(c.right)}`).join('all' in r ? ' and ' : ' or ')}`] : [];
  };
  const risk = spec.risk;
  const riskParts = [
    risk.stopLossPct !== undefined ? `stop loss ${risk.stopLossPct} %` : '',
    risk.takeProfitPct !== undefined ? `take profit ${risk.takeProfitPct} %` : '',
    risk.trailingStopPct !== undefined ? `trailing stop ${risk.trailingStopPct} %` : '',
  ].filter(Boolean);
  return [
    ...rules(spec.direction === 'short' ? 'Opens a short' : 'Opens a long', spec.entry),
    ...rules(spec.direction === 'short' ? 'Closes the short' : 'Closes the long', spec.exit),
    ...rules('Opens a short', spec.shortEntry),
    ...rules('Closes the short', spec.shortExit),
    `- **Risk:** ${riskParts.length ? riskParts.join(', ') : 'no stop loss, take profit or trailing stop'}`,
    `- **Size:** ${spec.sizing.type === 'allIn' ? 'all available equity' : spec.sizing.type === 'fraction' ? `${spec.sizing.value} % of equity` : `${spec.sizing.value} units`}`,
  ];
}

/**
 * The explanation without a model: what the strategy does (from its spec when it has one) and what
 * the result shows. Every sentence is a fact read from the spec or the result.
 */
export function explainTemplate(spec: StrategySpec | undefined, r: Result | undefined, fileLabel: string, times?: ArrayLike<number>): string {
  const out: string[] = [];
  if (spec) out.push(`**${fileLabel}** — ${spec.name} (${spec.direction}, ${spec.timeframe}):`, '', ...rulesText(spec), '');
  else out.push(`**${fileLabel}** has no embedded spec (it was written or edited by hand), so only its results can be described here.`, '');
  if (!r) {
    out.push('There is no backtest of it in this conversation yet: run `/backtest` to get its figures.');
    return out.join('\n');
  }
  const s = r.stats;
  out.push(`**Result.** Return ${signed(s.returnPct)} against buy & hold ${signed(s.buyHoldReturnPct)}, over ${s.trades} trade${s.trades === 1 ? '' : 's'}.`);
  out.push(`**Exposure.** In the market ${num(s.exposureTimePct, 1, ' %')} of the time${s.avgTradeDurationDays !== null ? `; a trade lasted ${num(s.avgTradeDurationDays, 1)} days on average` : ''}.`);
  const losers = [...r.trades].sort((a, b) => a.returnPct - b.returnPct).filter((t) => t.returnPct < 0).slice(0, 3);
  if (losers.length) {
    out.push('', '**Worst trades:**', '', '| Entry | Exit | Return | Exit reason |', '|---|---|---:|---|');
    for (const t of losers) {
      const side = t.size < 0 ? 'short' : 'long';
      const hitStop = t.sl !== null && (side === 'long' ? t.exitPrice <= t.sl * 1.0001 : t.exitPrice >= t.sl * 0.9999);
      const reason = hitStop ? `stop loss at ${t.sl!.toFixed(2)}` : t.tp !== null && Math.abs(t.exitPrice - t.tp) / t.tp < 1e-4 ? 'take profit' : 'exit rule or end of data';
      out.push(`| ${t.entryTime.slice(0, 10)} @ ${t.entryPrice.toFixed(2)} | ${t.exitTime.slice(0, 10)} @ ${t.exitPrice.toFixed(2)} | ${signed(t.returnPct)} | ${reason} |`);
    }
  } else if (r.trades.length) out.push('', 'No closed trade lost money.');
  const eps = drawdownEpisodes(r);
  if (eps.length) {
    const time = (i: number) => dateOfBar(r, i, times);
    out.push('', `**Drawdowns.** Deepest ${num(s.maxDrawdownPct, 2, ' %')}${s.maxDrawdownDurationDays !== null ? `, the longest lasted ${num(s.maxDrawdownDurationDays, 0)} days` : ''}:`);
    for (const e of eps) out.push(`- −${e.depthPct.toFixed(2)} % from ${time(e.from)} to the trough on ${time(e.trough)}, ${e.to === null ? 'not recovered by the end of the data' : `recovered on ${time(e.to)}`}`);
  }
  out.push('', '_This summary is read from the spec and the statistics; a language model can say more about why (choose one in the chat view or add a Gemini key)._');
  return out.join('\n');
}

/** The date of bar `i`: from the bars' times when known, else a trade's, else interpolated (marked ≈). */
function dateOfBar(r: Result, i: number, times?: ArrayLike<number>): string {
  if (times && i < times.length) return new Date(times[i]).toISOString().slice(0, 10);
  const t = r.trades.find((x) => x.entryBar === i)?.entryTime ?? r.trades.find((x) => x.exitBar === i)?.exitTime;
  if (t) return t.slice(0, 10);
  const from = Date.parse(r.data.from);
  const to = Date.parse(r.data.to);
  if (Number.isFinite(from) && Number.isFinite(to) && r.data.bars > 1) return `≈${new Date(from + ((to - from) * i) / (r.data.bars - 1)).toISOString().slice(0, 10)}`;
  return `bar ${i}`;
}
