/**
 * Shared machinery of the parity tests: loads a fixture written by
 * test/fixtures/parity/generate.py (backtesting.py 0.6.6's own output), runs the TypeScript twin
 * of its strategy on the same CSV with the same options, and compares trade for trade, bar for
 * bar and stat for stat. Each comparison reports the FIRST difference with both values.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Backtest } from '../../src/engine/backtest';
import { type Bars, makeBars } from '../../src/engine/bars';
import type { BacktestOptions } from '../../src/engine/options';
import type { Result } from '../../src/engine/result';
import type { Stats } from '../../src/engine/stats';
import { COMMISSION_FUNCS, TWINS } from './parity-strategies';

export const FIXTURE_DIR = path.resolve(__dirname, '../fixtures/parity');
export const DATA_DIR = path.resolve(__dirname, '../../../shared/data');
export const HAVE_DATA = fs.existsSync(path.join(DATA_DIR, 'GOOG.csv'));

type Num = number | null;

export interface FixtureTrade {
  Size: number;
  EntryBar: number;
  ExitBar: number;
  EntryPrice: number;
  ExitPrice: number;
  SL: Num;
  TP: Num;
  PnL: number;
  Commission: number;
  /** Fraction (ours is percent). */
  ReturnPct: number;
  Tag: unknown;
}

export interface FixtureOpenTrade {
  Size: number;
  EntryBar: number;
  EntryPrice: number;
  SL: Num;
  TP: Num;
  Tag: unknown;
}

export interface Fixture {
  name: string;
  description: string;
  data: string;
  strategy: keyof typeof TWINS;
  options: Record<string, unknown>;
  params: Record<string, number | string | boolean>;
  stats: Record<string, number | string | null>;
  trades: FixtureTrade[];
  open_trades: FixtureOpenTrade[];
  equity: Num[];
}

export function fixtureNames(): string[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8')) as Fixture;
}

const barsCache = new Map<string, Bars>();

/** Tiny reader for the shared CSVs (`,Open,High,Low,Close,Volume`, pandas' DatetimeIndex layout). */
export function loadBars(name: string): Bars {
  let bars = barsCache.get(name);
  if (bars) return bars;
  const lines = fs.readFileSync(path.join(DATA_DIR, `${name}.csv`), 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split(',').map((h) => h.trim());
  const col = (h: string) => header.indexOf(h);
  const [o, hi, lo, c, v] = ['Open', 'High', 'Low', 'Close', 'Volume'].map(col);
  const time: string[] = [];
  const cols = { open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[], volume: [] as number[] };
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    time.push(f[0]);
    cols.open.push(Number(f[o]));
    cols.high.push(Number(f[hi]));
    cols.low.push(Number(f[lo]));
    cols.close.push(Number(f[c]));
    cols.volume.push(v >= 0 ? Number(f[v]) : NaN);
  }
  bars = makeBars({ time, ...cols, symbol: name });
  barsCache.set(name, bars);
  return bars;
}

/** The fixture's options as our BacktestOptions (a named commission function is looked up). */
export function backtestOptions(fx: Fixture): BacktestOptions {
  const opts = { ...fx.options } as Record<string, unknown>;
  const c = opts.commission as Record<string, unknown> | number | undefined;
  if (c && typeof c === 'object' && 'function' in c) {
    const fn = COMMISSION_FUNCS[c.function as string];
    assert.ok(fn, `no TypeScript commission function "${String(c.function)}"`);
    opts.commission = fn;
  }
  return opts as BacktestOptions;
}

export function runFixture(fx: Fixture): Result {
  const cls = TWINS[fx.strategy];
  assert.ok(cls, `no TypeScript twin for strategy ${fx.strategy}`);
  return new Backtest(loadBars(fx.data), cls, backtestOptions(fx)).run(fx.params);
}

// ---------------------------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------------------------

/** |a − b| ≤ rel·max(|a|, |b|) or ≤ abs; null ⇔ null. */
export function near(ours: Num | undefined, theirs: Num | undefined, rel = 1e-9, abs = 1e-12): boolean {
  const a = ours ?? null;
  const b = theirs ?? null;
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  const d = Math.abs(a - b);
  return d <= rel * Math.max(Math.abs(a), Math.abs(b)) || d <= abs;
}

const fmt = (x: unknown) => (typeof x === 'number' ? String(x) : JSON.stringify(x));

/** Collects differences; `check()` fails with the first one (and how many there were). */
class Diffs {
  private readonly list: string[] = [];
  constructor(private readonly what: string) {}
  add(where: string, field: string, ours: unknown, theirs: unknown): void {
    this.list.push(`${where} ${field}: ours ${fmt(ours)}, library ${fmt(theirs)}`);
  }
  get count(): number {
    return this.list.length;
  }
  check(): void {
    if (!this.list.length) return;
    const more = this.list.length > 1 ? `\n  (${this.list.length} differences; next: ${this.list.slice(1, 4).join('; ')})` : '';
    assert.fail(`${this.what}: first difference at ${this.list[0]}${more}`);
  }
}

const tagOf = (t: unknown) => (t === undefined ? null : t);

export function compareTrades(res: Result, fx: Fixture): void {
  const d = new Diffs(`${fx.name} closed trades`);
  const n = Math.min(res.trades.length, fx.trades.length);
  for (let k = 0; k < n; k++) {
    const o = res.trades[k];
    const t = fx.trades[k];
    const w = `trade #${k} (library EntryBar ${t.EntryBar}, ExitBar ${t.ExitBar})`;
    if (o.entryBar !== t.EntryBar) d.add(w, 'EntryBar', o.entryBar, t.EntryBar);
    if (o.exitBar !== t.ExitBar) d.add(w, 'ExitBar', o.exitBar, t.ExitBar);
    if (o.size !== t.Size) d.add(w, 'Size', o.size, t.Size);
    if (!near(o.entryPrice, t.EntryPrice)) d.add(w, 'EntryPrice', o.entryPrice, t.EntryPrice);
    if (!near(o.exitPrice, t.ExitPrice)) d.add(w, 'ExitPrice', o.exitPrice, t.ExitPrice);
    if (!near(o.sl, t.SL)) d.add(w, 'SL', o.sl, t.SL);
    if (!near(o.tp, t.TP)) d.add(w, 'TP', o.tp, t.TP);
    if (!near(o.pnl, t.PnL)) d.add(w, 'PnL', o.pnl, t.PnL);
    if (!near(o.commission, t.Commission)) d.add(w, 'Commission', o.commission, t.Commission);
    if (!near(o.returnPct, t.ReturnPct * 100)) d.add(w, 'ReturnPct (%)', o.returnPct, t.ReturnPct * 100);
    if (JSON.stringify(tagOf(o.tag)) !== JSON.stringify(tagOf(t.Tag))) d.add(w, 'Tag', o.tag, t.Tag);
    if (d.count) break; // later trades follow from the first divergence
  }
  if (!d.count && res.trades.length !== fx.trades.length) {
    const extra = res.trades.length > n ? res.trades[n] : fx.trades[n];
    d.add(`trade #${n}`, 'count', res.trades.length, fx.trades.length);
    d.add(`trade #${n}`, 'first unmatched trade', extra, null);
  }
  d.check();
}

export function compareOpenTrades(res: Result, fx: Fixture): void {
  const d = new Diffs(`${fx.name} open trades at the end`);
  if (res.openTrades.length !== fx.open_trades.length) d.add('open trades', 'count', res.openTrades.length, fx.open_trades.length);
  const n = Math.min(res.openTrades.length, fx.open_trades.length);
  for (let k = 0; k < n; k++) {
    const o = res.openTrades[k];
    const t = fx.open_trades[k];
    const w = `open trade #${k}`;
    if (o.entryBar !== t.EntryBar) d.add(w, 'EntryBar', o.entryBar, t.EntryBar);
    if (o.size !== t.Size) d.add(w, 'Size', o.size, t.Size);
    if (!near(o.entryPrice, t.EntryPrice)) d.add(w, 'EntryPrice', o.entryPrice, t.EntryPrice);
    if (!near(o.sl, t.SL)) d.add(w, 'SL', o.sl, t.SL);
    if (!near(o.tp, t.TP)) d.add(w, 'TP', o.tp, t.TP);
    if (JSON.stringify(tagOf(o.tag)) !== JSON.stringify(tagOf(t.Tag))) d.add(w, 'Tag', o.tag, t.Tag);
  }
  d.check();
}

export function compareEquity(res: Result, fx: Fixture): void {
  const d = new Diffs(`${fx.name} equity`);
  if (res.equity.length !== fx.equity.length) d.add('equity', 'length', res.equity.length, fx.equity.length);
  const n = Math.min(res.equity.length, fx.equity.length);
  for (let i = 0; i < n; i++) {
    if (!near(res.equity[i], fx.equity[i], 1e-9, 1e-6)) d.add(`bar ${i}`, 'equity', res.equity[i], fx.equity[i]);
  }
  d.check();
}

/** backtesting.py stats row → our Stats key. */
export const STAT_KEYS: Record<string, keyof Stats> = {
  Start: 'start',
  End: 'end',
  Duration: 'durationDays',
  'Exposure Time [%]': 'exposureTimePct',
  'Equity Final [$]': 'equityFinal',
  'Equity Peak [$]': 'equityPeak',
  'Commissions [$]': 'commissions',
  'Return [%]': 'returnPct',
  'Buy & Hold Return [%]': 'buyHoldReturnPct',
  'Return (Ann.) [%]': 'returnAnnPct',
  'Volatility (Ann.) [%]': 'volatilityAnnPct',
  'CAGR [%]': 'cagrPct',
  'Sharpe Ratio': 'sharpeRatio',
  'Sortino Ratio': 'sortinoRatio',
  'Calmar Ratio': 'calmarRatio',
  'Alpha [%]': 'alphaPct',
  Beta: 'beta',
  'Max. Drawdown [%]': 'maxDrawdownPct',
  'Avg. Drawdown [%]': 'avgDrawdownPct',
  'Max. Drawdown Duration': 'maxDrawdownDurationDays',
  'Avg. Drawdown Duration': 'avgDrawdownDurationDays',
  '# Trades': 'trades',
  'Win Rate [%]': 'winRatePct',
  'Best Trade [%]': 'bestTradePct',
  'Worst Trade [%]': 'worstTradePct',
  'Avg. Trade [%]': 'avgTradePct',
  'Max. Trade Duration': 'maxTradeDurationDays',
  'Avg. Trade Duration': 'avgTradeDurationDays',
  'Profit Factor': 'profitFactor',
  'Expectancy [%]': 'expectancyPct',
  SQN: 'sqn',
  'Kelly Criterion': 'kellyCriterion',
};

const isoMs = (s: string) => Date.parse(/[zZ]$|[+-]\d\d:\d\d$/.test(s) ? s : s + 'Z');

export function compareStats(res: Result, fx: Fixture): void {
  const d = new Diffs(`${fx.name} stats`);
  const stats = res.stats as unknown as Record<string, unknown>;
  for (const [row, theirs] of Object.entries(fx.stats)) {
    const key = STAT_KEYS[row];
    if (!key) {
      d.add(`"${row}"`, 'row', 'no mapping to a Stats key', theirs);
      continue;
    }
    const ours = stats[key];
    if (row === 'Start' || row === 'End') {
      if (isoMs(String(ours)) !== isoMs(String(theirs))) d.add(`"${row}"`, key, ours, theirs);
    } else if (typeof theirs === 'string') {
      d.add(`"${row}"`, key, ours, theirs); // ±Infinity: our Stats cannot hold it
    } else if (!(typeof ours === 'number' || ours === null) || !near(ours, theirs)) {
      d.add(`"${row}"`, key, ours, theirs);
    }
  }
  // The library leaves the row out when the commissions add up to 0.
  if (!('Commissions [$]' in fx.stats) && res.stats.commissions !== 0) d.add('"Commissions [$]" (row absent = 0)', 'commissions', res.stats.commissions, 0);
  d.check();
}

/** Registers one describe() per fixture with one it() per aspect. */
export function parityScenarios(names: readonly string[]): void {
  for (const name of names) {
    describe(name, function () {
      let fx: Fixture;
      let res: Result | undefined;
      let error: unknown;
      before(function () {
        if (!HAVE_DATA) this.skip();
        fx = loadFixture(name);
        try {
          res = runFixture(fx);
        } catch (err) {
          error = err;
        }
      });
      const result = (): Result => {
        if (error) throw error;
        return res!;
      };
      it('closed trades: bars, sizes, prices, PnL, commissions, returns, SL/TP, tags', function () {
        compareTrades(result(), fx);
      });
      it('open trades at the end', function () {
        compareOpenTrades(result(), fx);
      });
      it('equity at every bar', function () {
        compareEquity(result(), fx);
      });
      it('every stats row', function () {
        compareStats(result(), fx);
      });
    });
  }
}
