/**
 * The data service: turns what the user chose (a {@link DataSelection}) into the engine's Bars.
 *
 * - `sample`: the bundled synthetic series;
 * - `csv`: a file in the workspace, through the CSV loader (errors name file, line and reason);
 * - `symbol`: Yahoo Finance through the on-disk cache (see cached-chart.ts), adjusted for splits
 *   and dividends by default for daily and longer bars.
 *
 * Several selections can be loaded aligned on time for portfolio runs ({@link loadAligned}).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Bars, parseIsoUtc } from '../engine/bars';
import { defaultAdjust, toBars } from './adjust';
import { cachedChart } from './cached-chart';
import { loadCsv } from './csv';
import { MarketDataError } from './errors';
import { DAY, defaultFrom, toYahooInterval } from './intervals';
import { SAMPLE_LABEL, sampleBars } from './sample';
import { type DataSelection, describeSelection } from './selection';
import { type MarketEvents, iso } from './raw-bars';

export interface LoadOptions {
  /** Folder of the on-disk Yahoo cache. */
  cacheDir: string;
  signal?: AbortSignal;
  /** fetch for Yahoo requests (default: the global one). */
  fetch?: typeof fetch;
  /** Yahoo origin override (tests: the fake server on 127.0.0.1). */
  baseUrl?: string;
  /** Clock (ms); default Date.now. */
  now?: () => number;
  /** Multiply OHLC by adjclose/close; default on for daily and longer bars, off for intraday. */
  adjust?: boolean;
  /** Serve only from the cache. */
  offline?: boolean;
  /** How long a forming bar is trusted before it is fetched again (ms). */
  refreshMs?: number;
  /** Pauses before retries of 429 / 5xx (ms). */
  retryDelaysMs?: readonly number[];
  /** Folder relative CSV paths are resolved against (default: the process's cwd). */
  cwd?: string;
}

export interface LoadedBars {
  bars: Bars;
  /** Things the user should know (dropped null bars, stale cache used offline, rescaled cache …). */
  warnings: string[];
  /** Where the bars came from, in words, e.g. `Yahoo Finance AAPL 1d (adjusted), downloaded 2024-05-02 14:03Z`. */
  source: string;
  /** Splits and dividends in the range (Yahoo only). */
  events?: MarketEvents;
  /** When the Yahoo data was downloaded (ms). */
  fetchedAt?: number;
}

export async function loadBars(selection: DataSelection, opts: LoadOptions): Promise<LoadedBars> {
  switch (selection.kind) {
    case 'sample':
      return { bars: sampleBars(), warnings: [], source: SAMPLE_LABEL };
    case 'csv': {
      const file = path.resolve(opts.cwd ?? process.cwd(), selection.path);
      if (!fs.existsSync(file)) throw new MarketDataError('invalid', `no such CSV file: ${file}`);
      if (!fs.statSync(file).isFile()) throw new MarketDataError('invalid', `${file} is not a file`);
      return { bars: loadCsv(file), warnings: [], source: `CSV file ${selection.path}` };
    }
    case 'symbol':
      return loadSymbol(selection, opts);
  }
}

async function loadSymbol(sel: Extract<DataSelection, { kind: 'symbol' }>, opts: LoadOptions): Promise<LoadedBars> {
  const symbol = sel.symbol.trim().toUpperCase();
  if (!/^[A-Z0-9^=._\-&]{1,32}$/.test(symbol)) {
    throw new MarketDataError('invalid', `"${sel.symbol}" is not a ticker symbol Yahoo uses (letters, digits and ^ = . - _ &, e.g. AAPL, BRK-B, ^GSPC, EURUSD=X)`, sel.symbol);
  }
  let interval;
  try {
    interval = toYahooInterval(sel.interval);
  } catch (err) {
    throw new MarketDataError('invalid', (err as Error).message, symbol);
  }
  const now = (opts.now ?? Date.now)();
  const from = sel.from ? parseDate(sel.from, 'from', symbol) : defaultFrom(interval, now);
  const to = sel.to ? endOfDate(sel.to, symbol) : now;
  if (!(to > from)) throw new MarketDataError('invalid', `${symbol}: "from" (${iso(from)}) must be before "to" (${iso(to)})`, symbol);
  const chart = await cachedChart(
    { symbol, interval, from, to },
    { cacheDir: opts.cacheDir, signal: opts.signal, fetch: opts.fetch, baseUrl: opts.baseUrl, now: () => now, offline: opts.offline, refreshMs: opts.refreshMs, retryDelaysMs: opts.retryDelaysMs },
  );
  const adjust = opts.adjust ?? defaultAdjust(interval);
  const { bars, dropped } = toBars(chart.bars, symbol, interval, adjust);
  const warnings = [...chart.warnings];
  if (dropped) warnings.push(`${symbol} ${interval}: dropped ${dropped} bar(s) without an adjusted close (run without adjustment to keep them)`);
  if (bars.time.length === 0) throw new MarketDataError('no-data', `${symbol} ${interval}: no usable bars between ${iso(from)} and ${iso(to)}`, symbol);
  const adjusted = adjust && chart.bars.adjclose.some((v) => v === v);
  const how = adjusted ? 'adjusted for splits and dividends' : 'adjusted for splits only';
  const when = chart.origin === 'network' ? 'downloaded' : chart.origin === 'cache' ? 'cached, downloaded' : 'OFFLINE copy downloaded';
  return {
    bars,
    warnings,
    source: `Yahoo Finance ${symbol} ${interval} (${how}), ${when} ${iso(Math.floor(chart.fetchedAt / 60_000) * 60_000)}`,
    events: chart.events,
    fetchedAt: chart.fetchedAt,
  };
}

function parseDate(s: string, what: string, symbol: string): number {
  const t = parseIsoUtc(s);
  if (!Number.isFinite(t)) throw new MarketDataError('invalid', `${symbol}: "${what}" must be a date like 2015-01-31, got "${s}"`, symbol);
  return t;
}

/** A bare date as "to" includes that whole day. */
function endOfDate(s: string, symbol: string): number {
  const t = parseDate(s, 'to', symbol);
  return /^\d{4}-\d\d-\d\d$/.test(s.trim()) ? t + DAY : t + 1;
}

export interface AlignedBars {
  /** One Bars per input, all with the same `time` column. */
  bars: Bars[];
  time: Float64Array;
  warnings: string[];
  sources: string[];
}

/**
 * Loads several instruments and keeps only the times all of them have (an inner join), so that
 * bar k is the same moment in every series. Plain strings are symbols with the shared
 * `interval` / `from` / `to`. Loads one at a time to stay gentle with Yahoo.
 */
export async function loadAligned(
  items: readonly (string | DataSelection)[],
  opts: LoadOptions & { interval?: string; from?: string; to?: string },
): Promise<AlignedBars> {
  if (items.length === 0) throw new MarketDataError('invalid', 'loadAligned: give at least one symbol');
  const sels: DataSelection[] = items.map((x) => (typeof x === 'string' ? { kind: 'symbol', symbol: x, interval: opts.interval ?? '1d', from: opts.from, to: opts.to } : x));
  const loaded: LoadedBars[] = [];
  for (const s of sels) loaded.push(await loadBars(s, opts));

  // Times every series has.
  let common = new Set<number>(loaded[0].bars.time);
  for (const l of loaded.slice(1)) {
    const next = new Set<number>();
    for (const t of l.bars.time) if (common.has(t)) next.add(t);
    common = next;
  }
  const time = Float64Array.from([...common].sort((a, b) => a - b));
  if (time.length < 2) {
    throw new MarketDataError('no-data', `${sels.map(describeSelection).join(', ')} share ${time.length} bar time(s); aligned runs need at least 2. Use the same interval and an overlapping range (daily bars of exchanges in different time zones do align by date).`);
  }
  const warnings = loaded.flatMap((l) => l.warnings);
  const bars = loaded.map((l, k) => {
    const b = l.bars;
    const idx: number[] = [];
    let j = 0;
    for (let i = 0; i < b.time.length; i++) {
      if (j < time.length && b.time[i] === time[j]) {
        idx.push(i);
        j++;
      }
    }
    const lost = b.time.length - idx.length;
    if (lost) warnings.push(`${b.symbol ?? describeSelection(sels[k])}: ${lost} bar(s) left out because not every symbol has them`);
    const pick = (c: Float64Array) => Float64Array.from(idx, (i) => c[i]);
    return { ...b, time: time.slice(), open: pick(b.open), high: pick(b.high), low: pick(b.low), close: pick(b.close), volume: pick(b.volume) };
  });
  return { bars, time, warnings, sources: loaded.map((l) => l.source) };
}
