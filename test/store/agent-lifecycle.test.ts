/**
 * The agent's lifecycle in the history store (schema v6): strategy records, paper accounts, meta and
 * the append-only event log, per workspace; read back by a new Store instance on the same file; two
 * processes appending at once lose no event; old events are pruned beyond the configured cap only.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { LifecycleEvent, StrategyRecord } from '../../src/autopilot/state';
import { newAccount } from '../../src/autopilot/paper/account';
import { Store } from '../../src/store/store';
import { tempDir } from './fixtures';

const REPO = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'agent-writer-child.ts');

function strategy(id: string, extra: Partial<StrategyRecord> = {}): StrategyRecord {
  return {
    id, name: id.toUpperCase(), kind: 'trend', symbol: 'SAMPLE', status: 'backtested', file: `strategies/autopilot/${id}.strategy.ts`, description: `${id} rule`,
    indicators: ['sma20', 'sma50'], created: '2026-01-01T00:00:00.000Z', reason: 'backtested', figures: { trades: 31, winRatePct: 48.4, profitFactor: 1.2, returnPct: 3.5 }, ...extra,
  };
}
const event = (k: number, step: LifecycleEvent['step'] = 'generated', strategyId?: string): LifecycleEvent => ({ at: new Date(Date.UTC(2026, 0, 1, 0, k)).toISOString(), step, reason: `step ${k}`, ...(strategyId ? { strategyId } : {}) });

describe('store: the agent lifecycle (v6)', function () {
  this.timeout(120_000);
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('saves strategies, paper accounts, counters and events; a new Store on the file reads them back exactly', async () => {
    const file = path.join(t.dir, 'history.db');
    const ws = path.join(t.dir, 'ws');
    const account = newAccount('2025-01-01T00:00:00.000Z', 250, 10_000);
    account.equity = [10_000, 10_050.5, 9_990.25];
    account.processedBars = 3;
    account.fills.push({ bar: 1, time: '2025-01-02T00:00:00.000Z', side: 'buy', size: 3, price: 101.5, reason: 'entry', replayed: true });
    const list = [
      strategy('a', { status: 'retired', reason: 'retired: profit factor 1.2 < 1.5', retired: '2026-01-01T00:00:01.000Z', runId: 7 }),
      strategy('b', { status: 'paper', reason: 'promoted to paper: …', promoted: '2026-01-01T00:00:01.000Z', paper: account, outOfSample: { passed: true, profitFactor: 2, returnPct: 4, trades: 12, folds: 3, reason: 'ok' } }),
      strategy('c', { kind: 'combination', components: [{ id: 'a', name: 'A', kind: 'trend', weight: 0.4 }] }),
    ];
    const store = await Store.open(file);
    const seqs = await store.saveAgentState(ws, { strategies: list, running: true, cycles: 2, lastCycle: '2026-01-01T01:00:00.000Z', events: [event(1, 'cycle'), event(2, 'retired', 'a'), event(3, 'promoted', 'b')] });
    assert.equal(seqs.length, 3);
    assert.ok(seqs[0] < seqs[1] && seqs[1] < seqs[2]);
    await store.close();

    const other = await Store.open(file);
    try {
      const back = other.loadAgentState(ws + path.sep)!; // the workspace key is the resolved folder
      assert.deepStrictEqual(back.strategies, list);
      assert.equal(back.running, true);
      assert.equal(back.cycles, 2);
      assert.equal(back.lastCycle, '2026-01-01T01:00:00.000Z');
      assert.deepStrictEqual(back.events, [event(1, 'cycle'), event(2, 'retired', 'a'), event(3, 'promoted', 'b')]);
      // Summary columns for queries without JSON.
      const cols = other.read((db) => db.exec("SELECT status, reason, run_id, json_extract(figures, '$.profitFactor') FROM agent_strategies WHERE id = 'a'")[0].values[0]);
      assert.deepStrictEqual(cols, ['retired', 'retired: profit factor 1.2 < 1.5', 7, 1.2]);
      const paper = other.read((db) => db.exec("SELECT status, processed_bars, equity, fills FROM agent_paper WHERE strategy_id = 'b'")[0].values[0]);
      assert.deepStrictEqual(paper, ['paper', 3, 9_990.25, 1]);

      // Upserts: a status change is saved, other workspaces are untouched, counters left out stay.
      await other.saveAgentState(ws, { strategies: [list[0], { ...list[1], status: 'ready', reason: 'ready: …', paper: undefined }, list[2]], events: [event(4, 'ready', 'b')] });
      await other.saveAgentState(path.join(t.dir, 'elsewhere'), { strategies: [strategy('z')], cycles: 9 });
      const again = other.loadAgentState(ws)!;
      assert.equal(again.strategies[1].status, 'ready');
      assert.equal(again.strategies[1].paper, undefined, 'the paper account row went with the account');
      assert.equal(again.cycles, 2);
      assert.equal(again.running, true);
      assert.deepStrictEqual(again.events.map((e) => e.reason), ['step 1', 'step 2', 'step 3', 'step 4']);
      assert.deepStrictEqual(other.agentWorkspaces(), [path.resolve(t.dir, 'elsewhere'), path.resolve(ws)]);
      assert.deepStrictEqual(other.loadAgentState(path.join(t.dir, 'elsewhere'))!.strategies.map((s) => s.id), ['z']);
      assert.deepStrictEqual(other.listAgentEvents(ws, { strategyId: 'b' }).map((e) => e.step), ['promoted', 'ready']);
      assert.deepStrictEqual(other.listAgentEvents(ws, { limit: 2 }).map((e) => e.reason), ['step 3', 'step 4'], 'the newest n, oldest first');
    } finally {
      await other.close();
    }
  });

  it('bad records are refused with the reason and change nothing', async () => {
    const store = await Store.open(path.join(t.dir, 'history.db'));
    try {
      await assert.rejects(store.saveAgentState(t.dir, { strategies: [strategy('a'), strategy('a')], events: [event(1)] }), /strategy id "a" appears twice/);
      await assert.rejects(store.saveAgentState(t.dir, { events: [{ at: 'x', step: 'cycle' } as LifecycleEvent] }), /an event needs at, step and reason/);
      assert.equal(store.loadAgentState(t.dir), undefined, 'both transactions rolled back');
    } finally {
      await store.close();
    }
  });

  it('keeps the newest maxAgentEvents per workspace, pruning only the oldest', async () => {
    const store = await Store.open(path.join(t.dir, 'history.db'), { maxAgentEvents: 5 });
    try {
      await store.appendAgentEvents('/ws/one', [1, 2, 3].map((k) => event(k)));
      await store.appendAgentEvents('/ws/two', [100].map((k) => event(k)));
      await store.appendAgentEvents('/ws/one', [4, 5, 6, 7].map((k) => event(k)));
      assert.deepStrictEqual(store.loadAgentState('/ws/one')!.events.map((e) => e.reason), ['step 3', 'step 4', 'step 5', 'step 6', 'step 7']);
      assert.deepStrictEqual(store.loadAgentState('/ws/two')!.events.map((e) => e.reason), ['step 100'], 'another workspace keeps its own');
      assert.equal(store.loadAgentState('/ws/one', 2)!.events.length, 2);
    } finally {
      await store.close();
    }
  });

  it('imports a state only when the workspace has none (checked under the lock)', async () => {
    const store = await Store.open(path.join(t.dir, 'history.db'));
    try {
      const s = { running: false, cycles: 3, lastCycle: '2026-01-01T00:00:00.000Z', strategies: [strategy('a')], events: [event(1)] };
      assert.equal(await store.importAgentState('/ws', s, '/ws/.algoagent/agent-state.json'), true);
      assert.equal(await store.importAgentState('/ws', { ...s, cycles: 99 }, '/ws/.algoagent/agent-state.json'), false);
      const back = store.loadAgentState('/ws')!;
      assert.equal(back.cycles, 3);
      assert.equal(back.importedFrom, '/ws/.algoagent/agent-state.json');
    } finally {
      await store.close();
    }
  });

  it('two processes appending events at once lose none, each in its own order', async () => {
    const file = path.join(t.dir, 'history.db');
    const ws = path.join(t.dir, 'ws');
    const n = 60;
    const run = (tag: string) => {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, file, ws, String(n), tag], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const seqs: number[] = [];
      const ready = new Promise<void>((resolve) =>
        child.on('message', (m: { seq?: number; ready?: boolean }) => {
          if (m.ready) resolve();
          else seqs.push(m.seq!);
        }),
      );
      return { child, seqs, ready, exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))) };
    };
    const a = run('alpha');
    const b = run('beta');
    await Promise.all([a.ready, b.ready]);
    a.child.send('go');
    b.child.send('go');
    assert.deepStrictEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
    assert.equal(a.seqs.length + b.seqs.length, 2 * n, 'every append was reported committed');
    const store = await Store.open(file);
    try {
      const log = store.listAgentEvents(ws);
      assert.equal(log.length, 2 * n, 'no event lost');
      assert.deepStrictEqual(new Set(log.map((e) => e.seq)), new Set([...a.seqs, ...b.seqs]));
      for (const tag of ['alpha', 'beta']) assert.deepStrictEqual(log.filter((e) => e.strategyId === tag).map((e) => e.reason), Array.from({ length: n }, (_, k) => `${tag} event ${k}`));
      // They really interleaved (both ran at once), so the lock did its job.
      const tags = log.map((e) => e.strategyId);
      const overlap = (x: string, y: string) => tags.indexOf(x) < tags.lastIndexOf(y);
      assert.ok(overlap('alpha', 'beta') && overlap('beta', 'alpha'), `the two writers overlapped in time: ${tags.map((x) => x![0]).join('')}`);
    } finally {
      await store.close();
    }
  });
});
