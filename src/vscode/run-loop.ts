/**
 * The run loop in the editor: Run Backtest / Cancel Backtest, run on save, a progress notification
 * with Cancel, the status bar item, the output channel and the diagnostics. Strategy code runs in
 * the runner's child processes, never here, and never in an untrusted workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runnableStrategy } from './strategy-target';
import type { Result } from '../engine/result';
import { formatFailure, type StrategyFailure } from '../runner/failure';
import type { DataSpec, RunOutcome } from '../runner/protocol';
import { AbortError } from '../runner/abort';
import type { Runner } from '../runner/run';
import type { StrategyDiagnostics } from './diagnostics';

export interface DataChoiceForRun {
  spec: DataSpec;
  /** What the user sees: "bundled sample data", "data/AAPL.csv", "AAPL 1d". */
  label: string;
}

export interface RunLoopDeps {
  runner: () => Promise<Runner>;
  output: vscode.OutputChannel;
  diagnostics: StrategyDiagnostics;
  /** The data the next run uses (Select Data). */
  data: (strategyFile: string) => Promise<DataChoiceForRun>;
  onSave: () => boolean;
  /** Called after every finished run (results panel, history). */
  onOutcome?: (file: string, outcome: RunOutcome, source: string, data: DataChoiceForRun) => void;
  /** Opens the results of the last run (status bar click). */
  showResults?: (file: string) => void;
}

export const STRATEGY_FILE = /\.strategy\.(ts|js)$/;

function stamp(): string {
  return new Date().toISOString().replace('T', ' ').slice(0, 19);
}

function pct(v: number | null): string {
  return v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}%`;
}

function summary(r: Result): string {
  const s = r.stats;
  return `return ${pct(s.returnPct)}, Sharpe ${s.sharpeRatio === null ? '—' : s.sharpeRatio.toFixed(2)}, max drawdown ${pct(s.maxDrawdownPct)}, ${s.trades} trades`;
}

export class RunLoop implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();
  private readonly status = vscode.window.createStatusBarItem('algoagent.lastRun', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private lastFile: string | undefined;
  readonly lastOutcome = new Map<string, RunOutcome>();

  constructor(private readonly deps: RunLoopDeps) {
    this.status.name = 'AlgoAgent last run';
    this.status.command = 'algoagent.showResults';
    this.disposables.push(
      this.status,
      vscode.commands.registerCommand('algoagent.runBacktest', (uri?: vscode.Uri) => this.runCommand(uri)),
      vscode.commands.registerCommand('algoagent.cancelBacktest', () => this.cancelAll()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.deps.onSave() && STRATEGY_FILE.test(doc.uri.fsPath) && vscode.workspace.isTrusted) void this.run(doc.uri.fsPath, { quiet: true });
      }),
    );
    void vscode.commands.executeCommand('setContext', 'algoagent.running', false);
  }

  private async runCommand(uri?: vscode.Uri): Promise<RunOutcome | undefined> {
    const file = await runnableStrategy(uri, 'run backtests', (l) => this.deps.output.appendLine(`${stamp()} ${l}`));
    if (!file) return undefined;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    if (doc?.isDirty) await doc.save();
    return this.run(file, { quiet: false });
  }

  cancelAll(): void {
    for (const ac of this.running.values()) ac.abort();
  }

  /** Runs one strategy file with the chosen data; every outcome is reported, never thrown. */
  async run(file: string, opts: { quiet: boolean; params?: Record<string, number | string | boolean> }): Promise<RunOutcome | undefined> {
    this.running.get(file)?.abort();
    const ac = new AbortController();
    this.running.set(file, ac);
    void vscode.commands.executeCommand('setContext', 'algoagent.running', true);
    const out = this.deps.output;
    const name = path.basename(file);
    try {
      const data = await this.deps.data(file);
      out.appendLine(`${stamp()} info  backtest ${file} on ${data.label}`);
      const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
      const source = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file)?.getText();
      const outcome = await vscode.window.withProgress(
        { location: opts.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification, title: `AlgoAgent: backtesting ${name}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => ac.abort());
          let done = 0;
          const runner = await this.deps.runner();
          return runner.run(
            { strategyPath: file, root, source, data: data.spec, params: opts.params },
            {
              signal: ac.signal,
              onProgress: (f) => {
                const pctDone = Math.floor(f * 100);
                if (pctDone > done) {
                  progress.report({ increment: pctDone - done, message: `${pctDone}%` });
                  done = pctDone;
                }
              },
              onConsole: (l) => out.appendLine(`${stamp()} ${l.level === 'error' ? 'error' : l.level === 'warn' ? 'warning' : 'info '} [console] ${l.text}`),
            },
          );
        },
      );
      this.report(file, outcome, opts.quiet);
      this.deps.onOutcome?.(file, outcome, source ?? '', data);
      return outcome;
    } catch (err) {
      if (err instanceof AbortError) {
        out.appendLine(`${stamp()} info  cancelled ${file}`);
        return undefined;
      }
      const msg = err instanceof Error ? err.message : String(err);
      out.appendLine(`${stamp()} error ${file}: ${msg}`);
      void vscode.window.showErrorMessage(`AlgoAgent: ${msg}`);
      return undefined;
    } finally {
      if (this.running.get(file) === ac) this.running.delete(file);
      void vscode.commands.executeCommand('setContext', 'algoagent.running', this.running.size > 0);
    }
  }

  private report(file: string, outcome: RunOutcome, quiet: boolean): void {
    const out = this.deps.output;
    this.lastOutcome.set(file, outcome);
    this.lastFile = file;
    const line = (level: string, f: StrategyFailure) => {
      out.appendLine(`${stamp()} ${level} ${formatFailure(f)}`);
      if (f.hint) out.appendLine(`    hint: ${f.hint}`);
    };
    if (outcome.ok) {
      this.deps.diagnostics.show(file, [], outcome.warnings);
      outcome.warnings.forEach((w) => line('warning', w));
      out.appendLine(`${stamp()} info  ${path.basename(file)}: ${summary(outcome.result)} (${outcome.durationMs.toFixed(0)} ms)`);
      const s = outcome.result.stats;
      this.status.text = `$(graph-line) ${pct(s.returnPct)} · Sharpe ${s.sharpeRatio === null ? '—' : s.sharpeRatio.toFixed(2)}`;
      this.status.tooltip = `AlgoAgent — ${path.basename(file)}: ${summary(outcome.result)}. Click for the results.`;
      this.status.backgroundColor = undefined;
      this.status.show();
      if (!quiet && !this.deps.showResults) void vscode.window.showInformationMessage(`AlgoAgent: ${path.basename(file)} — ${summary(outcome.result)}`);
    } else {
      const failures = [outcome.failure, ...(outcome.more ?? [])];
      this.deps.diagnostics.show(file, failures, outcome.warnings);
      failures.forEach((f) => line('error', f));
      this.status.text = `$(error) ${path.basename(file)}: ${outcome.failure.kind}`;
      this.status.tooltip = `${outcome.failure.message}${outcome.failure.hint ? `\n${outcome.failure.hint}` : ''}`;
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      this.status.show();
      if (!quiet) {
        void vscode.window.showErrorMessage(`AlgoAgent: ${outcome.failure.kind} error in ${path.basename(outcome.failure.file)}:${outcome.failure.line} — ${outcome.failure.message}`, 'Show Problems').then((pick) => {
          if (pick) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
      }
    }
  }

  get lastRunFile(): string | undefined {
    return this.lastFile;
  }

  dispose(): void {
    this.cancelAll();
    this.disposables.forEach((d) => d.dispose());
  }
}
