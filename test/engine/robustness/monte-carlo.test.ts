import assert from 'node:assert/strict';
import { monteCarlo, pathFigures, percentile } from '../../../src/engine/robustness/monte-carlo';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe('robustness: Monte Carlo over the trade order', () => {
  it('percentile interpolates linearly (NumPy default): [1, 2, 3, 4] → p5 1.15, p50 2.5, p95 3.85', () => {
    const s = [1, 2, 3, 4];
    assert.ok(close(percentile(s, 5), 1.15));
    assert.ok(close(percentile(s, 50), 2.5));
    assert.ok(close(percentile(s, 95), 3.85));
    assert.equal(percentile([7], 95), 7);
  });

  it('path figures by hand: +20 %, −10 %, −10 % → 1.2, 1.08, 0.972: return −2.8 %, max drawdown −19 % (negative, as in Stats)', () => {
    const f = pathFigures([0.2, -0.1, -0.1]);
    assert.ok(close(f.returnPct, -2.8));
    assert.ok(close(f.maxDrawdownPct, -19));
    assert.ok(close(pathFigures([-0.1, 0.2, -0.1]).maxDrawdownPct, -10));
    assert.ok(Object.is(pathFigures([0.1, 0.2]).maxDrawdownPct, 0));
  });

  it('shuffle: the return never changes; the drawdown is −19 % for 4 of 6 orders and −10 % for 2 → p5 −19, p50 −19, p95 −10', () => {
    const r = monteCarlo([20, -10, -10], { runs: 2000, seed: 3, mode: 'shuffle' });
    for (const p of ['p5', 'p50', 'p95'] as const) assert.ok(close(r.returnPct[p], -2.8), p);
    assert.ok(close(r.maxDrawdownPct.p5, -19));
    assert.ok(close(r.maxDrawdownPct.p50, -19));
    assert.ok(close(r.maxDrawdownPct.p95, -10));
    assert.equal(r.lossProbabilityPct, 100);
  });

  it('bootstrap of two trades (+10 %, −5 %): totals 21 % (1/4), 4.5 % (1/2), −9.75 % (1/4) → p5 −9.75, p50 4.5, p95 21', () => {
    // 1.1² − 1 = 21 %, 1.1 · 0.95 − 1 = 4.5 % (either order), 0.95² − 1 = −9.75 %
    const r = monteCarlo([10, -5], { runs: 4000, seed: 11 });
    assert.equal(r.trades, 2);
    assert.ok(close(r.returnPct.p5, -9.75));
    assert.ok(close(r.returnPct.p50, 4.5));
    assert.ok(close(r.returnPct.p95, 21));
    assert.ok(Math.abs(r.lossProbabilityPct - 25) < 2.5, String(r.lossProbabilityPct));
  });

  it('reproducible from the seed, different for another seed', () => {
    const trades = [5, -3, 8, -12, 4, 2, -6, 9, -1, 3];
    const a = monteCarlo(trades, { runs: 500, seed: 42 });
    assert.deepEqual(monteCarlo(trades, { runs: 500, seed: 42 }), a);
    assert.notDeepEqual(monteCarlo(trades, { runs: 500, seed: 43 }), a);
    assert.ok(a.returnPct.p5 <= a.returnPct.p50 && a.returnPct.p50 <= a.returnPct.p95);
    assert.ok(a.maxDrawdownPct.p5 <= a.maxDrawdownPct.p95);
  });

  it('no trades or bad arguments: clear errors', () => {
    assert.throws(() => monteCarlo([], { runs: 10, seed: 1 }), /no closed trades/);
    assert.throws(() => monteCarlo([1], { runs: 0, seed: 1 }), /runs must be/);
    assert.throws(() => monteCarlo([1], { runs: 5, seed: 1, mode: 'x' as 'shuffle' }), /bootstrap or shuffle/);
  });
});
