/**
 * Overfitting warnings, each with the figures that triggered it:
 * - `few-trades`: fewer than 10 closed trades per optimized parameter in the best run (each
 *   parameter fitted needs trades to pin it down; with fewer the fit describes noise);
 * - `few-trades-total`: fewer than 30 trades at all (too few for the statistics to mean much);
 * - `oos-worse`: walk-forward / split efficiency below 0.5 (out-of-sample earns under half the
 *   in-sample return per year);
 * - `oos-loses`: in-sample made money, out-of-sample lost it;
 * - `isolated-peak`: the best combination's grid neighbours (one step on any parameter) score on
 *   average under half of it — a spike, not a plateau;
 * - `many-combos`: more combinations tried than the best run has trades (a lucky draw is likely).
 */
import type { ComboResult } from '../optimize';
import type { Stats } from '../stats';

export interface OverfitWarning {
  code: 'few-trades' | 'few-trades-total' | 'oos-worse' | 'oos-loses' | 'isolated-peak' | 'many-combos';
  message: string;
}

export interface OverfitFacts {
  /** Parameters that were optimized (ranges with more than one value). */
  parameters: number;
  best: Stats;
  combosTried: number;
  /** Walk-forward or split efficiency, when one ran. */
  efficiency?: number | null;
  inSample?: Stats;
  outOfSample?: Stats;
  /** Mean metric of the best combination's grid neighbours, and the best's own value. */
  neighbourhood?: { best: number; neighboursMean: number; neighbours: number };
}

export function overfittingWarnings(f: OverfitFacts): OverfitWarning[] {
  const out: OverfitWarning[] = [];
  const trades = f.best.trades;
  if (f.parameters > 0 && trades < 10 * f.parameters) {
    out.push({ code: 'few-trades', message: `${f.parameters} optimized parameter(s) for ${trades} trade(s): fewer than 10 trades per parameter` });
  }
  if (trades < 30) out.push({ code: 'few-trades-total', message: `the best run has ${trades} trade(s); under 30 the statistics are mostly noise` });
  if (f.combosTried > Math.max(trades, 1) && f.combosTried >= 50) {
    out.push({ code: 'many-combos', message: `${f.combosTried} combinations tried for a best run of ${trades} trade(s): the best may be a lucky draw` });
  }
  if (f.efficiency !== undefined && f.efficiency !== null && f.efficiency < 0.5) {
    out.push({ code: 'oos-worse', message: `walk-forward efficiency ${f.efficiency.toFixed(2)}: out-of-sample earns under half the in-sample return per year` });
  }
  if (f.inSample && f.outOfSample && f.inSample.returnPct > 0 && f.outOfSample.returnPct < 0) {
    out.push({ code: 'oos-loses', message: `in-sample return ${f.inSample.returnPct.toFixed(2)} % but out-of-sample ${f.outOfSample.returnPct.toFixed(2)} %` });
  }
  const nb = f.neighbourhood;
  if (nb && nb.neighbours > 0 && nb.best > 0 && nb.neighboursMean < nb.best / 2) {
    out.push({ code: 'isolated-peak', message: `the best value ${nb.best.toPrecision(4)} stands alone: its ${nb.neighbours} grid neighbours average ${nb.neighboursMean.toPrecision(4)}` });
  }
  return out;
}

/** The best combination's value and the mean over its evaluated grid neighbours (one step on any parameter). */
export function neighbourhood(combos: readonly ComboResult[], values: readonly number[], best: number, ranges: Record<string, readonly unknown[]>): { best: number; neighboursMean: number; neighbours: number } {
  const names = Object.keys(ranges);
  const pos = (c: ComboResult) => names.map((n) => ranges[n].indexOf(c.params[n]));
  const b = pos(combos[best]);
  let sum = 0;
  let count = 0;
  combos.forEach((c, k) => {
    if (k === best || !Number.isFinite(values[k])) return;
    const p = pos(c);
    if (p.every((v, d) => Math.abs(v - b[d]) <= 1)) {
      sum += values[k];
      count++;
    }
  });
  return { best: values[best], neighboursMean: count ? sum / count : NaN, neighbours: count };
}
