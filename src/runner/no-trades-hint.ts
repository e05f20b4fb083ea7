/**
 * The `no-trades` hint: which inputs the entry conditions compare, what values those inputs took,
 * and what the condition needs — "RSI(14) ranged 31.2–88.0; the entry needs < 30". The conditions
 * come from the strategy's syntax tree (the `if` around `this.buy()`/`this.sell()`); the ranges from
 * the indicators the run registered.
 */
import * as ts from 'typescript';
import type { IndicatorRange } from './protocol';

interface Need {
  /** Property path on `this`, e.g. `rsi` or `bands.upper`. */
  prop: string;
  op: string;
  value: number;
  line: number;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const OPS: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.LessThanToken]: '<',
  [ts.SyntaxKind.LessThanEqualsToken]: '<=',
  [ts.SyntaxKind.GreaterThanToken]: '>',
  [ts.SyntaxKind.GreaterThanEqualsToken]: '>=',
};

export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/** `this.rsi`, `this.rsi.at(-1)`, `this.rsi.values[i]`, `this.bands.upper.at(-1)` → `rsi` / `bands.upper`. */
function thisProperty(e: ts.Expression): string | undefined {
  let cur = e;
  for (;;) {
    if (ts.isParenthesizedExpression(cur) || ts.isNonNullExpression(cur) || ts.isAsExpression(cur)) cur = cur.expression;
    else if (ts.isCallExpression(cur) && ts.isPropertyAccessExpression(cur.expression) && cur.expression.name.text === 'at') cur = cur.expression.expression;
    else if (ts.isElementAccessExpression(cur)) cur = cur.expression;
    else if (ts.isPropertyAccessExpression(cur) && (cur.name.text === 'values' || cur.name.text === 'full')) cur = cur.expression;
    else break;
  }
  const parts: string[] = [];
  while (ts.isPropertyAccessExpression(cur)) {
    parts.unshift(cur.name.text);
    cur = cur.expression;
  }
  return cur.kind === ts.SyntaxKind.ThisKeyword && parts.length ? parts.join('.') : undefined;
}

function numberOf(e: ts.Expression): number | undefined {
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  if (ts.isParenthesizedExpression(e)) return numberOf(e.expression);
  return undefined;
}

function placesOrder(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      (n.expression.name.text === 'buy' || n.expression.name.text === 'sell')) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

function needsIn(cond: ts.Expression, sf: ts.SourceFile, out: Need[]): void {
  const visit = (n: ts.Node) => {
    if (ts.isBinaryExpression(n) && OPS[n.operatorToken.kind]) {
      const op = OPS[n.operatorToken.kind]!;
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
      const lp = thisProperty(n.left), rv = numberOf(n.right);
      const rp = thisProperty(n.right), lv = numberOf(n.left);
      if (lp && rv !== undefined) out.push({ prop: lp, op, value: rv, line });
      else if (rp && lv !== undefined) out.push({ prop: rp, op: FLIP[op], value: lv, line });
    } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && (n.expression.text === 'crossover' || n.expression.text === 'crossunder') && n.arguments.length === 2) {
      const p = thisProperty(n.arguments[0]);
      const v = numberOf(n.arguments[1]);
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
      if (p && v !== undefined) out.push({ prop: p, op: n.expression.text === 'crossover' ? 'to cross above' : 'to cross below', value: v, line });
    }
    ts.forEachChild(n, visit);
  };
  visit(cond);
}

/** Conditions guarding order calls in the source. `hasOrders` is false when nothing ever calls buy/sell. */
export function entryNeeds(source: string, fileName: string): { needs: Need[]; hasOrders: boolean } {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, /\.[cm]?jsx?$/i.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const needs: Need[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isIfStatement(n) && placesOrder(n.thenStatement)) needsIn(n.expression, sf, needs);
    if (ts.isConditionalExpression(n) && (placesOrder(n.whenTrue) || placesOrder(n.whenFalse))) needsIn(n.condition, sf, needs);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { needs, hasOrders: placesOrder(sf) };
}

function met(r: IndicatorRange, n: Need): boolean {
  switch (n.op) {
    case '<': return r.min < n.value;
    case '<=': return r.min <= n.value;
    case '>': return r.max > n.value;
    case '>=': return r.max >= n.value;
    default: return r.min <= n.value && r.max >= n.value;
  }
}

/** The hint text; names first the conditions whose input never reached the needed value. */
export function noTradesHint(source: string, fileName: string, ranges: IndicatorRange[], bars: number): string {
  const { needs, hasOrders } = entryNeeds(source, fileName);
  if (!hasOrders) return 'next() never calls this.buy() or this.sell(); add an entry rule that places an order.';
  const byProp = new Map(ranges.filter((r) => r.property).map((r) => [r.property!, r]));
  const parts: string[] = [];
  const score = (n: Need) => {
    const r = byProp.get(n.prop);
    return r ? Number(met(r, n)) : 2;
  };
  const ordered = [...needs].sort((a, b) => score(a) - score(b));
  for (const n of ordered) {
    const r = byProp.get(n.prop);
    if (!r) continue;
    parts.push(`${r.name} ranged ${formatNumber(r.min)}–${formatNumber(r.max)}; the entry on line ${n.line} needs ${n.op} ${formatNumber(n.value)}`);
  }
  if (parts.length) return parts.slice(0, 3).join('. ') + '.';
  if (ranges.length) {
    const list = ranges.slice(0, 4).map((r) => `${r.name} ${formatNumber(r.min)}–${formatNumber(r.max)}`).join(', ');
    return `No entry condition was met in ${bars} bars. Indicator ranges: ${list}. Loosen the thresholds or check the comparison directions.`;
  }
  return `No entry condition was met in ${bars} bars; check the conditions around this.buy()/this.sell().`;
}
