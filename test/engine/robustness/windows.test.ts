import assert from 'node:assert/strict';
import { makeBars } from '../../../src/engine/bars';
import { sliceBars, trainTestWindows, walkForwardWindows } from '../../../src/engine/robustness/windows';

describe('robustness: walk-forward windows', () => {
  it('rolling, 100 bars, 4 folds, ratio 3: test = ⌊100 / 7⌋ = 14, first in-sample = 100 − 56 = 44', () => {
    assert.deepEqual(walkForwardWindows(100, { folds: 4, minBars: 5 }), [
      { train: { start: 0, end: 44 }, test: { start: 44, end: 58 } },
      { train: { start: 14, end: 58 }, test: { start: 58, end: 72 } },
      { train: { start: 28, end: 72 }, test: { start: 72, end: 86 } },
      { train: { start: 42, end: 86 }, test: { start: 86, end: 100 } },
    ]);
  });

  it('anchored: the same tests, in-sample always from bar 0', () => {
    const f = walkForwardWindows(100, { folds: 4, mode: 'anchored', minBars: 5 });
    assert.deepEqual(f.map((x) => x.train), [{ start: 0, end: 44 }, { start: 0, end: 58 }, { start: 0, end: 72 }, { start: 0, end: 86 }]);
    assert.deepEqual(f.map((x) => x.test.start), [44, 58, 72, 86]);
  });

  it('GOOG-sized: 2148 bars, 5 folds, ratio 2: test 306, first in-sample 618; tests tile the rest exactly', () => {
    const f = walkForwardWindows(2148, { folds: 5, inSampleRatio: 2 });
    assert.equal(f[0].train.end - f[0].train.start, 618); // 2148 − 5·306
    for (const x of f) {
      assert.equal(x.test.end - x.test.start, 306);
      assert.equal(x.train.end, x.test.start);
      assert.equal(x.train.end - x.train.start, 618);
    }
    assert.equal(f[4].test.end, 2148);
  });

  it('too many folds for the data, bad arguments: clear errors', () => {
    assert.throws(() => walkForwardWindows(100, { folds: 10 }), /windows of 7 bars with 10 folds \(need ≥ 20\)/);
    assert.throws(() => walkForwardWindows(100, { folds: 0 }), /whole number ≥ 1/);
    assert.throws(() => walkForwardWindows(100, { folds: 2, inSampleRatio: 0 }), /ratio must be > 0/);
  });

  it('train/test split at ⌊n · fraction⌋', () => {
    assert.deepEqual(trainTestWindows(101, 0.7), { train: { start: 0, end: 70 }, test: { start: 70, end: 101 } });
    assert.throws(() => trainTestWindows(30, 0.9), /fewer than 20 bars/);
    assert.throws(() => trainTestWindows(100, 1), /in \(0, 1\)/);
  });

  it('sliceBars: views of the window, bounds checked', () => {
    const bars = makeBars({ time: [1, 2, 3, 4], open: [1, 2, 3, 4], high: [1, 2, 3, 4], low: [1, 2, 3, 4], close: [10, 20, 30, 40], symbol: 'X' });
    const s = sliceBars(bars, { start: 1, end: 3 });
    assert.deepEqual(Array.from(s.close), [20, 30]);
    assert.equal(s.symbol, 'X');
    assert.throws(() => sliceBars(bars, { start: 2, end: 5 }), /outside the data/);
  });
});
