/**
 * A strategy's default data, read STATICALLY from its source with the TypeScript parser (the file
 * is never executed):
 *
 * ```ts
 * export const meta = { symbol: 'AAPL', interval: '1d', from: '2015-01-01', to: '2024-12-31' };
 * ```
 *
 * Values must be string literals (`as const` / `satisfies …` are fine). `export { meta }` of a
 * top-level `const meta = {…}` works too. A bad value is refused with file, line and column;
 * keys other than symbol/interval/from/to are reported as warnings and otherwise ignored.
 */
import * as ts from 'typescript';
import { YAHOO_INTERVALS, isYahooInterval } from './intervals';
import type { DataSelection } from './selection';

export interface StrategyMeta {
  symbol?: string;
  interval?: string;
  from?: string;
  to?: string;
}

export interface MetaReading {
  /** Undefined when the file exports no `meta`. */
  meta?: StrategyMeta;
  /** Where `meta` is declared (1-based), for diagnostics. */
  line?: number;
  warnings: string[];
}

export class MetaError extends Error {
  constructor(
    readonly file: string,
    /** 1-based */
    readonly line: number,
    /** 1-based */
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'MetaError';
  }
}

const KEYS = ['symbol', 'interval', 'from', 'to'] as const;

/** Reads `export const meta = {…}` from strategy source text. Throws {@link MetaError} on an invalid meta. */
export function readStrategyMeta(source: string, file = 'strategy.ts'): MetaReading {
  const kind = /\.[cm]?jsx?$/i.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found = findMeta(sf);
  if (!found) return { warnings: [] };
  const fail = (node: ts.Node, reason: string): never => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    throw new MetaError(file, line + 1, character + 1, reason);
  };
  const { decl } = found;
  if (!found.isConst) fail(decl, '`meta` must be declared with const');
  if (!decl.initializer) fail(decl, '`meta` has no value; write export const meta = { symbol: \'AAPL\', interval: \'1d\' }');
  const init = unwrap(decl.initializer!);
  if (!ts.isObjectLiteralExpression(init)) fail(init, '`meta` must be an object literal like { symbol: \'AAPL\', interval: \'1d\', from: \'2015-01-01\' }');
  const obj = init as ts.ObjectLiteralExpression;

  const meta: StrategyMeta = {};
  const warnings: string[] = [];
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) fail(p, 'meta may only hold plain `key: \'value\'` entries (no spread, shorthand, methods or getters)');
    const prop = p as ts.PropertyAssignment;
    const name = ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name) ? prop.name.text : undefined;
    if (name === undefined) fail(prop.name, 'meta keys must be plain names');
    const pos = sf.getLineAndCharacterOfPosition(prop.getStart(sf));
    if (!(KEYS as readonly string[]).includes(name!)) {
      warnings.push(`${file}:${pos.line + 1}:${pos.character + 1}: meta.${name} is not used (AlgoAgent reads ${KEYS.join(', ')})`);
      continue;
    }
    const v = unwrap(prop.initializer);
    if (!ts.isStringLiteral(v) && !ts.isNoSubstitutionTemplateLiteral(v)) fail(v, `meta.${name} must be a string literal, e.g. ${example(name!)}`);
    const text = (v as ts.StringLiteral).text.trim();
    const problem = check(name as (typeof KEYS)[number], text);
    if (problem) fail(v, problem);
    meta[name as (typeof KEYS)[number]] = name === 'symbol' ? text.toUpperCase() : text;
  }
  if (meta.from && meta.to && Date.parse(meta.from) >= Date.parse(meta.to)) fail(obj, `meta.from (${meta.from}) must be before meta.to (${meta.to})`);
  const line = sf.getLineAndCharacterOfPosition(decl.getStart(sf)).line + 1;
  return { meta, line, warnings };
}

/** The data a strategy's meta names, when it names a symbol. Interval defaults to 1d. */
export function selectionFromMeta(meta: StrategyMeta | undefined): DataSelection | undefined {
  if (!meta?.symbol) return undefined;
  return { kind: 'symbol', symbol: meta.symbol, interval: meta.interval ?? '1d', from: meta.from, to: meta.to };
}

/** The user's explicit choice wins; else the strategy's meta; else the fallback (the editor's Select Data or the sample). */
export function chooseSelection(explicit: DataSelection | undefined, meta: StrategyMeta | undefined, fallback: DataSelection): DataSelection {
  return explicit ?? selectionFromMeta(meta) ?? fallback;
}

function check(key: (typeof KEYS)[number], v: string): string | undefined {
  switch (key) {
    case 'symbol':
      return /^[A-Za-z0-9^=._\-&]{1,32}$/.test(v) ? undefined : `meta.symbol "${v}" is not a ticker symbol (e.g. AAPL, BRK-B, ^GSPC, BTC-USD, EURUSD=X)`;
    case 'interval':
      return isYahooInterval(v) ? undefined : `meta.interval "${v}" is not an interval Yahoo serves (${YAHOO_INTERVALS.join(', ')})`;
    case 'from':
    case 'to':
      return /^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?Z?)?$/.test(v) && Number.isFinite(Date.parse(v.length === 10 ? v + 'T00:00:00Z' : v))
        ? undefined
        : `meta.${key} "${v}" is not a date like 2015-01-31`;
  }
}

function example(key: string): string {
  return key === 'symbol' ? "'AAPL'" : key === 'interval' ? "'1d'" : "'2015-01-01'";
}

function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

function findMeta(sf: ts.SourceFile): { decl: ts.VariableDeclaration; isConst: boolean } | undefined {
  const topLevel = new Map<string, { decl: ts.VariableDeclaration; isConst: boolean }>();
  let exportedLocal: string | undefined;
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
      const exported = st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        if (exported && d.name.text === 'meta') return { decl: d, isConst };
        topLevel.set(d.name.text, { decl: d, isConst });
      }
    } else if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) if (el.name.text === 'meta') exportedLocal = (el.propertyName ?? el.name).text;
    }
  }
  return exportedLocal ? topLevel.get(exportedLocal) : undefined;
}
