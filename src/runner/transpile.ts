/**
 * One strategy or helper file → CommonJS (ES2022, inline source map) with the TypeScript compiler's
 * `transpileModule`, plus the module specifiers the output still requires, each located in the
 * source. Syntax errors (the parser's diagnostics) are StrategyLoadError `syntax` at their place.
 * Runs in the parent only; nothing here executes the file.
 */
import * as ts from 'typescript';
import { StrategyLoadError } from './failure';

/** A module specifier the file imports at run time, where it is written (1-based, end exclusive). */
export interface ImportRef {
  spec: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Transpiled {
  /** CommonJS code ending in an inline source map of this file alone. */
  code: string;
  /** Run-time imports in source order: type-only and unused imports are erased, as in the output. */
  imports: ImportRef[];
}

export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  inlineSourceMap: true,
  esModuleInterop: true,
};

/** `.js`, `.mjs`, `.cjs` (and `.jsx`) are JavaScript; everything else is TypeScript. */
export function isJavaScript(file: string): boolean {
  return /\.[cm]?jsx?$/i.test(file);
}

/**
 * The name the compiler sees. `.mjs`/`.mts` would keep ES module syntax whatever the options say,
 * so they are compiled as `.js`/`.ts`; any other extension (an unsaved buffer) as TypeScript.
 */
function compilerName(file: string): string {
  const m = /\.([cm]?)([jt])sx?$/i.exec(file);
  if (!m) return `${file}.ts`;
  return m[1].toLowerCase() === 'm' ? `${file.slice(0, -m[0].length)}.${m[2]}s` : file;
}

/** The specifiers written in import/export-from declarations and `require('…')` calls. */
function writtenImports(sf: ts.SourceFile): { spec: string; node: ts.Node }[] {
  const found: { spec: string; node: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) {
      found.push({ spec: node.moduleSpecifier.text, node: node.moduleSpecifier });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteralLike(node.moduleReference.expression)) {
      found.push({ spec: node.moduleReference.expression.text, node: node.moduleReference.expression });
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' &&
      node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
      found.push({ spec: node.arguments[0].text, node: node.arguments[0] });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The specifiers of the `require("…")` calls left in the emitted CommonJS. */
function requiredSpecifiers(sf: ts.SourceFile): Set<string> {
  const specs = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ts.idText(node.expression) === 'require' &&
      node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
      specs.add(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specs;
}

function located(sf: ts.SourceFile, start: number, end: number): Omit<SyntaxProblem, 'message'> {
  const a = sf.getLineAndCharacterOfPosition(start);
  const b = sf.getLineAndCharacterOfPosition(end);
  return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

function firstSyntaxProblem(diagnostics: readonly ts.Diagnostic[] | undefined): SyntaxProblem | undefined {
  const d = diagnostics?.find((x) => x.category === ts.DiagnosticCategory.Error && x.file && x.start !== undefined);
  if (!d) return undefined;
  const start = d.start!;
  return { message: ts.flattenDiagnosticMessageText(d.messageText, ' '), ...located(d.file!, start, start + Math.max(1, d.length ?? 1)) };
}

/**
 * Transpiles one file. `file` names it in the source map and decides TypeScript vs JavaScript.
 * Throws StrategyLoadError (`syntax`) at the first syntax error.
 */
export function transpileFile(source: string, file: string): Transpiled {
  if (/\.json$/i.test(file)) return jsonModule(source, file);
  let written: { spec: string; at: Omit<SyntaxProblem, 'message'> }[] = [];
  let kept = new Set<string>();
  const out = ts.transpileModule(source, {
    fileName: compilerName(file),
    compilerOptions: OPTIONS,
    reportDiagnostics: true,
    transformers: {
      // Before the compiler's own transforms: the source as parsed, with real positions.
      before: [() => (sf) => {
        written = writtenImports(sf).map((w) => ({ spec: w.spec, at: located(sf, w.node.getStart(sf), w.node.getEnd()) }));
        return sf;
      }],
      // After them: what survived type erasure and import elision, as `require("…")`.
      after: [() => (sf) => {
        kept = requiredSpecifiers(sf);
        return sf;
      }],
    },
  });
  const problem = firstSyntaxProblem(out.diagnostics);
  if (problem) {
    throw new StrategyLoadError({ kind: 'syntax', file, stack: '', hint: '', ...problem });
  }
  const imports = written.filter((w) => kept.has(w.spec)).map((w) => ({ spec: w.spec, ...w.at }));
  return { code: out.outputText, imports };
}

/** A `.json` file imported as data: its value is the module's exports. */
function jsonModule(source: string, file: string): Transpiled {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    // Where: JSON.parse's position when it gives one, else the compiler's JSON parser, else line 1
    // (the message then quotes the text around the problem).
    const message = (err as Error).message;
    const sf = ts.parseJsonText(file, source);
    const pos = /at position (\d+)/.exec(message)?.[1];
    const diagnostics = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics;
    const at = pos !== undefined ? located(sf, Number(pos), Number(pos) + 1)
      : firstSyntaxProblem(diagnostics?.map((d) => ({ ...d, file: sf }))) ?? located(sf, 0, 1);
    throw new StrategyLoadError({ kind: 'syntax', file, stack: '', hint: '', ...at, message });
  }
  return { code: `module.exports = ${JSON.stringify(value)};\n`, imports: [] };
}

/** The first syntax error of a source, or undefined when it parses (what "compiles" means for a fix). */
export function syntaxProblem(source: string, file: string): SyntaxProblem | undefined {
  const out = ts.transpileModule(source, { fileName: compilerName(file), compilerOptions: { ...OPTIONS, inlineSourceMap: false }, reportDiagnostics: true });
  return firstSyntaxProblem(out.diagnostics);
}
