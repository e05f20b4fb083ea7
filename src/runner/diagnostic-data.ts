/**
 * The pure mapping from a runner failure to what the editor shows: a 0-based range, a severity, a
 * message with the hint, the kind as code (linked to its documentation) and related locations for
 * stack frames in the user's files. src/vscode/diagnostics.ts turns this into vscode.Diagnostic.
 */
import type { StrategyFailure } from './failure';

export interface DiagnosticRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface DiagnosticData {
  /** The file the diagnostic belongs to. */
  file: string;
  range: DiagnosticRange;
  severity: 'error' | 'warning';
  message: string;
  source: 'AlgoAgent';
  code: { value: string; target: string };
  related: { file: string; range: DiagnosticRange; message: string }[];
}

export interface DiagnosticContext {
  /** Documentation address for an error kind. */
  docsUrl: (kind: string) => string;
  /** Text of a line (1-based) of a file, to widen a point to the word or statement it points at. */
  lineText?: (file: string, line: number) => string | undefined;
  /** Whether a file is the user's (stack frames elsewhere are not shown as related locations). */
  isUserFile?: (file: string) => boolean;
  severity?: 'error' | 'warning';
}

const WORD = /[\p{L}\p{N}_$]/u;

/** A range from 1-based positions; a point is widened to the identifier (or the rest of the line) it points at. */
export function rangeOf(line: number, column: number, endLine: number, endColumn: number, text?: string): DiagnosticRange {
  const l = Math.max(0, line - 1);
  const c = Math.max(0, column - 1);
  let el = Math.max(l, endLine - 1);
  let ec = endLine - 1 === l ? Math.max(c, endColumn - 1) : Math.max(0, endColumn - 1);
  if (el === l && ec <= c && text !== undefined) {
    if (line <= 0) {
      // Unknown position: the first non-blank character to the end of the first line.
      const start = text.search(/\S/);
      return { startLine: 0, startCharacter: Math.max(0, start), endLine: 0, endCharacter: text.length };
    }
    let e = c;
    while (e < text.length && WORD.test(text[e])) e++;
    if (e === c) e = text.trimEnd().length > c ? text.trimEnd().length : c + 1;
    el = l;
    ec = e;
  }
  return { startLine: l, startCharacter: c, endLine: el, endCharacter: ec };
}

const FRAME = /^\s*at (?:(\S+) )?\(?(.+?):(\d+):(\d+)\)?\s*$/;

/** Builds the diagnostic for one failure (or warning). */
export function failureToDiagnostic(f: StrategyFailure, ctx: DiagnosticContext): DiagnosticData {
  const line = f.line > 0 ? f.line : 1;
  const text = ctx.lineText?.(f.file, line);
  const range = f.line > 0 ? rangeOf(f.line, f.column || 1, f.endLine || f.line, f.endColumn || f.column || 1, text) : rangeOf(0, 1, 0, 1, text ?? '');
  const where = f.bar !== undefined ? ` (bar ${f.bar}${f.time ? `, ${f.time.slice(0, 19).replace('T', ' ')}` : ''})` : '';
  const message = `${f.message}${where}${f.hint ? `\n${f.hint}` : ''}`;
  const related: DiagnosticData['related'] = [];
  for (const raw of f.stack.split('\n').slice(1)) {
    const m = FRAME.exec(raw);
    if (!m) continue;
    const [, fn, file, l, c] = m;
    if (ctx.isUserFile && !ctx.isUserFile(file)) continue;
    if (file === f.file && Number(l) === f.line && Number(c) === f.column) continue;
    related.push({ file, range: rangeOf(Number(l), Number(c), Number(l), Number(c), ctx.lineText?.(file, Number(l))), message: fn ? `called from ${fn}` : 'called from here' });
  }
  const severity = ctx.severity ?? (f.kind === 'no-trades' ? 'warning' : 'error');
  return { file: f.file, range, severity, message, source: 'AlgoAgent', code: { value: f.kind, target: ctx.docsUrl(f.kind) }, related };
}

/** Groups an outcome's failures and warnings by file (what a DiagnosticCollection.set needs). */
export function diagnosticsByFile(errors: StrategyFailure[], warnings: StrategyFailure[], ctx: DiagnosticContext): Map<string, DiagnosticData[]> {
  const out = new Map<string, DiagnosticData[]>();
  const add = (d: DiagnosticData) => out.set(d.file, [...(out.get(d.file) ?? []), d]);
  for (const f of errors) add(failureToDiagnostic(f, { ...ctx, severity: 'error' }));
  for (const w of warnings) add(failureToDiagnostic(w, { ...ctx, severity: 'warning' }));
  return out;
}
