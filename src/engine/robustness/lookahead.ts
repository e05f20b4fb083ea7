/**
 * Look-ahead replay (the idea of freqtrade's lookahead-analysis): a strategy whose init() reads
 * future bars gets signals that vanish once the future is gone. For every entry and exit of the
 * full run, the run is repeated on the data cut right after the bar the decision was taken on
 * (bar d: the fill bar − 1 for next-open fills, the fill bar itself with tradeOnClose). A kept
 * signal shows there as a pending order of the same side (an entry) or a pending order that closes
 * the trade (an exit). Every per-bar column the strategy computed (strategyColumns) is compared at
 * bar d between the full and the cut run: a column whose value at d depends on later bars is
 * reported as biased, and each changed signal names the columns that differed at its bar.
 */
import { Backtest, type StrategyClass } from '../backtest';
import type { Bars } from '../bars';
import type { BacktestOptions } from '../options';
import type { Result } from '../result';
import { isoTime } from '../stats';
import type { Params, Strategy } from '../strategy';
import { type Column, sameValue, strategyColumns } from './columns';
import { sliceBars } from './windows';

export interface LookaheadSignal {
  kind: 'entry' | 'exit';
  /** Index of the trade in the full run (closed trades, then the open ones). */
  trade: number;
  side: 'long' | 'short';
  /** The bar the decision was taken on. */
  bar: number;
  time: string;
  status: 'kept' | 'changed' | 'error';
  /** What differed, or the error of the cut run. */
  detail?: string;
  /** Columns whose value at `bar` changed when the later bars were removed. */
  columns: string[];
}

export interface BiasedColumn {
  name: string;
  /** Cut runs in which it differed, and the first bar where it did. */
  cuts: number;
  firstBar: number;
  /** Full-data value vs cut-data value at that bar. */
  full: number | null;
  cut: number | null;
}

export interface LookaheadReport {
  /** Entries and exits in the full run. */
  signals: number;
  checked: LookaheadSignal[];
  changed: LookaheadSignal[];
  biased: BiasedColumn[];
  errors: number;
  /** No signal changed and no column depended on the future. */
  ok: boolean;
}

export interface LookaheadOptions {
  /** Most signals to replay (evenly spread over the run when there are more); default 100. */
  maxSignals?: number;
}

interface Cut {
  strategy?: Strategy;
  result?: Result;
  error?: string;
  columns: string[];
}

interface Planned {
  kind: 'entry' | 'exit';
  trade: number;
  size: number;
  entryBar: number;
  bar: number;
}

export function lookaheadReplay(bars: Bars, cls: StrategyClass, options: BacktestOptions = {}, params: Params = {}, opts: LookaheadOptions = {}): LookaheadReport {
  const n = bars.close.length;
  let fullStrategy: Strategy | undefined;
  const full = new Backtest(bars, cls, options);
  const result = full.run(params, { onStrategy: (s) => (fullStrategy = s) });
  const onClose = full.options.tradeOnClose;
  const fullCols = new Map(strategyColumns(fullStrategy!, n).map((c) => [c.name, c]));

  const planned: Planned[] = [];
  const all = [...result.trades.map((t) => ({ ...t, closed: true })), ...result.openTrades.map((t) => ({ ...t, exitBar: -1, closed: false }))];
  all.forEach((t, k) => {
    planned.push({ kind: 'entry', trade: k, size: t.size, entryBar: t.entryBar, bar: onClose ? t.entryBar : t.entryBar - 1 });
    const finalized = full.options.finalizeTrades && t.exitBar === n - 1;
    if (t.closed && !finalized) planned.push({ kind: 'exit', trade: k, size: t.size, entryBar: t.entryBar, bar: onClose ? t.exitBar : t.exitBar - 1 });
  });
  const usable = planned.filter((p) => p.bar >= 1).sort((a, b) => a.bar - b.bar || (a.kind === 'exit' ? -1 : 1));
  const picked = spread(usable, opts.maxSignals ?? 100);

  const cuts = new Map<number, Cut>();
  const biased = new Map<string, BiasedColumn>();
  const cutAt = (d: number): Cut => {
    let c = cuts.get(d);
    if (c) return c;
    let strategy: Strategy | undefined;
    try {
      const bt = new Backtest(sliceBars(bars, { start: 0, end: d + 1 }), cls, { ...options, finalizeTrades: false });
      const r = bt.run(params, { onStrategy: (s) => (strategy = s) });
      const differing: string[] = [];
      for (const col of strategyColumns(strategy!, d + 1)) {
        const f = fullCols.get(col.name);
        if (!f || sameValue(f.values[d], col.values[d])) continue;
        differing.push(col.name);
        noteBias(biased, col, f, d);
      }
      c = { strategy, result: r, columns: differing };
    } catch (err) {
      c = { error: err instanceof Error ? err.message : String(err), columns: [] };
    }
    cuts.set(d, c);
    return c;
  };

  const checked = picked.map((p): LookaheadSignal => {
    const c = cutAt(p.bar);
    const base = { kind: p.kind, trade: p.trade, side: p.size > 0 ? 'long' as const : 'short' as const, bar: p.bar, time: isoTime(bars.time[p.bar]), columns: c.columns };
    if (c.error !== undefined) return { ...base, status: 'error', detail: c.error };
    const why = p.kind === 'entry' ? entryMissing(c.strategy!, p) : exitMissing(c.strategy!, p, full.options.exclusiveOrders);
    return why ? { ...base, status: 'changed', detail: why } : { ...base, status: 'kept' };
  });
  const changed = checked.filter((s) => s.status === 'changed');
  return {
    signals: planned.length,
    checked,
    changed,
    biased: [...biased.values()],
    errors: checked.filter((s) => s.status === 'error').length,
    ok: changed.length === 0 && biased.size === 0,
  };
}

function noteBias(biased: Map<string, BiasedColumn>, col: Column, full: Column, d: number): void {
  const b = biased.get(col.name);
  if (b) {
    b.cuts++;
    return;
  }
  const v = (x: number | undefined) => (x === undefined || x !== x ? null : x);
  biased.set(col.name, { name: col.name, cuts: 1, firstBar: d, full: v(full.values[d]), cut: v(col.values[d]) });
}

function entryMissing(s: Strategy, p: Planned): string | undefined {
  const found = s.orders.some((o) => !o.parentTrade && Math.sign(o.size) === Math.sign(p.size));
  if (found) return undefined;
  return `no ${p.size > 0 ? 'buy' : 'sell'} order was placed on this bar once the later bars were removed`;
}

function exitMissing(s: Strategy, p: Planned, exclusive: boolean): string | undefined {
  const trade = s.trades.find((t) => t.entryBar === p.entryBar && Math.sign(t.size) === Math.sign(p.size));
  if (!trade) {
    const closedEarlier = s.closedTrades.some((t) => t.entryBar === p.entryBar);
    return closedEarlier ? 'the trade was already closed earlier once the later bars were removed' : 'the trade was never opened once the later bars were removed';
  }
  const closing = s.orders.some((o) => o.parentTrade === trade || (!o.parentTrade && (exclusive || Math.sign(o.size) !== Math.sign(p.size))));
  return closing ? undefined : 'no order closing the trade was pending on this bar once the later bars were removed';
}

/** At most `max` items, evenly spread, keeping the first and the last. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  if (max <= 1) return items.slice(0, Math.max(0, max));
  return Array.from({ length: max }, (_, k) => items[Math.round((k * (items.length - 1)) / (max - 1))]);
}
