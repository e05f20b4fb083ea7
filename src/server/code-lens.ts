/**
 * Code lenses above the strategy class: ▶ Backtest, ⚙ Optimize (when there are `static params`),
 * 🛠 Fix with AI (when the file has errors or its last run failed) and the last run's figures.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import type { StrategyDiagnostic } from '../analysis/diagnostic';
import { type StrategyModel, staticParamsOf } from '../analysis/strategy-model';
import { LENS_COMMANDS, type LastRunParams } from './protocol';

function pct(v: number | null): string {
  return v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)} %`;
}

/** "Last run: +12.34 % · Sharpe 0.85 · 12 trades", or the failure. */
export function lastRunTitle(last: LastRunParams): string | undefined {
  if (last.failed) return `Last run failed: ${last.failed.kind}`;
  if (!last.run) return undefined;
  const sharpe = last.run.sharpeRatio === null ? '—' : last.run.sharpeRatio.toFixed(2);
  return `Last run: ${pct(last.run.returnPct)} · Sharpe ${sharpe} · ${last.run.trades} trade${last.run.trades === 1 ? '' : 's'}`;
}

export function codeLenses(uri: string, model: StrategyModel, diagnostics: readonly StrategyDiagnostic[], last: LastRunParams | undefined): CodeLens[] {
  const cls = model.strategy;
  if (!cls) return [];
  const start = model.sf.getLineAndCharacterOfPosition(cls.getStart(model.sf));
  const range = { start, end: start };
  const lens = (title: string, command: string): CodeLens => ({ range, command: { title, command, arguments: [uri] } });
  const out = [lens('▶ Backtest', LENS_COMMANDS.runBacktest)];
  if (staticParamsOf(cls)?.literal?.properties.length) out.push(lens('⚙ Optimize', LENS_COMMANDS.optimize));
  if (diagnostics.some((d) => d.severity === 'error') || last?.failed) out.push(lens('🛠 Fix with AI', LENS_COMMANDS.fixWithAi));
  const title = last && lastRunTitle(last);
  if (title) out.push(lens(title, LENS_COMMANDS.showResults));
  return out;
}
