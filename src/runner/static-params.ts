import * as ts from 'typescript';

/**
 * The names and default values in a strategy's `static params = { … }`, read from the syntax tree
 * (nothing runs). Undefined when the class has no literal `static params`.
 */
export function staticParams(source: string, fileName: string): Record<string, number | string | boolean> | undefined {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  let found: Record<string, number | string | boolean> | undefined;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isPropertyDeclaration(n) && n.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) &&
      ts.isIdentifier(n.name) && n.name.text === 'params' && n.initializer) {
      let init = n.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isObjectLiteralExpression(init)) {
        found = {};
        for (const p of init.properties) {
          if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
          const v = p.initializer;
          const num = ts.isNumericLiteral(v) ? Number(v.text)
            : ts.isPrefixUnaryExpression(v) && v.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(v.operand) ? -Number(v.operand.text) : undefined;
          found[p.name.text] = num ?? (ts.isStringLiteral(v) ? v.text : v.kind === ts.SyntaxKind.TrueKeyword ? true : v.kind === ts.SyntaxKind.FalseKeyword ? false : NaN);
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}
