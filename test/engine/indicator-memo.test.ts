/**
 * The indicator memo (src/engine/ta/memo.ts): a Backtest's second run keeps the results of the
 * `ta.*` calls its init() makes on the data's own columns, later runs read them from memory. The
 * results must be exactly those of fresh runs, every caller must get its own copy, and anything else
 * must be computed as before.
 */
import assert from 'node:assert/strict';
import { Backtest } from '../../src/engine/backtest';
import { makeBars, type Bars } from '../../src/engine/bars';
import { gridCombos } from '../../src/engine/optimize';
import { type Series } from '../../src/engine/series';
import { Strategy } from '../../src/engine/strategy';
import { ta } from '../../src/engine/ta';
import { IndicatorMemo, withIndicatorMemo } from '../../src/engine/ta/memo';
import { crossover } from '../../src/engine/crossover';

function walk(n: number, seed = 7): Bars {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  let x = 100;
  const open: number[] = [], high: number[] = [], low: number[] = [], close: number[] = [], volume: number[] = [], time: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = x;
    x *= 1 + (rnd() - 0.5) * 0.04;
    open.push(o);
    close.push(x);
    high.push(Math.max(o, x) * (1 + rnd() * 0.01));
    low.push(Math.min(o, x) * (1 - rnd() * 0.01));
    volume.push(1000 + Math.floor(rnd() * 500));
    time.push(Date.UTC(2020, 0, 1) + i * 86_400_000);
  }
  return makeBars({ time, open, high, low, close, volume });
}

/** Indicators of every kind: on columns (memo), multi-output, of an indicator, of an own array, and in next(). */
class Mixed extends Strategy {
  static override params = { fast: 5, slow: 20, band: 2 };
  fast!: Series;
  slow!: Series;
  upper!: Series;
  smooth!: Series;
  own!: Series;
  override init() {
    const p = this.params as { fast: number; slow: number; band: number };
    this.fast = this.I(ta.ema(this.data.close, p.fast), 'fast');
    this.slow = this.I(ta.sma(this.data.close, p.slow), 'slow');
    this.upper = this.I(ta.bbands(this.data.close, p.slow, p.band).upper, 'upper');
    this.I(ta.macd(this.data.close, p.fast, p.slow, 9).histogram, 'hist');
    this.I(ta.atr(this.data.high, this.data.low, this.data.close, 14), 'atr');
    this.smooth = this.I(ta.ema(ta.rsi(this.data.close, 14), p.fast), 'smooth rsi');
    const mid = new Float64Array(this.data.close.length).map((_, i) => (this.data.high.full[i] + this.data.low.full[i]) / 2);
    this.own = this.I(ta.sma(mid, p.slow), 'own');
  }
  next() {
    const recent = ta.sma(this.data.close, 3); // visible bars only: never from memory
    const last = recent[recent.length - 1];
    if (crossover(this.fast, this.slow) && last < (this.upper.at(-1) ?? Infinity)) this.buy();
    else if (crossover(this.slow, this.fast) || (this.smooth.at(-1) ?? 0) > 75) this.position.close();
  }
}

/** Writes into the arrays it gets, in init(): the next run must not see it. */
class Scribbler extends Strategy {
  static override params = { n: 10 };
  m!: Series;
  override init() {
    const m = ta.sma(this.data.close, (this.params as { n: number }).n);
    m.fill(1e9, 0, m.length >> 1);
    this.m = this.I(m, 'scribbled');
  }
  next() {
    if ((this.m.at(-1) ?? 0) < this.data.close.at(-1)! && !this.position.size) this.buy();
    else if ((this.m.at(-1) ?? 0) > this.data.close.at(-1)!) this.position.close();
  }
}

const bars = walk(600);
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (x instanceof Float64Array ? Array.from(x, (y) => (Number.isNaN(y) ? 'NaN' : y)) : x));

describe('indicator memo across the runs of one Backtest', () => {
  it('an optimization with the memo gives every combination exactly the result of a fresh Backtest', () => {
    const combos = gridCombos({ fast: [3, 5, 8], slow: [15, 20, 30], band: [1.5, 2] }, (p) => (p.fast as number) < (p.slow as number));
    const shared = new Backtest(bars, Mixed, { cash: 10_000, commission: 0.001 });
    for (const params of combos) {
      const memo = shared.run(params);
      const fresh = new Backtest(bars, Mixed, { cash: 10_000, commission: 0.001 }).run(params);
      assert.equal(json(memo), json(fresh), `combination ${JSON.stringify(params)} differs`);
    }
    // sma/ema/bbands/macd/atr/rsi on columns repeat across combinations; the rest never comes from memory
    assert.ok(shared.indicatorMemoHits > combos.length, `only ${shared.indicatorMemoHits} hits in ${combos.length} runs`);
  });

  it('the first run of a Backtest keeps nothing (a single backtest pays nothing); the second keeps, the third reads', () => {
    const bt = new Backtest(bars, Mixed, { cash: 10_000 });
    bt.run();
    bt.run();
    assert.equal(bt.indicatorMemoHits, 0);
    bt.run();
    assert.ok(bt.indicatorMemoHits >= 6, `third run: ${bt.indicatorMemoHits} hits`);
  });

  it('each run gets its own copy: a strategy writing into its indicator does not change the next run', () => {
    const bt = new Backtest(bars, Scribbler, { cash: 10_000 });
    const first = json(bt.run());
    assert.equal(json(bt.run()), first); // kept a copy of its sma
    const third = json(bt.run());
    const fourth = json(bt.run());
    assert.equal(bt.indicatorMemoHits, 2, 'the third and fourth runs should have read the sma from memory');
    assert.equal(third, first);
    assert.equal(fourth, first);
    assert.equal(fourth, json(new Backtest(bars, Scribbler, { cash: 10_000 }).run()));
  });

  it('computes every call whose series is not a whole data column, and keeps copies', () => {
    const memo = new IndicatorMemo(bars);
    let calls = 0;
    const f = (...args: unknown[]) => {
      calls++;
      return new Float64Array([args.length, 1, 2]);
    };
    const own = new Float64Array(bars.close);
    withIndicatorMemo(memo, () => {
      const a = memo.call('f', f, [bars.close, 5]);
      const b = memo.call('f', f, [bars.close, 5]);
      assert.equal(calls, 1, 'same column and numbers: computed once');
      assert.notEqual(a, b, 'a hit returns a copy');
      (b as Float64Array)[0] = 99;
      assert.equal((memo.call('f', f, [bars.close, 5]) as Float64Array)[0], 2, 'the kept result is private');
      memo.call('f', f, [bars.close, 6]);
      memo.call('f', f, [bars.close, -0]);
      memo.call('f', f, [bars.close, 0]);
      memo.call('f', f, [bars.open, 5]);
      assert.equal(calls, 5, 'other numbers or another column: computed');
      memo.call('f', f, [own, 5]);
      memo.call('f', f, [own, 5]);
      memo.call('f', f, [bars.close.subarray(0, 10), 5]);
      memo.call('f', f, [bars.close.subarray(0, 10), 5]);
      memo.call('f', f, [bars.close, { period: 5 }]);
      memo.call('f', f, [bars.close, { period: 5 }]);
      assert.equal(calls, 11, 'an own array, part of a column or an object argument: always computed');
    });
    assert.equal(memo.size, 5);
  });

  it('outside a run nothing is memoised: ta.* calls compute every time', () => {
    const a = ta.sma(bars.close, 10);
    const b = ta.sma(bars.close, 10);
    assert.notEqual(a, b);
    assert.deepEqual(Array.from(a), Array.from(b));
  });
});
