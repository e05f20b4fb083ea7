/**
 * On-disk cache of Yahoo bars: one JSON file per symbol and interval under `<dir>/yahoo/`, holding
 * the range already asked of Yahoo (`coveredFrom`..`coveredTo`), when it was fetched, and the bars
 * as Yahoo sent them (split-adjusted close plus adjusted close, so one file serves adjusted and
 * unadjusted runs). Writes go to a temporary file that is then renamed over the old one, so a
 * crash or a second process never leaves a half-written file behind.
 *
 * The directory is the caller's: the editor passes its global storage folder, the CLI
 * {@link defaultCacheDir} (`$ALGOAGENT_CACHE_DIR`, else `$XDG_CACHE_HOME/algoagent`, else
 * `~/.cache/algoagent`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type YahooInterval, isYahooInterval } from './intervals';
import { type MarketEvents, RAW_COLUMNS, type RawBars } from './raw-bars';

export interface CacheEntry {
  symbol: string;
  interval: YahooInterval;
  /** Every bar Yahoo had in [coveredFrom, coveredTo) when asked is in `bars` (ms). */
  coveredFrom: number;
  coveredTo: number;
  /** When Yahoo was last asked (ms). A bar whose period had not ended by then may have changed since. */
  fetchedAt: number;
  currency?: string;
  timezone?: string;
  events: MarketEvents;
  bars: RawBars;
}

/** One line of `algoagent data list` / the Select Data picker. */
export interface CacheSummary {
  symbol: string;
  interval: YahooInterval;
  bars: number;
  /** First and last bar time (ms); NaN when the entry holds no bars. */
  first: number;
  last: number;
  fetchedAt: number;
  file: string;
  sizeBytes: number;
}

const FORMAT = 'algoagent-yahoo-bars';
const VERSION = 1;

/** `$ALGOAGENT_CACHE_DIR`, else `$XDG_CACHE_HOME/algoagent`, else `~/.cache/algoagent`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ALGOAGENT_CACHE_DIR) return path.resolve(env.ALGOAGENT_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'algoagent');
  return path.join(os.homedir(), '.cache', 'algoagent');
}

/** Upper-case, trimmed: Yahoo symbols are case-insensitive, the cache is not. */
export function normalizeSymbol(symbol: string): string {
  return symbol.trim().toUpperCase();
}

/** File name safe on every OS and distinct for distinct symbols: `^GSPC` → `_5EGSPC`, `_` → `_5F`. */
function fileKey(symbol: string, interval: string): string {
  const safe = normalizeSymbol(symbol).replace(/[^A-Z0-9.-]/g, (c) => '_' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `${safe}@${interval}.json`;
}

export function cacheFile(dir: string, symbol: string, interval: YahooInterval): string {
  return path.join(dir, 'yahoo', fileKey(symbol, interval));
}

export interface ReadResult {
  entry?: CacheEntry;
  /** Set when a file existed but could not be used (it is then ignored and will be replaced). */
  problem?: string;
}

export function readCache(dir: string, symbol: string, interval: YahooInterval): ReadResult {
  const file = cacheFile(dir, symbol, interval);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { problem: `cannot read the cache file ${file}: ${(err as Error).message}` };
  }
  try {
    return { entry: decode(JSON.parse(text)) };
  } catch (err) {
    return { problem: `ignored the damaged cache file ${file} (${(err as Error).message}); it will be downloaded again` };
  }
}

/** Writes `entry` atomically (temporary file + rename). */
export function writeCache(dir: string, entry: CacheEntry): string {
  const file = cacheFile(dir, entry.symbol, entry.interval);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const columns: Record<string, (number | null)[]> = {};
  for (const c of RAW_COLUMNS) columns[c] = Array.from(entry.bars[c], (v) => (v === v ? v : null));
  const json = JSON.stringify({
    format: FORMAT,
    version: VERSION,
    symbol: normalizeSymbol(entry.symbol),
    interval: entry.interval,
    coveredFrom: entry.coveredFrom,
    coveredTo: entry.coveredTo,
    fetchedAt: entry.fetchedAt,
    currency: entry.currency,
    timezone: entry.timezone,
    events: entry.events,
    columns,
  });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, json);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return file;
}

/** Every cached symbol and interval, sorted by symbol then interval. Damaged files are skipped. */
export function listCache(dir: string): CacheSummary[] {
  const sub = path.join(dir, 'yahoo');
  let names: string[];
  try {
    names = fs.readdirSync(sub);
  } catch {
    return [];
  }
  const out: CacheSummary[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(sub, name);
    try {
      const e = decode(JSON.parse(fs.readFileSync(file, 'utf8')));
      const n = e.bars.time.length;
      out.push({ symbol: e.symbol, interval: e.interval, bars: n, first: n ? e.bars.time[0] : NaN, last: n ? e.bars.time[n - 1] : NaN, fetchedAt: e.fetchedAt, file, sizeBytes: fs.statSync(file).size });
    } catch {
      // a damaged file is not listed; readCache reports it when that symbol is used
    }
  }
  return out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.interval < b.interval ? -1 : 1));
}

/** Deletes the cache of one symbol (every interval) or of everything; returns the number of files removed. */
export function clearCache(dir: string, symbol?: string): number {
  let removed = 0;
  for (const s of listCache(dir)) {
    if (symbol && s.symbol !== normalizeSymbol(symbol)) continue;
    fs.rmSync(s.file, { force: true });
    removed++;
  }
  return removed;
}

function decode(j: unknown): CacheEntry {
  const o = j as Record<string, unknown>;
  if (!o || typeof o !== 'object' || o.format !== FORMAT) throw new Error('not an AlgoAgent cache file');
  if (o.version !== VERSION) throw new Error(`cache format ${String(o.version)}, expected ${VERSION}`);
  if (typeof o.symbol !== 'string' || typeof o.interval !== 'string' || !isYahooInterval(o.interval)) throw new Error('no symbol or interval');
  for (const k of ['coveredFrom', 'coveredTo', 'fetchedAt']) if (typeof o[k] !== 'number') throw new Error(`no ${k}`);
  const cols = o.columns as Record<string, unknown> | undefined;
  if (!cols || typeof cols !== 'object') throw new Error('no columns');
  const n = Array.isArray(cols.time) ? cols.time.length : -1;
  const bars = {} as Record<(typeof RAW_COLUMNS)[number], Float64Array>;
  for (const c of RAW_COLUMNS) {
    const a = cols[c];
    if (!Array.isArray(a) || a.length !== n) throw new Error(`column ${c} missing or of the wrong length`);
    bars[c] = Float64Array.from(a, (v) => (typeof v === 'number' ? v : NaN));
  }
  for (let i = 1; i < n; i++) if (!(bars.time[i] > bars.time[i - 1])) throw new Error(`times out of order at row ${i}`);
  const ev = (o.events ?? {}) as Partial<MarketEvents>;
  return {
    symbol: o.symbol,
    interval: o.interval,
    coveredFrom: o.coveredFrom as number,
    coveredTo: o.coveredTo as number,
    fetchedAt: o.fetchedAt as number,
    currency: typeof o.currency === 'string' ? o.currency : undefined,
    timezone: typeof o.timezone === 'string' ? o.timezone : undefined,
    events: { dividends: Array.isArray(ev.dividends) ? ev.dividends : [], splits: Array.isArray(ev.splits) ? ev.splits : [] },
    bars,
  };
}
