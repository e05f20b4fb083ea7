import { Series } from '../engine/series';
import type { Strategy } from '../engine/strategy';
import type { IndicatorRange } from './protocol';

function range(values: Float64Array): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : undefined;
}

/**
 * The observed range of every registered indicator line, named by the strategy property that holds
 * it (`rsi` for `this.rsi`, `bands.upper` for a multi-line indicator), for the `no-trades` hint.
 */
export function indicatorRanges(strategy: Strategy): IndicatorRange[] {
  const owner = new Map<Float64Array, string>();
  for (const [prop, v] of Object.entries(strategy)) {
    if (v instanceof Series) owner.set(v.full, prop);
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, s] of Object.entries(v as Record<string, unknown>)) if (s instanceof Series) owner.set(s.full, `${prop}.${k}`);
    }
  }
  const out: IndicatorRange[] = [];
  for (const ind of strategy.indicators) {
    for (const line of ind.lines) {
      const r = range(line.values);
      if (!r) continue;
      out.push({ property: owner.get(line.values), name: line.key ? `${ind.name}.${line.key}` : ind.name, ...r });
    }
  }
  return out;
}
