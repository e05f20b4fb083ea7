/**
 * Look-ahead patterns that are certain from the syntax alone:
 * - `lookahead-at`: `series.at(k)` with a literal k ≥ 0 (always undefined: past the current bar);
 * - `lookahead-index`: `series.values[series.length + k]`, `…[this.bar + k]` (k ≥ 1), and the same on `.full`;
 * - `lookahead-shift`: in `init()`, bar i computed from bar i + k of the data (k ≥ 1) — a series shifted backwards.
 */
import * as ts from 'typescript';
import type { Report } from './diagnostic';
import { type StrategyModel, isSeriesExpression, literalNumber, thisMember, unwrap } from './strategy-model';

/** Offset from the current bar's index that an expression stands for: `this.bar` → 0, `s.length` → 1. */
function barOffset(model: StrategyModel, e: ts.Expression): number | undefined {
  e = unwrap(e);
  if (thisMember(e) === 'bar') return 0;
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'length') {
    const of = unwrap(e.expression);
    if (thisMember(of) === 'data' || isSeriesExpression(model, of)) return 1;
    if (ts.isPropertyAccessExpression(of) && of.name.text === 'values' && isSeriesExpression(model, of.expression)) return 1;
    return undefined;
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.PlusToken || e.operatorToken.kind === ts.SyntaxKind.MinusToken)) {
    const sign = e.operatorToken.kind === ts.SyntaxKind.PlusToken ? 1 : -1;
    const l = barOffset(model, e.left);
    const rk = literalNumber(e.right);
    if (l !== undefined && rk !== undefined) return l + sign * rk;
    const lk = literalNumber(e.left);
    const r = sign === 1 ? barOffset(model, e.right) : undefined;
    if (lk !== undefined && r !== undefined) return lk + r;
  }
  return undefined;
}

/** `s.values`, `s.full`, `s.toArray()` of a known Series. */
function isSeriesArray(model: StrategyModel, e: ts.Expression, locals: ReadonlySet<string>): boolean {
  e = unwrap(e);
  if (ts.isIdentifier(e)) return locals.has(e.text);
  if (ts.isPropertyAccessExpression(e) && (e.name.text === 'values' || e.name.text === 'full')) return isSeriesExpression(model, e.expression);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'toArray') return isSeriesExpression(model, e.expression.expression);
  return false;
}

/** `name + k` (or `k + name`) with a literal k ≥ 1 → k. */
function forwardOf(e: ts.Expression, name: string): number | undefined {
  e = unwrap(e);
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.PlusToken) return undefined;
  const isName = (x: ts.Expression) => ts.isIdentifier(unwrap(x)) && (unwrap(x) as ts.Identifier).text === name;
  const k = isName(e.left) ? literalNumber(e.right) : isName(e.right) ? literalNumber(e.left) : undefined;
  return k !== undefined && k >= 1 ? k : undefined;
}

function checkAt(model: StrategyModel, report: Report, call: ts.CallExpression): void {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'at' || call.arguments.length !== 1) return;
  if (!isSeriesExpression(model, callee.expression)) return;
  const k = literalNumber(call.arguments[0]);
  if (k === undefined || k < 0) return;
  const what = callee.expression.getText(report.sf);
  if (k === 0) {
    report.add('lookahead-at', 'error', call.arguments[0], `${what}.at(0) is always undefined: offsets ≥ 0 point past the current bar. The current bar is at(-1).`, {
      title: 'Use at(-1) (the current bar)',
      edits: [{ node: call.arguments[0], newText: '-1' }],
    });
  } else {
    report.add('lookahead-at', 'error', call.arguments[0], `${what}.at(${k}) looks ${k} bar${k === 1 ? '' : 's'} into the future and is always undefined; at(-1) is the current bar, at(-2) the previous one.`);
  }
}

function checkIndex(model: StrategyModel, report: Report, e: ts.ElementAccessExpression): void {
  const target = unwrap(e.expression);
  if (!ts.isPropertyAccessExpression(target) || (target.name.text !== 'values' && target.name.text !== 'full')) return;
  if (!isSeriesExpression(model, target.expression)) return;
  const off = barOffset(model, e.argumentExpression);
  if (off === undefined || off < 1) return;
  const full = target.name.text === 'full';
  report.add('lookahead-index', 'error', e.argumentExpression,
    full
      ? `${target.getText(report.sf)}[${e.argumentExpression.getText(report.sf)}] reads ${off} bar${off === 1 ? '' : 's'} past the current one: look-ahead bias. Use .at(-1) for the current bar.`
      : `${target.getText(report.sf)}[${e.argumentExpression.getText(report.sf)}] is past the current bar (index length − 1) and is always undefined. Use .at(-1) for the current bar.`);
}

/** In init(): a loop or a map callback that computes position i from data at i + k. */
function checkShift(model: StrategyModel, report: Report, init: ts.MethodDeclaration): void {
  const locals = new Set<string>();
  const collectLocals = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && isSeriesArray(model, n.initializer, locals)) locals.add(n.name.text);
    ts.forEachChild(n, collectLocals);
  };
  collectLocals(init);

  const flagReads = (scope: ts.Node, index: string, arrayParam?: string) => {
    const visit = (n: ts.Node) => {
      if (ts.isElementAccessExpression(n)) {
        const arr = unwrap(n.expression);
        const isData = isSeriesArray(model, arr, locals) || (arrayParam !== undefined && ts.isIdentifier(arr) && arr.text === arrayParam);
        const k = isData ? forwardOf(n.argumentExpression, index) : undefined;
        if (k !== undefined) {
          report.add('lookahead-shift', 'error', n, `${n.getText(report.sf)} shifts the data ${k} bar${k === 1 ? '' : 's'} backwards: bar ${index} would use bar ${index} + ${k}, which has not happened yet (look-ahead bias). Use ${index} − ${k} to look back.`);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(scope);
  };

  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      let fn: ts.Expression | undefined;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'map' && isSeriesArray(model, callee.expression, locals)) fn = n.arguments[0];
      else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'from' && n.arguments.length >= 2 && isSeriesArray(model, n.arguments[0], locals)) fn = n.arguments[1];
      if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
        const idx = fn.parameters[1]?.name;
        const arr = fn.parameters[2]?.name;
        if (idx && ts.isIdentifier(idx)) flagReads(fn.body, idx.text, arr && ts.isIdentifier(arr) ? arr.text : undefined);
      }
    } else if (ts.isForStatement(n) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      const d = n.initializer.declarations[0];
      if (d && ts.isIdentifier(d.name)) {
        const i = d.name.text;
        const scanWrites = (m: ts.Node) => {
          if (ts.isBinaryExpression(m) && m.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isElementAccessExpression(unwrap(m.left))) {
            const idx = unwrap((unwrap(m.left) as ts.ElementAccessExpression).argumentExpression);
            if (ts.isIdentifier(idx) && idx.text === i) flagReads(m.right, i);
          }
          ts.forEachChild(m, scanWrites);
        };
        scanWrites(n.statement);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(init);
}

export function checkLookahead(model: StrategyModel, report: Report): void {
  const cls = model.strategy;
  if (!cls) return;
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) checkAt(model, report, n);
    else if (ts.isElementAccessExpression(n)) checkIndex(model, report, n);
    ts.forEachChild(n, visit);
  };
  visit(cls);
  for (const m of cls.members) {
    if (ts.isMethodDeclaration(m) && m.name.getText(report.sf) === 'init') checkShift(model, report, m);
  }
}
