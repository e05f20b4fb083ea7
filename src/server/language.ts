/**
 * The server's language features over open documents, loaded after the handshake (it brings in the
 * TypeScript compiler, so the server answers `initialize` before paying for it). Analyses are cached
 * per document version.
 */
import * as ts from 'typescript';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, Hover } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Analysis, STRATEGY_FILE_NAME, analyzeStrategy } from '../analysis/analyze';
import { codeLenses } from './code-lens';
import { completions } from './completion';
import { hover } from './hover';
import { quickFixes, toLspDiagnostic } from './lsp-diagnostics';
import type { LastRunParams } from './protocol';

/** The file name an analysis sees: the URI's path (only its name and extension matter). */
export function fileNameOf(uri: string): string {
  try {
    const u = new URL(uri);
    return decodeURIComponent(u.pathname) || uri;
  } catch {
    return uri;
  }
}

/** Strategy files by name, and any TS/JS file that imports or requires `algoagent`. */
export function isStrategyDocument(uri: string, text: string): boolean {
  const name = fileNameOf(uri);
  if (STRATEGY_FILE_NAME.test(name)) return true;
  if (!/\.[cm]?[jt]sx?$/i.test(name) && !uri.startsWith('untitled:')) return false;
  return ts.preProcessFile(text, true, true).importedFiles.some((f) => f.fileName === 'algoagent');
}

export class Language {
  private readonly cache = new Map<string, { version: number; analysis: Analysis | null }>();
  private readonly lastRuns = new Map<string, LastRunParams>();

  /** The analysis of a document, or null when it is not a strategy document. */
  analysis(doc: TextDocument): Analysis | null {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const text = doc.getText();
    const analysis = isStrategyDocument(doc.uri, text) ? analyzeStrategy(text, fileNameOf(doc.uri)) : null;
    this.cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  diagnostics(doc: TextDocument): Diagnostic[] {
    return this.analysis(doc)?.diagnostics.map(toLspDiagnostic) ?? [];
  }

  hover(doc: TextDocument, position: { line: number; character: number }): Hover | null {
    const a = this.analysis(doc);
    return a ? hover(a.model, doc.offsetAt(position)) : null;
  }

  completion(doc: TextDocument, position: { line: number; character: number }): CompletionItem[] {
    const a = this.analysis(doc);
    return a ? completions(a.model, doc.offsetAt(position)) : [];
  }

  codeLenses(doc: TextDocument): CodeLens[] {
    const a = this.analysis(doc);
    return a ? codeLenses(doc.uri, a.model, a.diagnostics, this.lastRuns.get(doc.uri)) : [];
  }

  codeActions(doc: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
    return quickFixes(doc.uri, diagnostics);
  }

  setLastRun(p: LastRunParams): void {
    if (p.run || p.failed) this.lastRuns.set(p.uri, p);
    else this.lastRuns.delete(p.uri);
  }
}
