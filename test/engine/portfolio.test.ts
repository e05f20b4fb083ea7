import assert from 'node:assert/strict';
import { loadCsv } from '../../src/data/csv';
import { Backtest } from '../../src/engine/backtest';
import { portfolioBacktest, unionTimes } from '../../src/engine/portfolio';
import { sliceBars } from '../../src/engine/robustness/windows';
import { BuyHold, SmaCross } from './robustness/strategies';

const goog = loadCsv('/work/shared/data/GOOG.csv');
// Two "symbols" over different, overlapping dates: bars 0..1199 and 600..2147 of GOOG.
const A = { ...sliceBars(goog, { start: 0, end: 1200 }), symbol: 'A' };
const B = { ...sliceBars(goog, { start: 600, end: goog.close.length }), symbol: 'B' };

describe('portfolio runs', () => {
  it('equal split: each symbol runs with half the cash, exactly as a direct run', () => {
    const p = portfolioBacktest({ A, B }, SmaCross, { cash: 20_000, commission: 0.002 });
    assert.deepEqual(p.symbols.map((s) => [s.symbol, s.cash]), [['A', 10_000], ['B', 10_000]]);
    const direct = new Backtest(A, SmaCross, { cash: 10_000, commission: 0.002 }).run();
    assert.equal(p.symbols[0].result.stats.equityFinal, direct.stats.equityFinal);
    assert.deepEqual(p.symbols[0].result.trades, direct.trades);
  });

  it('combined equity = sum of per-symbol equities on the union of times (carried forward; cash before the first bar)', () => {
    const p = portfolioBacktest({ A, B }, SmaCross, { cash: 20_000, commission: 0.002 });
    assert.equal(p.time.length, goog.close.length);
    assert.deepEqual(Array.from(p.time), Array.from(goog.time));
    const ea = p.symbols[0].result.equity;
    const eb = p.symbols[1].result.equity;
    for (let i = 0; i < goog.close.length; i++) {
      const a = i < 1200 ? ea[i] : ea[1199];
      const b = i < 600 ? 10_000 : eb[i - 600];
      assert.ok(Math.abs(p.equity[i] - (a + b)) < 1e-6, `bar ${i}`);
    }
    assert.equal(p.stats.equityFinal, p.equity[p.equity.length - 1]);
    assert.equal(p.stats.trades, p.symbols[0].result.trades.length + p.symbols[1].result.trades.length);
    assert.equal(p.benchmark, 'equal-weight');
  });

  it('per-symbol cash; unknown or missing symbols are errors', () => {
    const p = portfolioBacktest({ A, B }, SmaCross, { allocation: { A: 5_000, B: 15_000 } });
    assert.deepEqual(p.symbols.map((s) => s.cash), [5_000, 15_000]);
    assert.equal(p.equity[0], 20_000);
    assert.throws(() => portfolioBacktest({ A, B }, SmaCross, { allocation: { A: 5_000 } }), /no cash > 0 given for symbol "B"/);
    assert.throws(() => portfolioBacktest({ A }, SmaCross, { allocation: { A: 1, C: 2 } }), /"C", which is not among/);
    assert.throws(() => portfolioBacktest({}, SmaCross), /at least one symbol/);
  });

  it('alpha and beta against a benchmark: buy & hold of the benchmark itself has beta ≈ 1 and alpha ≈ 0', () => {
    const p = portfolioBacktest({ GOOG: goog }, BuyHold, { finalizeTrades: true }, { benchmark: goog });
    assert.equal(p.benchmark, 'GOOG');
    assert.ok(Math.abs(p.stats.beta! - 1) < 0.01, String(p.stats.beta));
    // alpha = return − β · benchmark return; small against the 703 % the benchmark made (the
    // strategy fills at the second bar's open, GOOG's first day rose 8 %, and whole units leave cash idle)
    assert.ok(Math.abs(p.stats.alphaPct! - (p.stats.returnPct - p.stats.beta! * p.stats.buyHoldReturnPct!)) < 1e-9);
    assert.ok(Math.abs(p.stats.alphaPct!) < 0.15 * p.stats.buyHoldReturnPct!, `${p.stats.alphaPct} of ${p.stats.buyHoldReturnPct}`);
    // against an unrelated benchmark (the same prices reversed in time) beta is far from 1
    const reversed = { ...goog, close: Float64Array.from(goog.close).reverse(), symbol: 'REV' };
    const q = portfolioBacktest({ GOOG: goog }, BuyHold, {}, { benchmark: reversed });
    assert.ok(Math.abs(q.stats.beta! - 1) > 0.5, String(q.stats.beta));
  });

  it('JSON: times as ISO strings, columns as arrays, per-symbol Results as their JSON', () => {
    const p = portfolioBacktest({ A, B }, SmaCross);
    const j = JSON.parse(JSON.stringify(p));
    assert.equal(j.time.length, goog.close.length);
    assert.equal(j.time[0], '2004-08-19T00:00:00Z');
    assert.equal(j.equity.length, goog.close.length);
    assert.equal(j.equity[10], p.equity[10]);
    assert.ok(Array.isArray(j.symbols[0].result.equity));
    assert.equal(j.stats.trades, p.stats.trades);
  });

  it('unionTimes merges and sorts', () => {
    assert.deepEqual(Array.from(unionTimes([Float64Array.of(1, 3, 5), Float64Array.of(2, 3, 6)])), [1, 2, 3, 5, 6]);
  });
});
