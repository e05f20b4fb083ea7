import assert from 'node:assert/strict';
import { SAMPLE_LABEL, SAMPLE_SEED, sampleBars } from '../../src/data/sample';
import { inferInterval } from '../../src/data/csv';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

function sma(a: Float64Array, n: number, i: number): number {
  let s = 0;
  for (let k = i - n + 1; k <= i; k++) s += a[k];
  return s / n;
}

describe('data/sample', () => {
  const bars = sampleBars();

  it('is labelled as synthetic', () => {
    assert.equal(SAMPLE_LABEL, 'SAMPLE — synthetic daily data (deterministic, not real prices)');
    assert.equal(bars.symbol, 'SAMPLE');
    assert.equal(bars.interval, '1d');
    assert.equal(sampleBars({ symbol: 'DEMO' }).symbol, 'DEMO');
  });

  it('has at least 1500 weekday bars from 2015-01-02, ascending and unique', () => {
    const n = bars.time.length;
    assert.ok(n >= 1500, `only ${n} bars`);
    for (const c of COLUMNS) assert.equal(bars[c].length, n, c);
    assert.equal(bars.time[0], Date.UTC(2015, 0, 2));
    assert.ok(bars.time[n - 1] >= Date.UTC(2022, 11, 1) && bars.time[n - 1] < Date.UTC(2023, 0, 3));
    for (let i = 0; i < n; i++) {
      const t = bars.time[i];
      assert.equal(t % 86_400_000, 0);
      const dow = new Date(t).getUTCDay();
      assert.ok(dow >= 1 && dow <= 5, `weekend bar at ${new Date(t).toISOString()}`);
      if (i > 0) assert.ok(t > bars.time[i - 1]);
    }
    assert.equal(inferInterval(bars.time), '1d');
  });

  it('has valid OHLC and integer volumes', () => {
    for (let i = 0; i < bars.time.length; i++) {
      const o = bars.open[i];
      const h = bars.high[i];
      const l = bars.low[i];
      const c = bars.close[i];
      const v = bars.volume[i];
      for (const x of [o, h, l, c, v]) assert.ok(Number.isFinite(x), `non-finite value at ${i}`);
      assert.ok(h >= Math.max(o, c), `high below open/close at ${i}`);
      assert.ok(l <= Math.min(o, c), `low above open/close at ${i}`);
      assert.ok(l > 0, `non-positive low at ${i}`);
      assert.ok(Number.isInteger(v) && v > 0, `bad volume ${v} at ${i}`);
    }
  });

  it('is deterministic: the same seed gives bit-identical output', () => {
    const again = sampleBars();
    const explicit = sampleBars({ seed: SAMPLE_SEED });
    for (const c of COLUMNS) {
      assert.deepEqual(new Uint8Array(again[c].buffer), new Uint8Array(bars[c].buffer), c);
      assert.deepEqual(new Uint8Array(explicit[c].buffer), new Uint8Array(bars[c].buffer), c);
    }
    const a = sampleBars({ seed: 7, years: 3 });
    const b = sampleBars({ seed: 7, years: 3 });
    for (const c of COLUMNS) assert.deepEqual(new Uint8Array(a[c].buffer), new Uint8Array(b[c].buffer), c);
  });

  it('differs with another seed', () => {
    const other = sampleBars({ seed: SAMPLE_SEED + 1 });
    assert.deepEqual(other.time, bars.time);
    assert.notDeepEqual(other.close, bars.close);
  });

  it('honours years', () => {
    const two = sampleBars({ years: 2 });
    assert.ok(two.time.length > 500 && two.time.length < 530, `${two.time.length} bars`);
    // A shorter run is a prefix of the longer one.
    assert.deepEqual(two.close, bars.close.slice(0, two.time.length));
    assert.throws(() => sampleBars({ years: 0 }), RangeError);
  });

  it('contains rallies, sell-offs and trend changes for strategies to trade', () => {
    const c = bars.close;
    let crossings = 0;
    let prev = 0;
    for (let i = 50; i < c.length; i++) {
      const s = Math.sign(sma(c, 20, i) - sma(c, 50, i));
      if (prev !== 0 && s !== 0 && s !== prev) crossings++;
      if (s !== 0) prev = s;
    }
    assert.ok(crossings >= 10, `only ${crossings} SMA 20/50 crossings`);

    let bestRally = 0;
    let worstDrop = 0;
    for (let i = 60; i < c.length; i++) {
      const r = c[i] / c[i - 60] - 1;
      bestRally = Math.max(bestRally, r);
      worstDrop = Math.min(worstDrop, r);
    }
    assert.ok(bestRally > 0.15, `best 60-day rally ${bestRally}`);
    assert.ok(worstDrop < -0.15, `worst 60-day drop ${worstDrop}`);
  });
});
