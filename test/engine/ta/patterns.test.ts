/**
 * ta.patterns: technicalindicators' candlestick detectors slid along a series.
 */
import assert from 'node:assert/strict';
import * as ti from 'technicalindicators';
import { ta, patternWindows, type PatternName } from '../../../src/engine/ta';
import { makeOhlcv } from './helpers';

type Detector = (data: { open: number[]; high: number[]; low: number[]; close: number[] }) => unknown;

/** The technicalindicators function behind each pattern (its name is the lower-cased pattern name). */
function detectorOf(name: string): Detector {
  const f = (ti as unknown as Record<string, unknown>)[name.toLowerCase()];
  assert.equal(typeof f, 'function', `technicalindicators.${name.toLowerCase()}`);
  return f as Detector;
}

/** Runs `fn` with console.warn captured; returns the warnings. */
function captureWarnings(fn: () => void): string[] {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return warnings;
}

/** Bars given as [open, high, low, close]. */
function bars(rows: ReadonlyArray<readonly [number, number, number, number]>) {
  return {
    open: rows.map((r) => r[0]),
    high: rows.map((r) => r[1]),
    low: rows.map((r) => r[2]),
    close: rows.map((r) => r[3]),
  };
}

const names = Object.keys(ta.patterns) as PatternName[];

describe('ta.patterns', () => {
  it('exposes the technicalindicators v3.1.0 candlestick detectors', () => {
    for (const name of ['bullishEngulfingPattern', 'bearishEngulfingPattern', 'doji', 'hammerPattern', 'morningStar', 'eveningStar', 'threeWhiteSoldiers', 'threeBlackCrows', 'bullish', 'bearish']) {
      assert.equal(typeof ta.patterns[name as PatternName], 'function', name);
    }
    assert.equal(names.length, 37);
    for (const name of names) detectorOf(name);
  });

  it('bullish engulfing completes on the engulfing bar', () => {
    // bar 1 bearish (11 → 10); bar 2 opens below bar 1's close (9.5) and closes above its open (11.5)
    const b = bars([[10, 10.5, 9.5, 10.2], [11, 11.2, 9.8, 10], [9.5, 11.8, 9.4, 11.5], [11.5, 11.7, 11, 11.2]]);
    assert.deepEqual(Array.from(ta.patterns.bullishEngulfingPattern(b.open, b.high, b.low, b.close)), [0, 0, 1, 0]);
    assert.deepEqual(Array.from(ta.patterns.bearishEngulfingPattern(b.open, b.high, b.low, b.close)), [0, 0, 0, 0]);
  });

  it('doji: open = close with equal shadows', () => {
    const b = bars([[10, 11, 9, 10], [10, 11, 9, 10.8], [10, 10.2, 9.8, 10.005]]);
    assert.deepEqual(Array.from(ta.patterns.doji(b.open, b.high, b.low, b.close)), [1, 0, 1]);
  });

  it('three white soldiers complete on the third rising bar', () => {
    const b = bars([
      [10, 10.2, 9.7, 9.8], // bearish lead-in
      [10, 11.2, 9.9, 11],
      [10.5, 12.2, 10.4, 12], // opens inside bar 1's body
      [11.5, 13.2, 11.4, 13], // opens inside bar 2's body
    ]);
    assert.deepEqual(Array.from(ta.patterns.threeWhiteSoldiers(b.open, b.high, b.low, b.close)), [0, 0, 0, 1]);
    assert.deepEqual(Array.from(ta.patterns.threeBlackCrows(b.open, b.high, b.low, b.close)), [0, 0, 0, 0]);
  });

  it('morning star completes on the third bar', () => {
    const b = bars([
      [20, 20.2, 15.8, 16], // long bearish bar, midpoint 18
      [15, 15.3, 14.5, 14.8], // small body gapped below
      [15.5, 19.2, 15.4, 19], // bullish, gaps up, closes above 18
    ]);
    assert.deepEqual(Array.from(ta.patterns.morningStar(b.open, b.high, b.low, b.close)), [0, 0, 1]);
    assert.deepEqual(Array.from(ta.patterns.eveningStar(b.open, b.high, b.low, b.close)), [0, 0, 0]);
    // the morning star is the only bullish pattern here, so `bullish` must include it
    assert.deepEqual(Array.from(ta.patterns.bullish(b.open, b.high, b.low, b.close)), [0, 0, 1]);
  });

  it('each window is the number of bars the detector requires', () => {
    // technicalindicators warns "Data count less than data required" when given fewer bars than it needs.
    const { open, high, low, close } = makeOhlcv(10, 11);
    for (const name of names) {
      const w = patternWindows[name];
      const fn = detectorOf(name);
      const take = (k: number) => ({ open: open.slice(0, k), high: high.slice(0, k), low: low.slice(0, k), close: close.slice(0, k) });
      assert.equal(captureWarnings(() => fn(take(w))).length, 0, `${name}: ${w} bars are enough`);
      assert.ok(captureWarnings(() => fn(take(w - 1))).length > 0, `${name}: ${w - 1} bars are too few`);
    }
  });

  it('on random bars: 0/1 of input length, 0 during warm-up, equal to the detector run on every prefix', () => {
    const { open, high, low, close } = makeOhlcv(250, 9);
    let fired = 0;
    for (const name of names) {
      const out = ta.patterns[name](open, high, low, close);
      assert.ok(out instanceof Float64Array);
      assert.equal(out.length, 250);
      assert.ok(out.every((v) => v === 0 || v === 1), `${name}: only 0 and 1`);
      // bullish / bearish combine patterns of 1 to 5 bars, so they can fire from bar 0.
      if (name !== 'bullish' && name !== 'bearish') assert.ok(out.subarray(0, patternWindows[name] - 1).every((v) => v === 0), `${name}: warm-up is 0`);
      // technicalindicators judges the last bars of whatever it is given: feed it the whole history up to bar i.
      const fn = detectorOf(name);
      captureWarnings(() => {
        for (let i = 0; i < 250; i++) {
          const expected = fn({ open: open.slice(0, i + 1), high: high.slice(0, i + 1), low: low.slice(0, i + 1), close: close.slice(0, i + 1) }) ? 1 : 0;
          if (out[i] !== expected) assert.fail(`${name}[${i}]: ours ${out[i]}, technicalindicators ${expected}`);
        }
      });
      fired += out.reduce((s, v) => s + v, 0);
    }
    assert.ok(fired > 100, `patterns fired ${fired} times`);
    assert.ok(ta.patterns.bullishEngulfingPattern(open, high, low, close).some((v) => v === 1));
  });

  it('short and empty inputs give zeros', () => {
    for (const name of names) {
      assert.equal(ta.patterns[name]([], [], [], []).length, 0);
      const one = ta.patterns[name]([1], [1], [1], [1]);
      assert.equal(one.length, 1);
      if (patternWindows[name] > 1 && name !== 'bullish' && name !== 'bearish') assert.equal(one[0], 0);
    }
  });
});
