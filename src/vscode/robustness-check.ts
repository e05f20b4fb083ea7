/** What `AlgoAgent: Check Robustness` does (robustness-command.ts registers it; this loads on first use). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runnableStrategy } from './strategy-target';
import type { CheckReport } from '../engine/robustness/check';
import { robustnessText } from '../cli/robustness-text';
import { formatFailure } from '../runner/failure';
import type { StrategyFailure } from '../runner/failure';
import type { DataChoiceForRun } from './run-loop';
import { REPORT_SCHEME, type ReportDocuments, type RobustnessCommandDeps } from './robustness-command';

/** The strategy failure a RunFailedError carries (duck-typed: runner/run loads on first use only). */
function failureOf(err: unknown): StrategyFailure | undefined {
  const f = (err as { failure?: StrategyFailure } | undefined)?.failure;
  return f && typeof f.kind === 'string' && typeof f.message === 'string' ? f : undefined;
}

/** The report's title line and body, as shown in the document. */
export function reportDocument(file: string, dataLabel: string, report: CheckReport, at: Date): string {
  return [`Robustness of ${path.basename(file)} on ${dataLabel} — ${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`, '', robustnessText(report), ''].join('\n');
}

export async function checkRobustness(deps: RobustnessCommandDeps, docs: ReportDocuments, uri?: vscode.Uri): Promise<CheckReport | undefined> {
  const file = await runnableStrategy(uri, 'check its robustness', (l) => deps.output.appendLine(l));
  if (!file) return undefined;
  const source = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file)?.getText() ?? fs.readFileSync(file, 'utf8');
  const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
  const name = path.basename(file);
  let data: DataChoiceForRun;
  try {
    data = await deps.data(file);
  } catch (err) {
    void vscode.window.showErrorMessage(`AlgoAgent: no data to check ${name} on: ${(err as Error).message}`);
    return undefined;
  }
  const runner = await deps.runner();
  const abort = new AbortController();
  const request = { strategyPath: file, root, source, data: data.spec };
  const checks = { lookahead: { maxSignals: 100 }, warmup: {} };
  let report: CheckReport;
  try {
    report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the robustness of ${name} on ${data.label}`, cancellable: true },
      async (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        try {
          return await runner.runCheck(request, { ...checks, monteCarlo: { runs: 1000, seed: 1 } }, { signal: abort.signal });
        } catch (err) {
          // A run without closed trades has nothing to resample: the other checks still apply.
          if (!/^Monte Carlo:/.test(failureOf(err)?.message ?? '')) throw err;
          return await runner.runCheck(request, checks, { signal: abort.signal });
        }
      },
    );
  } catch (err) {
    if ((err as Error).name === 'AbortError') {
      void vscode.window.showInformationMessage('AlgoAgent: robustness check cancelled.');
      return undefined;
    }
    const failure = failureOf(err);
    const message = failure ? formatFailure(failure) : (err as Error).message;
    deps.output.appendLine(`[check] ${message}`);
    void vscode.window.showErrorMessage(`AlgoAgent: the robustness check of ${name} failed: ${message}`);
    return undefined;
  }
  const text = reportDocument(file, data.label, report, new Date());
  for (const line of text.trimEnd().split('\n')) deps.output.appendLine(`[check] ${line}`);
  const docUri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}.robustness.txt` });
  docs.set(docUri, text);
  const doc = await vscode.workspace.openTextDocument(docUri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  const biased = report.lookahead?.biased ?? [];
  if (report.lookahead && !report.lookahead.ok) {
    const names = biased.map((b) => b.name).join(', ');
    void vscode.window.showWarningMessage(`AlgoAgent: ${name} uses future bars${names ? `: ${names}` : ''} — its backtest results cannot be trusted.`);
  } else {
    const sensitive = report.warmup?.sensitive ?? [];
    void vscode.window.showInformationMessage(
      `AlgoAgent: no look-ahead found in ${name}${sensitive.length ? `; warm-up sensitive: ${sensitive.join(', ')}` : ''}.`,
    );
  }
  return report;
}
