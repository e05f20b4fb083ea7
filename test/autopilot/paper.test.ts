/**
 * Paper trading: advancing an account bar by bar through the real runner gives exactly the trades,
 * open positions and equity of one backtest over the same bars; a restart from the saved state
 * catches up every missed bar at once.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { specToCode } from '../../src/ai/codegen/generate';
import { parseDescription } from '../../src/ai/offline/parse';
import { combinationCode } from '../../src/autopilot/combine';
import { AgentError } from '../../src/autopilot/errors';
import { type PaperAccount, newAccount } from '../../src/autopilot/paper/account';
import { PaperBroker } from '../../src/autopilot/paper/broker';
import { emptyState } from '../../src/autopilot/state';
import { StoreState } from '../../src/autopilot/store-state';
import { Store } from '../../src/store/store';
import { sliceBars } from '../../src/engine/robustness';
import { sampleBars } from '../../src/data/sample';
import type { Runner } from '../../src/runner/run';
import { buildRunner, newRunner, tempDir } from './helpers';

const BARS = sliceBars(sampleBars(), { start: 0, end: 420 });
const upTo = (n: number) => sliceBars(BARS, { start: 0, end: n });
const spec = (d: string, name: string) => ({ ...parseDescription(d).spec, name, direction: 'long' as const });

describe('autopilot: paper trading', function () {
  this.timeout(300_000);
  let runner: Runner;
  let dir: string;
  let files: Record<string, string>;

  before(async () => {
    await buildRunner();
    runner = newRunner();
    dir = tempDir('paper');
    const rsi = spec('Buy when RSI(14) is below 40. Sell when RSI(14) is above 60. Use a 3% stop loss and a 6% take profit.', 'RSI Paper');
    const bb = spec('Buy when the close is below the lower Bollinger band. Sell when the close is above the middle Bollinger band.', 'BB Paper');
    const macd = spec('Buy when MACD crosses above its signal line. Sell when MACD crosses below its signal line.', 'MACD Paper');
    const sma = spec('Buy when the 10-day EMA crosses above the 30-day EMA. Sell when the 10-day EMA crosses below the 30-day EMA.', 'EMA Paper');
    assert.equal(rsi.risk.stopLossPct, 3, 'the stop loss is part of the strategy under test');
    files = {
      rsi: path.join(dir, 'rsi.strategy.ts'),
      vote: path.join(dir, 'vote.strategy.ts'),
    };
    fs.writeFileSync(files.rsi, specToCode(rsi));
    fs.writeFileSync(
      files.vote,
      combinationCode({
        name: 'Vote Paper', symbol: 'SAMPLE', minAgree: 2, minScore: 0.5,
        components: [
          { id: 'a', name: 'EMA', kind: 'trend', weight: 0.4, spec: sma },
          { id: 'b', name: 'MACD', kind: 'momentum', weight: 0.35, spec: macd },
          { id: 'c', name: 'BB', kind: 'volume', weight: 0.25, spec: bb },
        ],
      }),
    );
  });
  after(() => {
    runner?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const broker = (file: string) => new PaperBroker({ run: (r, h) => runner.run(r, h), strategyPath: file, root: dir, options: { commission: 0.001 } });
  const once = async (file: string, n: number) => {
    const out = await runner.run({ strategyPath: file, root: dir, data: { kind: 'bars', bars: upTo(n) }, options: { cash: 10_000, commission: 0.001 } });
    assert.ok(out.ok, out.ok ? '' : out.failure.message);
    return out.result;
  };
  const fresh = () => newAccount(new Date(BARS.time[0]).toISOString(), 300, 10_000);

  for (const which of ['rsi', 'vote'] as const) {
    it(`${which}: bar by bar from bar 200 to 420 equals one backtest (trades, positions, equity, fills)`, async () => {
      const b = broker(files[which]);
      const account = fresh();
      let booked = 0;
      for (let n = 200; n <= BARS.close.length; n++) {
        const r = await b.advance(account, upTo(n));
        assert.equal(r.newBars, n === 200 ? 200 : 1);
        assert.equal(r.divergedAtBar, undefined);
        booked += r.fills.length;
      }
      const full = await once(files[which], BARS.close.length);
      assert.ok(full.trades.length >= 5, `the strategy trades (${full.trades.length})`);
      assert.deepEqual(account.trades, JSON.parse(JSON.stringify(full.trades)));
      assert.deepEqual(account.openTrades, JSON.parse(JSON.stringify(full.openTrades)));
      assert.deepEqual(account.equity, Array.from(full.equity));
      assert.equal(account.processedBars, 420);
      // Every entry and exit is booked exactly once, in bar order, replayed before the live bar.
      const expected = full.trades.length * 2 + full.openTrades.length;
      assert.equal(account.fills.length, expected);
      assert.equal(booked, expected);
      for (let k = 1; k < account.fills.length; k++) assert.ok(account.fills[k].bar >= account.fills[k - 1].bar);
      for (const f of account.fills) assert.equal(f.replayed, f.bar < 300);
      const exits = account.fills.filter((f) => f.reason === 'exit').map((f) => [f.bar, f.price]);
      assert.deepEqual(exits, full.trades.map((t) => [t.exitBar, t.exitPrice]).sort((x, y) => x[0] - y[0]));
    });
  }

  it('a restart from the state saved in the history store catches up the missed bars at once, with the same outcome', async () => {
    const db = path.join(dir, 'restart', 'history.db');
    const ws = path.join(dir, 'restart');
    const store = await Store.open(db);
    const stateFile = await StoreState.open(store, ws);
    const b = broker(files.rsi);
    const before = fresh();
    await b.advance(before, upTo(250));
    const st = emptyState();
    st.strategies.push({ id: 'x', name: 'x', kind: 'meanReversion', symbol: 'SAMPLE', status: 'paper', file: 'rsi.strategy.ts', description: '', indicators: [], created: '', reason: '', paper: before });
    await stateFile.save(st);
    await store.close();
    const fillsBefore = before.fills.length;

    // "Restart": a new broker and the account as read back by a new Store on the file; 170 bars arrived meanwhile.
    const reopened = await Store.open(db);
    const restored = (await StoreState.open(reopened, ws)).load().strategies[0].paper as PaperAccount;
    await reopened.close();
    assert.deepEqual(restored, JSON.parse(JSON.stringify(before)), 'the account comes back as it was saved');
    const caught = await broker(files.rsi).advance(restored, upTo(420));
    assert.equal(caught.newBars, 170);
    assert.ok(caught.fills.length > 0, 'fills happened while it was away');
    assert.ok(caught.fills.every((f) => f.bar >= 250));

    const uninterrupted = fresh();
    for (const n of [250, 300, 360, 420]) await b.advance(uninterrupted, upTo(n));
    assert.deepEqual(restored.trades, uninterrupted.trades);
    assert.deepEqual(restored.equity, uninterrupted.equity);
    assert.deepEqual(restored.fills, uninterrupted.fills);
    assert.equal(restored.fills.length, fillsBefore + caught.fills.length);
    const again = await broker(files.rsi).advance(restored, upTo(420));
    assert.deepEqual(again, { newBars: 0, fills: [] }, 'no bars, nothing booked twice');
  });

  it('refuses bars that do not start at the account\'s first bar, or fewer bars than processed', async () => {
    const account = fresh();
    await broker(files.rsi).advance(account, upTo(220));
    await assert.rejects(broker(files.rsi).advance(account, sliceBars(BARS, { start: 1, end: 300 })), (e: unknown) => e instanceof AgentError && e.code === 'NO_DATA' && /start at/.test(e.message));
    await assert.rejects(broker(files.rsi).advance(account, upTo(210)), (e: unknown) => e instanceof AgentError && e.code === 'NO_DATA' && /220 already processed/.test(e.message));
  });
});
