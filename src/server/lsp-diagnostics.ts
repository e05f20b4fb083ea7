/** Strategy analysis results in LSP form: diagnostics with codes and fix data, and the quick fixes. */
import { CodeAction, CodeActionKind, type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver/node';
import type { StrategyDiagnostic, TextRange } from '../analysis/diagnostic';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './protocol';

export function toLspRange(r: TextRange): Range {
  return { start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.endLine - 1, character: r.endColumn - 1 } };
}

export function toLspDiagnostic(d: StrategyDiagnostic): Diagnostic {
  const data: DiagnosticData = {};
  if (d.fix) data.fix = { title: d.fix.title, edits: d.fix.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) };
  return {
    range: toLspRange(d),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    data,
  };
}

/** One preferred quick fix for each of our diagnostics that carries a certain fix. */
export function quickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const fix = d.source === DIAGNOSTIC_SOURCE ? (d.data as DiagnosticData | undefined)?.fix : undefined;
    if (!fix) continue;
    const action = CodeAction.create(fix.title, { changes: { [uri]: fix.edits } }, CodeActionKind.QuickFix);
    action.diagnostics = [d];
    action.isPreferred = true;
    out.push(action);
  }
  return out;
}
