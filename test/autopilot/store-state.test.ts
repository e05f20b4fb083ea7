/**
 * The agent's lifecycle in the history store: a full offline cycle through openAgent with the
 * store-backed state decides exactly as the in-memory cycle does, and a NEW Store on the same file
 * reads back every status, reason, figure, paper account and step; an old agent-state.json is
 * imported once (and renamed); paper trading after a restart catches up from the stored accounts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OfflineModel } from '../../src/ai/providers/offline';
import { resolveConfig } from '../../src/autopilot/config';
import { runCycle } from '../../src/autopilot/cycle';
import { openAgent } from '../../src/autopilot/open';
import { type AgentState, type StrategyRecord, emptyState } from '../../src/autopilot/state';
import { sampleBars } from '../../src/data/sample';
import type { Bars } from '../../src/engine/bars';
import { sliceBars } from '../../src/engine/robustness';
import type { Runner } from '../../src/runner/run';
import { Store } from '../../src/store/store';
import { StoreState } from '../../src/autopilot/store-state';
import { FakeClock, buildRunner, newRunner, tempDir } from './helpers';

const NOW = Date.UTC(2024, 0, 1);
const CONFIG = { kinds: ['meanReversion', 'trend', 'momentum', 'volume'] as const };

describe('autopilot: the lifecycle in the history store', function () {
  this.timeout(300_000);
  let runner: Runner;
  const dirs: string[] = [];
  before(async () => {
    await buildRunner();
    runner = newRunner();
  });
  after(() => {
    runner?.dispose();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const ws = () => {
    const d = tempDir('store-state');
    dirs.push(d);
    return d;
  };
  const open = (root: string, db: string | Store, say: string[] = [], clock = new FakeClock(NOW), loadBars?: () => Promise<Bars>) =>
    openAgent({
      root, store: db, model: async () => new OfflineModel(), cacheDir: path.join(root, '.cache'), run: runner.run.bind(runner), clock, loadBars,
      config: () => resolveConfig({ ...CONFIG, kinds: [...CONFIG.kinds] }), onProgress: (m) => say.push(m),
    });
  const view = (list: readonly StrategyRecord[]) => list.map((s) => ({ id: s.id, status: s.status, reason: s.reason, figures: s.figures, oos: s.outOfSample, components: s.components, promoted: s.promoted, retired: s.retired }));

  it('a full offline cycle decides as the in-memory one; a new Store on the file reads back statuses, reasons, accounts and every step', async () => {
    // The reference: the cycle on a plain in-memory state.
    const reference = emptyState();
    const refRoot = ws();
    await runCycle(reference, resolveConfig({ ...CONFIG, kinds: [...CONFIG.kinds] }), { root: refRoot, run: runner.run.bind(runner), loadBars: async () => sampleBars(), model: async () => new OfflineModel(), now: () => NOW });

    const root = ws();
    const db = path.join(root, 'shared', 'history.db');
    const agent = await open(root, db);
    await agent.service.runCycleNow();
    const snap = agent.service.snapshot(5000);
    await agent.dispose();

    assert.deepEqual(view(snap.strategies), view(reference.strategies), 'same candidates, figures, decisions and reasons');
    const statuses = snap.strategies.map((s) => s.status);
    assert.ok(statuses.includes('paper') && statuses.includes('retired'), statuses.join(', '));
    assert.ok(snap.strategies.some((s) => /^retired: .*profit factor \d+(\.\d+)? < 1\.5/.test(s.reason)), 'a "retired: profit factor x < 1.5" reason');

    const store = await Store.open(db);
    try {
      const back = store.loadAgentState(root)!;
      assert.equal(back.cycles, 1);
      assert.equal(back.lastCycle, new Date(NOW).toISOString());
      assert.deepStrictEqual(back.strategies, JSON.parse(JSON.stringify(snap.strategies)), 'every record and paper account, exactly as the agent held them');
      assert.deepStrictEqual(view(back.strategies), view(reference.strategies));
      for (const s of back.strategies.filter((x) => x.status === 'paper')) {
        assert.equal(s.paper!.processedBars, 250);
        const refAccount = reference.strategies.find((r) => r.id === s.id)!.paper!;
        assert.deepStrictEqual(s.paper, JSON.parse(JSON.stringify(refAccount)), `${s.id}: the same paper account`);
      }
      // The log: every step with its reason, the same steps as the in-memory cycle took (backtests run
      // in parallel, so steps of different strategies may interleave differently; each one's are in order).
      const log = store.listAgentEvents(root);
      const sorted = (list: object[]) => list.map((e) => JSON.stringify(e)).sort();
      assert.deepStrictEqual(sorted(log.map(({ seq: _seq, ...e }) => e)), sorted(reference.events));
      for (const s of back.strategies) assert.deepStrictEqual(log.filter((e) => e.strategyId === s.id).map((e) => e.step), reference.events.filter((e) => e.strategyId === s.id).map((e) => e.step), s.id);
      assert.deepStrictEqual(log.map((e) => e.seq), [...log.map((e) => e.seq)].sort((x, y) => x - y));
      for (const s of back.strategies) {
        const decision = log.find((e) => e.strategyId === s.id && (e.step === 'promoted' || e.step === 'retired'))!;
        assert.equal(decision.reason, s.reason);
        assert.equal(decision.step, s.status === 'paper' ? 'promoted' : 'retired');
      }
      // Each backtest is in the run history, linked from its record.
      for (const s of back.strategies) assert.equal(store.getRun(s.runId!)!.strategyName, s.name);
      // Summary columns agree with the records.
      const rows = store.read((db2) => db2.exec('SELECT id, status, reason FROM agent_strategies ORDER BY position')[0].values);
      assert.deepStrictEqual(rows, back.strategies.map((s) => [s.id, s.status, s.reason]));
    } finally {
      await store.close();
    }
  });

  it('during a cycle, each phase is saved at once: another Store sees the decisions before the paper phase ends', async () => {
    const root = ws();
    const db = path.join(root, 'history.db');
    const reader = await Store.open(db);
    let paperPhase = false;
    let seenMidCycle: { cycles: number; decided: number; steps: number } | undefined;
    const say: string[] = [];
    const agent = await openAgent({
      root, store: db, model: async () => new OfflineModel(), cacheDir: path.join(root, '.cache'), clock: new FakeClock(NOW),
      config: () => resolveConfig({ kinds: ['meanReversion'] }),
      onProgress: (m) => {
        say.push(m);
        if (m === 'paper trading') paperPhase = true;
      },
      // The first run of the paper phase waits until another reader of the file sees the phase's checkpoint.
      run: async (req, hooks) => {
        if (paperPhase && !seenMidCycle) {
          const end = Date.now() + 30_000;
          for (;;) {
            const s = reader.loadAgentState(root);
            if (s && s.strategies.length && s.strategies.every((x) => x.status === 'paper' || x.status === 'retired')) {
              seenMidCycle = { cycles: s.cycles, decided: s.strategies.length, steps: s.events.length };
              break;
            }
            if (Date.now() > end) throw new Error('the checkpoint never reached the file');
            await new Promise((r) => setTimeout(r, 10));
          }
        }
        return runner.run(req, hooks);
      },
    });
    try {
      await agent.service.runCycleNow();
    } finally {
      await agent.dispose();
    }
    assert.ok(seenMidCycle, `the paper phase ran (${say.join('; ')})`);
    assert.equal(seenMidCycle.cycles, 0, 'seen while the cycle was still going');
    assert.equal(seenMidCycle.decided, 2);
    const done = reader.loadAgentState(root)!;
    assert.equal(done.cycles, 1);
    assert.ok(done.events.length > seenMidCycle.steps, 'the rest of the cycle appended after the checkpoint');
    assert.equal(new Set(reader.listAgentEvents(root).map((e) => `${e.at}|${e.step}|${e.strategyId}|${e.reason}`)).size, reader.listAgentEvents(root).length, 'no step appended twice by the overlapping saves');
    await reader.close();
  });

  it('after a restart (new Store, new agent) paper trading catches up the missed bars from the stored accounts', async () => {
    const root = ws();
    const db = path.join(root, 'history.db');
    const visible = { n: sampleBars().close.length - 100 };
    const clock = new FakeClock(NOW);
    // The agent's data: the sample with its last 100 bars not there yet.
    const bars = async () => sliceBars(sampleBars(), { start: 0, end: visible.n });
    const first = await open(root, db, [], clock, bars);
    await first.service.runCycleNow();
    const before = first.service.snapshot().strategies.filter((s) => s.status === 'paper').map((s) => [s.id, s.paper!.processedBars] as const);
    assert.ok(before.length >= 1);
    await first.dispose();

    visible.n += 100;
    clock.advance(100 * 86_400_000);
    const second = await open(root, db, [], clock, bars);
    const pass = await second.service.paperTickNow();
    await second.dispose();
    assert.equal(pass.newBars, 100 * before.length, 'every missed bar, once');

    const store = await Store.open(db);
    try {
      const back = store.loadAgentState(root)!;
      for (const [id, n] of before) {
        const s = back.strategies.find((x) => x.id === id)!;
        assert.equal(s.paper!.processedBars, n + 100, `${id} caught up`);
      }
      const fills = store.listAgentEvents(root).filter((e) => e.step === 'fill');
      assert.equal(fills.length, pass.fills, 'each live fill is one step in the stored log');
    } finally {
      await store.close();
    }
  });

  it('a folder opened through a symlink and the same folder by its real path are one workspace in the store', async () => {
    const real = ws();
    const link = path.join(ws(), 'link');
    fs.symlinkSync(real, link, 'dir');
    const db = path.join(real, 'history.db');
    const viaLink = await open(link, db);
    await viaLink.service.start();
    await viaLink.service.stop();
    await viaLink.service.start();
    await viaLink.dispose();
    const store = await Store.open(db);
    try {
      assert.deepStrictEqual(store.agentWorkspaces(), [fs.realpathSync(real)]);
      const viaReal = await StoreState.open(store, real);
      assert.equal(viaReal.load().running, true);
    } finally {
      await store.close();
    }
  });

  it('imports an old .algoagent/agent-state.json once, renames it, and goes on appending after its events', async () => {
    // An old workspace: the state as the JSON file kept it.
    const root = ws();
    const old: AgentState = emptyState();
    await runCycle(old, resolveConfig({ kinds: ['meanReversion'] }), { root, run: runner.run.bind(runner), loadBars: async () => sampleBars(), model: async () => new OfflineModel(), now: () => NOW });
    old.running = true;
    const file = path.join(root, '.algoagent', 'agent-state.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(old, null, 1));

    const db = path.join(root, 'history.db');
    const said: string[] = [];
    const agent = await open(root, db, said);
    assert.ok(agent.state.imported, 'imported');
    assert.ok(said.some((m) => m.includes(`imported the agent state of ${file}`) && m.includes(`${old.strategies.length} strategies`) && m.includes('agent-state.json.imported')), said.join('\n'));
    assert.equal(fs.existsSync(file), false);
    assert.ok(fs.existsSync(`${file}.imported`));
    const snap = agent.service.snapshot(5000);
    assert.deepStrictEqual(snap.strategies, JSON.parse(JSON.stringify(old.strategies)));
    assert.deepStrictEqual(snap.events, old.events);
    assert.equal(snap.running, true);
    assert.equal(snap.cycles, 1);
    await agent.service.paperTickNow();
    await agent.dispose();

    // A stray file later is not imported over the store's state.
    fs.writeFileSync(file, JSON.stringify({ ...emptyState(), cycles: 42 }));
    const said2: string[] = [];
    const again = await open(root, db, said2);
    assert.equal(again.state.imported, undefined);
    assert.equal(again.service.snapshot().cycles, 1);
    assert.ok(fs.existsSync(file), 'left alone');
    await again.dispose();

    const store = await Store.open(db);
    try {
      const log = store.listAgentEvents(root);
      assert.deepStrictEqual(log.slice(0, old.events.length).map(({ seq: _seq, ...e }) => e), old.events, 'the imported log first, unchanged');
      assert.equal(store.loadAgentState(root)!.importedFrom, file);
    } finally {
      await store.close();
    }
  });
});
