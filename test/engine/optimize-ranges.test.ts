import assert from 'node:assert/strict';
import { sampleBars } from '../../src/data/sample';
import { gridSize, parseRangesText, proposeRanges } from '../../src/optimize/ranges';
import { barsOf, optimizationView } from '../../src/optimize/view';

describe('optimize: editable ranges', () => {
  it('proposes v/2 … 2v around each default', () => {
    assert.equal(proposeRanges({ fast: 10, slow: 20 }), 'fast=5:20:1; slow=10:40:2');
    assert.equal(proposeRanges({ period: 14 }), 'period=7:28:1');
    assert.equal(proposeRanges({ k: 1 }), 'k=1:2:1');
    assert.equal(proposeRanges({ threshold: 0.5 }), 'threshold=0.25:1:0.05');
    assert.equal(proposeRanges({ offset: -4 }), 'offset=-8:-2:1');
    assert.equal(proposeRanges({ useStop: true, mode: 'fast', zero: 0 }), 'useStop=true,false; mode=fast; zero=0');
  });

  it('the proposal parses back into ranges with the default inside', () => {
    const r = parseRangesText(proposeRanges({ fast: 10, slow: 20, threshold: 0.5 }));
    assert.deepEqual(r.fast, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    assert.equal(r.slow.length, 16);
    assert.ok(r.slow.includes(20));
    assert.ok(r.threshold.includes(0.5));
    assert.equal(gridSize({ a: [1, 2, 3], b: [1, 2] }), 6);
  });

  it('errors name the part that is wrong', () => {
    assert.throws(() => parseRangesText(''), /at least one range/);
    assert.throws(() => parseRangesText('a=1:5; a=2,3'), /"a" is given twice/);
    assert.throws(() => parseRangesText('a=5:1'), (e: Error) => /^a: a range is start:end:step with end ≥ start/.test(e.message));
    assert.throws(() => parseRangesText('a=1:3; q=1,2', ['a', 'b']), /no parameter "q" in static params \(it has: a, b\)/);
  });
});

describe('optimize: the editor view of a report', () => {
  it('barsOf: sample, csv with from/to, inline bars', () => {
    assert.equal(barsOf({ kind: 'sample' }).close.length, sampleBars().close.length);
    const csv = barsOf({ kind: 'csv', path: '/work/shared/data/GOOG.csv', from: '2010-01-01', to: '2010-12-31' });
    assert.equal(new Date(csv.time[0]).toISOString().slice(0, 10), '2010-01-04');
    assert.equal(new Date(csv.time[csv.time.length - 1]).toISOString().slice(0, 10), '2010-12-31');
    const inline = sampleBars();
    assert.equal(barsOf({ kind: 'bars', bars: inline }), inline);
  });

  it('optimizationView carries every combination, the metric and the parameter names', () => {
    const report = { strategy: 'S', maximize: 'sharpeRatio', combos: [{ params: { a: 1, b: 2 }, stats: {} }, { params: { a: 2, b: 2 }, stats: {} }] } as unknown as Parameters<typeof optimizationView>[1];
    const v = optimizationView('/w/s.strategy.ts', report, '2026-01-01T00:00:00.000Z', 'GOOG.csv');
    assert.deepEqual(v, { strategyPath: '/w/s.strategy.ts', name: 'S', metric: 'sharpeRatio', paramNames: ['a', 'b'], combos: report.combos, runAt: '2026-01-01T00:00:00.000Z', dataLabel: 'GOOG.csv' });
  });
});
