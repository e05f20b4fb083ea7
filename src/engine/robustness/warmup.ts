/**
 * Warm-up sensitivity: the same indicator at the same bar should not depend on how much history
 * came before it. The strategy is run on the full data and again on data starting only `L` bars
 * before a target bar T, for several history lengths L (by default 1, 2, 4, 8 and 16 times the
 * detected warm-up); every per-bar column is compared over bars T..end with the full-history
 * values. Simple windows (SMA) match exactly once L covers their window; recursive ones (EMA,
 * RSI, ATR with Wilder smoothing) converge slowly, and the report says how much history they need.
 */
import { Backtest, type StrategyClass } from '../backtest';
import type { Bars } from '../bars';
import { OptionError } from '../errors';
import type { BacktestOptions } from '../options';
import type { Params, Strategy } from '../strategy';
import { strategyColumns } from './columns';
import { sliceBars } from './windows';

export interface WarmupDiff {
  /** Bars of history before the target bar. */
  history: number;
  /** Largest relative difference over the compared bars where both have values, percent. */
  maxDiffPct: number;
  /** Compared bars where exactly one of the two is NaN. */
  missing: number;
}

export interface WarmupColumn {
  name: string;
  diffs: WarmupDiff[];
  /** Shortest tested history from which on every longer one stays within the tolerance; null if none. */
  settlesAt: number | null;
}

export interface WarmupReport {
  /** Warm-up detected on the full run (bars before the first with every indicator defined). */
  warmup: number;
  targetBar: number;
  comparedBars: number;
  histories: number[];
  tolerancePct: number;
  columns: WarmupColumn[];
  /** Histories whose run failed, with the error. */
  errors: { history: number; message: string }[];
  /** Columns still off by more than the tolerance with a history of the detected warm-up. */
  sensitive: string[];
}

export interface WarmupOptions {
  histories?: number[];
  /** Bars compared at the end of the data (default min(100, n / 5)). */
  compareBars?: number;
  /** Default 0.1 %. */
  tolerancePct?: number;
}

export function warmupSensitivity(bars: Bars, cls: StrategyClass, options: BacktestOptions = {}, params: Params = {}, opts: WarmupOptions = {}): WarmupReport {
  const n = bars.close.length;
  const tolerancePct = opts.tolerancePct ?? 0.1;
  const compared = opts.compareBars ?? Math.max(1, Math.min(100, Math.floor(n / 5)));
  const target = n - compared;
  if (target < 2) throw new OptionError(`warm-up check: ${n} bars are too few to compare ${compared} bars`);
  let fullStrategy: Strategy | undefined;
  const full = new Backtest(bars, cls, options).run(params, { onStrategy: (s) => (fullStrategy = s) });
  const warmup = Math.max(0, full.startBar - 1);
  const unit = Math.max(1, warmup);
  const proposed = opts.histories ?? (warmup ? [1, 2, 4, 8, 16].map((m) => m * unit) : [10, 25, 50, 100, 200]);
  const histories = [...new Set(proposed.filter((h) => Number.isInteger(h) && h >= 1 && h < target))].sort((a, b) => a - b);
  const fullCols = strategyColumns(fullStrategy!, n);
  const diffs = new Map<string, WarmupDiff[]>(fullCols.map((c) => [c.name, []]));
  const errors: WarmupReport['errors'] = [];
  for (const h of histories) {
    const start = target - h;
    let strategy: Strategy | undefined;
    try {
      new Backtest(sliceBars(bars, { start, end: n }), cls, options).run(params, { onStrategy: (s) => (strategy = s) });
    } catch (err) {
      errors.push({ history: h, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const cut = new Map(strategyColumns(strategy!, n - start).map((c) => [c.name, c]));
    for (const f of fullCols) {
      const c = cut.get(f.name);
      if (!c) continue;
      let maxDiff = 0;
      let missing = 0;
      for (let i = target; i < n; i++) {
        const a = f.values[i];
        const b = c.values[i - start];
        const na = a === undefined || a !== a;
        const nb = b === undefined || b !== b;
        if (na || nb) {
          if (na !== nb) missing++;
          continue;
        }
        const d = (Math.abs(a - b) / Math.max(Math.abs(a), 1e-12)) * 100;
        if (d > maxDiff) maxDiff = d;
      }
      diffs.get(f.name)!.push({ history: h, maxDiffPct: maxDiff, missing });
    }
  }
  const columns: WarmupColumn[] = fullCols.map((f) => {
    const ds = diffs.get(f.name)!;
    let settlesAt: number | null = null;
    for (let k = ds.length - 1; k >= 0; k--) {
      if (ds[k].maxDiffPct <= tolerancePct && ds[k].missing === 0) settlesAt = ds[k].history;
      else break;
    }
    return { name: f.name, diffs: ds, settlesAt };
  });
  const shortest = histories.find((h) => h >= warmup);
  const sensitive = columns
    .filter((c) => {
      const d = c.diffs.find((x) => x.history === shortest);
      return d !== undefined && (d.maxDiffPct > tolerancePct || d.missing > 0);
    })
    .map((c) => c.name);
  return { warmup, targetBar: target, comparedBars: compared, histories, tolerancePct, columns, errors, sensitive };
}
