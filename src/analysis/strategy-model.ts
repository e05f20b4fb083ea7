/**
 * The parts of a strategy file the rules, hovers and completions look at, read from the TypeScript
 * syntax tree: what `algoagent` names are bound to, the strategy class, its lifecycle methods,
 * `static params`, the default export, and which `this.*` fields hold Series.
 */
import * as ts from 'typescript';

export interface StrategyModel {
  sf: ts.SourceFile;
  /** Local names bound to `algoagent` exports (`{ ta: 'ta', T: 'ta' }` for `import { ta, ta as T }`). */
  imports: Map<string, string>;
  /** `import * as A from 'algoagent'` / `const A = require('algoagent')`. */
  namespaces: Set<string>;
  /** Classes that extend Strategy (directly or through a local base class). */
  classes: ts.ClassLikeDeclaration[];
  /** The default-exported class when it extends Strategy, else the only class that does. */
  strategy?: ts.ClassLikeDeclaration;
  /** True when `strategy` is the default export. */
  strategyExported: boolean;
  /** The default export may be a Strategy defined elsewhere (re-exported, or extending an imported base class). */
  defaultExportUnknown: boolean;
  /** What is default-exported (undefined when nothing is). */
  defaultExport?: ts.Node;
  /** Fields of the strategy class that hold one Series. */
  seriesFields: Set<string>;
  /** Fields that hold an object of Series (multi-output `this.I(…)`). */
  seriesGroups: Set<string>;
}

export function parseStrategy(source: string, fileName: string): ts.SourceFile {
  const kind = /\.[cm]?jsx?$/i.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, kind);
}

/** Strips parentheses, `as`, `!` and `satisfies` around an expression. */
export function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
}

export function isThis(e: ts.Expression): boolean {
  return unwrap(e).kind === ts.SyntaxKind.ThisKeyword;
}

/** `this.<name>` → name. */
export function thisMember(e: ts.Expression): string | undefined {
  e = unwrap(e);
  return ts.isPropertyAccessExpression(e) && isThis(e.expression) ? e.name.text : undefined;
}

/** A literal number (with unary minus), or undefined. */
export function literalNumber(e: ts.Expression): number | undefined {
  e = unwrap(e);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)) {
    if (e.operator === ts.SyntaxKind.MinusToken) return -Number(e.operand.text);
    if (e.operator === ts.SyntaxKind.PlusToken) return Number(e.operand.text);
  }
  return undefined;
}

export function memberName(m: ts.ClassElement | ts.ObjectLiteralElement): string | undefined {
  const n = m.name;
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n)) return n.text;
  return undefined;
}

export function isStatic(m: ts.ClassElement): boolean {
  return !!ts.canHaveModifiers(m) && !!ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
}

/** Methods by name (instance methods only). */
export function methods(cls: ts.ClassLikeDeclaration): Map<string, ts.MethodDeclaration> {
  const out = new Map<string, ts.MethodDeclaration>();
  for (const m of cls.members) {
    if (ts.isMethodDeclaration(m) && !isStatic(m)) {
      const name = memberName(m);
      if (name !== undefined) out.set(name, m);
    }
  }
  return out;
}

/** The `static params = { … }` declaration of a class and its object literal. */
export function staticParamsOf(cls: ts.ClassLikeDeclaration): { decl: ts.PropertyDeclaration; literal?: ts.ObjectLiteralExpression } | undefined {
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && isStatic(m) && memberName(m) === 'params') {
      const init = m.initializer && unwrap(m.initializer);
      return { decl: m, literal: init && ts.isObjectLiteralExpression(init) ? init : undefined };
    }
  }
  return undefined;
}

/** The name a `ta` reference resolves to: `ta` imported under any local name, or `A.ta`. */
export function isTaObject(model: StrategyModel, e: ts.Expression): boolean {
  e = unwrap(e);
  if (ts.isIdentifier(e)) return model.imports.get(e.text) === 'ta';
  return ts.isPropertyAccessExpression(e) && e.name.text === 'ta' && ts.isIdentifier(e.expression) && model.namespaces.has(e.expression.text);
}

/** True when `e` names an `algoagent` export `name` (a local import or `A.name`). */
export function isAlgoagent(model: StrategyModel, e: ts.Expression, name: string): boolean {
  e = unwrap(e);
  if (ts.isIdentifier(e)) return model.imports.get(e.text) === name;
  return ts.isPropertyAccessExpression(e) && e.name.text === name && ts.isIdentifier(e.expression) && model.namespaces.has(e.expression.text);
}

function readImports(sf: ts.SourceFile, imports: Map<string, string>, namespaces: Set<string>): void {
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text === 'algoagent') {
      const b = st.importClause?.namedBindings;
      if (b && ts.isNamespaceImport(b)) namespaces.add(b.name.text);
      if (b && ts.isNamedImports(b)) for (const el of b.elements) imports.set(el.name.text, (el.propertyName ?? el.name).text);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') continue;
        const arg = init.arguments[0];
        if (!arg || !ts.isStringLiteral(arg) || arg.text !== 'algoagent') continue;
        if (ts.isIdentifier(d.name)) namespaces.add(d.name.text);
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            imports.set(el.name.text, prop);
          }
        }
      }
    }
  }
}

/** `module.exports = X`, `module.exports = { default: X }`, `exports.default = X`. */
function commonJsDefault(st: ts.Statement): ts.Expression | undefined {
  if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = st.expression.left.getText();
  const right = unwrap(st.expression.right);
  if (left === 'exports.default' || left === 'module.exports.default') return right;
  if (left !== 'module.exports') return undefined;
  if (ts.isObjectLiteralExpression(right)) {
    for (const p of right.properties) {
      if (ts.isPropertyAssignment(p) && memberName(p) === 'default') return unwrap(p.initializer);
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'default') return p.name;
    }
    return undefined;
  }
  return right;
}

function classesOf(sf: ts.SourceFile): ts.ClassLikeDeclaration[] {
  const out: ts.ClassLikeDeclaration[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function extendsExpression(cls: ts.ClassLikeDeclaration): ts.Expression | undefined {
  const clause = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  return clause?.types[0]?.expression;
}

/** Reads Series fields from `this.x = this.I(…)` and `x!: Series` declarations. */
function readSeriesFields(model: StrategyModel, cls: ts.ClassLikeDeclaration): void {
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && m.type && ts.isTypeReferenceNode(m.type) && ts.isIdentifier(m.type.typeName) && m.type.typeName.text === 'Series') {
      const name = memberName(m);
      if (name) model.seriesFields.add(name);
    }
  }
  const visit = (n: ts.Node) => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const field = thisMember(n.left);
      const right = unwrap(n.right);
      if (field && ts.isCallExpression(right) && thisMember(right.expression) === 'I' && right.arguments[0]) {
        if (isMultiOutput(model, right.arguments[0])) model.seriesGroups.add(field);
        else model.seriesFields.add(field);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(cls);
}

/** `ta.macd(…)`, `{ a: …, b: … }`: values that `this.I` turns into an object of Series. */
function isMultiOutput(model: StrategyModel, e: ts.Expression): boolean {
  e = unwrap(e);
  if (ts.isObjectLiteralExpression(e)) return true;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && isTaObject(model, e.expression.expression)) {
    return ['macd', 'bbands', 'stoch', 'stochRsi', 'adx'].includes(e.expression.name.text);
  }
  return false;
}

function rootName(e: ts.Expression): string | undefined {
  e = unwrap(e);
  while (ts.isPropertyAccessExpression(e)) e = unwrap(e.expression);
  return ts.isIdentifier(e) ? e.text : undefined;
}

/** True when `name` is bound by an import (or require) of a module other than `algoagent`. */
function importedFromElsewhere(sf: ts.SourceFile, name: string): boolean {
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text !== 'algoagent' && st.importClause) {
      const c = st.importClause;
      if (c.name?.text === name) return true;
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b) && b.name.text === name) return true;
      if (b && ts.isNamedImports(b) && b.elements.some((el) => el.name.text === name)) return true;
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        const required = init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' &&
          !(init.arguments[0] && ts.isStringLiteral(init.arguments[0]) && init.arguments[0].text === 'algoagent');
        if (!required) continue;
        if (ts.isIdentifier(d.name) && d.name.text === name) return true;
        if (ts.isObjectBindingPattern(d.name) && d.name.elements.some((el) => ts.isIdentifier(el.name) && el.name.text === name)) return true;
      }
    }
  }
  return false;
}

export function buildModel(sf: ts.SourceFile): StrategyModel {
  const model: StrategyModel = { sf, imports: new Map(), namespaces: new Set(), classes: [], strategyExported: false, defaultExportUnknown: false, seriesFields: new Set(), seriesGroups: new Set() };
  readImports(sf, model.imports, model.namespaces);
  const all = classesOf(sf);
  const byName = new Map<string, ts.ClassLikeDeclaration>();
  for (const c of all) if (c.name) byName.set(c.name.text, c);
  const extendsStrategy = (c: ts.ClassLikeDeclaration, depth = 0): boolean => {
    const base = extendsExpression(c);
    if (!base || depth > 10) return false;
    if (isAlgoagent(model, base, 'Strategy')) return true;
    const local = ts.isIdentifier(base) ? byName.get(base.text) : undefined;
    return !!local && local !== c && extendsStrategy(local, depth + 1);
  };
  model.classes = all.filter((c) => extendsStrategy(c));

  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause) && st.exportClause.elements.some((e) => e.name.text === 'default')) {
      model.defaultExportUnknown = true;
      continue;
    }
    let target: ts.Node | undefined;
    if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st)) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) target = st;
    else if (ts.isExportAssignment(st)) target = unwrap(st.expression);
    else target = commonJsDefault(st);
    if (!target) continue;
    model.defaultExport = target;
    const cls = ts.isClassDeclaration(target) || ts.isClassExpression(target) ? target : ts.isIdentifier(target) ? byName.get(target.text) : undefined;
    if (cls && model.classes.includes(cls)) { model.strategy = cls; model.strategyExported = true; }
    else if (!cls && ts.isIdentifier(target)) model.defaultExportUnknown = true;
    else if (cls) {
      const base = extendsExpression(cls);
      const local = base && ts.isIdentifier(base) ? byName.get(base.text) : undefined;
      const root = base && rootName(base);
      if (base && !local && !isAlgoagent(model, base, 'Strategy') && root && importedFromElsewhere(sf, root)) model.defaultExportUnknown = true;
    }
  }
  if (!model.strategy && model.classes.length === 1) model.strategy = model.classes[0];
  if (model.strategy) readSeriesFields(model, model.strategy);
  return model;
}

/** True when `e` is certainly a Series: `this.data.<column>`, a Series field, or a line of a multi-output field. */
export function isSeriesExpression(model: StrategyModel, e: ts.Expression): boolean {
  e = unwrap(e);
  if (!ts.isPropertyAccessExpression(e)) return false;
  const own = thisMember(e);
  if (own !== undefined) return model.seriesFields.has(own);
  const parent = thisMember(e.expression);
  if (parent === 'data') return ['open', 'high', 'low', 'close', 'volume', 'time'].includes(e.name.text);
  return parent !== undefined && model.seriesGroups.has(parent);
}

/** The enclosing method of the strategy class named `name`, when `node` is inside it. */
export function enclosingMethod(node: ts.Node): ts.MethodDeclaration | undefined {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isMethodDeclaration(p)) return p;
    if (ts.isClassLike(p)) return undefined;
  }
  return undefined;
}
