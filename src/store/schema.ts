/**
 * The database schema and its forward migrations. `schema_version` holds the version a file is at;
 * opening a file runs every later migration in order, inside one transaction. A file from a newer
 * AlgoAgent (version above LATEST) is refused, never rewritten.
 *
 * v1  strategies, runs (trades as JSON text, equity as Float64 bytes), fix attempts.
 * v2  runs gain drawdown, detail (indicators, open trades, log …), kind and warnings; trades are
 *     re-encoded packed; strategies gain spec; ai_calls; an index for "runs of a strategy".
 * v3  runs gain return_pct / sharpe / max_drawdown_pct / trade_count (filled from stats) so lists
 *     need no JSON; memory and key_health tables.
 * v4  the large columns (trades, equity, drawdown, detail, error, warnings, source) move to
 *     run_data, one row per run, so listing runs never walks the overflow pages of big curves;
 *     a trigger deletes a run's data with the run.
 * v5  trades, equity, drawdown and detail leave the database for one file per run (run-files.ts):
 *     the SQLite file, rewritten on every change, stays small. run_data keeps error, warnings,
 *     source and the data file's name, and the name of the run's bars file (shared by content);
 *     runs gain data_selection (what to load to run it again).
 * v6  the autonomous agent's lifecycle, keyed by workspace (the resolved root folder; one database
 *     may serve several): agent_strategies (one row per strategy record: status, reason, dates,
 *     figures, run id, the full record as JSON), agent_paper (one account per strategy: summary
 *     columns and the account as JSON), agent_events (the append-only log of every step with its
 *     reason) and agent_meta (running flag, cycle count, last cycle).
 */
import { decodeF64, pack, unpack } from './codec';
import { type RunDetail, dataDirOf, writeRunFile } from './run-files';
import type { SqlDatabase } from './sqljs';

export interface MigrationContext {
  /** Folder of the per-run data files (v5). */
  dataDir: string;
}

export interface Migration {
  version: number;
  up(db: SqlDatabase, ctx: MigrationContext): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (0);
        CREATE TABLE strategies (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          path TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          created TEXT NOT NULL
        );
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          strategy_id INTEGER NOT NULL REFERENCES strategies(id),
          started TEXT NOT NULL,
          finished TEXT,
          status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'fixed', 'cancelled')),
          data_source TEXT,
          symbol TEXT,
          interval TEXT,
          data_from TEXT,
          data_to TEXT,
          options TEXT,
          params TEXT,
          stats TEXT,
          trades TEXT,
          equity BLOB,
          error TEXT,
          duration_ms REAL,
          source TEXT
        );
        CREATE TABLE fix_attempts (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          strategy_id INTEGER REFERENCES strategies(id),
          run_id INTEGER,
          attempt INTEGER NOT NULL,
          started TEXT NOT NULL,
          failure TEXT,
          outcome TEXT NOT NULL,
          provider TEXT,
          model TEXT,
          diff TEXT,
          result_run_id INTEGER
        );
      `);
    },
  },
  {
    version: 2,
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN drawdown BLOB;
        ALTER TABLE runs ADD COLUMN detail BLOB;
        ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'backtest';
        ALTER TABLE runs ADD COLUMN warnings TEXT;
        ALTER TABLE runs ADD COLUMN trades_packed BLOB;
        ALTER TABLE strategies ADD COLUMN spec TEXT;
        CREATE INDEX runs_by_strategy ON runs (strategy_id, id);
        CREATE TABLE ai_calls (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL,
          provider TEXT NOT NULL,
          model TEXT,
          key_hash TEXT,
          purpose TEXT,
          latency_ms REAL,
          outcome TEXT NOT NULL,
          detail TEXT
        );
      `);
      // Trades move from JSON text to the packed encoding (smaller, NaN/-0 exact).
      const rows = db.exec('SELECT id, trades FROM runs WHERE trades IS NOT NULL');
      const update = db.prepare('UPDATE runs SET trades_packed = ? WHERE id = ?');
      try {
        for (const [id, trades] of rows[0]?.values ?? []) update.run([pack(JSON.parse(String(trades))), id]);
      } finally {
        update.free();
      }
      db.exec('ALTER TABLE runs DROP COLUMN trades; ALTER TABLE runs RENAME COLUMN trades_packed TO trades;');
    },
  },
  {
    version: 3,
    up(db) {
      db.exec(`
        ALTER TABLE runs ADD COLUMN return_pct REAL;
        ALTER TABLE runs ADD COLUMN sharpe REAL;
        ALTER TABLE runs ADD COLUMN max_drawdown_pct REAL;
        ALTER TABLE runs ADD COLUMN trade_count INTEGER;
        UPDATE runs SET
          return_pct = json_extract(stats, '$.returnPct'),
          sharpe = json_extract(stats, '$.sharpeRatio'),
          max_drawdown_pct = json_extract(stats, '$.maxDrawdownPct'),
          trade_count = json_extract(stats, '$.trades')
        WHERE stats IS NOT NULL;
        CREATE TABLE memory (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          description TEXT NOT NULL,
          spec TEXT,
          code_hash TEXT NOT NULL,
          file TEXT NOT NULL,
          stats TEXT NOT NULL,
          saved_at TEXT NOT NULL,
          UNIQUE (code_hash, file)
        );
        CREATE TABLE key_health (
          key_hash TEXT PRIMARY KEY,
          provider TEXT NOT NULL,
          health TEXT NOT NULL,
          updated TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 4,
    up(db) {
      db.exec(`
        CREATE TABLE run_data (
          run_id INTEGER PRIMARY KEY,
          trades BLOB,
          equity BLOB,
          drawdown BLOB,
          detail BLOB,
          error TEXT,
          warnings TEXT,
          source TEXT
        );
        INSERT INTO run_data (run_id, trades, equity, drawdown, detail, error, warnings, source)
          SELECT id, trades, equity, drawdown, detail, error, warnings, source FROM runs;
        ALTER TABLE runs DROP COLUMN trades;
        ALTER TABLE runs DROP COLUMN equity;
        ALTER TABLE runs DROP COLUMN drawdown;
        ALTER TABLE runs DROP COLUMN detail;
        ALTER TABLE runs DROP COLUMN error;
        ALTER TABLE runs DROP COLUMN warnings;
        ALTER TABLE runs DROP COLUMN source;
        CREATE TRIGGER run_data_follows_runs AFTER DELETE ON runs BEGIN
          DELETE FROM run_data WHERE run_id = old.id;
        END;
      `);
    },
  },
  {
    version: 5,
    up(db, ctx) {
      db.exec('ALTER TABLE run_data ADD COLUMN data_file TEXT; ALTER TABLE run_data ADD COLUMN bars_file TEXT; ALTER TABLE runs ADD COLUMN data_selection TEXT;');
      const rows = db.exec('SELECT run_id, trades, equity, drawdown, detail FROM run_data')[0]?.values ?? [];
      const update = db.prepare('UPDATE run_data SET data_file = ? WHERE run_id = ?');
      try {
        for (const [id, trades, equity, drawdown, detail] of rows) {
          const name = writeRunFile(ctx.dataDir, Number(id), {
            trades: trades ? (unpack(trades as Uint8Array) as never) : undefined,
            equity: equity ? decodeF64(equity as Uint8Array) : undefined,
            drawdown: drawdown ? decodeF64(drawdown as Uint8Array) : undefined,
            detail: detail ? (unpack(detail as Uint8Array) as RunDetail) : {},
          });
          update.run([name, id]);
        }
      } finally {
        update.free();
      }
      db.exec(`
        ALTER TABLE run_data DROP COLUMN trades;
        ALTER TABLE run_data DROP COLUMN equity;
        ALTER TABLE run_data DROP COLUMN drawdown;
        ALTER TABLE run_data DROP COLUMN detail;
      `);
    },
  },
  {
    version: 6,
    up(db) {
      db.exec(`
        CREATE TABLE agent_meta (
          workspace TEXT PRIMARY KEY,
          running INTEGER NOT NULL DEFAULT 0,
          cycles INTEGER NOT NULL DEFAULT 0,
          last_cycle TEXT,
          imported_from TEXT,
          updated TEXT NOT NULL
        );
        CREATE TABLE agent_strategies (
          workspace TEXT NOT NULL,
          id TEXT NOT NULL,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          symbol TEXT NOT NULL,
          status TEXT NOT NULL,
          reason TEXT NOT NULL,
          created TEXT NOT NULL,
          promoted TEXT,
          retired TEXT,
          run_id INTEGER,
          figures TEXT,
          record TEXT NOT NULL,
          updated TEXT NOT NULL,
          PRIMARY KEY (workspace, id)
        );
        CREATE TABLE agent_paper (
          workspace TEXT NOT NULL,
          strategy_id TEXT NOT NULL,
          status TEXT NOT NULL,
          processed_bars INTEGER NOT NULL,
          last_bar_time TEXT,
          cash REAL NOT NULL,
          equity REAL,
          fills INTEGER NOT NULL,
          trades INTEGER NOT NULL,
          open_trades INTEGER NOT NULL,
          diverged_at TEXT,
          account TEXT NOT NULL,
          updated TEXT NOT NULL,
          PRIMARY KEY (workspace, strategy_id)
        );
        CREATE TABLE agent_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          workspace TEXT NOT NULL,
          at TEXT NOT NULL,
          step TEXT NOT NULL,
          strategy_id TEXT,
          reason TEXT NOT NULL,
          code TEXT
        );
        CREATE INDEX agent_events_by_workspace ON agent_events (workspace, id);
      `);
    },
  },
];

export const LATEST = MIGRATIONS[MIGRATIONS.length - 1].version;

export class NewerSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly version: number,
  ) {
    super(`${file}: the history database is at schema version ${version}, newer than this AlgoAgent understands (${LATEST}); update AlgoAgent, or open another database`);
    this.name = 'NewerSchemaError';
  }
}

/** The version a database is at: 0 for an empty one. */
export function schemaVersion(db: SqlDatabase): number {
  const table = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!table.length) {
    const any = db.exec("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    if (Number(any[0].values[0][0]) > 0) throw new Error('not an AlgoAgent history database (it has tables but no schema_version)');
    return 0;
  }
  const v = db.exec('SELECT version FROM schema_version');
  return Number(v[0]?.values[0]?.[0] ?? 0);
}

/**
 * Brings `db` up to `target` (default LATEST). Returns the version it started at. All steps run in
 * one transaction: a failing migration leaves the database as it was.
 */
export function migrate(db: SqlDatabase, file: string, target = LATEST): number {
  const from = schemaVersion(db);
  if (from > LATEST) throw new NewerSchemaError(file, from);
  if (from >= target) return from;
  db.exec('BEGIN');
  try {
    for (const m of MIGRATIONS) {
      if (m.version <= from || m.version > target) continue;
      m.up(db, { dataDir: dataDirOf(file) });
      db.run('UPDATE schema_version SET version = ?', [m.version]);
    }
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
  return from;
}
