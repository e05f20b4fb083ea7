/**
 * Parameter ranges as people type them in the editor: `fast=5:20:1; slow=10:40:2; mode=a,b`
 * (the CLI's --param syntax, separated by `;`), and a first proposal from `static params`.
 */
import type { ParamRanges } from '../engine/optimize';
import type { ParamValue } from '../engine/strategy';
import { UsageError, parseRange } from '../cli/args';

/**
 * A starting range per parameter around its default v: whole numbers v/2 … 2v in about 15 steps,
 * other numbers the same with a tenth of v as the step, booleans both values; text and zero stay
 * as they are (one value: not optimized).
 */
export function proposeRanges(defaults: Record<string, ParamValue>): string {
  return Object.entries(defaults)
    .map(([name, v]) => {
      if (typeof v === 'boolean') return `${name}=true,false`;
      if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) return `${name}=${v}`;
      const neg = v < 0;
      const a = Math.abs(v);
      if (Number.isInteger(a)) {
        const lo = Math.max(1, Math.floor(a / 2));
        const hi = Math.max(lo + 1, a * 2);
        const step = Math.max(1, Math.round((hi - lo) / 15));
        return neg ? `${name}=${-hi}:${-lo}:${step}` : `${name}=${lo}:${hi}:${step}`;
      }
      const r = (x: number) => Number(x.toPrecision(6));
      const [lo, hi, step] = [r(a / 2), r(a * 2), r(a / 10)];
      return neg ? `${name}=${-hi}:${-lo}:${step}` : `${name}=${lo}:${hi}:${step}`;
    })
    .join('; ');
}

/** Parses `a=1:5:1; b=x,y`; throws UsageError naming the part that is wrong. */
export function parseRangesText(text: string, known?: readonly string[]): ParamRanges {
  const ranges: ParamRanges = {};
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (!parts.length) throw new UsageError('give at least one range, e.g. fast=5:20:1');
  for (const part of parts) {
    let name: string;
    let values: ParamValue[];
    try {
      [name, values] = parseRange(part);
    } catch (e) {
      throw new UsageError((e as Error).message.replace(/^--param /, ''));
    }
    if (name in ranges) throw new UsageError(`"${name}" is given twice`);
    if (known && !known.includes(name)) throw new UsageError(`no parameter "${name}" in static params (it has: ${known.join(', ')})`);
    ranges[name] = values;
  }
  return ranges;
}

/** Combinations in the grid (before any constraint). */
export function gridSize(ranges: ParamRanges): number {
  return Object.values(ranges).reduce((n, r) => n * r.length, 1);
}
