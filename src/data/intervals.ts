/**
 * The bar intervals Yahoo Finance serves, and how far back it serves each of them.
 *
 * Look-back limits (as Yahoo's chart API enforces them; it answers a request beyond them with
 * HTTP 422 "… data not available for startTime=… The requested range must be within the last N days"):
 * - `1m`: the last 30 days, at most 8 days per request (longer ranges are fetched in 7-day windows);
 * - `2m` `5m` `15m` `30m` `90m`: the last 60 days;
 * - `60m` / `1h`: the last 730 days;
 * - `1d` `5d` `1wk` `1mo` `3mo`: the whole history.
 */

export const YAHOO_INTERVALS = ['1m', '2m', '5m', '15m', '30m', '60m', '90m', '1h', '1d', '5d', '1wk', '1mo', '3mo'] as const;
export type YahooInterval = (typeof YAHOO_INTERVALS)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

interface IntervalFacts {
  /** Nominal length of one bar in ms (months and quarters approximated). */
  ms: number;
  /** How many days back Yahoo serves this interval; Infinity for the whole history. */
  lookbackDays: number;
  /** Longest range (days) Yahoo accepts in one request; Infinity when unlimited. */
  maxSpanDays: number;
}

const FACTS: Record<YahooInterval, IntervalFacts> = {
  '1m': { ms: MINUTE, lookbackDays: 30, maxSpanDays: 7 },
  '2m': { ms: 2 * MINUTE, lookbackDays: 60, maxSpanDays: Infinity },
  '5m': { ms: 5 * MINUTE, lookbackDays: 60, maxSpanDays: Infinity },
  '15m': { ms: 15 * MINUTE, lookbackDays: 60, maxSpanDays: Infinity },
  '30m': { ms: 30 * MINUTE, lookbackDays: 60, maxSpanDays: Infinity },
  '60m': { ms: HOUR, lookbackDays: 730, maxSpanDays: Infinity },
  '90m': { ms: 90 * MINUTE, lookbackDays: 60, maxSpanDays: Infinity },
  '1h': { ms: HOUR, lookbackDays: 730, maxSpanDays: Infinity },
  '1d': { ms: DAY, lookbackDays: Infinity, maxSpanDays: Infinity },
  '5d': { ms: 5 * DAY, lookbackDays: Infinity, maxSpanDays: Infinity },
  '1wk': { ms: 7 * DAY, lookbackDays: Infinity, maxSpanDays: Infinity },
  '1mo': { ms: 31 * DAY, lookbackDays: Infinity, maxSpanDays: Infinity },
  '3mo': { ms: 92 * DAY, lookbackDays: Infinity, maxSpanDays: Infinity },
};

export function isYahooInterval(s: string): s is YahooInterval {
  return (YAHOO_INTERVALS as readonly string[]).includes(s);
}

/** `s` as a Yahoo interval, or a RangeError naming the ones Yahoo serves. */
export function toYahooInterval(s: string): YahooInterval {
  const t = s.trim().toLowerCase();
  const alias: Record<string, YahooInterval> = { '1w': '1wk', '1wk': '1wk', '1mo': '1mo', '1mth': '1mo', '3mth': '3mo', d: '1d', '1day': '1d' };
  const v = alias[t] ?? t;
  if (!isYahooInterval(v)) throw new RangeError(`unknown interval "${s}"; Yahoo serves ${YAHOO_INTERVALS.join(', ')}`);
  return v;
}

export function intervalMs(i: YahooInterval): number {
  return FACTS[i].ms;
}

/** Bars shorter than a day. */
export function isIntraday(i: YahooInterval): boolean {
  return FACTS[i].ms < DAY;
}

export function lookbackDays(i: YahooInterval): number {
  return FACTS[i].lookbackDays;
}

export function maxSpanDays(i: YahooInterval): number {
  return FACTS[i].maxSpanDays;
}

/**
 * The earliest time (ms) Yahoo serves `i` at `now`, with a margin of one hour so that a request made
 * right at the limit is not refused because of clock skew; -Infinity for daily and longer bars.
 */
export function earliestServed(i: YahooInterval, now: number): number {
  const days = FACTS[i].lookbackDays;
  return Number.isFinite(days) ? now - days * DAY + HOUR : -Infinity;
}

/** A sentence explaining the limit for `i`, naming intervals that reach further back. */
export function lookbackAdvice(i: YahooInterval): string {
  const days = FACTS[i].lookbackDays;
  if (!Number.isFinite(days)) return `Yahoo serves ${i} bars for the whole history.`;
  const longer = days < 60 ? '5m bars go back 60 days, 1h bars 730 days' : days < 730 ? '1h bars go back 730 days' : 'daily (1d) bars';
  return `Yahoo serves ${i} bars only for the last ${days} days${i === '1m' ? ' (at most 8 days per request)' : ''}; ${longer}, and 1d bars cover the whole history.`;
}

/** Default start of a request that names no `from`: the full look-back for intraday bars, 10 years otherwise. */
export function defaultFrom(i: YahooInterval, now: number): number {
  const days = FACTS[i].lookbackDays;
  if (Number.isFinite(days)) return Math.ceil((now - (days - 1) * DAY) / DAY) * DAY;
  return Math.floor(now / DAY) * DAY - Math.round(10 * 365.25) * DAY;
}
