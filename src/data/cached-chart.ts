/**
 * Yahoo bars through the on-disk cache.
 *
 * - Miss: fetch the whole range, store it.
 * - Hit: the range is covered and the newest bar is recent enough → no request at all.
 * - Incremental update: only the bars after the cached ones are fetched, starting at the last bar
 *   that was complete when the cache was written (so it also serves as an overlap to check the
 *   price basis: if Yahoo's prices for that bar changed — a split or a new dividend since — the
 *   cached bars are rescaled to the new basis). Older bars than cached are fetched the same way.
 * - Today's bar: a bar whose period had not ended when it was fetched is fetched again once
 *   `refreshMs` has passed (default 15 minutes for daily bars, one bar for intraday ones).
 * - Offline (network down, rate-limited, Yahoo failing): the cached bars are served with a warning
 *   naming the date they were downloaded; with nothing cached the error says so plainly.
 */
import { type CacheEntry, normalizeSymbol, readCache, writeCache } from './cache';
import { MarketDataError, allowsCacheFallback } from './errors';
import { type YahooInterval, earliestServed, intervalMs, isIntraday } from './intervals';
import { type MarketEvents, RAW_COLUMNS, type RawBars, emptyRaw, iso, sliceRaw } from './raw-bars';
import { type ChartData, type YahooOptions, fetchChart } from './yahoo';

export interface CachedChartRequest {
  symbol: string;
  interval: YahooInterval;
  /** ms, inclusive. */
  from: number;
  /** ms, exclusive; capped at now. */
  to: number;
}

export interface CachedChartOptions extends YahooOptions {
  cacheDir: string;
  /** How long a still-forming bar is trusted before it is fetched again (ms). */
  refreshMs?: number;
  /** Never contact Yahoo; serve the cache (or fail saying nothing is cached). */
  offline?: boolean;
}

export interface CachedChart {
  symbol: string;
  interval: YahooInterval;
  /** Bars in [from, to). */
  bars: RawBars;
  events: MarketEvents;
  warnings: string[];
  /** `network` when Yahoo was asked for something, `cache` when the cache answered alone. */
  origin: 'network' | 'cache' | 'cache-offline';
  /** When the newest data was downloaded (ms). */
  fetchedAt: number;
  /** Bars Yahoo sent without prices in this update (dropped). */
  droppedNullBars: number;
}

export function defaultRefreshMs(interval: YahooInterval): number {
  return isIntraday(interval) ? Math.max(60_000, intervalMs(interval)) : 15 * 60_000;
}

export async function cachedChart(req: CachedChartRequest, opts: CachedChartOptions): Promise<CachedChart> {
  const now = (opts.now ?? Date.now)();
  const symbol = normalizeSymbol(req.symbol);
  const { interval } = req;
  const from = req.from;
  const to = Math.min(req.to, now);
  if (!(to > from)) throw new MarketDataError('invalid', `${symbol} ${interval}: the range from ${iso(from)} to ${iso(req.to)} is empty or in the future`, symbol);
  const refreshMs = opts.refreshMs ?? defaultRefreshMs(interval);
  const warnings: string[] = [];
  const { entry, problem } = readCache(opts.cacheDir, symbol, interval);
  if (problem) warnings.push(problem);

  // What to ask Yahoo for.
  const wants: { from: number; to: number; part: 'all' | 'older' | 'newer' }[] = [];
  if (!entry) {
    wants.push({ from, to, part: 'all' });
  } else {
    const n = entry.bars.time.length;
    if (from < entry.coveredFrom) wants.push({ from, to: n ? entry.bars.time[0] + 1 : entry.coveredFrom, part: 'older' });
    const current = entry.coveredTo >= entry.fetchedAt - 60_000; // the cache reached "now" when written
    const tooSoon = current && now - entry.fetchedAt < refreshMs;
    if (to > entry.coveredTo && !tooSoon) {
      const anchor = lastCompleteBar(entry);
      let start = anchor ?? entry.coveredTo;
      const earliest = earliestServed(interval, now);
      if (start < earliest) {
        warnings.push(`${symbol} ${interval}: Yahoo no longer serves the bars between ${iso(start)} and ${iso(earliest)}; the cache has a gap there`);
        start = earliest;
      }
      wants.push({ from: start, to, part: 'newer' });
    }
  }

  if (!wants.length || opts.offline) {
    if (!entry) throw nothingCached(symbol, interval, from, to, opts.offline ? 'offline mode is on' : undefined);
    if (opts.offline && wants.length) warnings.push(staleNote(entry, 'offline mode is on'));
    return fromEntry(entry, from, to, warnings, opts.offline && wants.length ? 'cache-offline' : 'cache', 0);
  }

  let merged: CacheEntry | undefined = entry;
  let dropped = 0;
  try {
    for (const w of wants) {
      const data = await fetchChart({ symbol, interval, from: w.from, to: w.to }, { ...opts, now: () => now });
      warnings.push(...data.warnings);
      dropped += data.droppedNullBars;
      merged = merge(merged, data, w, now, warnings);
    }
  } catch (err) {
    if (!(err instanceof MarketDataError) || !allowsCacheFallback(err.kind)) throw err;
    if (!entry || !overlaps(entry, from, to)) {
      throw new MarketDataError(err.kind, `${err.message} Nothing is cached for ${symbol} ${interval} between ${iso(from)} and ${iso(to)}, so there is no offline copy to use; connect once to download it, or run on a CSV file or the sample data.`, symbol, { cause: err });
    }
    warnings.push(staleNote(entry, err.message));
    return fromEntry(entry, from, to, warnings, 'cache-offline', 0);
  }
  writeCache(opts.cacheDir, merged!);
  return fromEntry(merged!, from, to, warnings, 'network', dropped);
}

function nothingCached(symbol: string, interval: string, from: number, to: number, why?: string): MarketDataError {
  return new MarketDataError('network', `No cached bars for ${symbol} ${interval} between ${iso(from)} and ${iso(to)}${why ? ` and ${why}` : ''}. Download them once while online (AlgoAgent: Download Market Data, or algoagent data download ${symbol} --interval ${interval}).`, symbol);
}

function staleNote(e: CacheEntry, why: string): string {
  const n = e.bars.time.length;
  return `${e.symbol} ${e.interval}: using cached bars downloaded ${iso(Math.floor(e.fetchedAt / 60_000) * 60_000)}${n ? ` (last bar ${iso(e.bars.time[n - 1])})` : ''} because Yahoo Finance could not be used: ${why}`;
}

function overlaps(e: CacheEntry, from: number, to: number): boolean {
  const t = e.bars.time;
  for (let i = 0; i < t.length; i++) if (t[i] >= from && t[i] < to) return true;
  return false;
}

/** The last cached bar whose period had ended when it was fetched (the first one that need not change). */
function lastCompleteBar(e: CacheEntry): number | undefined {
  const t = e.bars.time;
  const len = intervalMs(e.interval);
  for (let i = t.length - 1; i >= 0; i--) if (t[i] + len <= e.fetchedAt) return t[i];
  return t.length ? t[0] : undefined;
}

function fromEntry(e: CacheEntry, from: number, to: number, warnings: string[], origin: CachedChart['origin'], dropped: number): CachedChart {
  const t = e.bars.time;
  let a = 0;
  while (a < t.length && t[a] < from) a++;
  let b = a;
  while (b < t.length && t[b] < to) b++;
  if (b === a) {
    throw new MarketDataError('no-data', `Yahoo Finance has no ${e.interval} bars for ${e.symbol} between ${iso(from)} and ${iso(to)} (market closed, or before the first trade). Choose another range.`, e.symbol);
  }
  const inRange = (x: { time: number }) => x.time >= from && x.time < to;
  return {
    symbol: e.symbol,
    interval: e.interval,
    bars: sliceRaw(e.bars, a, b),
    events: { dividends: e.events.dividends.filter(inRange), splits: e.events.splits.filter(inRange) },
    warnings,
    origin,
    fetchedAt: e.fetchedAt,
    droppedNullBars: dropped,
  };
}

/** Merges freshly fetched bars into the cache entry (fresh rows win; old rows rescaled to a changed price basis). */
function merge(entry: CacheEntry | undefined, data: ChartData, w: { from: number; to: number; part: string }, now: number, warnings: string[]): CacheEntry {
  if (!entry || w.part === 'all') {
    return { symbol: data.symbol, interval: data.interval, coveredFrom: w.from, coveredTo: w.to, fetchedAt: now, currency: data.currency, timezone: data.timezone, events: data.events, bars: data.bars };
  }
  const old = rescaleToFreshBasis(entry, data.bars, warnings);
  const bars = unionByTime(old, data.bars);
  const key = (x: { time: number }) => x.time;
  return {
    ...entry,
    coveredFrom: Math.min(entry.coveredFrom, w.from),
    coveredTo: Math.max(entry.coveredTo, w.to),
    fetchedAt: w.part === 'newer' ? now : entry.fetchedAt,
    currency: data.currency ?? entry.currency,
    timezone: data.timezone ?? entry.timezone,
    events: { dividends: unionEvents(entry.events.dividends, data.events.dividends, key), splits: unionEvents(entry.events.splits, data.events.splits, key) },
    bars,
  };
}

/**
 * Yahoo's history changes after a split (every earlier close is divided by the ratio) and after a
 * dividend (every earlier adjusted close moves). Compares the first bar both copies hold and, when
 * the basis changed, rescales the cached bars to match the fresh ones.
 */
function rescaleToFreshBasis(entry: CacheEntry, fresh: RawBars, warnings: string[]): RawBars {
  const old = entry.bars;
  let i = 0;
  let j = 0;
  while (i < old.time.length && j < fresh.time.length && old.time[i] !== fresh.time[j]) {
    if (old.time[i] < fresh.time[j]) i++;
    else j++;
  }
  if (i >= old.time.length || j >= fresh.time.length) return old;
  const price = fresh.close[j] / old.close[i];
  const oldF = old.adjclose[i] / old.close[i];
  const newF = fresh.adjclose[j] / fresh.close[j];
  const factor = oldF === oldF && newF === newF ? newF / oldF : 1;
  const priceChanged = Number.isFinite(price) && Math.abs(price - 1) > 1e-6;
  const factorChanged = Number.isFinite(factor) && Math.abs(factor - 1) > 1e-9;
  if (!priceChanged && !factorChanged) return old;
  const p = priceChanged ? price : 1;
  const f = factorChanged ? factor : 1;
  const out = sliceRaw(old, 0, old.time.length);
  for (let k = 0; k < out.time.length; k++) {
    out.open[k] *= p;
    out.high[k] *= p;
    out.low[k] *= p;
    out.close[k] *= p;
    out.volume[k] /= p;
    out.adjclose[k] *= p * f;
  }
  const why = priceChanged ? `prices were rescaled by ${round(p)} (a split since the last download)` : 'adjusted closes were rescaled (a dividend since the last download)';
  warnings.push(`${entry.symbol} ${entry.interval}: Yahoo's price basis changed; ${out.time.length} cached bars' ${why}`);
  return out;
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

function unionByTime(a: RawBars, b: RawBars): RawBars {
  const out = emptyRaw(a.time.length + b.time.length);
  let i = 0, j = 0, k = 0;
  while (i < a.time.length || j < b.time.length) {
    const takeB = j < b.time.length && (i >= a.time.length || b.time[j] <= a.time[i]);
    if (takeB && i < a.time.length && a.time[i] === b.time[j]) i++; // same bar: the fresh copy wins
    const [src, idx] = takeB ? [b, j++] : [a, i++];
    for (const c of RAW_COLUMNS) out[c][k] = src[c][idx];
    k++;
  }
  return sliceRaw(out, 0, k);
}

function unionEvents<T>(a: T[], b: T[], key: (x: T) => number): T[] {
  const m = new Map<number, T>();
  for (const x of a) m.set(key(x), x);
  for (const x of b) m.set(key(x), x);
  return [...m.values()].sort((x, y) => key(x) - key(y));
}
