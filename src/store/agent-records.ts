/** What the agent leaves behind: fix attempts, AI calls, API key health. */
import { strategyId, strategyKey } from './runs';
import type { SqlDatabase } from './sqljs';
import type { AiCallInput, AiCallRow, FixAttemptInput, FixAttemptRow } from './types';

type SqlValue = number | string | Uint8Array | null;

function iso(t: Date | number | string | undefined): string {
  const d = t === undefined ? new Date() : t instanceof Date ? t : new Date(t);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${String(t)}`);
  return d.toISOString();
}

function lastId(db: SqlDatabase): number {
  return Number(db.exec('SELECT last_insert_rowid()')[0].values[0][0]);
}

function rows(db: SqlDatabase, sql: string, args: SqlValue[] = []): SqlValue[][] {
  return (db.exec(sql, args)[0]?.values ?? []) as SqlValue[][];
}

export function insertFixAttempt(db: SqlDatabase, a: FixAttemptInput): number {
  const started = iso(a.startedAt);
  const sid = strategyId(db, strategyKey(a.strategyPath, a.workspaceRoot), a.strategyPath.replace(/^.*[\\/]/, '').replace(/\.strategy\.(ts|js)$/, ''), started);
  db.run(
    `INSERT INTO fix_attempts (strategy_id, run_id, attempt, started, failure, outcome, provider, model, diff, result_run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [sid, a.runId ?? null, a.attempt, started, a.failure ? JSON.stringify(a.failure) : null, a.outcome, a.provider ?? null, a.model ?? null, a.diff ?? null, a.resultRunId ?? null],
  );
  return lastId(db);
}

export function selectFixAttempts(db: SqlDatabase, q: { strategy?: string; runId?: number }): FixAttemptRow[] {
  const where: string[] = [];
  const args: SqlValue[] = [];
  if (q.strategy !== undefined) {
    where.push('s.path = ?');
    args.push(q.strategy);
  }
  if (q.runId !== undefined) {
    where.push('f.run_id = ?');
    args.push(q.runId);
  }
  const sql = `SELECT f.id, s.path, f.run_id, f.attempt, f.started, f.failure, f.outcome, f.provider, f.model, f.diff, f.result_run_id
    FROM fix_attempts f LEFT JOIN strategies s ON s.id = f.strategy_id ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY f.id`;
  return rows(db, sql, args).map((v) => {
    const row: FixAttemptRow = {
      id: Number(v[0]),
      strategy: v[1] as string | null,
      attempt: Number(v[3]),
      started: String(v[4]),
      outcome: v[6] as FixAttemptRow['outcome'],
    };
    if (v[2] !== null) row.runId = Number(v[2]);
    if (v[5] !== null) row.failure = JSON.parse(String(v[5])) as FixAttemptRow['failure'];
    if (v[7] !== null) row.provider = String(v[7]);
    if (v[8] !== null) row.model = String(v[8]);
    if (v[9] !== null) row.diff = String(v[9]);
    if (v[10] !== null) row.resultRunId = Number(v[10]);
    return row;
  });
}

export function insertAiCall(db: SqlDatabase, c: AiCallInput): number {
  if (c.keyHash !== undefined && !/^[\w-]{1,40}$/.test(c.keyHash)) throw new Error('recordAiCall: keyHash must be a short hash of the key, never the key itself');
  db.run('INSERT INTO ai_calls (at, provider, model, key_hash, purpose, latency_ms, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    iso(c.at),
    c.provider,
    c.model ?? null,
    c.keyHash ?? null,
    c.purpose ?? null,
    c.latencyMs ?? null,
    c.outcome,
    c.detail ?? null,
  ]);
  return lastId(db);
}

export function selectAiCalls(db: SqlDatabase, limit?: number): AiCallRow[] {
  const sql = `SELECT id, at, provider, model, key_hash, purpose, latency_ms, outcome, detail FROM ai_calls ORDER BY id DESC${limit !== undefined ? ' LIMIT ?' : ''}`;
  return rows(db, sql, limit !== undefined ? [limit] : []).map((v) => {
    const row: AiCallRow = { id: Number(v[0]), at: String(v[1]), provider: String(v[2]), outcome: String(v[7]) };
    if (v[3] !== null) row.model = String(v[3]);
    if (v[4] !== null) row.keyHash = String(v[4]);
    if (v[5] !== null) row.purpose = String(v[5]);
    if (v[6] !== null) row.latencyMs = Number(v[6]);
    if (v[8] !== null) row.detail = String(v[8]);
    return row;
  });
}

export interface KeyHealthRow {
  keyHash: string;
  provider: string;
  /** As the provider reported it (e.g. the key pool's KeyHealth). */
  health: Record<string, unknown>;
  updated: string;
}

/** Upserts the health of each key, keyed by `id` (a short hash, never the key). */
export function putKeyHealth(db: SqlDatabase, provider: string, health: { id: string }[]): void {
  const now = new Date().toISOString();
  for (const h of health) {
    if (!/^[\w-]{1,40}$/.test(h.id)) throw new Error('saveKeyHealth: each entry needs id = a short hash of the key');
    db.run(
      `INSERT INTO key_health (key_hash, provider, health, updated) VALUES (?, ?, ?, ?)
       ON CONFLICT (key_hash) DO UPDATE SET provider = excluded.provider, health = excluded.health, updated = excluded.updated`,
      [h.id, provider, JSON.stringify(h), now],
    );
  }
}

export function selectKeyHealth(db: SqlDatabase, provider?: string): KeyHealthRow[] {
  const sql = `SELECT key_hash, provider, health, updated FROM key_health${provider !== undefined ? ' WHERE provider = ?' : ''} ORDER BY key_hash`;
  return rows(db, sql, provider !== undefined ? [provider] : []).map((v) => ({
    keyHash: String(v[0]),
    provider: String(v[1]),
    health: JSON.parse(String(v[2])) as Record<string, unknown>,
    updated: String(v[3]),
  }));
}
