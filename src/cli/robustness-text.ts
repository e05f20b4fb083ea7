/**
 * Robustness reports as text: the look-ahead replay, the warm-up sensitivity and the Monte Carlo
 * percentiles, as `algoagent check` / `optimize` print them and the editor shows them.
 */
import type { CheckReport } from '../engine/robustness/check';
import type { MonteCarloReport } from '../engine/robustness/monte-carlo';
import { formatNumber } from './format';

/** The report as the CLI prints it and the editor shows it. */
export function robustnessText(j: CheckReport): string {
  const lines: string[] = [`${j.strategy} (${Object.entries(j.params).map(([k, v]) => `${k}=${v}`).join(' ') || 'defaults'})`];
  const la = j.lookahead;
  if (la) {
    lines.push('', `Look-ahead replay: ${la.checked.length} of ${la.signals} signals replayed on data cut after their bar`);
    if (la.ok) lines.push('  ok: every signal was kept and no indicator changed when the later bars were removed');
    for (const b of la.biased) {
      lines.push(`  ✗ ${b.name} uses future bars: at bar ${b.firstBar} it is ${formatNumber(b.full)} with all the data but ${formatNumber(b.cut)} without the bars after it (differs in ${b.cuts} replay(s))`);
    }
    for (const s of la.changed.slice(0, 10)) {
      lines.push(`  ✗ ${s.kind} (${s.side}) decided at bar ${s.bar} (${s.time.slice(0, 10)}): ${s.detail}${s.columns.length ? `; blame ${s.columns.join(', ')}` : ''}`);
    }
    if (la.changed.length > 10) lines.push(`  … ${la.changed.length - 10} more changed signals (--json for all)`);
    if (la.errors) lines.push(`  ${la.errors} replay(s) failed on the shortened data (not counted as look-ahead)`);
  }
  const w = j.warmup;
  if (w) {
    lines.push('', `Warm-up sensitivity: the last ${w.comparedBars} bars compared with ${w.histories.join(', ')} bars of history (detected warm-up ${w.warmup})`);
    for (const c of w.columns) {
      const worst = c.diffs[0];
      const status = c.settlesAt === null ? 'never within the tolerance' : c.settlesAt <= Math.max(1, w.warmup) ? 'stable' : `needs ≥ ${c.settlesAt} bars of history`;
      lines.push(`  ${w.sensitive.includes(c.name) ? '!' : ' '} ${c.name}: ${status}${worst ? ` (off by up to ${formatNumber(worst.maxDiffPct)} % with ${worst.history} bars)` : ''}`);
    }
    if (!w.columns.length) lines.push('  no per-bar columns found on the strategy');
    for (const e of w.errors) lines.push(`  with ${e.history} bars of history the run failed: ${e.message}`);
  }
  if (j.monteCarlo) lines.push('', ...monteCarloLines(j.monteCarlo));
  return lines.join('\n');
}

/** The Monte Carlo section as printed by check and optimize. */
export function monteCarloLines(mc: MonteCarloReport): string[] {
  return [
    `Monte Carlo (${mc.runs} ${mc.mode} runs of ${mc.trades} trades, seed ${mc.seed}):  5th / 50th / 95th percentile`,
    `  return        ${formatNumber(mc.returnPct.p5)} / ${formatNumber(mc.returnPct.p50)} / ${formatNumber(mc.returnPct.p95)} %`,
    `  max drawdown  ${formatNumber(mc.maxDrawdownPct.p5)} / ${formatNumber(mc.maxDrawdownPct.p50)} / ${formatNumber(mc.maxDrawdownPct.p95)} %`,
    `  chance of a loss ${formatNumber(mc.lossProbabilityPct)} %`,
  ];
}

