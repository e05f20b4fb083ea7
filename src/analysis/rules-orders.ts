/**
 * Literal order options the engine refuses (`order-size`, `order-option`): `size` must be a fraction
 * in (0, 1) or whole units ≥ 1; `trailPct` a fraction in (0, 1); prices (`limit`, `stop`, `sl`, `tp`)
 * must be > 0.
 */
import * as ts from 'typescript';
import type { Report } from './diagnostic';
import { literalNumber, memberName, thisMember, unwrap } from './strategy-model';

function checkOptions(report: Report, side: string, opts: ts.ObjectLiteralExpression): void {
  for (const p of opts.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = memberName(p);
    const v = literalNumber(p.initializer);
    if (key === undefined || v === undefined) continue;
    if (key === 'size') {
      if (!(v > 0)) {
        report.add('order-size', 'error', p.initializer, `${side}({ size: ${v} }): size must be a fraction in (0, 1) of available equity or whole units ≥ 1; leave it out to go all in.`);
      } else if (v >= 1 && !Number.isInteger(v)) {
        const whole = Math.floor(v);
        report.add('order-size', 'error', p.initializer, `${side}({ size: ${v} }): sizes ≥ 1 are whole units (or use a fraction in (0, 1) of equity); ${v} is neither. Fractional units need the fractionalUnits backtest option.`, {
          title: `Use ${whole} unit${whole === 1 ? '' : 's'}`,
          edits: [{ node: p.initializer, newText: String(whole) }],
        });
      }
    } else if (key === 'trailPct' && !(v > 0 && v < 1)) {
      report.add('order-option', 'error', p.initializer, `${side}({ trailPct: ${v} }): the trailing distance is a fraction in (0, 1), e.g. 0.05 for 5 %.`,
        v > 1 && v < 100 ? { title: `Use ${v / 100} (${v} %)`, edits: [{ node: p.initializer, newText: String(v / 100) }] } : undefined);
    } else if ((key === 'limit' || key === 'stop' || key === 'sl' || key === 'tp') && !(v > 0)) {
      report.add('order-option', 'error', p.initializer, `${side}({ ${key}: ${v} }): prices must be > 0.`);
    }
  }
}

export function checkOrderOptions(report: Report): void {
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const side = thisMember(n.expression);
      const arg = n.arguments[0] && unwrap(n.arguments[0]);
      if ((side === 'buy' || side === 'sell') && arg && ts.isObjectLiteralExpression(arg)) checkOptions(report, `this.${side}`, arg);
    }
    ts.forEachChild(n, visit);
  };
  visit(report.sf);
}
