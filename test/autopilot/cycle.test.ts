/**
 * A full agent cycle with the offline provider on the bundled sample through the real runner:
 * deterministic, promotes and retires exactly as the thresholds say, records every step with its
 * reason; the budget, missing data and missing provider give coded errors; the service runs cycles
 * and paper trading on a (fake) clock and `always` resumes after a restart, catching up missed bars.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OfflineModel } from '../../src/ai/providers/offline';
import { type AgentConfig, resolveConfig } from '../../src/autopilot/config';
import { runCycle } from '../../src/autopilot/cycle';
import { AgentError, noAiProvider } from '../../src/autopilot/errors';
import { AgentService } from '../../src/autopilot/service';
import { paperFigures } from '../../src/autopilot/paper/trader';
import { type AgentState, type StrategyRecord, emptyState } from '../../src/autopilot/state';
import { StoreState } from '../../src/autopilot/store-state';
import { sliceBars } from '../../src/engine/robustness';
import type { Bars } from '../../src/engine/bars';
import { sampleBars } from '../../src/data/sample';
import type { Runner } from '../../src/runner/run';
import { Store } from '../../src/store';
import { FakeClock, buildRunner, newRunner, tempDir } from './helpers';

const SAMPLE = sampleBars();
const NOW = Date.UTC(2024, 0, 1);

describe('autopilot: the cycle', function () {
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
    const d = tempDir('cycle');
    dirs.push(d);
    return d;
  };
  const deps = (root: string, load: (s: string) => Bars = () => SAMPLE) => ({
    root,
    run: runner.run.bind(runner),
    loadBars: async (symbol: string) => load(symbol),
    model: async () => new OfflineModel(),
    now: () => NOW,
  });
  const cycle = async (config: Partial<AgentConfig> = {}, state: AgentState = emptyState(), root = ws()) => {
    const c = resolveConfig(config);
    const report = await runCycle(state, c, deps(root));
    return { c, state, report, root };
  };

  /** The decision the seeds' rule gives, computed here from the figures with plain comparisons. */
  const expectedStatus = (s: StrategyRecord, c: AgentConfig) => {
    const f = s.figures!;
    const pass = f.trades >= c.minTrades && f.winRatePct! > c.promoteToPaper.winRatePct && f.profitFactor! > c.promoteToPaper.profitFactor && s.outOfSample!.profitFactor! > c.outOfSampleMinProfitFactor;
    return pass ? 'paper' : 'retired';
  };

  it('is deterministic and promotes/retires exactly as the thresholds say, every step recorded with its reason', async () => {
    const a = await cycle();
    const b = await cycle();
    const view = (st: AgentState) => st.strategies.map((s) => ({ id: s.id, status: s.status, figures: s.figures, oos: s.outOfSample, reason: s.reason, file: s.file, components: s.components }));
    assert.deepEqual(view(a.state), view(b.state));
    for (const s of a.state.strategies) assert.equal(fs.readFileSync(path.join(a.root, s.file), 'utf8'), fs.readFileSync(path.join(b.root, s.file), 'utf8'));

    const singles = a.state.strategies.filter((s) => s.kind !== 'combination');
    assert.equal(singles.length, 10, '5 kinds × 2 candidates');
    assert.equal(a.report.modelCalls, 10);
    assert.equal(a.report.failed, 0);
    for (const s of a.state.strategies) {
      assert.equal(s.status, expectedStatus(s, a.c), `${s.id}: ${s.reason}`);
      const events = a.state.events.filter((e) => e.strategyId === s.id).map((e) => e.step);
      assert.deepEqual(events.slice(0, 3), ['generated', 'backtested', s.status === 'paper' ? 'promoted' : 'retired']);
      const last = a.state.events.filter((e) => e.strategyId === s.id && (e.step === 'promoted' || e.step === 'retired'))[0];
      assert.equal(last.reason, s.reason);
      const f = s.figures!;
      if (s.status === 'retired') {
        assert.match(s.reason, /^retired: /);
        if (f.profitFactor! < 1.5) assert.ok(s.reason.includes(`profit factor ${f.profitFactor!.toFixed(2).replace(/0$/, '')} < 1.5`), s.reason);
        if (f.trades < 30) assert.ok(s.reason.includes(`${f.trades} trades < 30`), s.reason);
      } else {
        assert.match(s.reason, /^promoted to paper: win rate .* > 55 %, profit factor .* > 1.5, \d+ trades ≥ 30; out-of-sample profit factor/);
      }
    }
    const statuses = a.state.strategies.map((s) => s.status);
    assert.ok(statuses.includes('paper') && statuses.includes('retired'), `both outcomes occur on the sample: ${statuses.join(', ')}`);

    // The combination: the best trend, momentum and volume singles at the seeds' weights.
    const combo = a.state.strategies.find((s) => s.kind === 'combination')!;
    assert.ok(combo, 'a combination was built');
    assert.deepEqual(combo.components!.map((x) => [x.kind, x.weight]), [['trend', 0.4], ['momentum', 0.35], ['volume', 0.25]]);
    for (const comp of combo.components!) {
      const rivals = singles.filter((s) => s.kind === comp.kind).map((s) => s.figures!.profitFactor ?? -Infinity);
      assert.equal(singles.find((s) => s.id === comp.id)!.figures!.profitFactor, Math.max(...rivals), `best ${comp.kind} by profit factor`);
    }
    assert.ok(combo.figures!.trades > 0);

    // Paper accounts for the promoted ones, warmed on the last 250 bars, nothing live yet.
    for (const s of a.state.strategies.filter((x) => x.status === 'paper')) {
      assert.equal(s.paper!.processedBars, 250);
      assert.equal(s.paper!.liveFromBar, 250);
      assert.ok(s.paper!.fills.every((f) => f.replayed));
    }
    assert.equal(a.report.paper.newBars, 250 * statuses.filter((x) => x === 'paper').length);

    // A second cycle explores nothing twice and spends no model call.
    const again = await runCycle(a.state, a.c, deps(a.root));
    assert.equal(again.generated, 0);
    assert.equal(again.modelCalls, 0);
    assert.equal(a.state.cycles, 2);
  });

  it('stricter thresholds retire what the defaults promoted, naming the figure that misses', async () => {
    const loose = await cycle({ kinds: ['meanReversion'] });
    const promoted = loose.state.strategies.filter((s) => s.status === 'paper');
    assert.ok(promoted.length >= 1);
    const strict = await cycle({ kinds: ['meanReversion'], promoteToPaper: { winRatePct: 55, profitFactor: 50 } });
    for (const p of promoted) {
      const s = strict.state.strategies.find((x) => x.id === p.id)!;
      assert.equal(s.status, 'retired');
      assert.ok(s.reason.includes(' < 50'), s.reason);
    }
  });

  it('stops generating when the model-call budget is spent (BUDGET_EXHAUSTED) and still backtests what it has', async () => {
    const { report, state } = await cycle({ modelCallsPerCycle: 3 });
    assert.equal(report.modelCalls, 3);
    assert.equal(report.generated, 3);
    assert.equal(report.budgetExhausted, true);
    assert.deepEqual(report.errors.map((e) => e.code), ['BUDGET_EXHAUSTED']);
    assert.ok(report.errors[0].action.includes('model calls per cycle'));
    assert.ok(state.events.some((e) => e.code === 'BUDGET_EXHAUSTED'));
    assert.equal(state.strategies.filter((s) => s.kind !== 'combination' && s.figures).length, 3);
  });

  it('records each backtest in the history store, linked from the strategy', async () => {
    const root = ws();
    const store = await Store.open(path.join(root, 'history.sqlite'));
    try {
      const c = resolveConfig({ kinds: ['meanReversion', 'trend'] });
      const state = emptyState();
      await runCycle(state, c, { ...deps(root), recordRun: (input) => store.recordRun(input) });
      const runs = store.listRuns({ withStats: true });
      assert.equal(runs.length, state.strategies.length);
      for (const s of state.strategies) {
        const run = store.getRun(s.runId!)!;
        assert.equal(run.strategyName, s.name);
        assert.equal(run.kind, 'backtest');
        assert.equal(run.trades, s.figures!.trades);
        assert.equal(run.stats!.profitFactor, s.figures!.profitFactor);
      }
    } finally {
      await store.close();
    }
  });

  it('a symbol without data is reported (NO_DATA) and the others go on', async () => {
    const root = ws();
    const c = resolveConfig({ symbols: ['NOPE', 'SAMPLE'], kinds: ['trend'], candidatesPerKind: 1 });
    const state = emptyState();
    const report = await runCycle(state, c, deps(root, (s) => {
      if (s === 'NOPE') throw new Error('NOPE 1d: no usable bars');
      return SAMPLE;
    }));
    assert.deepEqual(report.errors.map((e) => e.code), ['NO_DATA']);
    assert.match(report.errors[0].message, /NOPE/);
    assert.deepEqual(state.strategies.map((s) => s.symbol), ['SAMPLE']);
  });
});

describe('autopilot: the service', function () {
  this.timeout(300_000);
  let runner: Runner;
  let root: string;
  before(async () => {
    await buildRunner();
    runner = newRunner();
  });
  const stores: Store[] = [];
  beforeEach(() => {
    root = tempDir('service');
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
  after(() => runner?.dispose());

  /** An agent of the workspace with its own Store instance on the workspace's database (as another process would have). */
  const make = async (clock: FakeClock, config: Partial<AgentConfig>, visible: { n: number }, model = async () => new OfflineModel() as never) => {
    const store = await Store.open(path.join(root, '.algoagent', 'history.db'));
    stores.push(store);
    return new AgentService({
      root,
      store: await StoreState.open(store, root),
      config: () => resolveConfig({ kinds: ['meanReversion'], ...config }),
      run: runner.run.bind(runner),
      loadBars: async () => sliceBars(SAMPLE, { start: 0, end: visible.n }),
      model,
      clock,
      lockFile: path.join(root, '.algoagent', 'agent.lock'),
    });
  };

  it('one step at a time: a second start is ALREADY_RUNNING; no provider is NO_AI_PROVIDER with its action', async () => {
    const clock = new FakeClock(NOW);
    const svc = await make(clock, {}, { n: 1500 });
    const first = svc.runCycleNow();
    await assert.rejects(svc.runCycleNow(), (e: unknown) => e instanceof AgentError && e.code === 'ALREADY_RUNNING');
    await first;
    const none = await make(clock, {}, { n: 1500 }, async () => {
      throw noAiProvider('no Gemini key and no chat model');
    });
    await assert.rejects(none.runCycleNow(), (e: unknown) => e instanceof AgentError && e.code === 'NO_AI_PROVIDER' && e.command === 'algoagent.addGeminiKey');
    assert.equal(none.snapshot().status, 'error');
    assert.equal(none.snapshot().lastError?.code, 'NO_AI_PROVIDER');
    const never = await make(clock, { runMode: 'never' }, { n: 1500 });
    assert.throws(() => never.start(), /never run/);
  });

  it('two agents on one workspace (editor and CLI) take turns: the second is ALREADY_RUNNING, then starts from the first one\'s saved state', async () => {
    const clock = new FakeClock(NOW);
    const editor = await make(clock, {}, { n: SAMPLE.close.length });
    const cli = await make(clock, {}, { n: SAMPLE.close.length });
    const cycle = editor.runCycleNow();
    await assert.rejects(cli.runCycleNow(), (e: unknown) => e instanceof AgentError && e.code === 'ALREADY_RUNNING' && /another AlgoAgent is running this workspace's agent \(process \d+/.test(e.message));
    await cycle;
    const pass = await cli.paperTickNow();
    const promoted = editor.snapshot().strategies.filter((s) => s.status === 'paper').length;
    assert.ok(promoted >= 1);
    assert.equal(pass.strategies, promoted, 'the CLI agent sees the accounts the editor agent opened');
    assert.equal(cli.snapshot().cycles, 1);
  });

  it('reload() shows what another process saved', async () => {
    const clock = new FakeClock(NOW);
    const editor = await make(clock, {}, { n: SAMPLE.close.length });
    const cli = await make(clock, {}, { n: SAMPLE.close.length });
    await cli.runCycleNow();
    assert.equal(editor.snapshot().strategies.length, 0);
    assert.equal(editor.reload(), true);
    assert.equal(editor.snapshot().strategies.length, cli.snapshot().strategies.length);
    assert.equal(editor.snapshot().cycles, 1);
  });

  it('`always` resumes after a restart and catches up the bars it missed; `manual` waits', async () => {
    const clock = new FakeClock(NOW);
    const visible = { n: SAMPLE.close.length - 150 };
    const config = { runMode: 'always' as const, cycleEveryHours: 24 * 365 };
    const first = await make(clock, config, visible);
    assert.equal(await first.startup(), true);
    clock.advance(0);
    await first.idle();
    const snap = first.snapshot();
    assert.equal(snap.cycles, 1);
    assert.equal(snap.running, true);
    const paper = snap.strategies.filter((s) => s.status === 'paper');
    assert.ok(paper.length >= 1, 'something to paper-trade');
    const processed = paper.map((s) => s.paper!.processedBars);
    first.dispose(); // the editor closes; the agent was running

    // 120 bars later the editor starts again.
    visible.n += 120;
    clock.advance(120 * 86_400_000);
    const second = await make(clock, config, visible);
    assert.equal(second.snapshot().running, true, 'the saved state remembers it was running');
    assert.equal(await second.startup(), true);
    clock.advance(0);
    await second.idle();
    const after = second.snapshot();
    assert.equal(after.cycles, 1, 'no new cycle: not due yet');
    for (const [k, s] of after.strategies.filter((x) => x.paper && paper.some((p) => p.id === x.id)).entries()) {
      assert.equal(s.paper!.processedBars, processed[k] + 120, 'every missed bar caught up');
    }
    assert.ok(clock.pending === 1, 'the next wake is scheduled');
    assert.ok(after.nextWake! > clock.now(), 'scheduled in the future');
    second.dispose();

    const manual = await make(clock, { runMode: 'manual' }, visible);
    assert.equal(await manual.startup(), false);
    manual.dispose();
  });

  it('paper trading books live fills and moves strategies to ready or retired by the paper thresholds', async () => {
    const clock = new FakeClock(NOW);
    const visible = { n: SAMPLE.close.length - 500 };
    const config = { minTrades: 3, promoteToReady: { winRatePct: 50, profitFactor: 1.0 } };
    const svc = await make(clock, config, visible);
    await svc.runCycleNow();
    const promoted = svc.snapshot().strategies.filter((s) => s.status === 'paper').map((s) => s.id);
    assert.ok(promoted.length >= 1, `promoted: ${promoted.join(', ')}`);
    visible.n += 500;
    clock.advance(500 * 86_400_000);
    const pass = await svc.paperTickNow();
    assert.equal(pass.newBars, 500 * promoted.length);
    const snap = svc.snapshot(5000);
    assert.ok(pass.fills > 0);
    assert.equal(snap.events.filter((e) => e.step === 'fill').length, pass.fills);
    const c = resolveConfig({ kinds: ['meanReversion'], ...config });
    for (const id of promoted) {
      const s = snap.strategies.find((x) => x.id === id)!;
      const f = paperFigures(s.paper!);
      const live = s.paper!.trades.filter((t) => t.entryBar >= s.paper!.liveFromBar);
      assert.equal(f.trades, live.length);
      assert.equal(f.winRatePct === null ? null : f.winRatePct, live.length ? (live.filter((t) => t.pnl > 0).length / live.length) * 100 : null);
      const pfOk = f.profitFactor === null || f.profitFactor > c.promoteToReady.profitFactor;
      const expected = f.trades < c.minTrades ? 'paper' : f.winRatePct! > 50 && pfOk ? 'ready' : f.winRatePct! > 55 && (f.profitFactor === null || f.profitFactor > 1.5) ? 'paper' : 'retired';
      assert.equal(s.status, expected, `${id}: ${s.reason}`);
      if (s.status !== 'paper') assert.ok(snap.events.some((e) => e.strategyId === id && e.step === (s.status === 'ready' ? 'ready' : 'retired') && e.reason === s.reason));
    }
    assert.ok(snap.strategies.some((s) => s.status === 'ready'), 'at least one made it to ready');
  });

  it('a wake that keeps failing backs off (1, 2, 4 … poll intervals) and recovers once the cause is gone', async () => {
    const clock = new FakeClock(NOW);
    let key = false;
    const svc = await make(clock, { runMode: 'always' }, { n: SAMPLE.close.length }, async () => {
      if (!key) throw noAiProvider('no Gemini key and no chat model');
      return new OfflineModel() as never;
    });
    await svc.startup();
    const gaps: number[] = [];
    for (let k = 0; k < 4; k++) {
      clock.advance(Math.max(0, (clock.nextAt ?? clock.now()) - clock.now()));
      await svc.idle();
      gaps.push(clock.nextAt! - clock.now());
    }
    assert.deepEqual(gaps, [60_000, 120_000, 240_000, 480_000]);
    assert.equal(svc.snapshot().lastError?.code, 'NO_AI_PROVIDER');
    key = true;
    clock.advance(clock.nextAt! - clock.now());
    await svc.idle();
    assert.equal(svc.snapshot().cycles, 1);
    assert.equal(svc.snapshot().lastError, undefined);
    svc.dispose();
  });

  it('stop() saves running = false and leaves no wake scheduled', async () => {
    const clock = new FakeClock(NOW);
    const svc = await make(clock, { runMode: 'manual' }, { n: 1500 });
    const reader = await Store.open(path.join(root, '.algoagent', 'history.db'));
    stores.push(reader);
    await svc.start();
    assert.equal(reader.loadAgentState(root)!.running, true, 'start() saved running = true');
    clock.advance(0);
    await svc.idle();
    await svc.stop();
    assert.equal(svc.snapshot().running, false);
    assert.equal(svc.snapshot().status, 'off');
    assert.equal(clock.pending, 0, 'no wake scheduled after stop');
    assert.equal(reader.loadAgentState(root)!.running, false, 'another Store instance on the file reads running = false');
    svc.dispose();
  });
});
