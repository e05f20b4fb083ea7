/**
 * `AlgoAgent: Check Robustness`: the look-ahead replay, the warm-up sensitivity and a Monte Carlo
 * resampling of the active strategy on the chosen data, in the runner's child process (never in the
 * editor's), with Cancel. The report opens as a read-only document beside the strategy and goes to
 * the AlgoAgent output channel; look-ahead found is a warning with the biased indicators named.
 * Other entry points (the 🛡 code lens) call `algoagent.checkRobustness` with the file's URI. The
 * check itself (robustness-check.ts) loads when the command first runs.
 */
import * as vscode from 'vscode';
import type { Runner } from '../runner/run';
import type { DataChoiceForRun } from './run-loop';

export const REPORT_SCHEME = 'algoagent-robustness';

export interface RobustnessCommandDeps {
  runner: () => Promise<Runner>;
  data: (strategyFile: string) => Promise<DataChoiceForRun>;
  output: vscode.OutputChannel;
}

/** Read-only documents holding the reports, by URI. */
export class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This report is gone (the window was reloaded). Run AlgoAgent: Check Robustness again.';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerRobustnessCommand(context: vscode.ExtensionContext, deps: RobustnessCommandDeps): void {
  const docs = new ReportDocuments();
  context.subscriptions.push(
    docs,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, docs),
    vscode.commands.registerCommand('algoagent.checkRobustness', async (uri?: vscode.Uri) => (await import('./robustness-check')).checkRobustness(deps, docs, uri)),
  );
}
