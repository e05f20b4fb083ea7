/** Runner failures as diagnostics: one collection, cleared for a file when it runs clean. */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { type DiagnosticData, type DiagnosticRange, diagnosticsByFile } from '../runner/diagnostic-data';
import type { StrategyFailure } from '../runner/failure';

const STRATEGY_FILE = /\.strategy\.(ts|js)$/;

function toRange(r: DiagnosticRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

function lineText(file: string, line: number): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  if (open) return line - 1 < open.lineCount ? open.lineAt(line - 1).text : undefined;
  try {
    return readFileSync(file, 'utf8').split('\n')[line - 1];
  } catch {
    return undefined;
  }
}

export function toDiagnostic(d: DiagnosticData): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(toRange(d.range), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diag.source = d.source;
  diag.code = { value: d.code.value, target: vscode.Uri.parse(d.code.target) };
  diag.relatedInformation = d.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toRange(r.range)), r.message));
  return diag;
}

export class StrategyDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('algoagent');
  /** Files each strategy's last run put diagnostics on (a helper file may carry its error). */
  private readonly touched = new Map<string, string[]>();

  constructor(private readonly docsUrl: (kind: string) => string) {}

  /**
   * Replaces the diagnostics of `strategyFile`'s last run. Safety (`validation`) findings in strategy
   * files are left to the language server, which reports the same rules while the user types.
   */
  show(strategyFile: string, errors: StrategyFailure[], warnings: StrategyFailure[]): void {
    this.clear(strategyFile);
    const shownByServer = (f: StrategyFailure) => f.kind === 'validation' && STRATEGY_FILE.test(f.file);
    errors = errors.filter((f) => !shownByServer(f));
    warnings = warnings.filter((f) => !shownByServer(f));
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const byFile = diagnosticsByFile(errors, warnings, {
      docsUrl: this.docsUrl,
      lineText,
      isUserFile: (f) => folders.length === 0 || folders.some((w) => f.startsWith(w)),
    });
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list.map(toDiagnostic));
    this.touched.set(strategyFile, [...byFile.keys()]);
  }

  clear(strategyFile: string): void {
    for (const f of this.touched.get(strategyFile) ?? [strategyFile]) this.collection.delete(vscode.Uri.file(f));
    this.touched.delete(strategyFile);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
