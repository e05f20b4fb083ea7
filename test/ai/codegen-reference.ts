/**
 * An independent reading of a spec for the code generator's tests: indicator columns computed with
 * `ta` over the whole data, and conditions evaluated at a bar index — plain loops, no generated code.
 */
import { INDICATOR_CATALOG } from '../../src/ai/spec/catalog';
import type { Cond, Operand, Rules, StrategySpec } from '../../src/ai/spec/types';
import type { Bars } from '../../src/engine/bars';
import { ta } from '../../src/engine/ta';

export type Columns = Map<string, Float64Array>;

export function columns(spec: StrategySpec, bars: Bars): Columns {
  const out: Columns = new Map();
  for (const f of ['open', 'high', 'low', 'close', 'volume'] as const) out.set(f, bars[f]);
  for (const ind of spec.indicators) {
    const def = INDICATOR_CATALOG[ind.type];
    const args = def.params.map((p) => ind.params[p.name]);
    const src = bars[ind.source ?? def.defaultSource ?? 'close'];
    const fn = ta[ind.type] as (...a: unknown[]) => Float64Array | Record<string, Float64Array>;
    const value = def.inputs === 'hlc' ? fn(bars.high, bars.low, bars.close, ...args)
      : def.inputs === 'hlcv' ? fn(bars.high, bars.low, bars.close, bars.volume, ...args)
      : fn(src, ...args);
    if (value instanceof Float64Array) {
      if (ind.type === 'highest' || ind.type === 'lowest') {
        const shifted = new Float64Array(value.length).fill(NaN);
        for (let i = 1; i < value.length; i++) shifted[i] = value[i - 1];
        out.set(ind.id, shifted);
      } else out.set(ind.id, value);
    } else {
      for (const [k, v] of Object.entries(value)) out.set(`${ind.id}.${k}`, v);
      out.set(ind.id, value[def.outputs[0]]);
    }
  }
  return out;
}

function valueAt(o: Operand, i: number, cols: Columns): number {
  if (typeof o === 'number') return o;
  if (typeof o === 'string') return cols.get(o)![i];
  return cols.get(o.ref)![i] * o.mult;
}

export function condAt(c: Cond, i: number, cols: Columns): boolean {
  const a = valueAt(c.left, i, cols);
  const b = valueAt(c.right, i, cols);
  switch (c.op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case 'crossesAbove': return i > 0 && valueAt(c.left, i - 1, cols) < valueAt(c.right, i - 1, cols) && a > b;
    case 'crossesBelow': return i > 0 && valueAt(c.left, i - 1, cols) > valueAt(c.right, i - 1, cols) && a < b;
  }
}

export function rulesAt(r: Rules, i: number, cols: Columns): boolean {
  return 'all' in r ? r.all.length > 0 && r.all.every((c) => condAt(c, i, cols)) : r.any.some((c) => condAt(c, i, cols));
}

/** First bar the engine simulates: 1 + the largest warm-up of the indicators. */
export function firstBar(spec: StrategySpec, cols: Columns): number {
  let most = 0;
  for (const ind of spec.indicators) {
    for (const [key, col] of cols) {
      if (key !== ind.id && !key.startsWith(`${ind.id}.`)) continue;
      let f = 0;
      while (f < col.length && Number.isNaN(col[f])) f++;
      if (f === col.length) f = 0;
      most = Math.max(most, f);
    }
  }
  return 1 + most;
}
