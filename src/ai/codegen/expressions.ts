/**
 * TypeScript expressions for the pieces of a spec: indicator computations for `init()`, operand
 * values and conditions for `next()`. Input is a validated spec (ids and keys known).
 */
import { INDICATOR_CATALOG } from '../spec/catalog';
import type { Cond, IndicatorSpec, Operand, PriceField } from '../spec/types';
import { PRICE_FIELDS } from '../spec/types';

/** `static params` name of an indicator parameter: `sma50Period`, `macdFast`. */
export function paramName(ind: IndicatorSpec, param: string): string {
  return `${ind.id}${param[0].toUpperCase()}${param.slice(1)}`;
}

/** The class field type of an indicator: a Series, or an object of Series for multi-line ones. */
export function fieldType(ind: IndicatorSpec): string {
  const outs = INDICATOR_CATALOG[ind.type].outputs;
  return outs.length ? `Record<${outs.map((o) => `'${o}'`).join(' | ')}, Series>` : 'Series';
}

/** A readable label such as `SMA(50)` or `MACD(12, 26, 9)`, with the source when it is not the default. */
export function indicatorLabel(ind: IndicatorSpec): string {
  const def = INDICATOR_CATALOG[ind.type];
  const args = def.params.map((p) => ind.params[p.name] ?? p.default).join(', ');
  const src = ind.source && ind.source !== def.defaultSource ? ` of ${ind.source}` : '';
  const prior = ind.type === 'highest' || ind.type === 'lowest' ? ' of the bars before' : '';
  return `${def.label}(${args})${src}${prior}`;
}

/** The `ta.*` call computing an indicator, reading its parameters from `this.params`. */
export function indicatorCall(ind: IndicatorSpec): string {
  const def = INDICATOR_CATALOG[ind.type];
  const args = def.params.map((p) => `this.params.${paramName(ind, p.name)}`);
  const d = 'this.data';
  const inputs =
    def.inputs === 'hlc' ? [`${d}.high`, `${d}.low`, `${d}.close`]
    : def.inputs === 'hlcv' ? [`${d}.high`, `${d}.low`, `${d}.close`, `${d}.volume`]
    : [`${d}.${ind.source ?? def.defaultSource}`];
  const call = `ta.${ind.type}(${[...inputs, ...args].join(', ')})`;
  // Breakout levels compare with the bars BEFORE the current one, so shift by one bar.
  return ind.type === 'highest' || ind.type === 'lowest' ? `barsBefore(${call})` : call;
}

function isPrice(s: string): s is PriceField {
  return PRICE_FIELDS.includes(s as PriceField);
}

/** The Series (or number) an operand names, without a multiplier. */
function seriesOf(ref: string | number): string {
  if (typeof ref === 'number') return numberLiteral(ref);
  if (isPrice(ref)) return `this.data.${ref}`;
  const [id, key] = ref.split('.');
  return key ? `this.${id}.${key}` : `this.${id}`;
}

/** A bare id of a multi-line indicator names its first line (`macd1` → `macd1.macd`). */
export function canonicalRef(ref: string, indicators: IndicatorSpec[]): string {
  if (isPrice(ref) || ref.includes('.')) return ref;
  const ind = indicators.find((i) => i.id === ref);
  const outs = ind ? INDICATOR_CATALOG[ind.type].outputs : [];
  return outs.length ? `${ref}.${outs[0]}` : ref;
}

export function numberLiteral(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** Value of an operand `back` bars ago (1 = current bar, 2 = previous). */
function valueAt(o: Operand, back: 1 | 2, inds: IndicatorSpec[]): string {
  if (typeof o === 'number') return numberLiteral(o);
  if (typeof o === 'string') return `${seriesOf(canonicalRef(o, inds))}.at(-${back})!`;
  return `${seriesOf(canonicalRef(o.ref, inds))}.at(-${back})! * ${numberLiteral(o.mult)}`;
}

/** One condition as a boolean expression. */
export function condExpr(c: Cond, inds: IndicatorSpec[]): string {
  const { left, op, right } = c;
  if (op === 'crossesAbove' || op === 'crossesBelow') {
    const plain = (o: Operand) => typeof o !== 'object';
    if (plain(left) && plain(right)) {
      const fn = op === 'crossesAbove' ? 'crossover' : 'crossunder';
      const side = (o: string | number) => (typeof o === 'number' ? numberLiteral(o) : seriesOf(canonicalRef(o, inds)));
      return `${fn}(${side(left as string | number)}, ${side(right as string | number)})`;
    }
    const [was, now] = op === 'crossesAbove' ? ['<', '>'] : ['>', '<'];
    return `(${valueAt(left, 2, inds)} ${was} ${valueAt(right, 2, inds)} && ${valueAt(left, 1, inds)} ${now} ${valueAt(right, 1, inds)})`;
  }
  return `${valueAt(left, 1, inds)} ${op} ${valueAt(right, 1, inds)}`;
}

/** Plain-words reading of a condition for comments: `close crosses above sma50 × 0.95`. */
export function condText(c: Cond): string {
  const side = (o: Operand) => (typeof o === 'object' ? `${o.ref} × ${o.mult}` : String(o));
  const op = c.op === 'crossesAbove' ? 'crosses above' : c.op === 'crossesBelow' ? 'crosses below' : c.op;
  return `${side(c.left)} ${op} ${side(c.right)}`;
}
