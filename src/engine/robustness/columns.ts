import { Series } from '../series';
import type { Strategy } from '../strategy';

/** A per-bar column a strategy computed in init(): a registered indicator line or an array property. */
export interface Column {
  /** `this.fast (SMA 10)`, `this.bands.upper`, or the indicator's name when no property holds it. */
  name: string;
  values: ArrayLike<number>;
}

/**
 * Every per-bar column the strategy holds after init(): its own properties that are Series,
 * objects of Series (multi-line indicators), or arrays / typed arrays of one value per bar, and
 * every line registered with I() that no property holds. Matched between two runs by name.
 */
export function strategyColumns(strategy: Strategy, bars: number): Column[] {
  const out: Column[] = [];
  const seen = new Set<ArrayLike<number>>();
  const labelOf = new Map<ArrayLike<number>, string>();
  for (const ind of strategy.indicators) for (const l of ind.lines) labelOf.set(l.values, l.key ? `${ind.name}.${l.key}` : ind.name);
  const add = (name: string, values: ArrayLike<number>) => {
    if (seen.has(values) || values.length !== bars) return;
    seen.add(values);
    const label = labelOf.get(values);
    out.push({ name: label && label !== name ? `this.${name} (${label})` : `this.${name}`, values });
  };
  const record = strategy as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === 'indicators' || key === 'params' || key === 'data' || key === 'position') continue;
    const v = record[key];
    if (v instanceof Series) add(key, v.full);
    else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) add(key, v as unknown as ArrayLike<number>);
    else if (Array.isArray(v) && v.length === bars && v.every((x) => typeof x === 'number' || x === null || x === undefined)) add(key, v as ArrayLike<number>);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [sub, s] of Object.entries(v)) if (s instanceof Series) add(`${key}.${sub}`, s.full);
    }
  }
  for (const ind of strategy.indicators) {
    for (const l of ind.lines) {
      if (seen.has(l.values)) continue;
      seen.add(l.values);
      out.push({ name: l.key ? `${ind.name}.${l.key}` : ind.name, values: l.values });
    }
  }
  return out;
}

/** Equal, both NaN/missing, or within a relative 1e-9. */
export function sameValue(a: number | null | undefined, b: number | null | undefined): boolean {
  const x = a ?? NaN;
  const y = b ?? NaN;
  if (x !== x || y !== y) return x !== x && y !== y;
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}
