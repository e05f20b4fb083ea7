import { OptionError } from '../errors';
import type { ParamRanges } from '../optimize';
import type { ParamValue, Params } from '../strategy';

/**
 * A parameter grid seen as a lattice of value indices: point `[i0, i1, …]` is the combination
 * `{ names[0]: values[0][i0], … }`. Search methods move on indices, so a numeric range is ordered
 * (neighbours are close values) and any other list is treated as unordered categories.
 */
export interface SearchSpace {
  names: string[];
  values: ParamValue[][];
  /** Per parameter: true when its values are numbers in ascending order. */
  ordered: boolean[];
  constraint?: (p: Params) => boolean;
  /** Points in the grid before the constraint. */
  size: number;
}

export function searchSpace(ranges: ParamRanges, constraint?: (p: Params) => boolean): SearchSpace {
  const names = Object.keys(ranges);
  if (!names.length) throw new OptionError('optimize: give at least one parameter range');
  for (const n of names) if (!ranges[n].length) throw new OptionError(`optimize: the range of "${n}" is empty`);
  const values = names.map((n) => [...ranges[n]]);
  const ordered = values.map((vs) => vs.every((v, k) => typeof v === 'number' && (k === 0 || v > (vs[k - 1] as number))));
  const size = values.reduce((p, vs) => p * vs.length, 1);
  return { names, values, ordered, constraint, size };
}

export function comboAt(space: SearchSpace, point: readonly number[]): Params {
  const p: Params = {};
  for (let d = 0; d < space.names.length; d++) p[space.names[d]] = space.values[d][point[d]];
  return p;
}

export function pointKey(point: readonly number[]): string {
  return point.join(',');
}

export function allowed(space: SearchSpace, point: readonly number[]): boolean {
  return !space.constraint || space.constraint(comboAt(space, point));
}

/** The grid point of a combination (values must be in the ranges). */
export function pointOf(space: SearchSpace, params: Params): number[] {
  return space.names.map((n, d) => space.values[d].indexOf(params[n]));
}

/** Every allowed point, first parameter outermost (the order of gridCombos). */
export function allPoints(space: SearchSpace): number[][] {
  const out: number[][] = [];
  const dims = space.names.length;
  const idx = new Array<number>(dims).fill(0);
  for (;;) {
    if (allowed(space, idx)) out.push([...idx]);
    let k = dims - 1;
    while (k >= 0 && ++idx[k] === space.values[k].length) idx[k--] = 0;
    if (k < 0) return out;
  }
}
