/**
 * Forward migrations: a database written at every earlier schema version (built by running the
 * migrations up to that version and filling it in that version's shape) opens at the latest version
 * with every run readable. A database from a newer AlgoAgent is refused and left untouched.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { encodeF64, pack } from '../../src/store/codec';
import { dataDirOf, writeRunFile } from '../../src/store/run-files';
import { LATEST, MIGRATIONS, NewerSchemaError, migrate, schemaVersion } from '../../src/store/schema';
import { loadSqlJs, type SqlDatabase } from '../../src/store/sqljs';
import { Store } from '../../src/store/store';
import { StoreMemory } from '../../src/store/memory';
import { realResult, tempDir } from './fixtures';

const result = realResult(1);

/** One run as each schema version stored it. */
function fillAt(db: SqlDatabase, version: number, file: string): void {
  db.run("INSERT INTO strategies (path, name, created) VALUES ('strategies/old.strategy.ts', 'Old', '2025-01-01T00:00:00.000Z')");
  const common = {
    strategy_id: 1, started: '2025-01-02T00:00:00.000Z', finished: '2025-01-02T00:00:01.000Z', status: 'ok',
    data_source: 'bundled sample data', symbol: 'SAMPLE', interval: '1d', data_from: result.data.from, data_to: result.data.to,
    options: JSON.stringify(result.options), params: JSON.stringify(result.params), stats: JSON.stringify(result.stats),
    equity: encodeF64(result.equity), error: null, duration_ms: 12, source: 'old source',
  };
  const blobs = {
    trades: pack(result.trades),
    equity: encodeF64(result.equity),
    drawdown: encodeF64(result.drawdown),
    detail: pack({ strategy: result.strategy, openTrades: result.openTrades, indicators: result.indicators, data: result.data, startBar: result.startBar, log: result.log, console: [] }),
  };
  const row: Record<string, unknown> =
    version === 1 ? { ...common, trades: JSON.stringify(result.trades) } : version <= 3 ? { ...common, ...blobs, kind: 'backtest' } : { ...common, kind: 'backtest' };
  if (version >= 3) Object.assign(row, { return_pct: result.stats.returnPct, sharpe: result.stats.sharpeRatio, max_drawdown_pct: result.stats.maxDrawdownPct, trade_count: result.stats.trades });
  if (version >= 4) for (const c of ['equity', 'error', 'source']) delete row[c];
  const cols = Object.keys(row);
  db.run(`INSERT INTO runs (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c]) as never);
  if (version === 4) {
    db.run('INSERT INTO run_data (run_id, trades, equity, drawdown, detail, error, warnings, source) VALUES (1, ?, ?, ?, ?, NULL, NULL, ?)', [blobs.trades, blobs.equity, blobs.drawdown, blobs.detail, 'old source']);
  }
  if (version === 5) {
    // v5: the per-bar data in its own file beside the database.
    const name = writeRunFile(dataDirOf(file), 1, { trades: result.trades, equity: Float64Array.from(result.equity), drawdown: Float64Array.from(result.drawdown), detail: { strategy: result.strategy, openTrades: result.openTrades, indicators: result.indicators, data: result.data, startBar: result.startBar, log: result.log, console: [] } });
    db.run('INSERT INTO run_data (run_id, error, warnings, source, data_file) VALUES (1, NULL, NULL, ?, ?)', ['old source', name]);
  }
  db.run("INSERT INTO fix_attempts (strategy_id, run_id, attempt, started, outcome) VALUES (1, 1, 1, '2025-01-02T00:00:00.000Z', 'fixed')");
  if (version >= 2) db.run("INSERT INTO ai_calls (at, provider, outcome) VALUES ('2025-01-02T00:00:00.000Z', 'offline', 'ok')");
}

describe('store: schema migrations', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('has consecutive versions starting at 1', () => {
    assert.deepStrictEqual(MIGRATIONS.map((m) => m.version), Array.from({ length: LATEST }, (_, k) => k + 1));
    assert.ok(LATEST >= 5);
  });

  for (let version = 1; version < LATEST; version++) {
    it(`opens a version ${version} database at version ${LATEST} with its run intact`, async () => {
      const SQL = await loadSqlJs();
      const old = new SQL.Database();
      migrate(old, 'test', version);
      assert.equal(schemaVersion(old), version);
      const file = path.join(t.dir, 'old.db');
      fillAt(old, version, file);
      writeFileSync(file, old.export());
      old.close();

      const store = await Store.open(file);
      try {
        assert.equal(store.recovered, undefined);
        const onDisk = new SQL.Database(readFileSync(file));
        assert.equal(schemaVersion(onDisk), LATEST, 'the migrated database was written back');
        onDisk.close();
        const [summary] = store.listRuns();
        assert.equal(summary.strategy, 'strategies/old.strategy.ts');
        assert.equal(summary.returnPct, result.stats.returnPct, 'list columns filled from the stored stats');
        assert.equal(summary.sharpeRatio, result.stats.sharpeRatio);
        assert.equal(summary.trades, result.stats.trades);
        const run = store.getRun(summary.id)!;
        assert.equal(run.source, 'old source');
        assert.deepStrictEqual(run.result!.trades, result.trades);
        assert.deepStrictEqual(run.result!.equity, result.equity);
        assert.deepStrictEqual(run.result!.stats, JSON.parse(JSON.stringify(result.stats)));
        // v1 kept no drawdown: it is derived from equity with the engine's own formula, exactly.
        if (version >= 2) assert.deepStrictEqual(run.result, result);
        else assert.deepStrictEqual(run.result!.drawdown, result.drawdown);
        assert.equal(readdirSync(store.dataDir).length, 1, "the run's per-bar data moved to its own file");
        const columns = store.read((db) => db.exec("SELECT group_concat(name) FROM pragma_table_info('run_data')")[0].values[0][0]);
        assert.equal(columns, 'run_id,error,warnings,source,data_file,bars_file', 'no per-bar data left in the database');
        assert.equal(store.listFixAttempts({ runId: summary.id })[0].outcome, 'fixed');
        // Tables of later versions work.
        const id = await store.recordRun({ strategyPath: 'strategies/old.strategy.ts', workspaceRoot: '.', result });
        assert.deepStrictEqual(store.getRun(id)!.result, result);
        await store.recordAiCall({ provider: 'offline', outcome: 'ok' });
        await new StoreMemory(store).remember({ description: 'x', codeHash: 'c', file: 'f', stats: {}, savedAt: '2026-01-01T00:00:00Z' });
        assert.equal((await new StoreMemory(store).all()).length, 1);
        // v6: the agent's lifecycle, per workspace.
        assert.equal(store.loadAgentState(t.dir), undefined, 'no agent state before the agent ran');
        const rec = { id: 's1', name: 'S1', kind: 'trend' as const, symbol: 'SAMPLE', status: 'retired' as const, file: 'strategies/s1.strategy.ts', description: 'd', indicators: ['sma20'], created: '2025-01-02T00:00:00.000Z', reason: 'retired: profit factor 1.2 < 1.5' };
        await store.saveAgentState(t.dir, { strategies: [rec], cycles: 1, events: [{ at: '2025-01-02T00:00:00.000Z', step: 'retired', strategyId: 's1', reason: rec.reason }] });
        const again = await Store.open(file);
        const agent = again.loadAgentState(t.dir)!;
        await again.close();
        assert.deepStrictEqual(agent.strategies, [rec]);
        assert.equal(agent.cycles, 1);
        assert.equal(agent.events[0].reason, 'retired: profit factor 1.2 < 1.5');
      } finally {
        await store.close();
      }
    });
  }

  it('rolls a failing migration back as a whole', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrate(db, 'test', 1);
    db.run("INSERT INTO strategies (path, name, created) VALUES ('a', 'A', 'now')");
    db.run("INSERT INTO runs (strategy_id, started, status, trades) VALUES (1, 'now', 'ok', 'not json')");
    assert.throws(() => migrate(db, 'test'), /JSON/);
    assert.equal(schemaVersion(db), 1);
    assert.deepStrictEqual(db.exec("SELECT name FROM sqlite_master WHERE name = 'ai_calls'"), []);
    db.close();
  });

  it('refuses a database from a newer AlgoAgent and leaves the file as it was', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrate(db, 'test');
    db.run('UPDATE schema_version SET version = ?', [LATEST + 1]);
    const file = path.join(t.dir, 'newer.db');
    const bytes = db.export();
    writeFileSync(file, bytes);
    db.close();
    await assert.rejects(Store.open(file), (e: unknown) => e instanceof NewerSchemaError && /newer than this AlgoAgent understands/.test(e.message));
    assert.deepStrictEqual(new Uint8Array(readFileSync(file)), bytes);
  });
});
