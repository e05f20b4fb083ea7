/** Runs and strategies: rows in, Results out. Every function works on an open sql.js database. */
import * as path from 'node:path';
import { withJson } from '../engine/result';
import { drawdown, type Stats } from '../engine/stats';
import type { StrategyFailure } from '../runner/failure';
import type { DataSelection } from '../data/selection';
import { type RunPayload, readBarsFile, readRunFile, writeBarsFile, writeRunFile } from './run-files';
import type { SqlDatabase } from './sqljs';
import type { ListRunsQuery, RecordRunInput, RunRecord, RunStatus, RunSummary, StrategyRow } from './types';

type SqlValue = number | string | Uint8Array | null;

/** The key a strategy is stored under: its path relative to the workspace root, `/`-separated. */
export function strategyKey(strategyPath: string, workspaceRoot?: string): string {
  const abs = path.resolve(strategyPath);
  const root = path.resolve(workspaceRoot ?? path.dirname(abs));
  const rel = path.relative(root, abs);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return (inside ? rel : abs).split(path.sep).join('/');
}

function iso(t: Date | number | string | undefined, fallback: number): string {
  if (t === undefined) return new Date(fallback).toISOString();
  const d = t instanceof Date ? t : new Date(t);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${String(t)}`);
  return d.toISOString();
}

function defaultName(strategyPath: string): string {
  return path.basename(strategyPath).replace(/\.strategy\.(ts|js)$|\.(ts|js)$/, '');
}

/** Id of the strategy row for `key`, created when new. */
export function strategyId(db: SqlDatabase, key: string, name: string, now: string): number {
  const found = db.exec('SELECT id, name FROM strategies WHERE path = ?', [key]);
  const row = found[0]?.values[0];
  if (row) {
    if (row[1] !== name) db.run('UPDATE strategies SET name = ? WHERE id = ?', [name, row[0]]);
    return Number(row[0]);
  }
  db.run('INSERT INTO strategies (path, name, created) VALUES (?, ?, ?)', [key, name, now]);
  return Number(db.exec('SELECT last_insert_rowid()')[0].values[0][0]);
}

function lastId(db: SqlDatabase): number {
  return Number(db.exec('SELECT last_insert_rowid()')[0].values[0][0]);
}

function toF64(a: Float64Array | number[]): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a, (v) => v ?? NaN);
}

/**
 * Inserts one run (and its strategy when new; its per-bar data goes to a file in `dataDir`), then
 * trims the strategy to `keep` runs. Returns the id and how many old runs were deleted.
 */
export function insertRun(db: SqlDatabase, input: RecordRunInput, keep: number, dataDir: string): { id: number; trimmed: number } {
  const outcome = input.outcome;
  const result = input.result ?? (outcome?.ok ? outcome.result : undefined);
  const failure = input.failure ?? (outcome && !outcome.ok ? outcome.failure : undefined);
  if (!result && !failure && input.status !== 'cancelled') throw new Error('recordRun: give an outcome, a result or a failure (or status "cancelled")');
  const status: RunStatus = input.status ?? (result ? 'ok' : failure ? 'failed' : 'cancelled');
  const durationMs = input.durationMs ?? outcome?.durationMs ?? null;
  const now = Date.now();
  const finished = iso(input.finishedAt, now);
  const started = iso(input.startedAt, new Date(finished).getTime() - (durationMs ?? 0));
  const key = strategyKey(input.strategyPath, input.workspaceRoot);
  const sid = strategyId(db, key, input.strategyName ?? (result?.strategy || defaultName(input.strategyPath)), started);
  const warnings = outcome?.warnings ?? [];
  const more = outcome && !outcome.ok ? outcome.more : undefined;
  const detail = {
    strategy: result?.strategy,
    openTrades: result?.openTrades,
    indicators: result?.indicators,
    data: result?.data,
    startBar: result?.startBar,
    log: result?.log,
    console: outcome?.console ?? [],
  };
  const s = result?.stats;
  // Drawdown follows from equity; it is stored only when it differs from the engine's derivation.
  const derivable = !!result && sameColumn(result.drawdown, derivedDrawdown(toF64(result.equity)));
  const row: Record<string, SqlValue> = {
    strategy_id: sid,
    started,
    finished,
    status,
    kind: input.kind ?? 'backtest',
    data_source: input.dataSource ?? null,
    symbol: result?.data.symbol ?? input.symbol ?? null,
    interval: result?.data.interval ?? input.interval ?? null,
    data_from: result?.data.from ?? input.from ?? null,
    data_to: result?.data.to ?? input.to ?? null,
    options: JSON.stringify(result?.options ?? input.options ?? {}),
    params: JSON.stringify(result?.params ?? input.params ?? {}),
    stats: s ? JSON.stringify(s) : null,
    duration_ms: durationMs,
    return_pct: s?.returnPct ?? null,
    sharpe: s?.sharpeRatio ?? null,
    max_drawdown_pct: s?.maxDrawdownPct ?? null,
    trade_count: s?.trades ?? null,
    data_selection: input.dataSelection ? JSON.stringify(input.dataSelection) : null,
  };
  const cols = Object.keys(row);
  db.run(`INSERT INTO runs (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, cols.map((c) => row[c]));
  const id = lastId(db);
  const dataFile = writeRunFile(dataDir, id, {
    trades: result?.trades,
    equity: result ? toF64(result.equity) : undefined,
    drawdown: result && !derivable ? toF64(result.drawdown) : undefined,
    detail,
  });
  db.run('INSERT INTO run_data (run_id, data_file, bars_file, error, warnings, source) VALUES (?, ?, ?, ?, ?, ?)', [
    id,
    dataFile,
    input.bars ? writeBarsFile(dataDir, input.bars) : null,
    failure ? JSON.stringify({ failure, more }) : null,
    warnings.length ? JSON.stringify(warnings) : null,
    input.source ?? null,
  ]);
  db.run('DELETE FROM runs WHERE strategy_id = ? AND id NOT IN (SELECT id FROM runs WHERE strategy_id = ? ORDER BY id DESC LIMIT ?)', [sid, sid, keep]);
  return { id, trimmed: db.getRowsModified() };
}

const SUMMARY_COLUMNS = `r.id, s.path, s.name, r.started, r.finished, r.status, r.kind, r.data_source, r.symbol, r.interval,
  r.data_from, r.data_to, r.return_pct, r.sharpe, r.max_drawdown_pct, r.trade_count, r.duration_ms`;

function summaryFrom(v: SqlValue[]): RunSummary {
  return {
    id: Number(v[0]),
    strategy: String(v[1]),
    strategyName: String(v[2]),
    started: String(v[3]),
    finished: v[4] as string | null,
    status: v[5] as RunStatus,
    kind: v[6] as RunSummary['kind'],
    dataSource: v[7] as string | null,
    symbol: v[8] as string | null,
    interval: v[9] as string | null,
    from: v[10] as string | null,
    to: v[11] as string | null,
    returnPct: v[12] as number | null,
    sharpeRatio: v[13] as number | null,
    maxDrawdownPct: v[14] as number | null,
    trades: v[15] as number | null,
    durationMs: v[16] as number | null,
  };
}

/**
 * Runs, newest first. SQLite builds the whole list as one JSON text (reals print with round-trip
 * precision), so a long list costs one JSON.parse instead of a call per cell.
 */
export function selectRuns(db: SqlDatabase, q: ListRunsQuery = {}): RunSummary[] {
  const where: string[] = [];
  const args: SqlValue[] = [];
  if (q.strategy !== undefined) {
    where.push('s.path = ?');
    args.push(q.strategy);
  }
  if (q.status !== undefined) {
    where.push('r.status = ?');
    args.push(q.status);
  }
  let inner = `SELECT ${SUMMARY_COLUMNS}${q.withStats ? ', r.stats' : ''} FROM runs r JOIN strategies s ON s.id = r.strategy_id`;
  if (where.length) inner += ` WHERE ${where.join(' AND ')}`;
  inner += ' ORDER BY r.id DESC';
  if (q.limit !== undefined) {
    inner += ' LIMIT ?';
    args.push(q.limit);
  }
  const cells = SUMMARY_COLUMNS.split(',').map((c) => c.trim().replace(/^\w+\./, ''));
  cells[1] = 'path';
  cells[2] = 'name';
  if (q.withStats) cells.push('json(stats)');
  const text = db.exec(`SELECT json_group_array(json_array(${cells.join(', ')})) FROM (${inner})`, args)[0]?.values[0]?.[0];
  const rows = JSON.parse(String(text ?? '[]')) as SqlValue[][];
  return rows.map((v) => {
    const summary = summaryFrom(v);
    if (q.withStats) summary.stats = (v[17] ?? null) as Stats | null;
    return summary;
  });
}

/**
 * The Result's drawdown column as the engine derives it from equity (percent below the running
 * peak, 0 where undefined). Runs whose stored drawdown is exactly this keep none on disk.
 */
export function derivedDrawdown(equity: Float64Array): Float64Array {
  const dd = drawdown(equity);
  for (let i = 0; i < dd.length; i++) dd[i] = dd[i] === dd[i] ? dd[i] * 100 : 0;
  return dd;
}

function sameColumn(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}


/** One run in full, or undefined when there is no such run. */
export function selectRun(db: SqlDatabase, id: number, dataDir: string): RunRecord | undefined {
  const stmt = db.prepare(
    `SELECT ${SUMMARY_COLUMNS}, r.stats, d.data_file, d.error, d.warnings, d.source, r.options, r.params, d.bars_file, r.data_selection
     FROM runs r JOIN strategies s ON s.id = r.strategy_id LEFT JOIN run_data d ON d.run_id = r.id WHERE r.id = ?`,
  );
  let v: SqlValue[];
  try {
    stmt.bind([id]);
    if (!stmt.step()) return undefined;
    v = stmt.get() as SqlValue[];
  } finally {
    stmt.free();
  }
  const summary = summaryFrom(v);
  const [stats, dataFile, error, warnings, source, options, params, barsFile, selection] = v.slice(17);
  const payload: RunPayload | undefined = dataFile ? readRunFile(dataDir, String(dataFile)) : undefined;
  const detail = payload?.detail ?? {};
  const record: RunRecord = {
    ...summary,
    stats: stats === null ? null : (JSON.parse(String(stats)) as Stats),
    warnings: warnings ? (JSON.parse(String(warnings)) as StrategyFailure[]) : [],
    console: detail.console ?? [],
    source: source as string | null,
    options: options ? (JSON.parse(String(options)) as Record<string, unknown>) : {},
    params: params ? (JSON.parse(String(params)) as Record<string, unknown>) : {},
  };
  if (barsFile) {
    const bars = readBarsFile(dataDir, String(barsFile));
    if (bars) record.bars = bars;
  }
  if (selection) record.dataSelection = JSON.parse(String(selection)) as DataSelection;
  if (error) {
    const e = JSON.parse(String(error)) as { failure: StrategyFailure; more?: StrategyFailure[] };
    record.failure = e.failure;
    if (e.more) record.moreFailures = e.more;
  }
  if (record.stats && !payload?.equity) record.missingData = `the data file of run #${summary.id} is missing from ${dataDir}`;
  if (record.stats && payload?.equity) {
    const eq = payload.equity;
    record.result = withJson({
      strategy: detail.strategy ?? summary.strategyName,
      stats: record.stats,
      trades: payload.trades ?? [],
      openTrades: detail.openTrades ?? [],
      equity: eq,
      drawdown: payload.drawdown ?? derivedDrawdown(eq),
      indicators: detail.indicators ?? [],
      params: record.params,
      options: record.options,
      data: detail.data ?? { symbol: summary.symbol ?? '', interval: summary.interval ?? '', bars: eq.length, from: summary.from ?? '', to: summary.to ?? '' },
      startBar: detail.startBar ?? 0,
      log: detail.log ?? [],
    });
  }
  return record;
}

export function removeRun(db: SqlDatabase, id: number): boolean {
  db.run('DELETE FROM runs WHERE id = ?', [id]);
  return db.getRowsModified() > 0;
}

export function selectStrategies(db: SqlDatabase): StrategyRow[] {
  const rows = db.exec(
    `SELECT s.id, s.path, s.name, s.created, s.spec, count(r.id), max(r.started)
     FROM strategies s LEFT JOIN runs r ON r.strategy_id = s.id GROUP BY s.id ORDER BY max(r.id) DESC, s.id DESC`,
  );
  return (rows[0]?.values ?? []).map((v) => ({
    id: Number(v[0]),
    path: String(v[1]),
    name: String(v[2]),
    created: String(v[3]),
    spec: v[4] ? (JSON.parse(String(v[4])) as unknown) : null,
    runs: Number(v[5]),
    lastRun: v[6] as string | null,
  }));
}
