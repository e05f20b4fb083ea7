/** The history store's API on real engine Results: round trip, lists, retention, agent records, codec. */
import assert from 'node:assert/strict';
import { readdirSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { readRunFile } from '../../src/store/run-files';
import { sampleBars } from '../../src/data/sample';
import { StoreMemory } from '../../src/store/memory';
import { Store } from '../../src/store/store';
import { pack, unpack } from '../../src/store/codec';
import { failure, okOutcome, realResult, tempDir } from './fixtures';

describe('store: runs', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(async () => {
    t = tempDir();
    store = await Store.open(path.join(t.dir, 'history.db'));
  });
  afterEach(async () => {
    await store.close();
    t.cleanup();
  });

  it('gives back an equal Result (Float64Array columns, indicators, open trades, log) and the run facts', async () => {
    const result = realResult(3);
    assert.ok(result.trades.length > 5 && result.openTrades.length + result.trades.length > 0);
    const started = new Date('2026-01-02T03:04:05.000Z');
    const id = await store.recordRun({
      strategyPath: '/ws/strategies/sma.strategy.ts',
      workspaceRoot: '/ws',
      outcome: okOutcome(result),
      source: 'export default class SmaCross {}',
      dataSource: 'bundled sample data',
      startedAt: started,
    });
    const back = store.getRun(id);
    assert.ok(back?.result);
    assert.deepStrictEqual(back.result, result);
    assert.ok(back.result.equity instanceof Float64Array && back.result.drawdown instanceof Float64Array);
    // The JSON the CLI prints is the same as the engine's.
    assert.equal(JSON.stringify(back.result), JSON.stringify(result));
    assert.equal(back.strategy, 'strategies/sma.strategy.ts');
    assert.equal(back.strategyName, 'SmaCross');
    assert.equal(back.status, 'ok');
    assert.equal(back.started, started.toISOString());
    assert.equal(back.durationMs, 42);
    assert.equal(back.source, 'export default class SmaCross {}');
    assert.equal(back.dataSource, 'bundled sample data');
    assert.equal(back.symbol, 'SAMPLE');
    assert.deepStrictEqual(back.console, [{ level: 'log', text: 'hello' }]);
    assert.equal(back.returnPct, result.stats.returnPct);
    assert.equal(back.sharpeRatio, result.stats.sharpeRatio);
  });

  it('stores drawdown only when it is not the engine\'s derivation from equity, and deletes run data with the run', async () => {
    const derived = realResult(1);
    const odd = realResult(1);
    (odd.drawdown as Float64Array)[7] += 0.5;
    const a = await store.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: derived });
    const b = await store.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: odd });
    assert.deepStrictEqual(store.getRun(a)!.result, derived);
    assert.deepStrictEqual(store.getRun(b)!.result, odd);
    const dataFile = (id: number) => String(store.read((db) => db.exec('SELECT data_file FROM run_data WHERE run_id = ?', [id])[0].values[0][0]));
    assert.equal(readRunFile(store.dataDir, dataFile(a))?.drawdown, undefined);
    assert.deepStrictEqual(readRunFile(store.dataDir, dataFile(b))?.drawdown, odd.drawdown);
    const fileA = dataFile(a);
    await store.deleteRun(a);
    assert.deepStrictEqual(store.read((db) => db.exec('SELECT run_id FROM run_data')[0].values), [[b]]);
    assert.deepStrictEqual(readdirSync(store.dataDir), [dataFile(b)], `${fileA} is swept with its run`);
    // A data file removed by hand: the run is still listed, with its statistics, and says what is missing.
    unlinkSync(path.join(store.dataDir, dataFile(b)));
    const rec = store.getRun(b)!;
    assert.equal(rec.result, undefined);
    assert.equal(rec.stats?.returnPct, odd.stats.returnPct);
    assert.match(rec.missingData ?? '', /data file of run #\d+ is missing/);
  });

  it('keeps the bars a run used once per content, with the data selection, so results reopen with candles', async () => {
    const bars = sampleBars({ years: 1 });
    const other = sampleBars({ years: 1, seed: 7 });
    const result = realResult(1);
    const input = { strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result, dataSelection: { kind: 'sample' } as const };
    const a = await store.recordRun({ ...input, bars });
    const b = await store.recordRun({ ...input, bars });
    const c = await store.recordRun({ ...input, bars: other });
    const d = await store.recordRun(input);
    assert.deepStrictEqual(store.getRun(a)!.bars, bars);
    assert.deepStrictEqual(store.getRun(c)!.bars, other);
    assert.equal(store.getRun(d)!.bars, undefined);
    assert.deepStrictEqual(store.getRun(b)!.dataSelection, { kind: 'sample' });
    const barFiles = () => readdirSync(store.dataDir).filter((f) => f.endsWith('.bars')).length;
    assert.equal(barFiles(), 2, 'the same bars are kept once');
    await store.deleteRun(a);
    assert.equal(barFiles(), 2, 'still used by run b');
    await store.deleteRun(b);
    assert.equal(barFiles(), 1, 'swept with the last run using them');
  });

  it('keeps failed and cancelled runs with their error and asked-for settings', async () => {
    const f = failure();
    const id = await store.recordRun({
      strategyPath: '/ws/strategies/bad.strategy.ts',
      workspaceRoot: '/ws',
      outcome: { ok: false, failure: f, more: [failure('y is not defined')], console: [], truncated: false, warnings: [], durationMs: 7 },
      params: { fast: 3 },
      options: { cash: 500 },
      symbol: 'AAPL',
      interval: '1d',
    });
    const back = store.getRun(id)!;
    assert.equal(back.status, 'failed');
    assert.equal(back.result, undefined);
    assert.deepStrictEqual(back.failure, f);
    assert.equal(back.moreFailures?.[0].message, 'y is not defined');
    assert.deepStrictEqual(back.params, { fast: 3 });
    assert.deepStrictEqual(back.options, { cash: 500 });
    assert.equal(back.symbol, 'AAPL');
    assert.equal(back.returnPct, null);
    const cancelled = await store.recordRun({ strategyPath: '/ws/strategies/bad.strategy.ts', workspaceRoot: '/ws', status: 'cancelled' });
    assert.equal(store.getRun(cancelled)?.status, 'cancelled');
    await assert.rejects(store.recordRun({ strategyPath: '/ws/x.strategy.ts' }), /give an outcome, a result or a failure/);
  });

  it('lists newest first, per strategy, with limit and statistics; deletes; lists strategies', async () => {
    const a = realResult(1, { fast: 5 });
    const b = realResult(1, { fast: 8 });
    const ids: number[] = [];
    for (let k = 0; k < 3; k++) ids.push(await store.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: a }));
    ids.push(await store.recordRun({ strategyPath: '/ws/sub/b.strategy.ts', workspaceRoot: '/ws', result: b, status: 'fixed', kind: 'fix' }));
    assert.deepStrictEqual(store.listRuns().map((r) => r.id), [...ids].reverse());
    assert.deepStrictEqual(store.listRuns({ strategy: 'a.strategy.ts' }).map((r) => r.id), ids.slice(0, 3).reverse());
    assert.deepStrictEqual(store.listRuns({ limit: 2 }).map((r) => r.id), [ids[3], ids[2]]);
    const fixed = store.listRuns({ status: 'fixed', withStats: true });
    assert.equal(fixed.length, 1);
    assert.equal(fixed[0].strategy, 'sub/b.strategy.ts');
    assert.equal(fixed[0].kind, 'fix');
    assert.deepStrictEqual(fixed[0].stats, JSON.parse(JSON.stringify(b.stats)));
    assert.equal(store.listRuns()[0].stats, undefined, 'no statistics unless asked');
    assert.equal(await store.deleteRun(ids[1]), true);
    assert.equal(await store.deleteRun(ids[1]), false);
    assert.equal(store.getRun(ids[1]), undefined);
    const strategies = store.listStrategies();
    assert.deepStrictEqual(strategies.map((s) => [s.path, s.runs]), [['sub/b.strategy.ts', 1], ['a.strategy.ts', 2]]);
    assert.ok(store.sizeBytes() > 0);
  });

  it('keeps only the last maxRunsPerStrategy runs of each strategy', async () => {
    store.maxRunsPerStrategy = 5;
    const r = realResult(1);
    const ids: number[] = [];
    for (let k = 0; k < 12; k++) ids.push(await store.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: r }));
    const other = await store.recordRun({ strategyPath: '/ws/b.strategy.ts', workspaceRoot: '/ws', result: r });
    assert.deepStrictEqual(store.listRuns({ strategy: 'a.strategy.ts' }).map((x) => x.id), ids.slice(-5).reverse());
    assert.equal(store.getRun(ids[0]), undefined);
    assert.ok(store.getRun(ids[11]));
    assert.deepStrictEqual(store.listRuns({ strategy: 'b.strategy.ts' }).map((x) => x.id), [other]);
    assert.equal(readdirSync(store.dataDir).length, 6, 'data files of trimmed runs are swept');
    // Ids of deleted runs are never handed out again.
    const next = await store.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: r });
    assert.ok(next > other);
  });

  it('keeps file paths outside the workspace absolute and refuses a bad retention', async () => {
    const id = await store.recordRun({ strategyPath: '/elsewhere/c.strategy.ts', workspaceRoot: '/ws', result: realResult(1) });
    assert.equal(store.getRun(id)?.strategy, path.resolve('/elsewhere/c.strategy.ts').split(path.sep).join('/'));
    await assert.rejects(Store.open(path.join(t.dir, 'x.db'), { maxRunsPerStrategy: 0 }), /maxRunsPerStrategy must be a whole number/);
  });

  it('records fix attempts, AI calls (never raw keys), key health and memory', async () => {
    const runId = await store.recordRun({ strategyPath: '/ws/bad.strategy.ts', workspaceRoot: '/ws', failure: failure() });
    await store.recordFixAttempt({ strategyPath: '/ws/bad.strategy.ts', workspaceRoot: '/ws', runId, attempt: 1, failure: failure(), outcome: 'failed', provider: 'offline', diff: '-a\n+b' });
    const fixedRun = await store.recordRun({ strategyPath: '/ws/bad.strategy.ts', workspaceRoot: '/ws', result: realResult(1), status: 'fixed' });
    await store.recordFixAttempt({ strategyPath: '/ws/bad.strategy.ts', workspaceRoot: '/ws', runId, attempt: 2, outcome: 'fixed', resultRunId: fixedRun, model: 'gemini-2.5-flash' });
    const attempts = store.listFixAttempts({ runId });
    assert.deepStrictEqual(attempts.map((a) => [a.attempt, a.outcome, a.resultRunId]), [[1, 'failed', undefined], [2, 'fixed', fixedRun]]);
    assert.equal(attempts[0].failure?.message, 'x is not defined');
    assert.equal(attempts[0].strategy, 'bad.strategy.ts');

    await store.recordAiCall({ provider: 'gemini', model: 'gemini-2.5-flash', keyHash: 'key-1a2b3c4d', latencyMs: 812, outcome: 'ok', purpose: 'fix' });
    await store.recordAiCall({ provider: 'gemini', keyHash: 'key-99', latencyMs: 40, outcome: 'rate-limited' });
    assert.deepStrictEqual(store.listAiCalls().map((c) => [c.keyHash, c.outcome]), [['key-99', 'rate-limited'], ['key-1a2b3c4d', 'ok']]);
    await assert.rejects(store.recordAiCall({ provider: 'gemini', keyHash: 'AIzaSyD-this is a raw key with spaces', outcome: 'ok' }), /never the key/);

    await store.saveKeyHealth('gemini', [{ id: 'key-1a2b3c4d', requests: 3, disabled: false } as { id: string }]);
    await store.saveKeyHealth('gemini', [{ id: 'key-1a2b3c4d', requests: 4, disabled: true } as { id: string }]);
    const health = store.keyHealth('gemini');
    assert.equal(health.length, 1);
    assert.deepStrictEqual(health[0].health, { id: 'key-1a2b3c4d', requests: 4, disabled: true });

    const memory = new StoreMemory(store, 2);
    const stats = { returnPct: 12, sharpeRatio: 1.1 };
    await memory.remember({ description: 'buy when rsi below 30', codeHash: 'h1', file: 'a.ts', stats, savedAt: '2026-01-01T00:00:00Z' });
    await memory.remember({ description: 'sma cross fast slow', codeHash: 'h2', file: 'b.ts', stats, savedAt: '2026-01-02T00:00:00Z' });
    await memory.remember({ description: 'macd signal cross', codeHash: 'h3', file: 'c.ts', stats, savedAt: '2026-01-03T00:00:00Z' });
    assert.deepStrictEqual((await memory.all()).map((e) => e.codeHash), ['h3', 'h2'], 'oldest dropped beyond the limit');
    assert.deepStrictEqual((await memory.similar('fast sma cross strategy', 1)).map((e) => e.codeHash), ['h2']);
  });
});

describe('store: codec', () => {
  it('packs NaN, ±Infinity, -0, undefined members, "$" keys and Float64Arrays exactly', () => {
    const value = {
      a: [1, NaN, -0, Infinity, -Infinity, null, undefined],
      b: { $: 'f64', at: 0, n: 3, x: undefined },
      c: Float64Array.of(1.5, NaN, -0),
      d: [{ nested: Float64Array.of(2) }, 'text'],
      long: 'x'.repeat(5000),
    };
    assert.deepStrictEqual(unpack(pack(value)), value);
    assert.deepStrictEqual(unpack(pack([])), []);
    assert.throws(() => unpack(Uint8Array.of(1, 2, 3)), /too short/);
    assert.throws(() => unpack(new Uint8Array(16)), /does not start with AAP1/);
  });
});
