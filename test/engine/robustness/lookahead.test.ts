import assert from 'node:assert/strict';
import { loadCsv } from '../../../src/data/csv';
import { Backtest } from '../../../src/engine/backtest';
import { lookaheadReplay } from '../../../src/engine/robustness/lookahead';
import { warmupSensitivity } from '../../../src/engine/robustness/warmup';
import { sliceBars } from '../../../src/engine/robustness/windows';
import { CentredMa, EmaSma, SmaCross, Tomorrow } from './strategies';

const goog = loadCsv('/work/shared/data/GOOG.csv');

describe('robustness: look-ahead replay', () => {
  it('passes the clean SMA cross: every replayed signal kept, no column depends on the future', () => {
    const r = lookaheadReplay(goog, SmaCross, { commission: 0.002 }, {}, { maxSignals: 40 });
    const full = new Backtest(goog, SmaCross, { commission: 0.002 }).run();
    assert.equal(r.signals, full.trades.length * 2 + full.openTrades.length);
    assert.equal(r.checked.length, 40);
    assert.ok(r.checked.every((s) => s.status === 'kept'), JSON.stringify(r.changed.slice(0, 2)));
    assert.deepEqual(r.biased, []);
    assert.equal(r.ok, true);
  });

  it('passes the clean SMA cross with tradeOnClose too', () => {
    const r = lookaheadReplay(goog, SmaCross, { tradeOnClose: true }, {}, { maxSignals: 20 });
    assert.equal(r.ok, true, JSON.stringify(r.changed.slice(0, 2)));
    assert.equal(r.checked.length, 20);
  });

  it('flags the planted centred moving average: changed signals blamed on this.cma (CMA)', () => {
    const r = lookaheadReplay(goog, CentredMa, {}, { k: 5 }, { maxSignals: 30 });
    assert.equal(r.ok, false);
    assert.equal(r.checked.length, 30);
    assert.ok(r.changed.length >= 10, `only ${r.changed.length} of ${r.checked.length} changed`);
    assert.deepEqual(r.biased.map((b) => b.name), ['this.cma (CMA)']);
    assert.equal(r.biased[0].cuts, new Set(r.checked.map((s) => s.bar)).size, 'biased at every cut');
    for (const s of r.changed) {
      assert.deepEqual(s.columns, ['this.cma (CMA)']);
      assert.match(s.detail!, /once the later bars were removed/);
      assert.match(s.time, /^\d{4}-\d\d-\d\dT/);
    }
  });

  it('flags look-ahead hidden in a plain array property and names it', () => {
    const r = lookaheadReplay(sliceBars(goog, { start: 0, end: 600 }), Tomorrow, {}, {}, { maxSignals: 20 });
    assert.equal(r.ok, false);
    assert.deepEqual(r.biased.map((b) => b.name), ['this.tomorrow']);
    assert.ok(r.changed.length > 0);
    assert.equal(r.biased[0].cut, null); // tomorrow's close is unknown on the last bar
  });
});

describe('robustness: warm-up sensitivity', () => {
  it('SMA matches exactly from its warm-up on; EMA needs much more history and is reported', () => {
    const r = warmupSensitivity(goog, EmaSma, {}, { n: 20 });
    assert.equal(r.warmup, 19); // SMA(20): first value on bar 19
    assert.deepEqual(r.histories, [19, 38, 76, 152, 304]);
    const sma = r.columns.find((c) => c.name === 'this.sma (SMA)')!;
    const ema = r.columns.find((c) => c.name === 'this.ema (EMA)')!;
    assert.ok(sma.diffs.every((d) => d.maxDiffPct < 1e-9 && d.missing === 0), JSON.stringify(sma.diffs));
    assert.equal(sma.settlesAt, 19);
    assert.ok(ema.diffs[0].maxDiffPct > 0.1, JSON.stringify(ema.diffs));
    // the gap shrinks as history grows
    for (let k = 1; k < ema.diffs.length; k++) assert.ok(ema.diffs[k].maxDiffPct <= ema.diffs[k - 1].maxDiffPct);
    assert.ok(ema.settlesAt !== null && ema.settlesAt > 19, String(ema.settlesAt));
    assert.deepEqual(r.sensitive, ['this.ema (EMA)']);
  });
});
