/**
 * Engine features backtesting.py lacks (trailing stops, fractional units, { fixed, fraction } and
 * function commissions, API / option errors) and end-of-run rules, checked against fills worked out
 * by hand. Market orders placed in next() at bar i fill at Open[i + 1].
 */
import assert from 'node:assert/strict';
import { Backtest, errorPhase } from '../../src/engine/backtest';
import { makeBars } from '../../src/engine/bars';
import { OptionError, StrategyApiError } from '../../src/engine/errors';
import type { BacktestOptions } from '../../src/engine/options';
import { Strategy } from '../../src/engine/strategy';

type Row = [open: number, high: number, low: number, close: number];

/** Daily bars from 2024-01-01, one row per bar. */
function ohlc(rows: Row[]) {
  return makeBars({
    time: rows.map((_, k) => new Date(Date.UTC(2024, 0, 1 + k)).toISOString()),
    open: rows.map((r) => r[0]),
    high: rows.map((r) => r[1]),
    low: rows.map((r) => r[2]),
    close: rows.map((r) => r[3]),
  });
}

/** A strategy that calls `act` on bar `at` and `each` on every bar. */
function strategyAt(at: number, act: (s: Strategy) => void, each?: (s: Strategy) => void) {
  return class extends Strategy {
    next() {
      each?.(this);
      if (this.bar === at) act(this);
    }
  };
}

function run(rows: Row[], S: ReturnType<typeof strategyAt>, opts: BacktestOptions = {}) {
  return new Backtest(ohlc(rows), S, opts).run();
}

const near = (a: number, b: number, what: string, rel = 1e-12) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: expected ${b}, got ${a}`);

describe('engine extras (no reference library: hand-computed fills)', () => {
  describe('trailing stop (trailPct)', () => {
    it('long: SL starts at fill × 0.95, rises with the close, never falls, exits at the SL', () => {
      const rows: Row[] = [
        [100, 100, 100, 100],
        [100, 100, 100, 100], // 1: buy(size 10, trailPct .05)
        [100, 101, 97, 98], //   2: fill @ Open 100 → SL 100·.95 = 95 (close 98·.95 = 93.1 does not lower it)
        [99, 111, 98, 110], //   3: low 98 > 95; close 110 → SL 110·.95 = 104.5
        [108, 109, 105, 106], // 4: low 105 > 104.5; 106·.95 = 100.7 < 104.5 → SL stays 104.5
        [107, 120, 106, 120], // 5: low 106 > 104.5; 120·.95 = 114 → SL 114
        [118, 119, 110, 111], // 6: low 110 ≤ 114 → exit at min(Open 118, 114) = 114
        [111, 112, 110, 111],
      ];
      const sl: (number | undefined)[] = [];
      const S = strategyAt(1, (s) => s.buy({ size: 10, trailPct: 0.05 }), (s) => sl.push(s.trades[0]?.sl));
      const r = run(rows, S);
      // next() sees the SL after the bar's trailing update: bars 1..7
      assert.deepEqual(sl, [undefined, 100 * (1 - 0.05), 110 * (1 - 0.05), 110 * (1 - 0.05), 120 * (1 - 0.05), undefined, undefined]);
      assert.equal(r.trades.length, 1);
      const t = r.trades[0];
      assert.equal(t.entryBar, 2);
      assert.equal(t.entryPrice, 100);
      assert.equal(t.exitBar, 6);
      assert.equal(t.exitPrice, 120 * (1 - 0.05)); // 114
      assert.equal(t.sl, 120 * (1 - 0.05)); // the trade record keeps the last level
      near(t.pnl, 10 * (120 * 0.95 - 100), 'pnl'); // 10 · 14 = 140
      near(r.stats.equityFinal, 10_140, 'equity');
    });

    it('long: an open gapping below the SL exits at the open', () => {
      const rows: Row[] = [
        [100, 100, 100, 100],
        [100, 100, 100, 100], // buy
        [100, 111, 99, 110], // fill 100, SL 95 → close 110 → SL 104.5
        [101, 102, 100, 101], // open 101 < 104.5: exit at min(101, 104.5) = 101
      ];
      const r = run(rows, strategyAt(1, (s) => s.buy({ size: 10, trailPct: 0.05 })));
      assert.equal(r.trades[0].exitBar, 3);
      assert.equal(r.trades[0].exitPrice, 101);
    });

    it('long: the initial SL can be hit on the entry bar itself (market entry SL re-checked on its bar)', () => {
      const rows: Row[] = [
        [100, 100, 100, 100],
        [100, 100, 100, 100], // buy
        [100, 101, 94, 96], // fill 100, SL 95; low 94 → exit at min(100, 95) = 95 on bar 2
        [96, 97, 95, 96],
      ];
      const r = run(rows, strategyAt(1, (s) => s.buy({ size: 10, trailPct: 0.05 })));
      assert.equal(r.trades[0].entryBar, 2);
      assert.equal(r.trades[0].exitBar, 2);
      assert.equal(r.trades[0].exitPrice, 100 * (1 - 0.05));
    });

    it('short, mirrored: SL starts at fill × 1.05, falls with the close, never rises, exits at max(open, SL)', () => {
      const rows: Row[] = [
        [100, 100, 100, 100],
        [100, 100, 100, 100], // 1: sell(size 10, trailPct .05)
        [100, 103, 99, 102], //   2: fill 100 → SL 105; high 103 < 105; 102·1.05 = 107.1 > 105 → stays 105
        [101, 102, 89, 90], //    3: close 90 → SL 90·1.05 = 94.5
        [91, 93, 90, 92], //      4: high 93 < 94.5; 92·1.05 = 96.6 > 94.5 → stays 94.5
        [97, 98, 96, 97], //      5: high 98 ≥ 94.5, gap open 97 → exit at max(97, 94.5) = 97
        [97, 98, 96, 97],
      ];
      const sl: (number | undefined)[] = [];
      const r = run(rows, strategyAt(1, (s) => s.sell({ size: 10, trailPct: 0.05 }), (s) => sl.push(s.trades[0]?.sl)));
      assert.deepEqual(sl, [undefined, 100 * (1 + 0.05), 90 * (1 + 0.05), 90 * (1 + 0.05), undefined, undefined]);
      const t = r.trades[0];
      assert.equal(t.size, -10);
      assert.equal(t.exitBar, 5);
      assert.equal(t.exitPrice, 97);
      near(t.pnl, -10 * (97 - 100), 'pnl'); // +30
    });
  });

  describe('fractionalUnits', () => {
    const rows: Row[] = [
      [100, 100, 100, 100],
      [100, 100, 100, 100], // 1: buy() all in
      [100, 104, 99, 102], //  2: fill @ 100
      [102, 103, 101, 102], // 3: position.close(0.5)
      [110, 111, 109, 110], // 4: half closed @ 110
      [110, 111, 109, 110],
    ];
    const S = strategyAt(1, (s) => s.buy(), (s) => { if (s.bar === 3) s.position.close(0.5); });

    it('all-in buys margin_available × (1 − 2⁻⁵²) / (price × (1 + commission)) units, not floored', () => {
      const r = run(rows, S, { fractionalUnits: true, commission: 0.01 });
      // 10 000 · (1 − 2⁻⁵²) / (100 + 100 · .01) = 99.00990099…
      const units = (10_000 * (1 - Number.EPSILON)) / 101;
      const total = r.trades[0].size + r.openTrades[0].size;
      near(total, units, 'units');
      assert.notEqual(total, Math.floor(total));
    });

    it('position.close(0.5) closes exactly half; the other half stays open', () => {
      const r = run(rows, S, { fractionalUnits: true, commission: 0.01 });
      assert.equal(r.trades.length, 1);
      assert.equal(r.openTrades.length, 1);
      const closed = r.trades[0];
      const open = r.openTrades[0];
      assert.equal(closed.size, open.size); // units/2 both (halving is exact in binary floating point)
      assert.equal(closed.exitBar, 4);
      assert.equal(closed.exitPrice, 110);
      // commission on the half: |u/2| · (100 + 110) · .01
      near(closed.commission, closed.size * 210 * 0.01, 'commission');
      near(closed.pnl, closed.size * 10 - closed.size * 2.1, 'pnl'); // u/2 · (110 − 100) − u/2 · 2.1
    });

    it('without fractionalUnits the same order buys ⌊…⌋ = 99 units, and size 2.5 is refused', () => {
      const r = run(rows, S, { commission: 0.01 });
      assert.equal(r.trades[0].size + r.openTrades[0].size, 99); // ⌊99.0099⌋
      assert.equal(r.trades[0].size, 50); // close(0.5): round-half-even(49.5) = 50 whole units
      assert.throws(() => run(rows, strategyAt(1, (s) => s.buy({ size: 2.5 }))), StrategyApiError);
      const ok = run(rows, strategyAt(1, (s) => s.buy({ size: 2.5 })), { fractionalUnits: true });
      assert.equal(ok.openTrades[0].size, 2.5);
    });
  });

  describe('commissions', () => {
    const rows: Row[] = [
      [100, 100, 100, 100],
      [100, 100, 100, 100], // 1: buy(size 10)
      [100, 105, 99, 104], //  2: fill @ 100
      [104, 108, 103, 107], // 3: position.close()
      [110, 111, 109, 110], // 4: exit @ 110
      [110, 111, 109, 110],
    ];
    const S = strategyAt(1, (s) => s.buy({ size: 10 }), (s) => { if (s.bar === 3) s.position.close(); });

    it('{ fixed: 5, fraction: 0.001 }: entry 5 + 1000·.001 = 6, exit 5 + 1100·.001 = 6.1', () => {
      const r = run(rows, S, { commission: { fixed: 5, fraction: 0.001 } });
      const t = r.trades[0];
      near(t.commission, 12.1, 'commission'); // 6 + 6.1
      near(t.pnl, 87.9, 'pnl'); // 10 · (110 − 100) − 12.1
      near(t.returnPct, 8.79, 'return %'); // (110/100 − 1) − 12.1/(10 · 100) = .0879
      near(r.equity[2], 10_000 - 6 + 10 * (104 - 100), 'equity bar 2'); // 10 034: entry fee paid, exit fee not yet
      near(r.stats.equityFinal, 10_087.9, 'final equity');
      near(r.stats.commissions, 12.1, 'stats commissions');
    });

    it('a function of (units, price): $0.50 a unit → 5 at entry and 5 at exit', () => {
      const calls: [number, number][] = [];
      const perUnit = (units: number, price: number) => {
        calls.push([units, price]);
        return Math.abs(units) * 0.5;
      };
      const r = run(rows, S, { commission: perUnit });
      const t = r.trades[0];
      near(t.commission, 10, 'commission');
      near(t.pnl, 90, 'pnl'); // 100 − 10
      near(t.returnPct, 9, 'return %'); // .1 − 10/1000
      near(r.stats.equityFinal, 10_090, 'final equity');
      assert.ok(calls.some(([u, p]) => u === 10 && p === 100), 'called with the entry (units, price)');
      assert.ok(calls.some(([u, p]) => Math.abs(u) === 10 && p === 110), 'called with the exit (units, price)');
      assert.equal(r.options.commission, 'function perUnit');
    });
  });

  describe('API errors (StrategyApiError)', () => {
    const rows: Row[] = [
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
    ];
    const cases: [string, (s: Strategy) => void][] = [
      ['size 100.5', (s) => s.buy({ size: 100.5 })],
      ['size 0', (s) => s.buy({ size: 0 })],
      ['negative size', (s) => s.buy({ size: -1 })],
      ['NaN size', (s) => s.sell({ size: NaN })],
      ['SL above entry for a long', (s) => s.buy({ sl: 110 })],
      ['TP below entry for a long', (s) => s.buy({ tp: 90 })],
      ['SL below entry for a short', (s) => s.sell({ sl: 90 })],
      ['trailPct 1.5', (s) => s.buy({ trailPct: 1.5 })],
      ['trailPct 0', (s) => s.buy({ trailPct: 0 })],
      ['negative limit', (s) => s.buy({ limit: -5 })],
    ];
    for (const [what, act] of cases) {
      it(`${what} → StrategyApiError from next() at bar 1`, () => {
        let err: unknown;
        assert.throws(() => run(rows, strategyAt(1, act)), (e) => ((err = e), e instanceof StrategyApiError));
        assert.deepEqual(errorPhase(err), { phase: 'next', bar: 1 });
      });
    }

    it('an unknown parameter override: run({ nope: 1 })', () => {
      class P extends Strategy {
        static override params = { n: 3 };
        next() {}
      }
      const bt = new Backtest(ohlc(rows), P);
      assert.throws(() => bt.run({ nope: 1 }), (e) => e instanceof StrategyApiError && /nope/.test(e.message));
      assert.deepEqual(bt.run({ n: 5 }).params, { n: 5 });
    });

    it('an indicator of the wrong length in I() (from init)', () => {
      class Short extends Strategy {
        override init() {
          this.I([1, 2], 'short');
        }
        next() {}
      }
      let err: unknown;
      assert.throws(() => new Backtest(ohlc(rows), Short).run(), (e) => ((err = e), e instanceof StrategyApiError && /2 values but the data has 3 bars/.test(e.message)));
      assert.deepEqual(errorPhase(err), { phase: 'init', bar: -1 });
    });
  });

  describe('option errors (OptionError)', () => {
    const bars = ohlc([[1, 1, 1, 1], [1, 1, 1, 1]]);
    const S = strategyAt(-1, () => {});
    const bad: [string, BacktestOptions][] = [
      ['cash 0', { cash: 0 }],
      ['cash −1', { cash: -1 }],
      ['margin 0', { margin: 0 }],
      ['margin 1.5', { margin: 1.5 }],
      ['commission 0.2', { commission: 0.2 }],
      ['commission { fraction: 0.2 }', { commission: { fraction: 0.2 } }],
      ['commission { fixed: −1 }', { commission: { fixed: -1 } }],
      ['unknown option', { nope: true } as unknown as BacktestOptions],
    ];
    for (const [what, opts] of bad) {
      it(`${what} → OptionError`, () => {
        assert.throws(() => new Backtest(bars, S, opts), OptionError);
      });
    }
    it('the edges that are allowed: margin 1, commission 0.099, cash 0.01', () => {
      assert.doesNotThrow(() => new Backtest(bars, S, { margin: 1, commission: 0.099, cash: 0.01 }));
    });
  });

  describe('end of the run', () => {
    const rows: Row[] = [
      [100, 100, 100, 100],
      [100, 100, 100, 100], // 1: buy(size 10)
      [100, 102, 99, 101], //  2: fill @ 100
      [101, 106, 100, 105],
      [105, 110, 104, 109],
      [112, 113, 111, 113], // 5 (last): finalizeTrades closes at this bar's open, 112
    ];
    const S = strategyAt(1, (s) => s.buy({ size: 10 }));

    it('finalizeTrades closes open trades on the last bar (at its open) and counts them in the stats', () => {
      const r = run(rows, S, { finalizeTrades: true });
      assert.equal(r.openTrades.length, 0);
      assert.equal(r.trades.length, 1);
      assert.equal(r.trades[0].exitBar, 5);
      assert.equal(r.trades[0].exitPrice, 112);
      near(r.trades[0].pnl, 120, 'pnl'); // 10 · (112 − 100)
      assert.equal(r.stats.trades, 1);
      near(r.stats.exposureTimePct, (4 / 6) * 100, 'exposure'); // bars 2..5
      near(r.stats.equityFinal, 10_120, 'final equity'); // cash after the close, not 10 000 + 10 · (113 − 100)
    });

    it('without it the trade stays open: out of the stats, in openTrades, with a warning; equity marks to the close', () => {
      const r = run(rows, S);
      assert.equal(r.trades.length, 0);
      assert.equal(r.stats.trades, 0);
      assert.equal(r.stats.winRatePct, null);
      assert.equal(r.openTrades.length, 1);
      near(r.openTrades[0].pnl, 130, 'unrealized'); // 10 · (113 − 100)
      near(r.stats.equityFinal, 10_130, 'final equity');
      assert.equal(r.stats.exposureTimePct, 0); // only closed trades count
      assert.ok(r.log.some((l) => l.level === 'warning' && /remain open/.test(l.message)));
    });

    it('out of money: a 10× short on a rising series closes at the close, equity 0 from there, the run stops', () => {
      const rising: Row[] = [
        [100, 100, 100, 100],
        [100, 100, 100, 100], // 1: sell() all in, margin .1
        [100, 101, 99, 100], //  2: fill @ 100: ⌊10 000·(1 − 2⁻⁵²)·10 / 100⌋ = 999 units short
        [104, 106, 103, 105], // 3: equity 10 000 − 999 · 5 = 5 005
        [108, 113, 107, 112], // 4: 10 000 − 999 · 12 = −1 988 ≤ 0 → close @ 112, equity 0
        [115, 116, 114, 115], // 5: never simulated
      ];
      const bars: number[] = [];
      const r = run(rising, strategyAt(1, (s) => s.sell(), (s) => bars.push(s.bar)), { margin: 0.1 });
      assert.deepEqual(bars, [1, 2, 3]); // next() never runs on bar 4 or 5
      assert.deepEqual(Array.from(r.equity), [10_000, 10_000, 10_000, 5_005, 0, 0]);
      assert.equal(r.trades.length, 1);
      const t = r.trades[0];
      assert.equal(t.size, -999);
      assert.equal(t.exitBar, 4);
      assert.equal(t.exitPrice, 112);
      near(t.pnl, -999 * 12, 'pnl'); // −11 988
      assert.equal(r.stats.equityFinal, 0);
      near(r.stats.returnPct, -100, 'return');
      near(r.stats.maxDrawdownPct, -100, 'max dd');
      for (const [k, v] of Object.entries(r.stats)) {
        assert.ok(v === null || typeof v === 'string' || Number.isFinite(v), `${k} = ${v}`);
      }
    });
  });
});
