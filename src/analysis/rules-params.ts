/**
 * `unused-param`: a key of `static params` that nothing reads. Reads are `this.params.x`,
 * `this.params['x']`, destructuring `const { x } = this.params`, and the same through a local alias
 * (`const p = this.params; p.x`). Any other use of `this.params` (passed on whole, spread, a computed
 * key) may read every key, so then nothing is reported.
 */
import * as ts from 'typescript';
import type { Report } from './diagnostic';
import { type StrategyModel, memberName, staticParamsOf, thisMember, unwrap } from './strategy-model';

export function checkParams(model: StrategyModel, report: Report): void {
  const cls = model.strategy;
  const params = cls && staticParamsOf(cls)?.literal;
  if (!params) return;
  const read = new Set<string>();
  const aliases = new Set<string>();
  let opaque = false;

  const isParams = (e: ts.Expression): boolean => {
    e = unwrap(e);
    return thisMember(e) === 'params' || (ts.isIdentifier(e) && aliases.has(e.text));
  };
  const readBinding = (pattern: ts.ObjectBindingPattern) => {
    for (const el of pattern.elements) {
      if (el.dotDotDotToken) { opaque = true; continue; }
      const key = el.propertyName ?? el.name;
      if (ts.isIdentifier(key) || ts.isStringLiteral(key)) read.add(key.text);
      else opaque = true;
    }
  };

  const visit = (n: ts.Node) => {
    if (ts.isPropertyAccessExpression(n) && thisMember(n) === 'params') {
      const p = n.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === n) read.add(p.name.text);
      else if (ts.isElementAccessExpression(p) && p.expression === n) {
        if (ts.isStringLiteralLike(p.argumentExpression)) read.add(p.argumentExpression.text);
        else opaque = true;
      } else if (ts.isVariableDeclaration(p) && p.initializer === n) {
        if (ts.isObjectBindingPattern(p.name)) readBinding(p.name);
        else if (ts.isIdentifier(p.name)) aliases.add(p.name.text);
        else opaque = true;
      } else if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        // this.params = … (unusual): nothing known
        opaque = true;
      } else if (!(ts.isNonNullExpression(p) || ts.isParenthesizedExpression(p))) opaque = true;
    } else if (ts.isIdentifier(n) && aliases.has(n.text) && !ts.isVariableDeclaration(n.parent)) {
      const p = n.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === n) read.add(p.name.text);
      else if (ts.isElementAccessExpression(p) && p.expression === n && ts.isStringLiteralLike(p.argumentExpression)) read.add(p.argumentExpression.text);
      else opaque = true;
    } else if (ts.isVariableDeclaration(n) && n.initializer && ts.isObjectBindingPattern(n.name) && isParams(n.initializer) && thisMember(unwrap(n.initializer)) !== 'params') {
      readBinding(n.name);
    }
    ts.forEachChild(n, visit);
  };
  visit(report.sf);
  if (opaque) return;
  for (const p of params.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
    const name = memberName(p);
    if (name === undefined || read.has(name)) continue;
    report.add('unused-param', 'warning', p.name, `params.${name} is never read (this.params.${name}): changing it — by the optimizer, --param or chat — has no effect.`);
  }
}
