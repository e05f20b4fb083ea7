/**
 * The execution history: one SQLite database (sql.js, in memory) mirrored to one file.
 *
 * Every change is one transaction done under the lock file: re-read the file when another process
 * replaced it since we last saw it, apply the change, export, write a temporary file, fsync, rename
 * over the database. The file on disk therefore always holds every committed change of every
 * writer, and a crash (even SIGKILL) at any moment leaves the previous or the next complete file.
 * Reads re-load the file when it changed (one `stat` per read).
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { StrategySpec } from '../ai/spec/types';
import { moveAside, readDbFile, removeLeftoverTemps, sameStamp, stampOf, writeDbFileAtomic, type FileStamp } from './db-file';
import { type LockOptions, withFileLock } from './file-lock';
import type { LifecycleEvent, StrategyRecord } from '../autopilot/state';
import {
  type AgentEventRow,
  type StoredAgentState,
  insertAgentEvents,
  putAgentMeta,
  putAgentStrategies,
  selectAgentEvents,
  selectAgentMeta,
  selectAgentState,
  selectAgentWorkspaces,
} from './agent-lifecycle';
import { insertAiCall, insertFixAttempt, putKeyHealth, selectAiCalls, selectFixAttempts, selectKeyHealth, type KeyHealthRow } from './agent-records';
import { dataDirOf, moveDataDirAside, runFilesSize, sweepRunFiles } from './run-files';
import { insertRun, removeRun, selectRun, selectRuns, selectStrategies, strategyId, strategyKey } from './runs';
import { LATEST, NewerSchemaError, migrate } from './schema';
import { loadSqlJs, type SqlDatabase, type SqlJs } from './sqljs';
import type { AiCallInput, AiCallRow, FixAttemptInput, FixAttemptRow, ListRunsQuery, RecordRunInput, Recovery, RunRecord, RunSummary, StrategyRow } from './types';

export interface StoreOptions {
  /** Runs kept per strategy (older ones are deleted when a run is recorded). Default 100. */
  maxRunsPerStrategy?: number;
  lock?: LockOptions;
  /** Agent lifecycle events kept per workspace (the oldest beyond are pruned when events are appended). Default 5000. */
  maxAgentEvents?: number;
  /** Told whenever an unreadable database file is moved aside and a fresh one started. */
  onRecovered?: (r: Recovery) => void;
}

/** What a save of the agent's state changes (fields left out stay as they are). */
export interface AgentStateChange {
  strategies?: readonly StrategyRecord[];
  running?: boolean;
  cycles?: number;
  lastCycle?: string;
  /** Appended to the log. */
  events?: readonly LifecycleEvent[];
}

export class Store {
  private db: SqlDatabase;
  private stamp: FileStamp | null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private tempsChecked = false;
  private sweepDue = false;
  readonly lockFile: string;
  /** Folder of the per-run data files. */
  readonly dataDir: string;
  /** Set when opening found an unreadable file (moved aside; this store started fresh). */
  recovered: Recovery | undefined;
  maxRunsPerStrategy: number;
  maxAgentEvents: number;

  private constructor(
    readonly file: string,
    private readonly sql: SqlJs,
    private readonly options: StoreOptions,
  ) {
    this.lockFile = `${file}.lock`;
    this.dataDir = dataDirOf(file);
    this.db = new sql.Database();
    this.stamp = null;
    this.maxRunsPerStrategy = options.maxRunsPerStrategy ?? 100;
    this.maxAgentEvents = options.maxAgentEvents ?? 5000;
  }

  /** Opens (creating, migrating or recovering as needed) the database at `file`. */
  static async open(file: string, options: StoreOptions = {}): Promise<Store> {
    const keep = options.maxRunsPerStrategy ?? 100;
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`maxRunsPerStrategy must be a whole number ≥ 1, got ${keep}`);
    const events = options.maxAgentEvents ?? 5000;
    if (!Number.isInteger(events) || events < 1) throw new Error(`maxAgentEvents must be a whole number ≥ 1, got ${events}`);
    const abs = path.resolve(file);
    mkdirSync(path.dirname(abs), { recursive: true });
    const store = new Store(abs, await loadSqlJs(), options);
    // Fast path: an up-to-date file needs no lock.
    try {
      const { bytes, stamp } = readDbFile(abs);
      if (bytes && bytes.length) {
        const db = store.parse(bytes);
        if (db) {
          const version = Number(db.exec('SELECT version FROM schema_version')[0]?.values[0]?.[0]);
          if (version === LATEST) {
            store.replaceDb(db, stamp);
            return store;
          }
          db.close();
        }
      }
    } catch (e) {
      if (e instanceof NewerSchemaError) throw e;
      // Anything else is handled under the lock below.
    }
    await store.write(() => undefined, { persist: 'if-changed' });
    return store;
  }

  /** Parses bytes into a checked database, or null when they are not a usable database. Throws NewerSchemaError. */
  private parse(bytes: Uint8Array): SqlDatabase | null {
    let db: SqlDatabase | undefined;
    try {
      db = new this.sql.Database(bytes);
      const check = db.exec('PRAGMA quick_check');
      if (String(check[0]?.values[0]?.[0]) !== 'ok') throw new Error(`integrity check: ${String(check[0]?.values[0]?.[0])}`);
      migrate(db, this.file, 0); // only reads the version; throws when newer or foreign
      return db;
    } catch (e) {
      db?.close();
      if (e instanceof NewerSchemaError) throw e;
      this.lastParseError = (e as Error).message;
      return null;
    }
  }
  private lastParseError = '';

  private replaceDb(db: SqlDatabase, stamp: FileStamp | null): void {
    if (db !== this.db) this.db.close();
    this.db = db;
    this.stamp = stamp;
  }

  /** Under the lock: makes the in-memory copy equal the file (recovering a corrupt one). Returns whether it must be written. */
  private syncLocked(): boolean {
    if (!this.tempsChecked) {
      removeLeftoverTemps(this.file);
      this.tempsChecked = true;
      this.sweepDue = true;
    }
    const current = stampOf(this.file);
    if (current && sameStamp(current, this.stamp)) return false;
    const { bytes, stamp } = readDbFile(this.file);
    if (!bytes || !bytes.length) {
      this.replaceDb(this.fresh(), null);
      return true;
    }
    const db = this.parse(bytes);
    if (db) {
      this.replaceDb(db, stamp);
      return migrate(db, this.file) < LATEST;
    }
    const movedTo = moveAside(this.file);
    moveDataDirAside(this.file, movedTo);
    const recovery: Recovery = { file: this.file, movedTo, reason: this.lastParseError };
    this.recovered = recovery;
    this.replaceDb(this.fresh(), null);
    this.options.onRecovered?.(recovery);
    return true;
  }

  private fresh(): SqlDatabase {
    const db = new this.sql.Database();
    db.exec('PRAGMA auto_vacuum = FULL');
    migrate(db, this.file);
    return db;
  }

  /** One committed change: lock, catch up with the file, run `fn` in a transaction, persist. */
  async write<T>(fn: (db: SqlDatabase) => T, how: { persist?: 'always' | 'if-changed'; sweep?: (value: T) => boolean } = {}): Promise<T> {
    if (this.closed) throw new Error(`${this.file}: the history store is closed`);
    const run = () =>
      withFileLock(
        this.lockFile,
        () => {
          const dirty = this.syncLocked();
          let value: T;
          this.db.exec('BEGIN');
          try {
            value = fn(this.db);
            this.db.exec('COMMIT');
          } catch (e) {
            this.db.exec('ROLLBACK');
            this.sweepDue = true; // a data file may have been written for the rolled-back run
            if (dirty) this.stamp = null; // the in-memory copy differs from the file: re-read next time
            throw e;
          }
          if (how.persist !== 'if-changed' || dirty || !this.stamp) {
            try {
              this.stamp = writeDbFileAtomic(this.file, this.db.export());
            } catch (e) {
              this.stamp = null; // never trust memory that did not reach the disk
              throw e;
            }
          }
          // Data files of deleted runs (and of writers that crashed) go once the deletion is on disk.
          if (this.sweepDue || how.sweep?.(value)) {
            this.sweepDue = false;
            const names = this.db.exec('SELECT data_file FROM run_data WHERE data_file IS NOT NULL UNION SELECT bars_file FROM run_data WHERE bars_file IS NOT NULL')[0]?.values ?? [];
            sweepRunFiles(this.dataDir, new Set(names.map((v) => String(v[0]))));
          }
          return value;
        },
        this.options.lock,
      );
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A read of the current state (re-loaded when another process wrote since). */
  read<T>(fn: (db: SqlDatabase) => T): T {
    if (this.closed) throw new Error(`${this.file}: the history store is closed`);
    const current = stampOf(this.file);
    if (current && !sameStamp(current, this.stamp)) {
      const { bytes, stamp } = readDbFile(this.file);
      let db: SqlDatabase | null = null;
      try {
        db = bytes && bytes.length ? this.parse(bytes) : null;
      } catch {
        db = null;
      }
      if (db && migrate(db, this.file, 0) === LATEST) this.replaceDb(db, stamp);
      else db?.close(); // unreadable or older: the next write sorts it out under the lock
    }
    return fn(this.db);
  }

  // ---- runs ------------------------------------------------------------------------------------

  /** Records one run; returns its id. Older runs of the strategy beyond the retention are deleted. */
  async recordRun(input: RecordRunInput): Promise<number> {
    const { id } = await this.write((db) => insertRun(db, input, this.maxRunsPerStrategy, this.dataDir), { sweep: (r) => r.trimmed > 0 });
    return id;
  }

  listRuns(query: ListRunsQuery = {}): RunSummary[] {
    return this.read((db) => selectRuns(db, query));
  }

  getRun(id: number): RunRecord | undefined {
    return this.read((db) => selectRun(db, id, this.dataDir));
  }

  deleteRun(id: number): Promise<boolean> {
    return this.write((db) => removeRun(db, id), { sweep: (removed) => removed });
  }

  listStrategies(): StrategyRow[] {
    return this.read((db) => selectStrategies(db));
  }

  /** Keeps the spec a strategy was generated from. */
  setStrategySpec(strategyPath: string, workspaceRoot: string | undefined, name: string, spec: StrategySpec | unknown): Promise<void> {
    return this.write((db) => {
      const id = strategyId(db, strategyKey(strategyPath, workspaceRoot), name, new Date().toISOString());
      db.run('UPDATE strategies SET spec = ? WHERE id = ?', [JSON.stringify(spec), id]);
    });
  }

  // ---- agent records ---------------------------------------------------------------------------

  recordFixAttempt(input: FixAttemptInput): Promise<number> {
    return this.write((db) => insertFixAttempt(db, input));
  }

  listFixAttempts(query: { strategy?: string; runId?: number } = {}): FixAttemptRow[] {
    return this.read((db) => selectFixAttempts(db, query));
  }

  recordAiCall(input: AiCallInput): Promise<number> {
    return this.write((db) => insertAiCall(db, input));
  }

  listAiCalls(limit?: number): AiCallRow[] {
    return this.read((db) => selectAiCalls(db, limit));
  }

  saveKeyHealth(provider: string, health: { id: string }[]): Promise<void> {
    return this.write((db) => putKeyHealth(db, provider, health));
  }

  keyHealth(provider?: string): KeyHealthRow[] {
    return this.read((db) => selectKeyHealth(db, provider));
  }

  // ---- the agent's lifecycle (per workspace: its resolved root folder) ----------------------------

  /** A workspace's agent state with its newest events (oldest first); undefined when the agent never ran there. */
  loadAgentState(workspace: string, maxEvents = this.maxAgentEvents): StoredAgentState | undefined {
    return this.read((db) => selectAgentState(db, path.resolve(workspace), maxEvents));
  }

  hasAgentState(workspace: string): boolean {
    return this.read((db) => selectAgentMeta(db, path.resolve(workspace)) !== undefined);
  }

  /**
   * One transaction: upserts the given strategy records (with their paper accounts) and counters,
   * and appends `events` to the log. Returns the events' sequence numbers.
   */
  saveAgentState(workspace: string, s: AgentStateChange): Promise<number[]> {
    const ws = path.resolve(workspace);
    return this.write((db) => {
      putAgentMeta(db, ws, { running: s.running, cycles: s.cycles, lastCycle: s.lastCycle });
      if (s.strategies) putAgentStrategies(db, ws, s.strategies);
      return insertAgentEvents(db, ws, s.events ?? [], this.maxAgentEvents);
    });
  }

  /** Appends events to the workspace's log (one transaction under the lock); returns their sequence numbers. */
  appendAgentEvents(workspace: string, events: readonly LifecycleEvent[]): Promise<number[]> {
    const ws = path.resolve(workspace);
    return this.write((db) => {
      putAgentMeta(db, ws, {});
      return insertAgentEvents(db, ws, events, this.maxAgentEvents);
    });
  }

  /** Imports a whole state when the workspace has none yet (checked under the lock); false when it had one. */
  importAgentState(workspace: string, s: Required<Omit<AgentStateChange, 'lastCycle'>> & { lastCycle?: string }, from: string): Promise<boolean> {
    const ws = path.resolve(workspace);
    return this.write((db) => {
      if (selectAgentMeta(db, ws)) return false;
      putAgentMeta(db, ws, { running: s.running, cycles: s.cycles, lastCycle: s.lastCycle, importedFrom: from });
      putAgentStrategies(db, ws, s.strategies);
      insertAgentEvents(db, ws, s.events, this.maxAgentEvents);
      return true;
    });
  }

  listAgentEvents(workspace: string, q: { limit?: number; strategyId?: string; afterSeq?: number } = {}): AgentEventRow[] {
    return this.read((db) => selectAgentEvents(db, path.resolve(workspace), q));
  }

  agentWorkspaces(): string[] {
    return this.read((db) => selectAgentWorkspaces(db));
  }

  // ---- housekeeping ----------------------------------------------------------------------------

  /** Bytes on disk: the database file and the runs' data files. */
  sizeBytes(): number {
    const s = stampOf(this.file);
    return (s ? Number(s.size) : 0) + runFilesSize(this.dataDir);
  }

  /** Waits for pending writes, then frees the in-memory database. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue;
    this.closed = true;
    this.db.close();
  }
}
