/**
 * Our indicators against the technicalindicators package on deterministic pseudo-random OHLCV bars.
 * technicalindicators returns only the defined values (end-aligned); `assertEndAligned` lines them up with our
 * full-length output and also checks that its first value falls on the bar where our warm-up ends.
 */
import assert from 'node:assert/strict';
import * as ti from 'technicalindicators';
import { ta } from '../../../src/engine/ta';
import { assertEndAligned, leadingNaNs, makeOhlcv } from './helpers';

for (const seed of [42, 7]) {
  const { high, low, close, volume } = makeOhlcv(500, seed);
  const hlc = { high, low, close };

  describe(`ta vs technicalindicators (500 bars, seed ${seed})`, () => {
    it('sma', () => {
      for (const p of [1, 5, 20, 50]) assertEndAligned(ta.sma(close, p), ti.sma({ period: p, values: close }), { expectedOffset: p - 1, label: `sma(${p})` });
    });

    it('ema', () => {
      for (const p of [1, 5, 20, 50]) assertEndAligned(ta.ema(close, p), ti.ema({ period: p, values: close }), { expectedOffset: p - 1, label: `ema(${p})` });
    });

    it('wma', () => {
      for (const p of [1, 5, 20]) assertEndAligned(ta.wma(close, p), ti.wma({ period: p, values: close }), { expectedOffset: p - 1, label: `wma(${p})` });
    });

    it('rma (technicalindicators wema)', () => {
      for (const p of [3, 14]) assertEndAligned(ta.rma(close, p), ti.wema({ period: p, values: close }), { expectedOffset: p - 1, label: `rma(${p})` });
    });

    it('rsi: exact against technicalindicators averagegain / averageloss', () => {
      // technicalindicators' rsi rounds to 2 decimals, but its average gain / loss are unrounded: rebuild RSI from them.
      for (const p of [2, 14]) {
        const g = ti.averagegain({ period: p, values: close });
        const l = ti.averageloss({ period: p, values: close });
        assert.equal(g.length, l.length);
        assertEndAligned(ta.rsi(close, p), g.map((gain, i) => 100 - 100 / (1 + gain / l[i])), { expectedOffset: p, label: `rsi(${p})` });
      }
    });

    it('rsi: within the 2-decimal rounding of technicalindicators rsi', () => {
      // technicalindicators does parseFloat(rsi.toFixed(2)), so the difference is at most 0.005.
      assertEndAligned(ta.rsi(close), ti.rsi({ period: 14, values: close }), { abs: 0.005 + 1e-9, expectedOffset: 14, label: 'rsi' });
    });

    it('macd (EMA oscillator and signal)', () => {
      const ref = ti.macd({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
      const ours = ta.macd(close);
      assertEndAligned(ours.macd, ref.map((r) => r.MACD), { expectedOffset: 25, label: 'macd' });
      assertEndAligned(ours.signal, ref.filter((r) => r.signal !== undefined).map((r) => r.signal), { expectedOffset: 33, label: 'signal' });
      assertEndAligned(ours.histogram, ref.filter((r) => r.histogram !== undefined).map((r) => r.histogram), { expectedOffset: 33, label: 'histogram' });
    });

    it('bbands (population stdev, like technicalindicators)', () => {
      for (const [p, k] of [[20, 2], [10, 1.5]]) {
        const ref = ti.bollingerbands({ period: p, stdDev: k, values: close });
        const ours = ta.bbands(close, p, k);
        assertEndAligned(ours.upper, ref.map((r) => r.upper), { expectedOffset: p - 1, label: 'upper' });
        assertEndAligned(ours.middle, ref.map((r) => r.middle), { expectedOffset: p - 1, label: 'middle' });
        assertEndAligned(ours.lower, ref.map((r) => r.lower), { expectedOffset: p - 1, label: 'lower' });
      }
    });

    it('stdev: ddof 0 equals technicalindicators sd; ddof 1 is it scaled by sqrt(n/(n−1))', () => {
      const ref = ti.sd({ period: 20, values: close });
      assertEndAligned(ta.stdev(close, 20, 0), ref, { expectedOffset: 19, label: 'stdev ddof 0' });
      assertEndAligned(ta.stdev(close, 20), ref.map((v) => v * Math.sqrt(20 / 19)), { expectedOffset: 19, label: 'stdev ddof 1' });
    });

    it('trueRange and atr', () => {
      assertEndAligned(ta.trueRange(high, low, close), ti.truerange(hlc), { expectedOffset: 1, label: 'trueRange' });
      for (const p of [5, 14]) assertEndAligned(ta.atr(high, low, close, p), ti.atr({ ...hlc, period: p }), { expectedOffset: p, label: `atr(${p})` });
    });

    it('stoch: fast form equals technicalindicators stochastic; slow %K equals its %D', () => {
      const ref = ti.stochastic({ ...hlc, period: 14, signalPeriod: 3 });
      const fast = ta.stoch(high, low, close, 14, 1, 3);
      assertEndAligned(fast.k, ref.map((r) => r.k), { expectedOffset: 13, label: 'fast k' });
      assertEndAligned(fast.d, ref.filter((r) => r.d !== undefined).map((r) => r.d), { expectedOffset: 15, label: 'fast d' });
      const slow = ta.stoch(high, low, close);
      assertEndAligned(slow.k, ref.filter((r) => r.d !== undefined).map((r) => r.d), { expectedOffset: 15, label: 'slow k' });
      assert.equal(leadingNaNs(slow.d), 17);
    });

    it('stochRsi: exact against technicalindicators stochastic fed with our RSI', () => {
      const r = Array.from(ta.rsi(close).subarray(14));
      const ref = ti.stochastic({ high: r, low: r, close: r, period: 14, signalPeriod: 3 });
      const ours = ta.stochRsi(close);
      // ref.d is the 3-bar SMA of the raw stochastic of RSI, i.e. our k.
      assertEndAligned(ours.k, ref.filter((x) => x.d !== undefined).map((x) => x.d), { expectedOffset: 29, label: 'stochRsi k' });
    });

    it('stochRsi: close to technicalindicators stochasticrsi', () => {
      // technicalindicators feeds RSI rounded to 2 decimals into the stochastic, so small RSI ranges amplify the rounding;
      // on these series the RSI range over 14 bars stays above ~7 points, which keeps the gap well under 0.1.
      // It also withholds k until d exists, so its first value is at bar 31, not 29.
      const ref = ti.stochasticrsi({ values: close, rsiPeriod: 14, stochasticPeriod: 14, kPeriod: 3, dPeriod: 3 });
      const ours = ta.stochRsi(close);
      assertEndAligned(ours.k, ref.map((x) => x.k), { abs: 0.1, expectedOffset: 31, label: 'k' });
      assertEndAligned(ours.d, ref.map((x) => x.d), { abs: 0.1, expectedOffset: 31, label: 'd' });
    });

    it('adx with +DI / −DI', () => {
      // technicalindicators emits the DIs only once ADX exists (bar 27); ours start at bar 14.
      const ref = ti.adx({ ...hlc, period: 14 });
      const ours = ta.adx(high, low, close);
      assertEndAligned(ours.adx, ref.map((r) => r.adx), { expectedOffset: 27, label: 'adx' });
      assertEndAligned(ours.plusDi, ref.map((r) => r.pdi), { expectedOffset: 27, label: '+DI' });
      assertEndAligned(ours.minusDi, ref.map((r) => r.mdi), { expectedOffset: 27, label: '−DI' });
      assert.equal(leadingNaNs(ours.plusDi), 14);
      assert.equal(leadingNaNs(ours.minusDi), 14);
    });

    it('cci', () => {
      for (const p of [14, 20]) assertEndAligned(ta.cci(high, low, close, p), ti.cci({ ...hlc, period: p }), { expectedOffset: p - 1, label: `cci(${p})` });
    });

    it('williamsR', () => {
      assertEndAligned(ta.williamsR(high, low, close), ti.williamsr({ ...hlc, period: 14 }), { expectedOffset: 13, label: 'williamsR' });
    });

    it('roc, and mom consistent with roc', () => {
      assertEndAligned(ta.roc(close, 10), ti.roc({ period: 10, values: close }), { expectedOffset: 10, label: 'roc' });
      // mom = roc · x[i−n] / 100
      const m = ta.mom(close, 10);
      const r = ta.roc(close, 10);
      assertEndAligned(m, Array.from(r.subarray(10), (v, k) => (v * close[k]) / 100), { expectedOffset: 10, label: 'mom' });
    });

    it('obv (technicalindicators starts at bar 1; ours has 0 at bar 0)', () => {
      const ours = ta.obv(close, volume);
      assert.equal(ours[0], 0);
      assertEndAligned(ours, ti.obv({ close, volume }), { expectedOffset: 1, label: 'obv' });
    });

    it('mfi: within the 2-decimal rounding of technicalindicators', () => {
      // technicalindicators rounds MFI to 2 decimals and skips bar 0 entirely (its first money flow is bar 2 vs bar 1),
      // so its first value is at bar 15; from there both sum the same 14 flows.
      const ours = ta.mfi(high, low, close, volume);
      assert.equal(leadingNaNs(ours), 14);
      assertEndAligned(ours, ti.mfi({ high, low, close, volume, period: 14 }), { abs: 0.005 + 1e-9, expectedOffset: 15, label: 'mfi' });
    });

    it('vwap', () => {
      assertEndAligned(ta.vwap(high, low, close, volume), ti.vwap({ high, low, close, volume }), { expectedOffset: 0, label: 'vwap' });
    });

    it('psar (technicalindicators also reports its seed, low[0], at bar 0)', () => {
      for (const [step, max] of [[0.02, 0.2], [0.01, 0.1]]) {
        const ref = ti.psar({ high, low, step, max });
        assert.equal(ref[0], low[0]);
        const ours = ta.psar(high, low, step, max);
        assertEndAligned(ours, ref.slice(1), { expectedOffset: 1, label: `psar(${step}, ${max})` });
        // Both trend directions must have been exercised: SAR below the low (long) and above the high (short).
        let longBars = 0;
        let shortBars = 0;
        for (let i = 1; i < ours.length; i++) {
          if (ours[i] <= low[i]) longBars++;
          else if (ours[i] >= high[i]) shortBars++;
        }
        assert.ok(longBars > 50 && shortBars > 50, `long ${longBars}, short ${shortBars}`);
      }
    });

    it('highest / lowest', () => {
      assertEndAligned(ta.highest(close, 14), ti.highest({ period: 14, values: close }), { expectedOffset: 13, label: 'highest' });
      assertEndAligned(ta.lowest(close, 14), ti.lowest({ period: 14, values: close }), { expectedOffset: 13, label: 'lowest' });
    });
  });
}
