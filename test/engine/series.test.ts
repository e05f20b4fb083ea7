/**
 * Series and Clock: what a strategy can see. During next() only bars 0..i exist; everything past
 * the current bar is undefined, through at(), values, length and indicators alike.
 */
import assert from 'node:assert/strict';
import { Backtest } from '../../src/engine/backtest';
import { makeBars } from '../../src/engine/bars';
import { Clock, Series, toFloat64 } from '../../src/engine/series';
import { Strategy } from '../../src/engine/strategy';

describe('Series / Clock', () => {
  const full = Float64Array.from([10, 11, 12, 13, 14]);

  it('at(-1) is the current bar, at(-k) is k − 1 bars earlier, at(0) and positive offsets are undefined', () => {
    const clock = new Clock(3); // bars 0, 1, 2 visible
    const s = new Series(full, clock, 'x');
    assert.equal(s.at(-1), 12);
    assert.equal(s.at(-2), 11);
    assert.equal(s.at(-3), 10);
    assert.equal(s.at(-4), undefined); // before bar 0
    assert.equal(s.at(-100), undefined);
    assert.equal(s.at(0), undefined); // would be bar 3: the future
    assert.equal(s.at(1), undefined);
    assert.equal(s.at(5), undefined);
    assert.equal(s.last, 12);
    assert.equal(s.length, 3);
    assert.equal(s.name, 'x');
  });

  it('moves with the shared clock; nothing visible: at(-1) undefined, last NaN, values empty', () => {
    const clock = new Clock(0);
    const a = new Series(full, clock);
    const b = new Series(Float64Array.from([1, 2, 3, 4, 5]), clock);
    assert.equal(a.at(-1), undefined);
    assert.ok(Number.isNaN(a.last));
    assert.equal(a.values.length, 0);
    assert.deepEqual(a.toArray(), []);
    clock.length = 4;
    assert.equal(a.at(-1), 13);
    assert.equal(b.at(-1), 4);
    assert.equal(b.at(-4), 1);
    assert.equal(b.at(-5), undefined);
    clock.length = 5;
    assert.equal(a.at(-1), 14);
    assert.equal(a.at(0), undefined);
  });

  it('values is a view (no copy) of the visible bars; iteration and toArray see the same bars', () => {
    const clock = new Clock(2);
    const s = new Series(full, clock);
    const v = s.values;
    assert.ok(v instanceof Float64Array);
    assert.equal(v.buffer, full.buffer); // same memory
    assert.deepEqual(Array.from(v), [10, 11]);
    assert.deepEqual([...s], [10, 11]);
    assert.deepEqual(s.toArray(), [10, 11]);
    assert.equal(toFloat64(s).length, 2);
    assert.equal(toFloat64(full), full); // typed arrays pass through
    assert.deepEqual(Array.from(toFloat64([1, 2])), [1, 2]);
  });
});

describe('no look-ahead through a real Backtest', () => {
  const close = [10, 11, 12, 13, 14, 15, 16, 17];
  const bars = makeBars({
    time: close.map((_, k) => `2024-01-${String(k + 1).padStart(2, '0')}`),
    open: close.map((c) => c - 0.5),
    high: close.map((c) => c + 1),
    low: close.map((c) => c - 1),
    close,
  });

  interface Seen {
    bar: number;
    closeAt1: number | undefined;
    closeAt0: number | undefined;
    closeAtM1: number | undefined;
    valuesLength: number;
    valuesLast: number;
    closeLength: number;
    dataLength: number;
    timeAtM1: number | undefined;
    highAt0: number | undefined;
    indAtM1: number | undefined;
    indAt0: number | undefined;
    indValuesLength: number;
  }
  const seen: Seen[] = [];
  let initLength = -1;

  class Peek extends Strategy {
    static override params = {};
    ind!: Series;
    override init() {
      initLength = this.data.close.length;
      // a 2-bar mean: NaN at bar 0 → warm-up 1, next() from bar 2
      const c = this.data.close.values;
      const m = Array.from(c, (x, k) => (k === 0 ? NaN : (x + c[k - 1]) / 2));
      this.ind = this.I(m, 'mean2');
    }
    next() {
      const d = this.data;
      seen.push({
        bar: this.bar,
        closeAt1: d.close.at(1),
        closeAt0: d.close.at(0),
        closeAtM1: d.close.at(-1),
        valuesLength: d.close.values.length,
        valuesLast: d.close.values[d.close.values.length - 1],
        closeLength: d.close.length,
        dataLength: d.length,
        timeAtM1: d.time.at(-1),
        highAt0: d.high.at(0),
        indAtM1: this.ind.at(-1),
        indAt0: this.ind.at(0),
        indValuesLength: this.ind.values.length,
      });
    }
  }

  let result: ReturnType<Backtest['run']>;
  before(() => {
    result = new Backtest(bars, Peek).run();
  });

  it('init() sees every bar; next() runs on bars warm-up + 1 .. N − 1', () => {
    assert.equal(initLength, 8);
    assert.equal(result.startBar, 2); // warm-up 1 (first non-NaN of mean2) + 1
    assert.deepEqual(seen.map((s) => s.bar), [2, 3, 4, 5, 6, 7]);
  });

  it('at every bar: at(0), at(1) undefined; at(-1) is the bar itself; length = values.length = bar + 1', () => {
    for (const s of seen) {
      assert.equal(s.closeAt1, undefined, `bar ${s.bar}: close.at(1)`);
      assert.equal(s.closeAt0, undefined, `bar ${s.bar}: close.at(0)`);
      assert.equal(s.highAt0, undefined, `bar ${s.bar}: high.at(0)`);
      assert.equal(s.closeAtM1, close[s.bar], `bar ${s.bar}: close.at(-1)`);
      assert.equal(s.valuesLast, close[s.bar], `bar ${s.bar}: last of values`);
      assert.equal(s.closeLength, s.bar + 1);
      assert.equal(s.valuesLength, s.bar + 1);
      assert.equal(s.dataLength, s.bar + 1);
      assert.equal(s.timeAtM1, bars.time[s.bar]);
    }
  });

  it("an indicator Series shows the bar's own value at(-1) and nothing after it", () => {
    for (const s of seen) {
      // mean2 at bar i = (C[i] + C[i−1])/2 = C[i] − 0.5 on this rising-by-1 series
      assert.equal(s.indAtM1, (close[s.bar] + close[s.bar - 1]) / 2, `bar ${s.bar}`);
      assert.equal(s.indAt0, undefined, `bar ${s.bar}: indicator at(0)`);
      assert.equal(s.indValuesLength, s.bar + 1);
    }
  });

  it('the run changes nothing in the data it was given', () => {
    assert.deepEqual(Array.from(bars.close), close);
  });
});
