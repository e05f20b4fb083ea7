/** What the strategy analysis reports: one shape for the language server, tests and the CLI. */
import * as ts from 'typescript';

/** 1-based lines and columns; the end column is exclusive (as the safety rules report them). */
export interface TextRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface TextEdit {
  range: TextRange;
  newText: string;
}

/** A quick fix offered only where the right change is certain. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export type Severity = 'error' | 'warning';

export interface StrategyDiagnostic extends TextRange {
  /** Stable rule id, e.g. `lookahead-at`, `unknown-indicator`, or a safety rule's code. */
  code: string;
  severity: Severity;
  message: string;
  fix?: Fix;
}

/** The range a node covers (without leading trivia). */
export function rangeOf(sf: ts.SourceFile, node: ts.Node, start = node.getStart(sf), end = node.getEnd()): TextRange {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** A collector that turns nodes into diagnostics. */
export class Report {
  readonly items: StrategyDiagnostic[] = [];
  constructor(readonly sf: ts.SourceFile) {}

  add(code: string, severity: Severity, node: ts.Node, message: string, fix?: { title: string; edits: (TextEdit | { node: ts.Node; newText: string })[] }): void {
    this.items.push({
      code,
      severity,
      message,
      ...rangeOf(this.sf, node),
      fix: fix && { title: fix.title, edits: fix.edits.map((e) => ('node' in e ? { range: rangeOf(this.sf, e.node), newText: e.newText } : e)) },
    });
  }

  /** An edit that inserts text right before `node`. */
  insertBefore(node: ts.Node, newText: string): TextEdit {
    const r = rangeOf(this.sf, node);
    return { range: { line: r.line, column: r.column, endLine: r.line, endColumn: r.column }, newText };
  }
}
