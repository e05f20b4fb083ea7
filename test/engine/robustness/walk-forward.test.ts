import assert from 'node:assert/strict';
import { loadCsv } from '../../../src/data/csv';
import { Backtest } from '../../../src/engine/backtest';
import { optimizeGrid } from '../../../src/engine/optimize';
import { localWindowBackend } from '../../../src/engine/robustness/local-backend';
import { neighbourhood, overfittingWarnings } from '../../../src/engine/robustness/overfitting';
import { efficiencyRatio, trainTestSplit, walkForward } from '../../../src/engine/robustness/walk-forward';
import { sliceBars, walkForwardWindows } from '../../../src/engine/robustness/windows';
import type { Stats } from '../../../src/engine/stats';
import { SmaCross } from './strategies';

const goog = loadCsv('/work/shared/data/GOOG.csv');
const ranges = { n1: [5, 10, 20], n2: [30, 50, 80] };

describe('robustness: walk-forward and train/test split', () => {
  it('rolling walk-forward: each fold picks the in-sample grid best and tests it on the next window; stitched equity chains them', async () => {
    const backend = localWindowBackend(goog, SmaCross, { commission: 0.002 });
    const wf = await walkForward(backend, ranges, { folds: 3, search: { maximize: 'returnPct' } });
    const folds = walkForwardWindows(goog.close.length, { folds: 3 });
    assert.equal(wf.folds.length, 3);
    assert.equal(wf.startBar, folds[0].test.start);
    assert.equal(wf.equity.length, goog.close.length - folds[0].test.start);
    let carried = 10_000;
    wf.folds.forEach((f, k) => {
      assert.deepEqual(f.train, folds[k].train);
      assert.deepEqual(f.test, folds[k].test);
      const is = optimizeGrid(new Backtest(sliceBars(goog, f.train), SmaCross, { commission: 0.002 }), ranges, { maximize: 'returnPct' });
      assert.deepEqual(f.params, is.best.params);
      assert.equal(f.inSample.returnPct, is.best.result.stats.returnPct);
      const oos = new Backtest(sliceBars(goog, f.test), SmaCross, { commission: 0.002 }).run(f.params);
      assert.equal(f.outOfSample.equityFinal, oos.stats.equityFinal);
      // stitched: this fold's equity scaled so it starts from the previous fold's end
      const off = f.test.start - wf.startBar;
      const scale = carried / 10_000;
      for (const i of [0, 17, oos.equity.length - 1]) assert.ok(Math.abs(wf.equity[off + i] - oos.equity[i] * scale) < 1e-6);
      carried = wf.equity[off + oos.equity.length - 1];
      assert.equal(f.efficiency, efficiencyRatio(f.inSample.returnAnnPct, f.outOfSample.returnAnnPct));
    });
    // stitched return = product of the folds' growth
    const growth = wf.folds.reduce((g, f) => g * (1 + f.outOfSample.returnPct / 100), 1);
    assert.ok(Math.abs(wf.stats.returnPct - (growth - 1) * 100) < 1e-9);
    assert.equal(wf.stats.trades, wf.folds.reduce((s, f) => s + f.outOfSample.trades, 0));
  });

  it('efficiency: OOS ÷ IS annualized, null unless IS > 0', () => {
    assert.equal(efficiencyRatio(20, 10), 0.5);
    assert.equal(efficiencyRatio(-5, 10), null);
    assert.equal(efficiencyRatio(null, 10), null);
  });

  it('train/test split: 70 % trains, the rest tests', async () => {
    const backend = localWindowBackend(goog, SmaCross);
    const r = await trainTestSplit(backend, ranges, { search: { maximize: 'sharpeRatio' } });
    assert.equal(r.mode, 'split');
    assert.deepEqual(r.folds[0].train, { start: 0, end: Math.floor(goog.close.length * 0.7) });
    assert.equal(r.folds[0].test.end, goog.close.length);
  });

  it('random search inside walk-forward folds is reproducible', async () => {
    const backend = localWindowBackend(goog, SmaCross);
    const big = { n1: [3, 5, 8, 10, 15, 20], n2: [25, 30, 40, 50, 60, 80] };
    const a = await walkForward(backend, big, { folds: 2, mode: 'anchored', search: { method: 'random', budget: 6, seed: 9, maximize: 'returnPct' } });
    const b = await walkForward(backend, big, { folds: 2, mode: 'anchored', search: { method: 'random', budget: 6, seed: 9, maximize: 'returnPct' } });
    assert.deepEqual(a.folds.map((f) => f.params), b.folds.map((f) => f.params));
    assert.deepEqual(a.equity, b.equity);
  });
});

describe('robustness: overfitting warnings', () => {
  const stats = (o: Partial<Stats>) => ({ trades: 100, returnPct: 10, ...o }) as Stats;
  it('few trades per parameter, out-of-sample worse or losing, many combinations', () => {
    const codes = (f: Parameters<typeof overfittingWarnings>[0]) => overfittingWarnings(f).map((w) => w.code);
    assert.deepEqual(codes({ parameters: 2, best: stats({ trades: 100 }), combosTried: 20 }), []);
    assert.deepEqual(codes({ parameters: 3, best: stats({ trades: 25 }), combosTried: 20 }), ['few-trades', 'few-trades-total']);
    assert.deepEqual(codes({ parameters: 2, best: stats({ trades: 40 }), combosTried: 500 }), ['many-combos']);
    assert.deepEqual(codes({ parameters: 1, best: stats({}), combosTried: 5, efficiency: 0.3, inSample: stats({ returnPct: 30 }), outOfSample: stats({ returnPct: -2 }) }), ['oos-worse', 'oos-loses']);
    assert.match(overfittingWarnings({ parameters: 3, best: stats({ trades: 25 }), combosTried: 1 })[0].message, /3 optimized parameter\(s\) for 25 trade\(s\)/);
  });

  it('isolated peak: neighbours one grid step away averaging under half the best', () => {
    const r = { a: [1, 2, 3], b: [1, 2, 3] };
    const combos = [1, 2, 3].flatMap((a) => [1, 2, 3].map((b) => ({ params: { a, b }, stats: {} as Stats })));
    const values = combos.map((c) => (c.params.a === 2 && c.params.b === 2 ? 10 : 1));
    const nb = neighbourhood(combos, values, 4, r);
    assert.deepEqual(nb, { best: 10, neighboursMean: 1, neighbours: 8 });
    assert.deepEqual(overfittingWarnings({ parameters: 2, best: stats({}), combosTried: 9, neighbourhood: nb }).map((w) => w.code), ['isolated-peak']);
    const corner = neighbourhood(combos, values, 0, r); // (1,1): neighbours (1,2), (2,1), (2,2)
    assert.deepEqual(corner, { best: 1, neighboursMean: 4, neighbours: 3 });
  });
});
