/**
 * What the history views show for a run or a strategy, as plain data (no `vscode` import here, so
 * it is unit-tested): labels, descriptions, icon ids, tooltips, sizes.
 */
import type { RunRecord, RunStatus, RunSummary, StrategyRow } from '../store/types';

/** Codicon id and theme colour id per status. */
export const STATUS_ICON: Record<RunStatus, { icon: string; color: string }> = {
  ok: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  fixed: { icon: 'wrench', color: 'charts.blue' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
};

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-01-02 14:05` in the local time zone (what the user saw when the run happened). */
export function runLabel(run: Pick<RunSummary, 'started'>, zone: 'local' | 'utc' = 'local'): string {
  const d = new Date(run.started);
  if (Number.isNaN(d.getTime())) return run.started;
  return zone === 'utc'
    ? `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
    : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function formatPct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}%`;
}

/** `+12.34% · Sharpe 1.05` for a run with statistics; the status otherwise. */
export function runDescription(run: RunSummary): string {
  if (run.returnPct === null) return run.status === 'failed' ? 'failed' : run.status;
  const sharpe = run.sharpeRatio === null ? '—' : run.sharpeRatio.toFixed(2);
  return `${formatPct(run.returnPct)} · Sharpe ${sharpe}${run.status === 'fixed' ? ' · fixed' : ''}`;
}

/** Markdown tooltip lines. */
export function runTooltip(run: RunSummary | RunRecord): string {
  const lines = [`**Run #${run.id}** — ${run.strategy}`, '', `Started ${runLabel(run)} · ${run.status}${run.kind !== 'backtest' ? ` (${run.kind})` : ''}`];
  const data = [run.symbol, run.interval].filter(Boolean).join(' ');
  if (data || run.dataSource) lines.push(`Data: ${data || ''}${run.dataSource && run.dataSource !== data ? ` (${run.dataSource})` : ''}`.trim());
  if (run.from && run.to) lines.push(`Period: ${run.from.slice(0, 10)} … ${run.to.slice(0, 10)}`);
  if (run.returnPct !== null) {
    lines.push('', `Return ${formatPct(run.returnPct)} · Sharpe ${run.sharpeRatio?.toFixed(2) ?? '—'} · Max drawdown ${formatPct(run.maxDrawdownPct === null ? null : -Math.abs(run.maxDrawdownPct))} · ${run.trades ?? 0} trades`);
  }
  if ('failure' in run && run.failure) lines.push('', `\`${run.failure.kind}\` ${run.failure.message} (line ${run.failure.line})`);
  if (run.durationMs !== null) lines.push('', `Took ${(run.durationMs / 1000).toFixed(2)} s`);
  return lines.join('\n\n').replace(/\n\n\n\n/g, '\n\n');
}

/** `Strategy name` label and `path · N runs` description for a strategy node. */
export function strategyDescription(s: StrategyRow): string {
  return `${s.path} · ${s.runs} run${s.runs === 1 ? '' : 's'}`;
}

/** `12.3 MB`, `640 KB`, `0 B`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One line of the quick pick: label, description, detail. */
export function quickPickLine(run: RunSummary): { label: string; description: string; detail: string } {
  const data = [run.symbol, run.interval].filter(Boolean).join(' ');
  const stats = run.returnPct === null ? run.status : `${runDescription(run)} · ${run.trades ?? 0} trades`;
  return {
    label: `$(${STATUS_ICON[run.status].icon}) ${run.strategyName}`,
    description: `#${run.id} · ${runLabel(run)}`,
    detail: [stats, data, run.strategy].filter(Boolean).join(' · '),
  };
}

/** Differences between the parameters of runs: names whose value is not the same in all. */
export function paramDifferences(runs: Pick<RunRecord, 'params'>[]): string[] {
  const names = new Set(runs.flatMap((r) => Object.keys(r.params)));
  return [...names].filter((n) => new Set(runs.map((r) => JSON.stringify(r.params[n] ?? null))).size > 1).sort();
}

/** Path of the snapshot document of a run's source: `/<run id>/<file name>`. */
export function snapshotPath(run: Pick<RunSummary, 'id' | 'strategy'>): string {
  return `/${run.id}/${run.strategy.split('/').pop() ?? 'strategy.ts'}`;
}

/** The run id in a snapshot path, or undefined. */
export function runIdOfSnapshot(p: string): number | undefined {
  const m = /^\/(\d+)\//.exec(p);
  return m ? Number(m[1]) : undefined;
}
