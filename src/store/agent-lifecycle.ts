/**
 * The autonomous agent's lifecycle in the history database (schema v6), keyed by workspace (the
 * resolved root folder): strategy records with status, reason, dates and figures; one paper account
 * per strategy; the running flag and cycle count; and the log of every step with its reason.
 *
 * The log is append-only: events are only ever inserted (each batch in the caller's transaction,
 * under the store's lock, so two processes appending at once lose none). Only the oldest events
 * beyond the store's `maxAgentEvents` per workspace are pruned, in the same transaction.
 */
import type { LifecycleEvent, StrategyRecord } from '../autopilot/state';
import type { SqlDatabase } from './sqljs';

type SqlValue = number | string | Uint8Array | null;

export interface AgentMeta {
  running: boolean;
  cycles: number;
  lastCycle?: string;
  /** The JSON state file this workspace's lifecycle was imported from, if it was. */
  importedFrom?: string;
  updated: string;
}

export interface StoredAgentState extends AgentMeta {
  workspace: string;
  /** In the order they were created. */
  strategies: StrategyRecord[];
  /** The newest events, oldest first. */
  events: LifecycleEvent[];
}

export interface AgentEventRow extends LifecycleEvent {
  /** Position in the workspace's log (grows with every append, never reused). */
  seq: number;
}

function rows(db: SqlDatabase, sql: string, args: SqlValue[] = []): SqlValue[][] {
  return (db.exec(sql, args)[0]?.values ?? []) as SqlValue[][];
}

const str = (v: SqlValue): string | undefined => (v === null ? undefined : String(v));

export function selectAgentMeta(db: SqlDatabase, workspace: string): AgentMeta | undefined {
  const [m] = rows(db, 'SELECT running, cycles, last_cycle, imported_from, updated FROM agent_meta WHERE workspace = ?', [workspace]);
  if (!m) return undefined;
  const meta: AgentMeta = { running: Number(m[0]) === 1, cycles: Number(m[1]), updated: String(m[4]) };
  if (m[2] !== null) meta.lastCycle = String(m[2]);
  if (m[3] !== null) meta.importedFrom = String(m[3]);
  return meta;
}

/** The workspace's strategies (with their paper accounts) in creation order. */
export function selectAgentStrategies(db: SqlDatabase, workspace: string): StrategyRecord[] {
  const list = rows(
    db,
    `SELECT s.record, p.account FROM agent_strategies s LEFT JOIN agent_paper p ON p.workspace = s.workspace AND p.strategy_id = s.id
     WHERE s.workspace = ? ORDER BY s.position, s.rowid`,
    [workspace],
  );
  return list.map(([record, account]) => {
    const s = JSON.parse(String(record)) as StrategyRecord;
    if (account !== null) s.paper = JSON.parse(String(account)) as StrategyRecord['paper'];
    return s;
  });
}

function toEvent(v: SqlValue[]): AgentEventRow {
  const e: AgentEventRow = { seq: Number(v[0]), at: String(v[1]), step: String(v[2]) as LifecycleEvent['step'], reason: String(v[4]) };
  const sid = str(v[3]);
  const code = str(v[5]);
  if (sid !== undefined) e.strategyId = sid;
  if (code !== undefined) e.code = code;
  return e;
}

/** The newest `limit` events of a workspace (optionally of one strategy), oldest first. */
export function selectAgentEvents(db: SqlDatabase, workspace: string, q: { limit?: number; strategyId?: string; afterSeq?: number } = {}): AgentEventRow[] {
  const where = ['workspace = ?'];
  const args: SqlValue[] = [workspace];
  if (q.strategyId !== undefined) {
    where.push('strategy_id = ?');
    args.push(q.strategyId);
  }
  if (q.afterSeq !== undefined) {
    where.push('id > ?');
    args.push(q.afterSeq);
  }
  const limit = q.limit === undefined ? '' : ' LIMIT ?';
  if (q.limit !== undefined) args.push(q.limit);
  return rows(db, `SELECT id, at, step, strategy_id, reason, code FROM agent_events WHERE ${where.join(' AND ')} ORDER BY id DESC${limit}`, args)
    .map(toEvent)
    .reverse();
}

export function selectAgentState(db: SqlDatabase, workspace: string, maxEvents: number): StoredAgentState | undefined {
  const meta = selectAgentMeta(db, workspace);
  if (!meta) return undefined;
  const events = selectAgentEvents(db, workspace, { limit: maxEvents }).map(({ seq: _seq, ...e }) => e);
  return { workspace, ...meta, strategies: selectAgentStrategies(db, workspace), events };
}

/** Workspaces with agent state in this database. */
export function selectAgentWorkspaces(db: SqlDatabase): string[] {
  return rows(db, 'SELECT workspace FROM agent_meta ORDER BY workspace').map((v) => String(v[0]));
}

/** Creates the workspace's meta row when missing and sets the given fields. */
export function putAgentMeta(db: SqlDatabase, workspace: string, m: { running?: boolean; cycles?: number; lastCycle?: string | null; importedFrom?: string }): void {
  const now = new Date().toISOString();
  db.run('INSERT INTO agent_meta (workspace, updated) VALUES (?, ?) ON CONFLICT (workspace) DO NOTHING', [workspace, now]);
  const set: string[] = ['updated = ?'];
  const args: SqlValue[] = [now];
  if (m.running !== undefined) {
    set.push('running = ?');
    args.push(m.running ? 1 : 0);
  }
  if (m.cycles !== undefined) {
    if (!Number.isInteger(m.cycles) || m.cycles < 0) throw new Error(`agent state: cycles must be a whole number ≥ 0, got ${m.cycles}`);
    set.push('cycles = ?');
    args.push(m.cycles);
  }
  if (m.lastCycle !== undefined) {
    set.push('last_cycle = ?');
    args.push(m.lastCycle);
  }
  if (m.importedFrom !== undefined) {
    set.push('imported_from = ?');
    args.push(m.importedFrom);
  }
  db.run(`UPDATE agent_meta SET ${set.join(', ')} WHERE workspace = ?`, [...args, workspace]);
}

/** Upserts each strategy record (and its paper account); rows whose content did not change are left alone. */
export function putAgentStrategies(db: SqlDatabase, workspace: string, list: readonly StrategyRecord[]): number {
  const now = new Date().toISOString();
  let changed = 0;
  const seen = new Set<string>();
  for (const [position, s] of list.entries()) {
    if (typeof s.id !== 'string' || !s.id) throw new Error(`agent state: strategy #${position + 1} has no id`);
    if (seen.has(s.id)) throw new Error(`agent state: strategy id "${s.id}" appears twice`);
    seen.add(s.id);
    const { paper, ...rest } = s;
    const record = JSON.stringify(rest);
    db.run(
      `INSERT INTO agent_strategies (workspace, id, position, name, kind, symbol, status, reason, created, promoted, retired, run_id, figures, record, updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace, id) DO UPDATE SET position = excluded.position, name = excluded.name, kind = excluded.kind, symbol = excluded.symbol,
         status = excluded.status, reason = excluded.reason, created = excluded.created, promoted = excluded.promoted, retired = excluded.retired,
         run_id = excluded.run_id, figures = excluded.figures, record = excluded.record, updated = excluded.updated
       WHERE agent_strategies.record IS NOT excluded.record OR agent_strategies.position IS NOT excluded.position`,
      [workspace, s.id, position, s.name, s.kind, s.symbol, s.status, s.reason, s.created, s.promoted ?? null, s.retired ?? null, s.runId ?? null, s.figures ? JSON.stringify(s.figures) : null, record, now],
    );
    changed += db.getRowsModified();
    if (!paper) {
      db.run('DELETE FROM agent_paper WHERE workspace = ? AND strategy_id = ?', [workspace, s.id]);
      continue;
    }
    const account = JSON.stringify(paper);
    db.run(
      `INSERT INTO agent_paper (workspace, strategy_id, status, processed_bars, last_bar_time, cash, equity, fills, trades, open_trades, diverged_at, account, updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace, strategy_id) DO UPDATE SET status = excluded.status, processed_bars = excluded.processed_bars, last_bar_time = excluded.last_bar_time,
         cash = excluded.cash, equity = excluded.equity, fills = excluded.fills, trades = excluded.trades, open_trades = excluded.open_trades,
         diverged_at = excluded.diverged_at, account = excluded.account, updated = excluded.updated
       WHERE agent_paper.account IS NOT excluded.account OR agent_paper.status IS NOT excluded.status`,
      [workspace, s.id, s.status, paper.processedBars, paper.lastBarTime, paper.cash, paper.equity.length ? paper.equity[paper.equity.length - 1] : null, paper.fills.length, paper.trades.length, paper.openTrades.length, paper.divergedAt ?? null, account, now],
    );
    changed += db.getRowsModified();
  }
  return changed;
}

/** Appends events to the workspace's log (never rewrites it); returns their sequence numbers. Prunes beyond `keep`. */
export function insertAgentEvents(db: SqlDatabase, workspace: string, events: readonly LifecycleEvent[], keep: number): number[] {
  const ids: number[] = [];
  const insert = db.prepare('INSERT INTO agent_events (workspace, at, step, strategy_id, reason, code) VALUES (?, ?, ?, ?, ?, ?)');
  try {
    for (const e of events) {
      if (typeof e.at !== 'string' || typeof e.step !== 'string' || typeof e.reason !== 'string') throw new Error(`agent state: an event needs at, step and reason (got ${JSON.stringify(e).slice(0, 120)})`);
      insert.run([workspace, e.at, e.step, e.strategyId ?? null, e.reason, e.code ?? null]);
      ids.push(Number(db.exec('SELECT last_insert_rowid()')[0].values[0][0]));
    }
  } finally {
    insert.free();
  }
  if (ids.length) {
    db.run('DELETE FROM agent_events WHERE workspace = ? AND id <= (SELECT id FROM agent_events WHERE workspace = ? ORDER BY id DESC LIMIT 1 OFFSET ?)', [workspace, workspace, keep]);
  }
  return ids;
}

export function countAgentEvents(db: SqlDatabase, workspace: string): number {
  return Number(rows(db, 'SELECT count(*) FROM agent_events WHERE workspace = ?', [workspace])[0][0]);
}
