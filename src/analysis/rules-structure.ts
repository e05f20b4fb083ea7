/**
 * The shape of a strategy: a default export extending Strategy (`no-strategy-export`), a `next()`
 * (`missing-next`), lifecycle methods spelled right (`misnamed-lifecycle`), and at least one order
 * somewhere (`no-orders`).
 */
import * as ts from 'typescript';
import type { Report } from './diagnostic';
import { closestName } from './indicators';
import { type StrategyModel, methods, thisMember } from './strategy-model';

const ALIASES: Record<string, 'init' | 'next'> = {
  initialize: 'init', initialise: 'init', setup: 'init', onInit: 'init', onStart: 'init',
  onBar: 'next', on_bar: 'next', onTick: 'next', onCandle: 'next', onData: 'next',
};

/** The class and its local base classes (which extend Strategy too). */
function lineage(model: StrategyModel, cls: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
  const out = [cls];
  for (let c = cls; out.length < 10;) {
    const base = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const local = base && ts.isIdentifier(base) ? model.classes.find((k) => k.name?.text === base.text) : undefined;
    if (!local || out.includes(local)) break;
    out.push(local);
    c = local;
  }
  return out;
}

function checkExport(model: StrategyModel, report: Report): void {
  if (model.strategyExported || model.defaultExportUnknown) return;
  const sf = report.sf;
  const candidate = model.classes.find((c) => ts.isClassDeclaration(c) && c.parent === sf && c.name);
  if (model.defaultExport) {
    report.add('no-strategy-export', 'error', model.defaultExport.kind === ts.SyntaxKind.ClassDeclaration ? ((model.defaultExport as ts.ClassDeclaration).name ?? model.defaultExport) : model.defaultExport,
      "The default export must be a class that extends Strategy (imported from 'algoagent').");
    return;
  }
  const usesEsm = sf.statements.some((s) => ts.isImportDeclaration(s)) || !/\.[cm]?jsx?$/i.test(sf.fileName);
  if (candidate && ts.isClassDeclaration(candidate) && usesEsm) {
    const exported = candidate.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const classKeyword = candidate.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.ClassKeyword)!;
    report.add('no-strategy-export', 'error', candidate.name!, `${candidate.name!.text} extends Strategy but is not the default export, so the backtest cannot find it.`, {
      title: `Export ${candidate.name!.text} as default`,
      edits: [report.insertBefore(classKeyword, exported ? 'default ' : 'export default ')],
    });
    return;
  }
  const first = sf.statements[0] ?? sf.endOfFileToken;
  report.add('no-strategy-export', 'error', first,
    candidate ? `${candidate.name?.text ?? 'The strategy class'} extends Strategy but is not the default export (module.exports = ${candidate.name?.text ?? '…'}).`
      : "No strategy here: a strategy file default-exports a class that extends Strategy, e.g. `export default class MyStrategy extends Strategy { … }` (type 'strategy' for a skeleton).");
}

function checkLifecycle(model: StrategyModel, report: Report, cls: ts.ClassLikeDeclaration): void {
  const own = lineage(model, cls).map((c) => methods(c));
  const has = (name: string) => own.some((m) => m.has(name));
  const nameNode = cls.name ?? cls;
  for (const [name, m] of own[0]) {
    for (const wanted of ['init', 'next'] as const) {
      if (has(wanted) || name === wanted) continue;
      const alias = ALIASES[name] === wanted || closestName(name, ['init', 'next']) === wanted;
      if (alias) {
        report.add('misnamed-lifecycle', 'error', m.name, `${name}() is never called by the backtest: the method must be named ${wanted}().`, {
          title: `Rename to ${wanted}()`,
          edits: [{ node: m.name, newText: wanted }],
        });
      }
    }
  }
  const renamed = [...own[0].keys()].some((n) => ALIASES[n] === 'next' || closestName(n, ['init', 'next']) === 'next');
  if (!has('next') && !renamed) {
    const close = cls.members.end;
    const pos = report.sf.getLineAndCharacterOfPosition(close);
    report.add('missing-next', 'error', nameNode, `${cls.name?.text ?? 'The strategy'} has no next(): it is called on every bar to decide what to buy and sell.`, {
      title: 'Add next()',
      edits: [{ range: { line: pos.line + 1, column: pos.character + 1, endLine: pos.line + 1, endColumn: pos.character + 1 }, newText: '\n\n  next() {\n  }' }],
    });
  }
}

function checkOrders(model: StrategyModel, report: Report, cls: ts.ClassLikeDeclaration): void {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isPropertyAccessExpression(n) && (n.name.text === 'buy' || n.name.text === 'sell') && thisMember(n) !== undefined) found = true;
    else if (ts.isElementAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) found = true; // this[side]()
    ts.forEachChild(n, visit);
  };
  for (const c of lineage(model, cls)) visit(c);
  if (!found) {
    report.add('no-orders', 'warning', cls.name ?? cls, `${cls.name?.text ?? 'This strategy'} never calls this.buy() or this.sell(): the backtest cannot make any trade.`);
  }
}

export function checkStructure(model: StrategyModel, report: Report, strategyFile: boolean): void {
  if (strategyFile) checkExport(model, report);
  const cls = model.strategy;
  if (!cls) return;
  checkLifecycle(model, report, cls);
  checkOrders(model, report, cls);
}
