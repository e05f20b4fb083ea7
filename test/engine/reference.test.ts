/**
 * Reference parity: the engine, through the API and through the CLI, reproduces backtesting.py
 * 0.6.6's complete output for its Quick Start strategy on GOOG (shared/reference).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as api from '../../src/api';
import type { Result } from '../../src/engine/result';
import { loadStrategy } from '../../src/runner/load-strategy';
import { FIXTURES, ROOT, SHARED, SHARED_DATA, close, hasShared } from '../helpers/paths';

/** backtesting.py's stats rows → our camelCase keys. */
export const STAT_KEYS: Record<string, string> = {
  Start: 'start', End: 'end', Duration: 'durationDays', 'Exposure Time [%]': 'exposureTimePct',
  'Equity Final [$]': 'equityFinal', 'Equity Peak [$]': 'equityPeak', 'Commissions [$]': 'commissions',
  'Return [%]': 'returnPct', 'Buy & Hold Return [%]': 'buyHoldReturnPct', 'Return (Ann.) [%]': 'returnAnnPct',
  'Volatility (Ann.) [%]': 'volatilityAnnPct', 'CAGR [%]': 'cagrPct', 'Sharpe Ratio': 'sharpeRatio',
  'Sortino Ratio': 'sortinoRatio', 'Calmar Ratio': 'calmarRatio', 'Alpha [%]': 'alphaPct', Beta: 'beta',
  'Max. Drawdown [%]': 'maxDrawdownPct', 'Avg. Drawdown [%]': 'avgDrawdownPct',
  'Max. Drawdown Duration': 'maxDrawdownDurationDays', 'Avg. Drawdown Duration': 'avgDrawdownDurationDays',
  '# Trades': 'trades', 'Win Rate [%]': 'winRatePct', 'Best Trade [%]': 'bestTradePct',
  'Worst Trade [%]': 'worstTradePct', 'Avg. Trade [%]': 'avgTradePct', 'Max. Trade Duration': 'maxTradeDurationDays',
  'Avg. Trade Duration': 'avgTradeDurationDays', 'Profit Factor': 'profitFactor', 'Expectancy [%]': 'expectancyPct',
  SQN: 'sqn', 'Kelly Criterion': 'kellyCriterion',
};

interface RefTrade {
  Size: number; EntryBar: number; ExitBar: number; EntryPrice: number; ExitPrice: number;
  PnL: number; Commission: number; ReturnPct: number; EntryTime: string; ExitTime: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the reference JSON is read as it is
function assertMatchesReference(r: Result, ref: Record<string, any>): void {
  // Every statistic, 1e-9 relative.
  for (const [row, key] of Object.entries(STAT_KEYS)) {
    const want = ref.stats[row];
    const got = (r.stats as unknown as Record<string, unknown>)[key];
    if (typeof want === 'string') assert.equal(Date.parse(got as string), Date.parse(want + 'Z'), row);
    else if (want === null) assert.equal(got, null, row);
    else assert.ok(close(got as number, want), `${row}: got ${got}, want ${want}`);
  }
  // Every closed trade.
  assert.equal(r.trades.length, ref.trades.length);
  ref.trades.forEach((t: RefTrade, k: number) => {
    const g = r.trades[k];
    assert.equal(g.entryBar, t.EntryBar, `trade ${k} entry bar`);
    assert.equal(g.exitBar, t.ExitBar, `trade ${k} exit bar`);
    assert.equal(g.size, t.Size, `trade ${k} size`);
    assert.equal(g.entryPrice, t.EntryPrice, `trade ${k} entry price`);
    assert.equal(g.exitPrice, t.ExitPrice, `trade ${k} exit price`);
    assert.ok(close(g.pnl, t.PnL), `trade ${k} pnl ${g.pnl} vs ${t.PnL}`);
    assert.ok(close(g.commission, t.Commission), `trade ${k} commission`);
    assert.ok(close(g.returnPct, t.ReturnPct * 100), `trade ${k} return`);
    assert.equal(Date.parse(g.entryTime), Date.parse(t.EntryTime + 'Z'));
    assert.equal(Date.parse(g.exitTime), Date.parse(t.ExitTime + 'Z'));
  });
  // The open trade at the end.
  assert.equal(r.openTrades.length, ref.open_trades_at_end.length);
  ref.open_trades_at_end.forEach((t: RefTrade, k: number) => {
    assert.equal(r.openTrades[k].size, t.Size);
    assert.equal(r.openTrades[k].entryBar, t.EntryBar);
    assert.equal(r.openTrades[k].entryPrice, t.EntryPrice);
  });
  // Equity at every bar.
  const eq: number[] = ref.equity_curve.equity;
  assert.equal(r.equity.length, eq.length);
  for (let i = 0; i < eq.length; i++) assert.ok(close(r.equity[i], eq[i], 1e-9, 1e-6), `equity[${i}] ${r.equity[i]} vs ${eq[i]}`);
  assert.equal(r.startBar, ref.first_next_bar_index);
}

(hasShared ? describe : describe.skip)('reference parity: backtesting.py Quick Start on GOOG', function () {
  this.timeout(60_000);
  const ref = hasShared ? JSON.parse(fs.readFileSync(path.join(SHARED, 'reference', 'a_smacross_goog.json'), 'utf8')) : {};
  const csv = path.join(SHARED_DATA, 'GOOG.csv');
  const strategyFile = path.join(FIXTURES, 'strategies', 'sma-cross-ref.strategy.ts');

  it('the programmatic API reproduces every trade, equity value and statistic', async () => {
    const { cls } = await loadStrategy(strategyFile, api);
    const result = new api.Backtest(api.loadCsv(csv), cls, { cash: 10_000, commission: 0.002 }).run();
    assertMatchesReference(result, ref);
    assert.ok(result.log.some((l) => /remain open/.test(l.message)), 'warns that a trade remains open');
  });

  it('exclusiveOrders gives the same result for this strategy (reference README, rule 7)', async () => {
    const { cls } = await loadStrategy(strategyFile, api);
    const result = new api.Backtest(api.loadCsv(csv), cls, { cash: 10_000, commission: 0.002, exclusiveOrders: true }).run();
    assertMatchesReference(result, ref);
  });

  it('the CLI with --json prints the same Result and nothing else on stdout', function () {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    if (!fs.existsSync(cli)) this.skip(); // built by `npm test` before mocha runs
    const stdout = execFileSync(process.execPath, [cli, 'backtest', strategyFile, '--data', csv, '--commission', '0.002', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const result = JSON.parse(stdout) as Result;
    assertMatchesReference(result, ref);
  });
});
