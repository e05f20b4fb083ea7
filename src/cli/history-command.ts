/**
 * `algoagent history`: the runs kept in the history database, and the helper `backtest`,
 * `optimize`, `new` and `fix` call to record a run when a database is set (`--db <path>` or the
 * ALGOAGENT_DB environment variable).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { formatFailure } from '../runner/failure';
import { LockTimeoutError, NewerSchemaError, Store, strategyKey, type RecordRunInput, type RunSummary } from '../store';
import { type FlagSpec, type ParsedArgs, UsageError, flag, numberFlag, parseArgs } from './args';
import type { Io } from './commands';
import { statsTable, tradeSummary } from './format';

/** Add to the flags of backtest / optimize / new / fix. */
export const HISTORY_FLAGS: Record<string, FlagSpec> = { db: { value: true } };

export const HISTORY_FLAGS_HELP = `History:
  --db <file>             record the run in this history database (default: $ALGOAGENT_DB; none when unset)
`;

const FLAGS: Record<string, FlagSpec> = { ...HISTORY_FLAGS, json: {}, show: { value: true }, limit: { value: true }, root: { value: true }, help: {} };

export const HELP_HISTORY = `algoagent history [<strategy-file>] [--json] [--limit n] [--db <file>]
algoagent history --show <id> [--json] [--db <file>]

Lists the runs recorded in the history database, newest first (all strategies, or one file's), or
shows one run. The database is --db <file>, else $ALGOAGENT_DB. backtest, optimize, new and fix
record their runs there when either is set.
  --json                  list: [{ id, strategy, started, status, symbol, stats }]; --show: the run's Result JSON
  --limit <n>             only the newest n runs
  --root <dir>            folder strategy paths are relative to (default: the current folder)
`;

/** The database the command line asks for, if any. */
export function historyDbPath(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const p = flag(args, 'db') ?? env.ALGOAGENT_DB;
  return p && p.trim() ? path.resolve(p) : undefined;
}

/** Folder strategy paths are stored relative to: --root, else the current folder when the file is inside it. */
export function historyRoot(file: string, args: ParsedArgs, cwd = process.cwd()): string {
  const root = flag(args, 'root');
  if (root) return path.resolve(root);
  const abs = path.resolve(file);
  return abs.startsWith(cwd + path.sep) ? cwd : path.dirname(abs);
}

/**
 * Records a run when a database is set; returns its id, or undefined when none is set or recording
 * failed (a warning on stderr: the run itself stands). Used by backtest, optimize, new and fix.
 */
export async function recordCliRun(args: ParsedArgs, io: Io, input: RecordRunInput, env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  const db = historyDbPath(args, env);
  if (!db) return undefined;
  let store: Store | undefined;
  try {
    store = await Store.open(db, { onRecovered: (r) => io.err(`warning: history database ${r.file} could not be read (${r.reason}); it was moved to ${r.movedTo} and a new one started\n`) });
    return await store.recordRun({ workspaceRoot: historyRoot(input.strategyPath, args), ...input });
  } catch (err) {
    io.err(`warning: the run was not recorded in ${db}: ${(err as Error).message}\n`);
    return undefined;
  } finally {
    await store?.close();
  }
}

function pct(v: number | null): string {
  return v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}%`;
}

function table(runs: RunSummary[]): string {
  if (!runs.length) return 'no runs recorded';
  const rows = runs.map((r) => [
    `#${r.id}`,
    r.started.slice(0, 16).replace('T', ' '),
    r.status,
    r.strategy,
    r.symbol ?? '—',
    pct(r.returnPct),
    r.sharpeRatio === null ? '—' : r.sharpeRatio.toFixed(2),
    r.trades === null ? '—' : String(r.trades),
  ]);
  const head = ['run', 'started (UTC)', 'status', 'strategy', 'symbol', 'return', 'Sharpe', 'trades'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((s, c) => (c >= 5 ? s.padStart(widths[c]) : s.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

async function run(args: ParsedArgs, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const db = historyDbPath(args, env);
  if (!db) throw new UsageError('history: no database; give --db <file> or set ALGOAGENT_DB');
  if (!existsSync(db)) throw new UsageError(`history: no history database at ${db} (runs are recorded there when --db or ALGOAGENT_DB is set)`);
  const store = await Store.open(db, { onRecovered: (r) => io.err(`warning: ${r.file} could not be read (${r.reason}); moved to ${r.movedTo}\n`) });
  try {
    const json = args.flags.has('json');
    const show = flag(args, 'show');
    if (show !== undefined) {
      if (args.positionals.length) throw new UsageError('history --show takes a run id, not a strategy file');
      const id = Number(show);
      if (!Number.isInteger(id) || id < 1) throw new UsageError(`--show must be a run id (a whole number ≥ 1), got "${show}"`);
      const rec = store.getRun(id);
      if (!rec) throw new UsageError(`history: no run #${id} in ${db}`);
      if (!rec.result) {
        if (rec.missingData) throw new UsageError(`history: run #${id} cannot be shown: ${rec.missingData}`);
        if (json) io.out(JSON.stringify({ id: rec.id, strategy: rec.strategy, status: rec.status, failure: rec.failure ?? null }) + '\n');
        else io.out(`run #${rec.id} ${rec.strategy} ${rec.status} at ${rec.started}\n`);
        if (rec.failure) io.err(formatFailure(rec.failure) + '\n');
        return 1;
      }
      if (json) io.out(JSON.stringify(rec.result) + '\n');
      else {
        const r = rec.result;
        io.out(`run #${rec.id} ${rec.strategy} (${rec.status}) started ${rec.started}\n${r.strategy} on ${r.data.symbol || 'data'} ${r.data.interval} (${r.data.bars} bars, ${r.data.from.slice(0, 10)} .. ${r.data.to.slice(0, 10)})\n\n${statsTable(r.stats)}\n\n${tradeSummary(r)}\n`);
      }
      return 0;
    }
    const [file, extra] = args.positionals;
    if (extra) throw new UsageError(`history: unexpected argument "${extra}"`);
    const limit = numberFlag(args, 'limit', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
    const strategy = file === undefined ? undefined : strategyKey(file, historyRoot(file, args));
    const runs = store.listRuns({ strategy, limit, withStats: json });
    if (json) io.out(JSON.stringify(runs.map((r) => ({ id: r.id, strategy: r.strategy, started: r.started, status: r.status, symbol: r.symbol, stats: r.stats ?? null }))) + '\n');
    else io.out(table(runs) + '\n');
    return 0;
  } finally {
    await store.close();
  }
}

export async function historyCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const args = parseArgs(argv, FLAGS);
    if (args.flags.has('help')) return io.out(HELP_HISTORY), 0;
    return await run(args, io, env);
  } catch (err) {
    if (err instanceof UsageError || err instanceof NewerSchemaError || err instanceof LockTimeoutError) {
      io.err(`algoagent: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
