/**
 * Output shape of every indicator: length = input length, exact warm-up NaN count (front-padded, none after),
 * short inputs, Series inputs, exports, and parameter validation.
 */
import assert from 'node:assert/strict';
import * as lib from '../../../src/engine/ta';
import { ta } from '../../../src/engine/ta';
import { Clock, Series } from '../../../src/engine/series';
import { leadingNaNs, makeOhlcv, type Ohlcv } from './helpers';

type Out = Float64Array | Readonly<Record<string, Float64Array>>;
interface Case {
  name: string;
  run: (d: Ohlcv) => Out;
  /** Leading NaNs of the output (or of each named output). */
  warmup: number | Readonly<Record<string, number>>;
}

const CASES: Case[] = [
  { name: 'sma(c, 20)', run: (d) => ta.sma(d.close, 20), warmup: 19 },
  { name: 'ema()', run: (d) => ta.ema(d.close), warmup: 19 },
  { name: 'ema(5)', run: (d) => ta.ema(d.close, 5), warmup: 4 },
  { name: 'wma()', run: (d) => ta.wma(d.close), warmup: 19 },
  { name: 'wma(7)', run: (d) => ta.wma(d.close, 7), warmup: 6 },
  { name: 'rma()', run: (d) => ta.rma(d.close), warmup: 13 },
  { name: 'rsi()', run: (d) => ta.rsi(d.close), warmup: 14 },
  { name: 'rsi(2)', run: (d) => ta.rsi(d.close, 2), warmup: 2 },
  { name: 'macd()', run: (d) => ta.macd(d.close), warmup: { macd: 25, signal: 33, histogram: 33 } },
  { name: 'macd(5, 10, 4)', run: (d) => ta.macd(d.close, 5, 10, 4), warmup: { macd: 9, signal: 12, histogram: 12 } },
  { name: 'bbands()', run: (d) => ta.bbands(d.close), warmup: { upper: 19, middle: 19, lower: 19 } },
  { name: 'bbands(10, 1)', run: (d) => ta.bbands(d.close, 10, 1), warmup: { upper: 9, middle: 9, lower: 9 } },
  { name: 'stdev()', run: (d) => ta.stdev(d.close), warmup: 19 },
  { name: 'stdev(2)', run: (d) => ta.stdev(d.close, 2), warmup: 1 },
  { name: 'stdev(20, 0)', run: (d) => ta.stdev(d.close, 20, 0), warmup: 19 },
  { name: 'trueRange', run: (d) => ta.trueRange(d.high, d.low, d.close), warmup: 1 },
  { name: 'atr()', run: (d) => ta.atr(d.high, d.low, d.close), warmup: 14 },
  { name: 'atr(5)', run: (d) => ta.atr(d.high, d.low, d.close, 5), warmup: 5 },
  { name: 'stoch()', run: (d) => ta.stoch(d.high, d.low, d.close), warmup: { k: 15, d: 17 } },
  { name: 'stoch(5, 1, 1)', run: (d) => ta.stoch(d.high, d.low, d.close, 5, 1, 1), warmup: { k: 4, d: 4 } },
  { name: 'stochRsi()', run: (d) => ta.stochRsi(d.close), warmup: { k: 29, d: 31 } },
  { name: 'stochRsi(5, 6, 2, 4)', run: (d) => ta.stochRsi(d.close, 5, 6, 2, 4), warmup: { k: 11, d: 14 } },
  { name: 'adx()', run: (d) => ta.adx(d.high, d.low, d.close), warmup: { adx: 27, plusDi: 14, minusDi: 14 } },
  { name: 'adx(5)', run: (d) => ta.adx(d.high, d.low, d.close, 5), warmup: { adx: 9, plusDi: 5, minusDi: 5 } },
  { name: 'cci()', run: (d) => ta.cci(d.high, d.low, d.close), warmup: 19 },
  { name: 'williamsR()', run: (d) => ta.williamsR(d.high, d.low, d.close), warmup: 13 },
  { name: 'roc()', run: (d) => ta.roc(d.close), warmup: 10 },
  { name: 'mom()', run: (d) => ta.mom(d.close), warmup: 10 },
  { name: 'mom(1)', run: (d) => ta.mom(d.close, 1), warmup: 1 },
  { name: 'obv', run: (d) => ta.obv(d.close, d.volume), warmup: 0 },
  { name: 'mfi()', run: (d) => ta.mfi(d.high, d.low, d.close, d.volume), warmup: 14 },
  { name: 'vwap', run: (d) => ta.vwap(d.high, d.low, d.close, d.volume), warmup: 0 },
  { name: 'psar()', run: (d) => ta.psar(d.high, d.low), warmup: 1 },
  { name: 'highest()', run: (d) => ta.highest(d.high), warmup: 13 },
  { name: 'lowest(3)', run: (d) => ta.lowest(d.low, 3), warmup: 2 },
];

function outputs(out: Out): Array<[string, Float64Array]> {
  return out instanceof Float64Array ? [['', out]] : Object.entries(out);
}

function warmupOf(c: Case, key: string): number {
  return typeof c.warmup === 'number' ? c.warmup : c.warmup[key];
}

function slice(d: Ohlcv, n: number): Ohlcv {
  return { open: d.open.slice(0, n), high: d.high.slice(0, n), low: d.low.slice(0, n), close: d.close.slice(0, n), volume: d.volume.slice(0, n) };
}

describe('ta — output shape', () => {
  const data = makeOhlcv(300, 3);

  describe('length = input length, exact warm-up, no NaN afterwards', () => {
    for (const c of CASES) {
      it(c.name, () => {
        const out = c.run(data);
        const outs = outputs(out);
        if (typeof c.warmup !== 'number') assert.deepEqual(outs.map(([k]) => k).sort(), Object.keys(c.warmup).sort(), 'output names');
        for (const [key, arr] of outs) {
          assert.ok(arr instanceof Float64Array, `${key}: Float64Array`);
          assert.equal(arr.length, 300, `${key}: length`);
          assert.equal(leadingNaNs(arr), warmupOf(c, key), `${key}: leading NaNs`);
          assert.ok(arr.subarray(warmupOf(c, key)).every(Number.isFinite), `${key}: finite after warm-up`);
        }
      });
    }
  });

  describe('inputs shorter than (or just past) the warm-up', () => {
    for (const c of CASES) {
      it(c.name, () => {
        const ws = typeof c.warmup === 'number' ? [c.warmup] : Object.values(c.warmup);
        for (let n = 0; n <= Math.max(...ws) + 2; n++) {
          for (const [key, arr] of outputs(c.run(slice(data, n)))) {
            assert.equal(arr.length, n, `${key} at n=${n}: length`);
            assert.equal(leadingNaNs(arr), Math.min(n, warmupOf(c, key)), `${key} at n=${n}: leading NaNs`);
          }
        }
      });
    }
  });

  it('accepts a Series and reads only its visible bars', () => {
    const clock = new Clock(100);
    const s = (a: number[]): Series => new Series(Float64Array.from(a), clock);
    const [o, h, l, c, v] = [data.open, data.high, data.low, data.close, data.volume].map(s);
    const cut = slice(data, 100);
    assert.deepEqual(ta.rsi(c), ta.rsi(cut.close));
    assert.deepEqual(ta.ema(c, 10), ta.ema(cut.close, 10));
    assert.deepEqual(ta.atr(h, l, c), ta.atr(cut.high, cut.low, cut.close));
    assert.deepEqual(ta.mfi(h, l, c, v), ta.mfi(cut.high, cut.low, cut.close, cut.volume));
    assert.deepEqual(ta.patterns.doji(o, h, l, c), ta.patterns.doji(cut.open, cut.high, cut.low, cut.close));
    assert.equal(ta.macd(c).macd.length, 100);
  });

  it('accepts typed arrays and does not modify its input', () => {
    const x = Float64Array.from(data.close);
    const copy = x.slice();
    assert.deepEqual(ta.bbands(x).middle, ta.bbands(data.close).middle);
    ta.ema(x);
    ta.rsi(x);
    ta.stoch(x, x, x);
    assert.deepEqual(x, copy);
  });

  it('chains: indicators of indicators skip the leading NaNs', () => {
    // ema(ema(x, 10), 10): the inner has 9 NaNs, the outer seeds over the next 10 values → 18 NaNs.
    assert.equal(leadingNaNs(ta.ema(ta.ema(data.close, 10), 10)), 18);
    assert.equal(leadingNaNs(ta.rsi(ta.sma(data.close, 5), 14)), 18);
    assert.equal(leadingNaNs(ta.wma(ta.rsi(data.close), 5)), 18);
  });

  it('exports every function by name and on `ta`', () => {
    const names = ['sma', 'ema', 'wma', 'rma', 'rsi', 'macd', 'bbands', 'atr', 'trueRange', 'stoch', 'stochRsi', 'adx', 'cci', 'roc', 'mom', 'obv', 'mfi', 'williamsR', 'psar', 'vwap', 'stdev', 'highest', 'lowest', 'patterns'] as const;
    for (const name of names) {
      assert.ok(ta[name] !== undefined, `ta.${name}`);
      // `ta.*` functions go through the optimizer's indicator memo (ta/memo.ts); same function underneath
      if (name === 'patterns') assert.equal(ta[name], lib[name], `named export ${name}`);
      else assert.equal((ta[name] as { name: string }).name, (lib[name] as { name: string }).name, `named export ${name}`);
    }
    assert.deepEqual(Object.keys(ta).sort(), [...names].sort());
  });
});

describe('ta — parameter validation', () => {
  const { high: h, low: l, close: c, volume: v } = makeOhlcv(50, 5);
  const periodFns: Array<[string, (p: number) => unknown]> = [
    ['sma', (p) => ta.sma(c, p)],
    ['ema', (p) => ta.ema(c, p)],
    ['wma', (p) => ta.wma(c, p)],
    ['rma', (p) => ta.rma(c, p)],
    ['rsi', (p) => ta.rsi(c, p)],
    ['bbands', (p) => ta.bbands(c, p)],
    ['atr', (p) => ta.atr(h, l, c, p)],
    ['stoch', (p) => ta.stoch(h, l, c, p)],
    ['adx', (p) => ta.adx(h, l, c, p)],
    ['cci', (p) => ta.cci(h, l, c, p)],
    ['roc', (p) => ta.roc(c, p)],
    ['mom', (p) => ta.mom(c, p)],
    ['mfi', (p) => ta.mfi(h, l, c, v, p)],
    ['williamsR', (p) => ta.williamsR(h, l, c, p)],
    ['highest', (p) => ta.highest(c, p)],
    ['lowest', (p) => ta.lowest(c, p)],
  ];

  it('the message names the function, the parameter and the value', () => {
    assert.throws(() => ta.rsi(c, 0), { name: 'RangeError', message: 'rsi: period must be a whole number ≥ 1, got 0' });
  });

  for (const [name, f] of periodFns) {
    it(`${name}: period 0, −1, 2.5, NaN, Infinity throw RangeError`, () => {
      for (const p of [0, -1, 2.5, NaN, Infinity]) {
        assert.throws(() => f(p), (e: unknown) => e instanceof RangeError && e.message.startsWith(`${name}: period must be a whole number ≥ 1`), `period ${p}`);
      }
      assert.doesNotThrow(() => f(3));
    });
  }

  it('macd: bad periods and fast ≥ slow', () => {
    assert.throws(() => ta.macd(c, 0), /macd: fast must be a whole number ≥ 1, got 0/);
    assert.throws(() => ta.macd(c, 12, 26, 0), /macd: signal must be a whole number ≥ 1/);
    assert.throws(() => ta.macd(c, 26, 12), { name: 'RangeError', message: /fast must be less than slow/ });
    assert.throws(() => ta.macd(c, 12, 12), RangeError);
  });

  it('stoch / stochRsi smoothing periods', () => {
    assert.throws(() => ta.stoch(h, l, c, 14, 0), /stoch: smoothK must be a whole number ≥ 1/);
    assert.throws(() => ta.stoch(h, l, c, 14, 3, 1.5), /stoch: smoothD must be a whole number ≥ 1/);
    assert.throws(() => ta.stochRsi(c, 0), /stochRsi: rsiPeriod/);
    assert.throws(() => ta.stochRsi(c, 14, 0), /stochRsi: stochPeriod/);
    assert.throws(() => ta.stochRsi(c, 14, 14, -3), /stochRsi: kPeriod/);
    assert.throws(() => ta.stochRsi(c, 14, 14, 3, NaN), /stochRsi: dPeriod/);
  });

  it('stdev: ddof must be a whole number ≥ 0 and below the period', () => {
    assert.throws(() => ta.stdev(c, 1), { name: 'RangeError', message: 'stdev: period must be a whole number ≥ 2, got 1' });
    assert.throws(() => ta.stdev(c, 5, -1), /stdev: ddof must be a whole number ≥ 0/);
    assert.throws(() => ta.stdev(c, 5, 0.5), RangeError);
    assert.doesNotThrow(() => ta.stdev(c, 1, 0));
  });

  it('bbands: mult must be finite and ≥ 0', () => {
    for (const k of [-1, NaN, Infinity]) assert.throws(() => ta.bbands(c, 20, k), /bbands: mult must be a finite number ≥ 0/);
    assert.doesNotThrow(() => ta.bbands(c, 20, 0));
  });

  it('psar: step > 0, max ≥ step', () => {
    assert.throws(() => ta.psar(h, l, 0), /psar: step must be a finite number > 0, got 0/);
    assert.throws(() => ta.psar(h, l, 0.02, 0.01), /psar: max must be a finite number ≥ 0.02/);
    assert.throws(() => ta.psar(h, l, NaN), RangeError);
  });

  it('inputs of different lengths throw RangeError', () => {
    const short = c.slice(1);
    assert.throws(() => ta.atr(h, l, short), { name: 'RangeError', message: 'atr: high, low, close must have the same length (got 50, 50, 49)' });
    assert.throws(() => ta.adx(h, short, c), RangeError);
    assert.throws(() => ta.stoch(short, l, c), RangeError);
    assert.throws(() => ta.mfi(h, l, c, v.slice(2)), RangeError);
    assert.throws(() => ta.vwap(h, l, c, v.slice(2)), RangeError);
    assert.throws(() => ta.obv(c, v.slice(2)), RangeError);
    assert.throws(() => ta.psar(h, short), RangeError);
    assert.throws(() => ta.patterns.doji(c, h, l, short), /patterns.doji: open, high, low, close must have the same length/);
  });

  it('a series argument that is no series says what was given: the whole data, nothing, a number', () => {
    const data = { open: c, high: h, low: l, close: c, volume: v };
    assert.throws(() => ta.patterns.bullish(data as never, h, l, c), {
      name: 'TypeError',
      message: /^patterns\.bullish\(open, high, low, close\): open: expected one series of numbers, got the whole data .*this\.data\.close$/,
    });
    assert.throws(() => (ta.patterns.doji as (...a: unknown[]) => unknown)(data), { name: 'TypeError', message: /^patterns\.doji\(open, high, low, close\): open: .*whole data/ });
    assert.throws(() => ta.atr(h, l, undefined as never, 14), { name: 'TypeError', message: /^atr\(high, low, close\): close: expected a series of numbers .*got undefined$/ });
    assert.throws(() => ta.sma(5 as never, 3), { name: 'TypeError', message: /expected a series of numbers .*got a number \(5\)$/ });
    assert.throws(() => ta.sma(data as never, 3), { name: 'TypeError', message: /got the whole data/ });
  });
});
