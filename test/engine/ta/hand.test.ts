/**
 * Indicator values worked out by hand on tiny series. Each expected value is derived in the comments.
 */
import assert from 'node:assert/strict';
import { ta } from '../../../src/engine/ta';

/** Element-wise comparison; NaN must match NaN. */
function near(actual: Float64Array, expected: readonly number[], tol = 1e-12): void {
  assert.equal(actual.length, expected.length, 'length');
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `[${i}]: expected NaN, got ${a}`);
    else assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `[${i}]: expected ${e}, got ${a}`);
  }
}

const N = NaN;
// A small zig-zag used by several averages.
const X = [1, 3, 2, 6, 4, 8];

describe('ta — hand-computed values', () => {
  describe('moving averages', () => {
    it('sma(3): means of [1,3,2]=2, [3,2,6]=11/3, [2,6,4]=4, [6,4,8]=6', () => {
      near(ta.sma(X, 3), [N, N, 2, 11 / 3, 4, 6]);
    });

    it('ema(3): seed mean(1,3,2)=2 at bar 2, then α=0.5: 2+.5(6−2)=4, 4+.5(4−4)=4, 4+.5(8−4)=6', () => {
      near(ta.ema(X, 3), [N, N, 2, 4, 4, 6]);
    });

    it('ema skips leading NaNs: the seed is the mean of the first 3 real values', () => {
      near(ta.ema([N, N, ...X], 3), [N, N, N, N, 2, 4, 4, 6]);
    });

    it('ema(2) seeded by 0 is kept (technicalindicators drops a zero seed: `if (prevEma)`)', () => {
      // seed mean(1, −1) = 0; α = 2/3: 0 + 2/3·(5 − 0) = 10/3; 10/3 + 2/3·(6 − 10/3) = 46/9
      near(ta.ema([1, -1, 5, 6], 2), [N, 0, 10 / 3, 46 / 9]);
    });

    it('wma(3): weights 1,2,3 over 6 → (1+6+6)/6, (3+4+18)/6, (2+12+12)/6, (6+8+24)/6', () => {
      near(ta.wma(X, 3), [N, N, 13 / 6, 25 / 6, 26 / 6, 38 / 6]);
    });

    it('rma(3): seed 2, then x/3 steps: 2+(6−2)/3=10/3, 10/3+(4−10/3)/3=32/9, 32/9+(8−32/9)/3=136/27', () => {
      near(ta.rma(X, 3), [N, N, 2, 10 / 3, 32 / 9, 136 / 27]);
    });
  });

  describe('oscillators', () => {
    it('rsi(3) follows Wilder smoothing seeded by the first 3 changes', () => {
      // changes: +1, −0.5, +1.5, −1, +0.5, +1.5
      // bar 3: avgG = 2.5/3, avgL = 0.5/3 → RS 5 → 100 − 100/6
      // bar 4: avgG = (2.5/3·2 + 0)/3 = 5/9, avgL = (0.5/3·2 + 1)/3 = 4/9 → RS 5/4 → 100 − 100/2.25
      // bar 5: avgG = (10/9 + 0.5)/3 = 29/54, avgL = (8/9)/3 = 16/54 → RS 29/16 → 100 − 1600/45
      // bar 6: avgG = (58/54 + 1.5)/3 = 139/162, avgL = (32/54)/3 = 32/162 → RS 139/32 → 100 − 3200/171
      near(ta.rsi([10, 11, 10.5, 12, 11, 11.5, 13], 3), [N, N, N, 100 - 100 / 6, 100 - 100 / 2.25, 100 - 1600 / 45, 100 - 3200 / 171], 1e-12);
    });

    it('rsi is 100 on a rising series, 0 on a falling one and 50 on a flat one', () => {
      near(ta.rsi([1, 2, 3, 4, 5], 2), [N, N, 100, 100, 100]);
      near(ta.rsi([5, 4, 3, 2, 1], 2), [N, N, 0, 0, 0]);
      near(ta.rsi([3, 3, 3, 3], 2), [N, N, 50, 50]);
    });

    // high, low, close of five bars for the stochastic family
    const H = [10, 12, 11, 13, 12];
    const L = [8, 9, 9, 10, 10];
    const C = [9, 11, 10, 12, 11];

    it('stoch(3, 1, 2): %K = 100(C − LL)/(HH − LL): (10−8)/4, (12−9)/4, (11−9)/4; %D = mean of 2', () => {
      const { k, d } = ta.stoch(H, L, C, 3, 1, 2);
      near(k, [N, N, 50, 75, 50]);
      near(d, [N, N, N, 62.5, 62.5]);
    });

    it('stoch(3, 2, 1): slow %K is the 2-bar mean of the raw %K', () => {
      const { k, d } = ta.stoch(H, L, C, 3, 2, 1);
      near(k, [N, N, N, 62.5, 62.5]);
      near(d, [N, N, N, 62.5, 62.5]);
    });

    it('stoch reads 50 when the range is 0', () => {
      near(ta.stoch([1, 1, 1], [1, 1, 1], [1, 1, 1], 2, 1, 1).k, [N, 50, 50]);
    });

    it('williamsR(3): −100(HH − C)/(HH − LL): −100·2/4, −100·1/4, −100·2/4', () => {
      near(ta.williamsR(H, L, C, 3), [N, N, -50, -25, -50]);
    });

    it('cci(3) with high = low = close = [1,2,6,3]', () => {
      // bar 2: mean 3, mean deviation (2+1+3)/3 = 2 → (6 − 3)/(0.015·2) = 100
      // bar 3: mean 11/3, deviations 5/3, 7/3, 2/3 → 14/9 → (3 − 11/3)/(0.015·14/9) = −(6/14)/0.015
      const c = [1, 2, 6, 3];
      near(ta.cci(c, c, c, 3), [N, N, 100, -6 / 14 / 0.015], 1e-12);
    });

    it('cci with a 0 in the window (technicalindicators stops its window scan at a 0)', () => {
      // bar 2 over [1, 0, 3]: mean 4/3, deviations 1/3, 4/3, 5/3 → 10/9 → (3 − 4/3)/(0.015·10/9) = 100
      const c = [1, 0, 3];
      near(ta.cci(c, c, c, 3), [N, N, 100], 1e-12);
    });

    it('flat windows: cci 0, williamsR −50, stochRsi 50', () => {
      const f = [5, 5, 5, 5];
      near(ta.cci(f, f, f, 3), [N, N, 0, 0]);
      near(ta.williamsR(f, f, f, 3), [N, N, -50, -50]);
      // RSI of a flat series is 50 everywhere, so its stochastic range is 0
      near(ta.stochRsi([1, 1, 1, 1, 1, 1], 2, 2, 1, 1).k, [N, N, N, 50, 50, 50]);
    });

    it('roc(2) = 100(x/x[−2] − 1) and mom(2) = x − x[−2]', () => {
      near(ta.roc([10, 20, 5, 30], 2), [N, N, -50, 50]);
      near(ta.mom([10, 20, 5, 30], 2), [N, N, -5, 10]);
    });

    it('stochRsi is the stochastic of RSI', () => {
      const x = [10, 11, 10.5, 12, 11, 11.5, 13, 12.5, 12, 14, 13, 15];
      const r = ta.rsi(x, 3);
      const viaStoch = ta.stoch(r, r, r, 4, 2, 2);
      const s = ta.stochRsi(x, 3, 4, 2, 2);
      near(s.k, Array.from(viaStoch.k));
      near(s.d, Array.from(viaStoch.d));
    });
  });

  describe('volatility', () => {
    // windows [1,1,4], [1,4,4], [4,4,7]: mean 2, 3, 5; squared deviations sum to 6 each
    const B = [1, 1, 4, 4, 7];

    it('stdev(3) sample: sqrt(6/2) = √3; population: sqrt(6/3) = √2', () => {
      near(ta.stdev(B, 3), [N, N, Math.sqrt(3), Math.sqrt(3), Math.sqrt(3)]);
      near(ta.stdev(B, 3, 0), [N, N, Math.SQRT2, Math.SQRT2, Math.SQRT2]);
    });

    it('stdev with a 0 in the window (technicalindicators `sd` gives 0.19 here)', () => {
      // [1, 0, 3]: mean 4/3, squared deviations 1/9 + 16/9 + 25/9 = 42/9 → population sqrt(14/9)
      near(ta.stdev([1, 0, 3], 3, 0), [N, N, Math.sqrt(14 / 9)]);
    });

    it('bbands(3, 2): middle ± 2·√2 (population)', () => {
      const { upper, middle, lower } = ta.bbands(B, 3, 2);
      near(middle, [N, N, 2, 3, 5]);
      near(upper, [N, N, 2 + 2 * Math.SQRT2, 3 + 2 * Math.SQRT2, 5 + 2 * Math.SQRT2]);
      near(lower, [N, N, 2 - 2 * Math.SQRT2, 3 - 2 * Math.SQRT2, 5 - 2 * Math.SQRT2]);
    });

    // six bars; true ranges: bar1 max(3, |12−9|, |9−9|) = 3, bar2 max(1.5, .5, 1) = 1.5,
    // bar3 max(2, 0, 2) = 2, bar4 max(4, |14−9|, 1) = 5 (gap), bar5 max(1.5, .5, 1) = 1.5
    const AH = [10, 12, 11.5, 10.5, 14, 13.5];
    const AL = [8, 9, 10, 8.5, 10, 12];
    const AC = [9, 11, 10.5, 9, 13, 12.5];

    it('trueRange', () => {
      near(ta.trueRange(AH, AL, AC), [N, 3, 1.5, 2, 5, 1.5]);
    });

    it('atr(3): seed mean(3, 1.5, 2) = 13/6, then 13/6 + (5 − 13/6)/3 = 28/9, 28/9 + (1.5 − 28/9)/3 = 139/54', () => {
      near(ta.atr(AH, AL, AC, 3), [N, N, N, 13 / 6, 28 / 9, 139 / 54]);
    });
  });

  describe('trend', () => {
    it('macd(2, 3, 2)', () => {
      // EMA2 (α 2/3): 2, 2, 14/3, 38/9, 182/27 from bar 1; EMA3 (α 1/2): 2, 4, 4, 6 from bar 2
      // MACD: 0, 2/3, 2/9, 20/27; signal EMA2 of MACD: seed (0 + 2/3)/2 = 1/3, 1/3 + 2/3(2/9 − 1/3) = 7/27,
      // 7/27 + 2/3(20/27 − 7/27) = 47/81; histogram 1/3, −1/27, 13/81
      const m = ta.macd(X, 2, 3, 2);
      near(m.macd, [N, N, 0, 2 / 3, 2 / 9, 20 / 27]);
      near(m.signal, [N, N, N, 1 / 3, 7 / 27, 47 / 81]);
      near(m.histogram, [N, N, N, 1 / 3, -1 / 27, 13 / 81]);
    });

    it('adx(2)', () => {
      // bar1: +DM 2, −DM 0, TR 3; bar2: 0, 2, 4; bar3: 2, 0, 5; bar4: 0, 0, 2
      // bar2: sums TR 7, +DM 2, −DM 2 → DIs 200/7 each, DX 0
      // bar3: TR 7 − 3.5 + 5 = 8.5, +DM 2 − 1 + 2 = 3, −DM 2 − 1 = 1 → DIs 300/8.5, 100/8.5, DX 50; ADX mean(0, 50) = 25
      // bar4: TR 8.5 − 4.25 + 2 = 6.25, +DM 1.5, −DM 0.5 → DIs 24, 8, DX 50; ADX 25 + (50 − 25)/2 = 37.5
      const r = ta.adx([10, 12, 11, 13, 12], [8, 9, 7, 8, 10], [9, 11, 8, 12, 11], 2);
      near(r.plusDi, [N, N, 200 / 7, 300 / 8.5, 24]);
      near(r.minusDi, [N, N, 200 / 7, 100 / 8.5, 8]);
      near(r.adx, [N, N, N, 25, 37.5]);
    });

    it('psar: rises with the trend, flips to the extreme point on a break', () => {
      // bar1: 9 + .02(10 − 9) clipped to low 9 → 9; new high 11 → AF .04
      // bar2: 9 + .04(11 − 9) = 9.08 clipped to min(low1 10, low0 9) → 9; new high 12 → AF .06
      // bar3: 9 + .06(12 − 9) = 9.18 (lows 11, 10 above it)
      // bar4: 9.18 + .06(12 − 9.18) = 9.3492; low 8 < SAR → flip short: SAR = EP 12, EP 8, AF .02
      // bar5: 12 + .02(8 − 12) = 11.92 (≥ highs 9 and 11); new low 7.5 → AF .04
      const h = [10, 11, 12, 11, 9, 8.5];
      const l = [9, 10, 11, 9.5, 8, 7.5];
      near(ta.psar(h, l), [N, 9, 9, 9.18, 12, 11.92], 1e-12);
    });

    it('psar: a low that only touches the SAR does not flip the trend', () => {
      // bar1: SAR clipped to low[0] = 9 and low[1] = 9 is not below it → still long
      near(ta.psar([10, 11, 12], [9, 9, 10]), [N, 9, 9]);
    });
  });

  describe('volume and rolling', () => {
    it('obv: 0, +200, unchanged, −400, +500', () => {
      near(ta.obv([10, 11, 11, 10, 12], [100, 200, 300, 400, 500]), [0, 200, 200, -200, 300]);
    });

    it('mfi(2) with high = low = close', () => {
      // tp [10, 11, 10, 12], volume [1, 2, 3, 4]: flows bar1 +22, bar2 −30, bar3 +48
      // bar2: 100 − 100/(1 + 22/30); bar3: 100 − 100/(1 + 48/30)
      const tp = [10, 11, 10, 12];
      near(ta.mfi(tp, tp, tp, [1, 2, 3, 4], 2), [N, N, 100 - 100 / (1 + 22 / 30), 100 - 100 / (1 + 48 / 30)]);
    });

    it('mfi: an unchanged typical price is neither positive nor negative flow; no flow at all reads 50', () => {
      // flows: bar1 none (10 → 10), bar2 +11 → Σneg = 0 → 100
      near(ta.mfi([10, 10, 11], [10, 10, 11], [10, 10, 11], [1, 1, 1], 2), [N, N, 100]);
      near(ta.mfi([10, 10, 10], [10, 10, 10], [10, 10, 10], [1, 1, 1], 2), [N, N, 50]);
    });

    it('vwap: (10·1 + 20·3)/4 = 17.5', () => {
      near(ta.vwap([10, 20], [10, 20], [10, 20], [1, 3]), [10, 17.5]);
    });

    it('highest / lowest of negative values (technicalindicators `highest` returns 0 here)', () => {
      near(ta.highest([-5, -4, -3, -6, -7], 3), [N, N, -3, -3, -3]);
      near(ta.lowest([-5, -4, -3, -6, -7], 3), [N, N, -5, -6, -7]);
    });

    it('highest / lowest over a window holding a NaN give NaN', () => {
      near(ta.highest([1, N, 3, 2, 1], 2), [N, N, N, 3, 2]);
      near(ta.lowest([1, N, 3, 2, 1], 2), [N, N, N, 2, 1]);
    });
  });
});
