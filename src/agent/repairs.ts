/**
 * Deterministic repairs: fixes applied without a model because they are certain.
 * - `this.` missing before a registered indicator (`rsi is not defined` where `this.rsi = this.I(…)`);
 * - an indicator name one edit away from exactly one real one (`ta.rsl` → `ta.rsi`);
 * - a wrong import path for the API (`'algoagent/ta'`, `'../algoagent'`, `'backtesting'`) → `'algoagent'`.
 * Each returns the whole new source, or undefined when it does not apply or is not certain.
 */
import * as ts from 'typescript';
import * as engine from '../engine';
import type { StrategyFailure } from '../runner/failure';
import { editDistance } from '../text/edit-distance';

export interface Repair {
  /** Short name for the attempt record (`missing-this`, `indicator-name`, `import-path`). */
  name: string;
  /** What was changed, in a sentence. */
  summary: string;
  code: string;
}

interface Edit {
  pos: number;
  end: number;
  text: string;
}

function applyEdits(code: string, edits: Edit[]): string {
  let out = code;
  for (const e of [...edits].sort((a, b) => b.pos - a.pos)) out = out.slice(0, e.pos) + e.text + out.slice(e.end);
  return out;
}

function parse(code: string, file: string): ts.SourceFile {
  return ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true, /\.js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}


/** `X is not defined` where the class keeps `this.X`: every bare `X` inside the class becomes `this.X`. */
export function missingThis(code: string, failure: StrategyFailure): Repair | undefined {
  if (failure.kind !== 'reference') return undefined;
  const name = /^([A-Za-z_$][\w$]*) is not defined/.exec(failure.message)?.[1];
  if (!name) return undefined;
  const sf = parse(code, failure.file);
  let member = false;
  let shadowed = false;
  const bare: ts.Identifier[] = [];
  walk(sf, (n) => {
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && n.name.text === name) member = true;
    if (ts.isPropertyDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name) member = true;
    if (!ts.isIdentifier(n) || n.text !== name) return;
    const p = n.parent;
    if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isBindingElement(p)) && p.name === n) shadowed = true;
    else if (ts.isShorthandPropertyAssignment(p)) shadowed = true;
    else if (ts.isPropertyAccessExpression(p) && p.name === n) return;
    else if ((ts.isPropertyDeclaration(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === n) return;
    else if (ts.isTypeReferenceNode(p) || ts.isQualifiedName(p)) return;
    else bare.push(n);
  });
  if (!member || shadowed || !bare.length) return undefined;
  const insideClass = bare.every((id) => {
    for (let p: ts.Node | undefined = id.parent; p; p = p.parent) if (ts.isClassLike(p)) return true;
    return false;
  });
  if (!insideClass) return undefined;
  const edits = bare.map((id) => ({ pos: id.getStart(sf), end: id.getStart(sf), text: 'this.' }));
  return { name: 'missing-this', summary: `added \`this.\` before ${bare.length} use${bare.length > 1 ? 's' : ''} of \`${name}\``, code: applyEdits(code, edits) };
}

const TA_NAMES = Object.keys(engine.ta);

/** The one real indicator a misspelt name means, when exactly one is within one edit (case ignored). */
export function nearestIndicator(name: string): string | undefined {
  if (TA_NAMES.includes(name)) return undefined;
  const lower = TA_NAMES.filter((t) => t.toLowerCase() === name.toLowerCase());
  if (lower.length === 1) return lower[0];
  const near = TA_NAMES.filter((t) => editDistance(t.toLowerCase(), name.toLowerCase()) <= 1);
  return near.length === 1 ? near[0] : undefined;
}

/** `ta.<typo>(…)` → the one real indicator one edit away; only when the failure names the typo. */
export function indicatorName(code: string, failure: StrategyFailure): Repair | undefined {
  const sf = parse(code, failure.file);
  const edits: Edit[] = [];
  const fixed: string[] = [];
  walk(sf, (n) => {
    if (!ts.isPropertyAccessExpression(n) || !ts.isIdentifier(n.expression) || n.expression.text !== 'ta') return;
    const bad = n.name.text;
    if (!new RegExp(`\\b${bad}\\b`).test(failure.message)) return;
    const good = nearestIndicator(bad);
    if (!good) return;
    edits.push({ pos: n.name.getStart(sf), end: n.name.getEnd(), text: good });
    fixed.push(`ta.${bad} → ta.${good}`);
  });
  if (!edits.length) return undefined;
  return { name: 'indicator-name', summary: `renamed ${[...new Set(fixed)].join(', ')}`, code: applyEdits(code, edits) };
}

const API_NAMES = new Set([...Object.keys(engine), 'Series', 'Params', 'Bars', 'Result', 'Stats', 'TradeRecord', 'BacktestOptions', 'Strategy']);
const API_LIKE = /(^|[/@.-])(algoagent|algo-agent|backtesting|backtesting\.py|backtest|strategy-api)([/.-]|$)/i;

/** An import of the API from a wrong path (`'algoagent/ta'`, `'../algoagent'`, `'backtesting'`) → `'algoagent'`. */
export function importPath(code: string, failure: StrategyFailure): Repair | undefined {
  if (failure.kind !== 'import') return undefined;
  const sf = parse(code, failure.file);
  const edits: Edit[] = [];
  const from: string[] = [];
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const spec = st.moduleSpecifier.text;
    if (spec === 'algoagent' || !API_LIKE.test(spec)) continue;
    const clause = st.importClause;
    const bindings = clause?.namedBindings;
    // Only named imports of names the API has: `import * as x` or a default import would change meaning.
    if (!clause || clause.name || !bindings || !ts.isNamedImports(bindings)) continue;
    if (!bindings.elements.every((e) => API_NAMES.has((e.propertyName ?? e.name).text))) continue;
    edits.push({ pos: st.moduleSpecifier.getStart(sf), end: st.moduleSpecifier.getEnd(), text: "'algoagent'" });
    from.push(spec);
  }
  if (!edits.length) return undefined;
  return { name: 'import-path', summary: `imported from 'algoagent' instead of ${from.map((f) => `'${f}'`).join(', ')}`, code: applyEdits(code, edits) };
}

/** The first certain repair for this failure, if any. */
export function deterministicRepair(code: string, failure: StrategyFailure): Repair | undefined {
  for (const repair of [importPath, missingThis, indicatorName]) {
    const r = repair(code, failure);
    if (r && r.code !== code) return r;
  }
  return undefined;
}
