/**
 * `algoagent data …`: download Yahoo bars into the cache (optionally as CSV), list and clear the
 * cache, check a CSV file. Also the pieces `backtest`, `optimize`, `new --run` and `fix` use for
 * `--symbol <SYMBOL> [--interval 1d]`: {@link SYMBOL_FLAGS}, {@link selectionFromArgs} and
 * {@link barsForRun}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_LABEL } from '../data/sample';
import { defaultCacheDir, clearCache, listCache } from '../data/cache';
import { CsvError, loadCsv } from '../data/csv';
import { writeCsv } from '../data/csv-write';
import { MarketDataError } from '../data/errors';
import { type LoadOptions, type LoadedBars, loadBars } from '../data/market-data';
import type { StrategyMeta } from '../data/meta';
import type { DataSelection } from '../data/selection';
import { iso } from '../data/raw-bars';
import { type FlagSpec, type ParsedArgs, UsageError, flag, parseArgs } from './args';
import type { Io } from './commands';
import { barsFromArgs } from './data-source';

/** Flags to add to backtest / optimize / new / fix (beside the existing --data, --sample, --from, --to). */
export const SYMBOL_FLAGS: Record<string, FlagSpec> = {
  symbol: { value: true },
  interval: { value: true },
  'no-adjust': {},
  offline: {},
  'cache-dir': { value: true },
};

export const SYMBOL_FLAGS_HELP = `Market data (Yahoo Finance, cached for offline use):
  --symbol <SYMBOL>       Yahoo ticker, e.g. AAPL, BTC-USD, ^GSPC, EURUSD=X (default: the strategy's meta.symbol)
  --interval <i>          1m 2m 5m 15m 30m 60m 90m 1h 1d 5d 1wk 1mo 3mo (default 1d)
  --no-adjust             keep prices unadjusted for dividends (adjusted by default for 1d and longer)
  --offline               use only cached bars, never contact Yahoo
  --cache-dir <dir>       cache folder (default $ALGOAGENT_CACHE_DIR or ~/.cache/algoagent)
`;

/**
 * What the command line asks for: `--symbol` (with `--interval`, `--from`, `--to`), `--data`,
 * `--sample`, or nothing (undefined: the strategy's meta or the sample decides).
 */
export function selectionFromArgs(args: ParsedArgs, meta?: StrategyMeta): DataSelection | undefined {
  const symbol = flag(args, 'symbol');
  const data = flag(args, 'data');
  const sample = args.flags.has('sample');
  if ([symbol !== undefined, data !== undefined, sample].filter(Boolean).length > 1) {
    throw new UsageError('give only one of --symbol, --data and --sample');
  }
  if (data !== undefined) return { kind: 'csv', path: data };
  if (sample) return { kind: 'sample' };
  const fromMeta: DataSelection | undefined = meta?.symbol ? { kind: 'symbol', symbol: meta.symbol, interval: meta.interval ?? '1d', from: meta.from, to: meta.to } : undefined;
  if (symbol === undefined && !fromMeta) {
    if (args.flags.has('interval')) throw new UsageError('--interval needs --symbol (or a strategy whose meta names a symbol)');
    return undefined;
  }
  if (symbol !== undefined && !symbol.trim()) throw new UsageError('--symbol needs a ticker, e.g. --symbol AAPL');
  const base = symbol !== undefined ? { symbol, interval: '1d' } : (fromMeta as Extract<DataSelection, { kind: 'symbol' }>);
  return {
    kind: 'symbol',
    symbol: base.symbol.trim().toUpperCase(),
    interval: flag(args, 'interval') ?? base.interval,
    from: flag(args, 'from') ?? (symbol === undefined ? fromMeta?.kind === 'symbol' ? fromMeta.from : undefined : undefined),
    to: flag(args, 'to') ?? (symbol === undefined ? fromMeta?.kind === 'symbol' ? fromMeta.to : undefined : undefined),
  };
}

/**
 * The bars a run uses: `--symbol` / the strategy's meta through the Yahoo cache, else `--data` /
 * `--sample` as before (cut to `--from`/`--to`). Throws UsageError, CsvError or MarketDataError.
 */
export async function barsForRun(args: ParsedArgs, meta?: StrategyMeta, extra: Partial<LoadOptions> = {}): Promise<LoadedBars> {
  const sel = selectionFromArgs(args, meta);
  if (sel?.kind !== 'symbol') {
    const bars = barsFromArgs(args);
    return { bars, warnings: [], source: sel?.kind === 'csv' ? `CSV file ${sel.path}` : SAMPLE_LABEL };
  }
  return loadBars(sel, { cacheDir: cacheDirFromArgs(args), adjust: args.flags.has('no-adjust') ? false : undefined, offline: args.flags.has('offline'), ...extra });
}

export function cacheDirFromArgs(args: ParsedArgs): string {
  return path.resolve(flag(args, 'cache-dir') ?? defaultCacheDir());
}

const DATA_FLAGS: Record<string, FlagSpec> = { ...SYMBOL_FLAGS, from: { value: true }, to: { value: true }, csv: { value: true }, json: {}, help: {} };

export const HELP_DATA = `algoagent data — market data for backtests

Usage:
  algoagent data download <SYMBOL> [--interval 1d] [--from D] [--to D] [--csv out.csv] [--no-adjust]
  algoagent data list [--json]
  algoagent data clear [SYMBOL]
  algoagent data check <file.csv>

download  fetches bars from Yahoo Finance into the cache (only the bars not cached yet), and
          with --csv also writes them as a CSV file that --data reads.
list      shows what is cached; clear deletes it (one symbol or everything).
check     reads a CSV file as a backtest would and reports the first problem with its line.

${SYMBOL_FLAGS_HELP}`;

/** `algoagent data <download|list|clear|check>`. Exit codes: 0 ok, 2 usage or data error. */
export async function dataCommand(argv: string[], io: Io, extra: Partial<LoadOptions> = {}): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    const args = parseArgs(rest, DATA_FLAGS);
    if (sub === undefined || sub === 'help' || sub === '--help' || args.flags.has('help')) return io.out(HELP_DATA), sub === undefined ? 2 : 0;
    switch (sub) {
      case 'download':
        return await download(args, io, extra);
      case 'list':
        return list(args, io);
      case 'clear': {
        const n = clearCache(cacheDirFromArgs(args), args.positionals[0]);
        io.out(`removed ${n} cached file(s)${args.positionals[0] ? ` for ${args.positionals[0].toUpperCase()}` : ''}\n`);
        return 0;
      }
      case 'check':
        return check(args, io);
      default:
        throw new UsageError(`unknown data command "${sub}" (download, list, clear, check)`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof MarketDataError || err instanceof CsvError) {
      io.err(`algoagent: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function download(args: ParsedArgs, io: Io, extra: Partial<LoadOptions>): Promise<number> {
  const [symbol, more] = args.positionals;
  if (!symbol) throw new UsageError('data download: give a symbol, e.g. algoagent data download AAPL --interval 1d --from 2015-01-01');
  if (more) throw new UsageError(`data download: unexpected argument "${more}"`);
  const sel: DataSelection = { kind: 'symbol', symbol, interval: flag(args, 'interval') ?? '1d', from: flag(args, 'from'), to: flag(args, 'to') };
  const r = await loadBars(sel, { cacheDir: cacheDirFromArgs(args), adjust: args.flags.has('no-adjust') ? false : undefined, offline: args.flags.has('offline'), ...extra });
  for (const w of r.warnings) io.err(`warning: ${w}\n`);
  const b = r.bars;
  const csv = flag(args, 'csv');
  if (csv) writeCsv(csv, b);
  if (args.flags.has('json')) {
    io.out(JSON.stringify({ symbol: b.symbol, interval: b.interval, bars: b.time.length, from: iso(b.time[0]), to: iso(b.time[b.time.length - 1]), source: r.source, csv, warnings: r.warnings }) + '\n');
  } else {
    io.out(`${b.symbol} ${b.interval}: ${b.time.length} bars, ${iso(b.time[0])} .. ${iso(b.time[b.time.length - 1])}\n${r.source}\n${csv ? `written to ${csv}\n` : ''}`);
  }
  return 0;
}

function list(args: ParsedArgs, io: Io): number {
  const dir = cacheDirFromArgs(args);
  const items = listCache(dir);
  if (args.flags.has('json')) {
    io.out(JSON.stringify(items.map((s) => ({ ...s, first: iso(s.first), last: iso(s.last), fetchedAt: new Date(s.fetchedAt).toISOString() }))) + '\n');
    return 0;
  }
  if (!items.length) {
    io.out(`nothing cached yet in ${dir} (algoagent data download <SYMBOL>)\n`);
    return 0;
  }
  const rows = [['SYMBOL', 'INTERVAL', 'BARS', 'FIRST', 'LAST', 'DOWNLOADED', 'SIZE']];
  for (const s of items) {
    rows.push([s.symbol, s.interval, String(s.bars), s.bars ? iso(s.first) : '-', s.bars ? iso(s.last) : '-', iso(Math.floor(s.fetchedAt / 60_000) * 60_000), `${Math.max(1, Math.round(s.sizeBytes / 1024))} KB`]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  io.out(rows.map((r) => r.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n') + `\n\ncache: ${dir}\n`);
  return 0;
}

function check(args: ParsedArgs, io: Io): number {
  const [file] = args.positionals;
  if (!file) throw new UsageError('data check: give a CSV file');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`no such file: ${file}`);
  }
  if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
  const b = loadCsv(file);
  io.out(`${file}: ${b.time.length} bars, ${iso(b.time[0])} .. ${iso(b.time[b.time.length - 1])}, interval ${b.interval ?? 'unknown'}\n`);
  return 0;
}
