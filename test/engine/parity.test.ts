/**
 * Parity with backtesting.py 0.6.6: bookkeeping of the fixture set and self-checks of the
 * harness. The scenarios themselves run in parity-sma / parity-orders / parity-rsi-btc.test.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  FIXTURE_DIR,
  type Fixture,
  HAVE_DATA,
  STAT_KEYS,
  compareEquity,
  compareOpenTrades,
  compareStats,
  compareTrades,
  fixtureNames,
  loadBars,
  loadFixture,
  runFixture,
} from './parity-helpers';
import { GROUPS, TWINS } from './parity-strategies';

describe('parity with backtesting.py 0.6.6: fixture set', function () {
  it('every fixture runs in exactly one test group, and every group entry has a fixture', function () {
    const grouped = Object.values(GROUPS).flat();
    assert.equal(new Set(grouped).size, grouped.length, 'a scenario is listed in two groups');
    assert.deepEqual([...grouped].sort(), fixtureNames());
  });

  it('every fixture names a strategy with a TypeScript twin and only known stats rows', function () {
    for (const name of fixtureNames()) {
      const fx = loadFixture(name);
      assert.equal(fx.name, name);
      assert.ok(fx.strategy in TWINS, `${name}: no twin for ${fx.strategy}`);
      for (const row of Object.keys(fx.stats)) assert.ok(row in STAT_KEYS, `${name}: unmapped stats row "${row}"`);
      assert.ok(fs.existsSync(path.join(FIXTURE_DIR, 'generate.py')));
    }
  });

  it('the Quick Start reference case (shared/reference/a_smacross_goog.json) passes the same comparisons', function () {
    const ref = path.resolve(__dirname, '../../../shared/reference/a_smacross_goog.json');
    if (!HAVE_DATA || !fs.existsSync(ref)) this.skip();
    const r = JSON.parse(fs.readFileSync(ref, 'utf8'));
    const stats: Record<string, number | string | null> = {};
    for (const [k, v] of Object.entries(r.stats as Record<string, unknown>)) if (!k.startsWith('_')) stats[k] = v as number | string | null;
    const fx: Fixture = {
      name: 'a_smacross_goog',
      description: r.description,
      data: 'GOOG',
      strategy: 'SmaCross',
      options: { commission: 0.002 },
      params: {},
      stats,
      trades: r.trades,
      open_trades: r.open_trades_at_end,
      equity: r.equity_curve.equity,
    };
    const res = runFixture(fx);
    assert.equal(loadBars('GOOG').close.length, fx.equity.length);
    compareTrades(res, fx);
    compareOpenTrades(res, fx);
    compareEquity(res, fx);
    compareStats(res, fx);
  });
});

describe('parity harness: reports a difference of 1e-8 relative or of one bar', function () {
  const base = 'sltp_long';
  let fx: Fixture;
  let res: ReturnType<typeof runFixture>;
  before(function () {
    if (!HAVE_DATA) this.skip();
    fx = loadFixture(base);
    res = runFixture(fx);
  });
  const copy = (): Fixture => JSON.parse(JSON.stringify(fx)) as Fixture;

  it('passes on the untouched fixture', function () {
    compareTrades(res, fx);
    compareOpenTrades(res, fx);
    compareEquity(res, fx);
    compareStats(res, fx);
  });

  it('trades: an exit bar, a size, a price, a return, an SL, a missing trade', function () {
    const cases: [string, (f: Fixture) => void][] = [
      ['ExitBar', (f) => (f.trades[5].ExitBar += 1)],
      ['Size', (f) => (f.trades[7].Size += 1)],
      ['ExitPrice', (f) => (f.trades[9].ExitPrice *= 1 + 1e-8)],
      ['ReturnPct', (f) => (f.trades[11].ReturnPct *= 1 + 1e-7)],
      ['SL', (f) => (f.trades[13].SL = null)],
      ['count', (f) => f.trades.pop()],
    ];
    for (const [field, mutate] of cases) {
      const f = copy();
      mutate(f);
      assert.throws(() => compareTrades(res, f), new RegExp(field), field);
    }
  });

  it('open trades, equity and stats', function () {
    let f = copy();
    f.open_trades[0].EntryPrice *= 1 + 1e-8;
    assert.throws(() => compareOpenTrades(res, f), /EntryPrice/);
    f = copy();
    f.equity[1000] = f.equity[1000]! * (1 + 1e-8);
    assert.throws(() => compareEquity(res, f), /bar 1000/);
    f = copy();
    f.stats['Sharpe Ratio'] = (f.stats['Sharpe Ratio'] as number) * (1 + 1e-8);
    assert.throws(() => compareStats(res, f), /Sharpe Ratio/);
    f = copy();
    f.stats['Kelly Criterion'] = null;
    assert.throws(() => compareStats(res, f), /Kelly Criterion/);
    f = copy();
    f.stats['Max. Drawdown Duration'] = (f.stats['Max. Drawdown Duration'] as number) + 1;
    assert.throws(() => compareStats(res, f), /Max. Drawdown Duration/);
    f = copy();
    f.stats.End = '2013-02-28T00:00:00';
    assert.throws(() => compareStats(res, f), /"End"/);
  });
});
