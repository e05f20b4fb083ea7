/** Search methods over an injected evaluator: grid = exhaustive, random reproducible, adaptive converges; heatmap data. */
import assert from 'node:assert/strict';
import { Backtest } from '../../src/engine/backtest';
import { loadCsv } from '../../src/data/csv';
import { gridCombos, heatmap, localEvaluate, topIndices } from '../../src/engine/optimize';
import { randomCombos } from '../../src/engine/search/random';
import { type Evaluate, searchParams } from '../../src/engine/search/run';
import { seededRandom } from '../../src/engine/search/prng';
import type { Stats } from '../../src/engine/stats';
import type { Params } from '../../src/engine/strategy';
import { SmaCross } from '../../bench/sma-cross';

/** A fake evaluator: the "stat" returnPct is f(params); counts calls. */
function fakeEvaluate(f: (p: Params) => number): Evaluate & { calls: Params[][] } {
  const calls: Params[][] = [];
  const ev = (async (combos: Params[], onDone?: (k: number) => void) => {
    calls.push(combos);
    onDone?.(combos.length);
    return combos.map((p) => ({ returnPct: f(p), trades: 1 }) as unknown as Stats);
  }) as Evaluate & { calls: Params[][] };
  ev.calls = calls;
  return ev;
}

const range = (a: number, b: number, step = 1) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, k) => a + k * step);

describe('search: grid, random, adaptive', () => {
  const bars = loadCsv('/work/shared/data/GOOG.csv');

  it('grid search equals an exhaustive loop of direct runs (SMA cross on GOOG, with a constraint)', async () => {
    const bt = new Backtest(bars, SmaCross, { commission: 0.002 });
    const ranges = { n1: [5, 10, 15, 20], n2: [10, 20, 30, 40] };
    const constraint = (p: Params) => (p.n1 as number) < (p.n2 as number);
    const found = await searchParams(ranges, localEvaluate(bt), { method: 'grid', maximize: 'equityFinal', constraint });
    const exhaustive: { params: Params; eq: number }[] = [];
    for (const n1 of ranges.n1) for (const n2 of ranges.n2) if (n1 < n2) exhaustive.push({ params: { n1, n2 }, eq: bt.run({ n1, n2 }).stats.equityFinal });
    assert.equal(found.combos.length, exhaustive.length);
    assert.equal(found.combos.length, 12); // n1 = 5: 4, 10: 3, 15: 3, 20: 2
    assert.deepEqual(found.combos.map((c) => c.params), exhaustive.map((e) => e.params));
    assert.deepEqual(found.combos.map((c) => c.stats.equityFinal), exhaustive.map((e) => e.eq));
    const best = exhaustive.reduce((a, b) => (b.eq > a.eq ? b : a));
    assert.deepEqual(found.combos[found.best].params, best.params);
    assert.equal(found.seed, null);
  });

  it('progress counts every combination once and the total is the grid size', async () => {
    const seen: [number, number][] = [];
    const ev = fakeEvaluate((p) => (p.a as number) + (p.b as number));
    await searchParams({ a: [1, 2, 3], b: [1, 2] }, ev, { maximize: 'returnPct', onProgress: (d, t) => seen.push([d, t]) });
    assert.deepEqual(seen, [[6, 6]]);
  });

  it('random search: reproducible with a seed, distinct, inside the constraint, different for another seed', () => {
    const ranges = { a: range(1, 30), b: range(1, 30) };
    const c = (p: Params) => (p.a as number) < (p.b as number);
    const one = randomCombos(ranges, 50, 7, c);
    const two = randomCombos(ranges, 50, 7, c);
    assert.deepEqual(one, two);
    assert.equal(one.length, 50);
    assert.equal(new Set(one.map((p) => `${p.a},${p.b}`)).size, 50);
    assert.ok(one.every(c));
    assert.notDeepEqual(randomCombos(ranges, 50, 8, c), one);
    // A budget at least the allowed count gives every allowed combination (29·30/2 = 435 with a < b).
    const all = randomCombos(ranges, 10_000, 1, c);
    assert.equal(all.length, 435);
    assert.deepEqual(new Set(all.map((p) => `${p.a},${p.b}`)), new Set(gridCombos(ranges, c).map((p) => `${p.a},${p.b}`)));
  });

  it('random search on a huge grid (rejection sampling) is reproducible and distinct', () => {
    const ranges = { a: range(1, 100), b: range(1, 100), c: range(1, 100) }; // 10⁶ points
    const one = randomCombos(ranges, 200, 3);
    assert.deepEqual(one, randomCombos(ranges, 200, 3));
    assert.equal(new Set(one.map((p) => `${p.a},${p.b},${p.c}`)).size, 200);
  });

  it('the PRNG is uniform: 100 000 draws in 10 bins pass a χ² test (9 dof, p = 0.01 → 21.67)', () => {
    const r = seededRandom(42);
    const bins = new Array(10).fill(0);
    for (let k = 0; k < 100_000; k++) bins[Math.floor(r() * 10)]++;
    const chi2 = bins.reduce((s, b) => s + (b - 10_000) ** 2 / 10_000, 0);
    assert.ok(chi2 < 21.67, `χ² ${chi2} for ${bins}`);
    assert.notEqual(seededRandom(1)(), seededRandom(2)());
  });

  it('random search through searchParams evaluates exactly the seeded sample', async () => {
    const ev = fakeEvaluate((p) => -Math.abs((p.a as number) - 10));
    const res = await searchParams({ a: range(1, 50) }, ev, { method: 'random', budget: 12, seed: 5, maximize: 'returnPct' });
    assert.deepEqual(res.combos.map((c) => c.params), randomCombos({ a: range(1, 50) }, 12, 5));
    assert.equal(res.seed, 5);
    await assert.rejects(searchParams({ a: [1, 2] }, ev, { method: 'random' }), /needs a budget/);
  });

  it('adaptive search finds the grid optimum of a smooth surface with 8 % of the grid, reproducibly', async () => {
    // 40 × 40 = 1600 points; a smooth bowl with its top at (a, b) = (27, 13), off any symmetry.
    const ranges = { a: range(1, 40), b: range(1, 40) };
    const f = (p: Params) => 100 - 0.3 * ((p.a as number) - 27) ** 2 - 0.5 * ((p.b as number) - 13) ** 2 + 0.1 * (p.a as number) * 0.05;
    const grid = gridCombos(ranges);
    const gridBest = grid.reduce((x, y) => (f(y) > f(x) ? y : x));
    assert.deepEqual(gridBest, { a: 27, b: 13 });
    for (const seed of [1, 2, 3]) {
      const ev = fakeEvaluate(f);
      const res = await searchParams(ranges, ev, { method: 'adaptive', budget: 128, seed, batch: 8, maximize: 'returnPct' });
      assert.equal(res.combos.length, 128);
      assert.equal(new Set(res.combos.map((c) => `${c.params.a},${c.params.b}`)).size, 128, 'no point evaluated twice');
      assert.deepEqual(res.combos[res.best].params, gridBest, `seed ${seed}`);
      // rounds of 8 after the initial random 20 (min(budget / 4, 10 · parameters))
      assert.equal(ev.calls[0].length, 20);
      assert.deepEqual(ev.calls.slice(1).map((c) => c.length), [...new Array(13).fill(8), 4]); // 20 + 13·8 + 4 = 128
      const again = await searchParams(ranges, fakeEvaluate(f), { method: 'adaptive', budget: 128, seed, batch: 8, maximize: 'returnPct' });
      assert.deepEqual(again.combos.map((c) => c.params), res.combos.map((c) => c.params));
    }
  });

  it('adaptive search beats random search on the same budget (mean best over 10 seeds)', async () => {
    const ranges = { a: range(1, 60), b: range(1, 60) };
    const f = (p: Params) => -(((p.a as number) - 41) ** 2) - ((p.b as number) - 17) ** 2;
    let adaptive = 0;
    let random = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const a = await searchParams(ranges, fakeEvaluate(f), { method: 'adaptive', budget: 60, seed, maximize: 'returnPct' });
      const r = await searchParams(ranges, fakeEvaluate(f), { method: 'random', budget: 60, seed, maximize: 'returnPct' });
      adaptive += a.values[a.best];
      random += r.values[r.best];
    }
    assert.ok(adaptive > random, `adaptive ${adaptive / 10} vs random ${random / 10}`);
  });

  it('adaptive search stops when the allowed grid is exhausted, and honours cancellation', async () => {
    const res = await searchParams({ a: [1, 2, 3], b: [1, 2] }, fakeEvaluate(() => 1), { method: 'adaptive', budget: 100, seed: 1, maximize: 'returnPct' });
    assert.equal(res.combos.length, 6);
    const signal = { aborted: false };
    const ev = fakeEvaluate(() => {
      signal.aborted = true;
      return 1;
    });
    await assert.rejects(searchParams({ a: range(1, 30) }, ev, { method: 'adaptive', budget: 20, seed: 1, maximize: 'returnPct', signal }), /cancelled/);
  });

  it('heatmap: max and mean over the other parameters, by hand', () => {
    const combos = gridCombos({ x: [1, 2], y: [10, 20], z: [0, 1] }).map((params) => ({ params, stats: {} as Stats }));
    // value = x + y/10 + 5·z, except (x=2, y=20, z=1) which has no value
    const values = combos.map((c) => (c.params.x === 2 && c.params.y === 20 && c.params.z === 1 ? -Infinity : (c.params.x as number) + (c.params.y as number) / 10 + 5 * (c.params.z as number)));
    const h = heatmap(combos, values, 'x', 'y');
    assert.deepEqual(h.xValues, [1, 2]);
    assert.deepEqual(h.yValues, [10, 20]);
    // cell (x=1, y=10): values 2 and 7 → max 7, mean 4.5
    assert.deepEqual(h.max, [[7, 8], [8, 4]]);
    assert.deepEqual(h.mean, [[4.5, 5.5], [5.5, 4]]);
    assert.throws(() => heatmap(combos, values, 'x', 'nope'), /no parameter "nope"/);
  });

  it('topIndices: best first, ties in evaluation order', () => {
    assert.deepEqual(topIndices([3, 9, -Infinity, 9, 1], 3), [1, 3, 0]);
  });
});
