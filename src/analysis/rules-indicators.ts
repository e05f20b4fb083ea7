/**
 * Indicator misuse: unknown `ta.*` names (with "did you mean"), wrong argument counts, literal
 * parameters out of range (also through `this.params.x` defaults), and `this.I(…)` / `ta.*` results
 * that are computed and thrown away.
 */
import * as ts from 'typescript';
import type { Report } from './diagnostic';
import { INDICATORS, PATTERN_INPUTS, PATTERNS, closestName, paramProblem, signature, type Indicator } from './indicators';
import { type StrategyModel, isTaObject, literalNumber, memberName, staticParamsOf, thisMember, unwrap } from './strategy-model';

/** Literal defaults of `static params` (name → number). */
function paramDefaults(model: StrategyModel): Map<string, number> {
  const out = new Map<string, number>();
  const lit = model.strategy && staticParamsOf(model.strategy)?.literal;
  for (const p of lit?.properties ?? []) {
    if (!ts.isPropertyAssignment(p)) continue;
    const name = memberName(p);
    const v = literalNumber(p.initializer);
    if (name !== undefined && v !== undefined) out.set(name, v);
  }
  return out;
}

/** The value of an argument when it is a literal, or a `this.params.x` whose default is a literal. */
function argValue(e: ts.Expression, defaults: Map<string, number>): { value: number; viaParam?: string } | undefined {
  const lit = literalNumber(e);
  if (lit !== undefined) return { value: lit };
  e = unwrap(e);
  if (ts.isPropertyAccessExpression(e) && thisMember(e.expression) === 'params' && defaults.has(e.name.text)) {
    return { value: defaults.get(e.name.text)!, viaParam: e.name.text };
  }
  return undefined;
}

function checkCall(report: Report, ind: Indicator, call: ts.CallExpression, defaults: Map<string, number>): void {
  const args = call.arguments;
  if (args.some((a) => ts.isSpreadElement(a))) return;
  const required = ind.inputs.length + ind.params.filter((p) => p.default === undefined).length;
  const most = ind.inputs.length + ind.params.length;
  if (args.length < required || args.length > most) {
    const count = required === most ? `${most}` : `${required} to ${most}`;
    const node = args.length > most ? args[most] : call;
    report.add('indicator-arguments', 'error', node, `ta.${ind.name} takes ${count} argument${most === 1 ? '' : 's'}: ${signature(ind)}; got ${args.length}.`);
    return;
  }
  const values: number[] = [];
  let allKnown = true;
  ind.params.forEach((p, i) => {
    const arg = args[ind.inputs.length + i];
    const v = arg ? argValue(arg, defaults) : p.default !== undefined ? { value: p.default } : undefined;
    if (!v) { allKnown = false; return; }
    values.push(v.value);
    const problem = paramProblem(p, v.value);
    if (problem && arg) {
      report.add('indicator-parameter', v.viaParam ? 'warning' : 'error', arg,
        v.viaParam ? `ta.${ind.name}: ${problem} (the default of params.${v.viaParam}); the run will fail with these defaults.` : `ta.${ind.name}: ${problem}.`);
      allKnown = false;
    }
  });
  const relation = allKnown && ind.relation?.(values);
  if (relation) report.add('indicator-parameter', 'error', call, `ta.${ind.name}: ${relation}.`);
}

/** Checks `ta.<name>` references and calls. */
function checkTaAccess(model: StrategyModel, report: Report, access: ts.PropertyAccessExpression, defaults: Map<string, number>): void {
  const name = access.name.text;
  const call = ts.isCallExpression(access.parent) && access.parent.expression === access ? access.parent : undefined;
  if (name === 'patterns') return;
  const ind = INDICATORS.get(name);
  if (!ind) {
    const guess = closestName(name, [...INDICATORS.keys(), 'patterns']);
    report.add('unknown-indicator', 'error', access.name, `ta.${name} does not exist.${guess ? ` Did you mean ta.${guess}?` : ''} Available: ${[...INDICATORS.keys()].join(', ')}, patterns.*.`,
      guess ? { title: `Change to ta.${guess}`, edits: [{ node: access.name, newText: guess }] } : undefined);
    return;
  }
  if (call) checkCall(report, ind, call, defaults);
}

function checkPatternAccess(report: Report, access: ts.PropertyAccessExpression): void {
  const name = access.name.text;
  if (!(name in PATTERNS)) {
    const guess = closestName(name, Object.keys(PATTERNS));
    report.add('unknown-indicator', 'error', access.name, `ta.patterns.${name} does not exist.${guess ? ` Did you mean ta.patterns.${guess}?` : ''}`,
      guess ? { title: `Change to ta.patterns.${guess}`, edits: [{ node: access.name, newText: guess }] } : undefined);
    return;
  }
  const call = ts.isCallExpression(access.parent) && access.parent.expression === access ? access.parent : undefined;
  if (call && !call.arguments.some((a) => ts.isSpreadElement(a)) && call.arguments.length !== PATTERN_INPUTS.length) {
    report.add('indicator-arguments', 'error', call, `ta.patterns.${name} takes 4 arguments (${PATTERN_INPUTS.join(', ')}); got ${call.arguments.length}.`);
  }
}

export function checkIndicators(model: StrategyModel, report: Report): void {
  const defaults = paramDefaults(model);
  const visit = (n: ts.Node) => {
    if (ts.isPropertyAccessExpression(n)) {
      if (isTaObject(model, n.expression)) checkTaAccess(model, report, n, defaults);
      else if (ts.isPropertyAccessExpression(unwrap(n.expression)) && (unwrap(n.expression) as ts.PropertyAccessExpression).name.text === 'patterns' &&
        isTaObject(model, (unwrap(n.expression) as ts.PropertyAccessExpression).expression)) checkPatternAccess(report, n);
    } else if (ts.isExpressionStatement(n)) {
      const e = unwrap(n.expression);
      if (ts.isCallExpression(e) && thisMember(e.expression) === 'I') {
        report.add('indicator-discarded', 'warning', e, 'The result of this.I(…) is thrown away: keep it on the strategy (`this.ma = this.I(…)`) and read it in next().');
      } else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && isTaObject(model, e.expression.expression)) {
        report.add('indicator-discarded', 'warning', e, `The result of ta.${e.expression.name.text}(…) is thrown away: register it with this.I(…) and keep it on the strategy.`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(model.sf);
}
