import { OptionError } from '../errors';
import type { ParamRanges } from '../optimize';
import type { Params } from '../strategy';
import { type Random, randomIndex, seededRandom } from './prng';
import { type SearchSpace, allPoints, allowed, comboAt, pointKey, searchSpace } from './space';

/** Grids up to this many points are enumerated and sampled exactly; larger ones by rejection. */
const ENUMERATE_LIMIT = 200_000;

/**
 * `budget` distinct allowed points of the space drawn uniformly at random, in draw order.
 * `exclude` holds keys (pointKey) already taken. Fewer come back when fewer remain.
 */
export function samplePoints(space: SearchSpace, budget: number, rand: Random, exclude: ReadonlySet<string> = new Set()): number[][] {
  if (space.size <= ENUMERATE_LIMIT) {
    const pool = allPoints(space).filter((p) => !exclude.has(pointKey(p)));
    const m = Math.min(budget, pool.length);
    // Partial Fisher–Yates: the first m slots become a uniform sample without replacement.
    for (let k = 0; k < m; k++) {
      const j = k + randomIndex(rand, pool.length - k);
      [pool[k], pool[j]] = [pool[j], pool[k]];
    }
    return pool.slice(0, m);
  }
  const seen = new Set(exclude);
  const out: number[][] = [];
  const maxTries = budget * 50 + 1000;
  for (let tries = 0; out.length < budget && tries < maxTries; tries++) {
    const p = space.values.map((vs) => randomIndex(rand, vs.length));
    const key = pointKey(p);
    if (seen.has(key) || !allowed(space, p)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/**
 * Random search: `budget` distinct combinations drawn uniformly from the grid (those passing the
 * constraint), reproducible from `seed`. A budget at least the grid's size gives every combination.
 */
export function randomCombos(ranges: ParamRanges, budget: number, seed: number, constraint?: (p: Params) => boolean): Params[] {
  if (!(Number.isInteger(budget) && budget >= 1)) throw new OptionError(`optimize: the budget must be a whole number ≥ 1, got ${budget}`);
  const space = searchSpace(ranges, constraint);
  const points = samplePoints(space, budget, seededRandom(seed));
  if (!points.length) throw new OptionError('optimize: the constraint rejects every combination');
  return points.map((p) => comboAt(space, p));
}
