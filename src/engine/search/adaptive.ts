/**
 * Adaptive search: a Tree-structured Parzen Estimator (TPE) style sampler on the grid's lattice,
 * with a local step. After `initial` random points, every round splits the points seen so far
 * into the best share γ ("good") and the rest ("bad"), builds for each parameter a smoothed
 * density of its values in each group — l(v) for good, g(v) for bad — and evaluates the unseen
 * points that maximise Σ_d log l_d(v_d) − log g_d(v_d) (Bergstra et al., 2011). Candidates are
 * drawn from l and, so the search can finish climbing a hill, are also the lattice neighbours
 * (±1 step per parameter) of the three best points. Everything is reproducible from the seed.
 */
import { OptionError } from '../errors';
import { type Random, randomIndex, seededRandom } from './prng';
import { samplePoints } from './random';
import { type SearchSpace, allowed, pointKey } from './space';

export interface AdaptiveOptions {
  /** Points to evaluate in all. */
  budget: number;
  seed: number;
  /** Points evaluated per round (default 8): one round is one call of the scorer. */
  batch?: number;
  /** Random points before the model takes over (default max(batch, min(budget / 4, 10 · parameters))). */
  initial?: number;
  /** Share of points counted as good (default 0.25). */
  gamma?: number;
}

export interface ScoredPoint {
  point: number[];
  value: number;
}

/** Scores points (higher is better; −∞ for a run with no value), in order. */
export type ScorePoints = (points: number[][]) => Promise<number[]>;

export async function adaptivePoints(space: SearchSpace, score: ScorePoints, opts: AdaptiveOptions, isCancelled: () => boolean = () => false): Promise<ScoredPoint[]> {
  const { budget, seed } = opts;
  if (!(Number.isInteger(budget) && budget >= 1)) throw new OptionError(`optimize: the budget must be a whole number ≥ 1, got ${budget}`);
  const batch = Math.max(1, Math.floor(opts.batch ?? 8));
  const gamma = opts.gamma ?? 0.25;
  const dims = space.names.length;
  const initial = Math.min(budget, Math.max(1, Math.floor(opts.initial ?? Math.max(batch, Math.min(budget / 4, 10 * dims)))));
  const rand = seededRandom(seed);
  const seen = new Set<string>();
  const scored: ScoredPoint[] = [];

  const evaluate = async (points: number[][]) => {
    for (const p of points) seen.add(pointKey(p));
    const values = await score(points);
    points.forEach((point, k) => scored.push({ point, value: values[k] }));
  };

  await evaluate(samplePoints(space, initial, rand, seen));
  if (!scored.length) throw new OptionError('optimize: the constraint rejects every combination');
  while (scored.length < budget && !isCancelled()) {
    const want = Math.min(batch, budget - scored.length);
    let next = proposeRound(space, scored, want, gamma, rand, seen);
    if (next.length < want) next = next.concat(samplePoints(space, want - next.length, rand, new Set([...seen, ...next.map(pointKey)])));
    if (!next.length) break; // every allowed point has been evaluated
    await evaluate(next);
  }
  return scored;
}

function proposeRound(space: SearchSpace, scored: readonly ScoredPoint[], want: number, gamma: number, rand: Random, seen: ReadonlySet<string>): number[][] {
  const sorted = [...scored].sort((a, b) => b.value - a.value);
  const nGood = Math.max(1, Math.ceil(gamma * sorted.length));
  const good = sorted.slice(0, nGood).map((s) => s.point);
  const bad = sorted.slice(nGood).map((s) => s.point);
  const l = space.values.map((vs, d) => density(vs.length, space.ordered[d], good.map((p) => p[d])));
  const g = space.values.map((vs, d) => density(vs.length, space.ordered[d], bad.map((p) => p[d])));
  const candidates = new Map<string, number[]>();
  const offer = (p: number[]) => {
    const key = pointKey(p);
    if (!seen.has(key) && !candidates.has(key) && allowed(space, p)) candidates.set(key, p);
  };
  for (let k = 0; k < 24 * want; k++) offer(l.map((w) => drawIndex(w, rand)));
  for (const s of sorted.slice(0, 3)) for (const p of neighbours(space, s.point)) offer(p);
  const ranked = [...candidates.values()].map((p) => {
    let v = 0;
    for (let d = 0; d < p.length; d++) v += Math.log(l[d][p[d]]) - Math.log(g[d][p[d]]);
    return { p, v };
  });
  ranked.sort((a, b) => b.v - a.v);
  return ranked.slice(0, want).map((r) => r.p);
}

/**
 * A probability per value index: a uniform prior worth one observation plus, per observation,
 * a Gaussian kernel over index distance (ordered values; bandwidth shrinks with more points)
 * or all its mass on its own value (unordered ones).
 */
function density(size: number, ordered: boolean, obs: readonly number[]): Float64Array {
  const w = new Float64Array(size).fill(1 / size);
  const bw = Math.max(0.5, size / (4 * Math.pow(Math.max(1, obs.length), 0.2)));
  for (const o of obs) {
    if (!ordered) {
      w[o] += 1;
      continue;
    }
    let z = 0;
    const k = new Float64Array(size);
    for (let v = 0; v < size; v++) z += k[v] = Math.exp(-0.5 * ((v - o) / bw) ** 2);
    for (let v = 0; v < size; v++) w[v] += k[v] / z;
  }
  const total = 1 + obs.length;
  for (let v = 0; v < size; v++) w[v] /= total;
  return w;
}

function drawIndex(w: Float64Array, rand: Random): number {
  let u = rand();
  for (let v = 0; v < w.length; v++) {
    u -= w[v];
    if (u < 0) return v;
  }
  return randomIndex(rand, w.length);
}

/** Points one step away on any subset of parameters (3^d − 1 of them, inside the grid). */
function neighbours(space: SearchSpace, p: readonly number[]): number[][] {
  const out: number[][] = [];
  const dims = p.length;
  if (dims > 6) {
    // Too many diagonal moves: single-parameter steps only.
    for (let d = 0; d < dims; d++) for (const s of [-1, 1]) {
      const q = [...p];
      q[d] += s;
      if (q[d] >= 0 && q[d] < space.values[d].length) out.push(q);
    }
    return out;
  }
  const steps = new Array<number>(dims).fill(-1);
  for (;;) {
    if (steps.some((s) => s !== 0)) {
      const q = p.map((v, d) => v + steps[d]);
      if (q.every((v, d) => v >= 0 && v < space.values[d].length)) out.push(q);
    }
    let d = dims - 1;
    while (d >= 0 && ++steps[d] > 1) steps[d--] = -1;
    if (d < 0) return out;
  }
}
