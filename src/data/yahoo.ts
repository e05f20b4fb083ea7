/**
 * Yahoo Finance bars through yahoo-finance2's `chart()` (its `historical()` has been broken
 * upstream since 2024).
 *
 * The library makes the request; this module gives it a transport (`fetch`) that can be pointed
 * at another server (`baseUrl`, used by the tests' fake Yahoo on 127.0.0.1), carries the caller's
 * AbortSignal and a timeout, and turns HTTP 429 / 5xx into errors before the library prints them.
 * Every failure comes out as a {@link MarketDataError} whose message says what to do.
 *
 * Prices come back as Yahoo sends them: `close` adjusted for splits only, `adjclose` for splits
 * and dividends (see adjust.ts). Bars with a missing open/high/low/close are dropped and counted.
 */
import YahooFinance from 'yahoo-finance2';
import { MarketDataError, isTransient } from './errors';
import { DAY, type YahooInterval, earliestServed, isIntraday, lookbackAdvice, maxSpanDays } from './intervals';
import { type MarketEvents, RAW_COLUMNS, type RawBars, emptyRaw, iso, sliceRaw } from './raw-bars';

export type { MarketEvents, RawBars };

export interface ChartData {
  symbol: string;
  interval: YahooInterval;
  bars: RawBars;
  events: MarketEvents;
  currency?: string;
  /** IANA zone of the exchange, e.g. `America/New_York`. */
  timezone?: string;
  /** Bars dropped because Yahoo sent a null open, high, low or close. */
  droppedNullBars: number;
  warnings: string[];
}

export interface ChartRequest {
  symbol: string;
  interval: YahooInterval;
  /** First bar time wanted (ms, inclusive). */
  from: number;
  /** End of the range (ms, exclusive). */
  to: number;
}

export interface YahooOptions {
  /** The fetch the library should use (default: the global one). */
  fetch?: typeof fetch;
  /** Send requests to this origin instead of https://query2.finance.yahoo.com (e.g. `http://127.0.0.1:8123`). */
  baseUrl?: string;
  signal?: AbortSignal;
  /** Pauses before each retry of a 429 / 5xx / cut-off response; default 1 s, 3 s, 8 s. */
  retryDelaysMs?: readonly number[];
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Clock for the look-back check; default Date.now. */
  now?: () => number;
}

const DEFAULT_RETRY_DELAYS = [1000, 3000, 8000];
const MAX_RETRY_AFTER_MS = 60_000;

/** HTTP status Yahoo answered that the transport handles itself (429 and 5xx). */
class YahooStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    readonly body: string,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Fetches bars for one symbol and interval over [from, to). */
export async function fetchChart(req: ChartRequest, opts: YahooOptions = {}): Promise<ChartData> {
  const now = (opts.now ?? Date.now)();
  const { symbol, interval } = req;
  if (!(req.to > req.from)) {
    throw new MarketDataError('invalid', `${symbol}: the range is empty (from ${iso(req.from)} is not before to ${iso(req.to)})`, symbol);
  }
  const earliest = earliestServed(interval, now);
  if (req.from < earliest) {
    throw new MarketDataError(
      'lookback',
      `${symbol} ${interval}: cannot fetch bars from ${iso(req.from)}. ${lookbackAdvice(interval)} ` +
        `Choose a start after ${iso(earliest)} or a longer interval.`,
      symbol,
    );
  }

  const client = makeClient(opts);
  const spanMs = maxSpanDays(interval) * DAY;
  const parts: ChartData[] = [];
  for (let start = req.from; start < req.to; start += spanMs) {
    const end = Math.min(req.to, start + spanMs);
    parts.push(await fetchWithRetry(client, { ...req, from: start, to: end }, opts));
    if (!Number.isFinite(spanMs)) break;
  }
  return parts.length === 1 ? parts[0] : concatParts(parts);
}

function makeClient(opts: YahooOptions): InstanceType<typeof YahooFinance> {
  const warnings: string[] = [];
  const quiet = () => undefined;
  return new YahooFinance({
    versionCheck: false,
    suppressNotices: ['yahooSurvey'],
    validation: { logErrors: false, logOptionsErrors: false },
    // The library reports a few things through its logger (e.g. a Node version note); keep them out of the user's terminal.
    logger: { info: quiet, debug: quiet, dir: quiet, warn: (...a: unknown[]) => warnings.push(a.join(' ')), error: (...a: unknown[]) => warnings.push(a.join(' ')) },
    fetch: makeTransport(opts),
  });
}

/** The fetch handed to the library: base-URL rewrite, signal + timeout, 429/5xx turned into YahooStatus. */
function makeTransport(opts: YahooOptions): typeof fetch {
  const base = opts.baseUrl?.replace(/\/+$/, '');
  const inner = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    let url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (base) {
      const u = new URL(url);
      url = base + u.pathname + u.search;
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const res = await inner(url, { ...init, signal });
    if (res.status === 429 || res.status >= 500) {
      const body = await res.text().catch(() => '');
      throw new YahooStatus(res.status, retryAfter(res.headers.get('retry-after')), body);
    }
    return res;
  }) as typeof fetch;
}

function retryAfter(h: string | null): number | undefined {
  if (!h) return undefined;
  const s = Number(h);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const t = Date.parse(h);
  return Number.isFinite(t) ? Math.max(0, t - Date.now()) : undefined;
}

async function fetchWithRetry(client: InstanceType<typeof YahooFinance>, req: ChartRequest, opts: YahooOptions): Promise<ChartData> {
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS;
  for (let attempt = 0; ; attempt++) {
    try {
      const raw = await client.chart(req.symbol, {
        period1: Math.floor(req.from / 1000),
        period2: Math.ceil(req.to / 1000),
        interval: req.interval,
        events: 'div|split',
        includePrePost: false,
        return: 'object',
      });
      return toChartData(req, raw);
    } catch (err) {
      if (opts.signal?.aborted) throw opts.signal.reason ?? err;
      const e = classify(err, req, attempt + 1, opts.timeoutMs ?? 30_000);
      if (!isTransient(e.kind) || attempt >= delays.length) throw e;
      const hinted = err instanceof YahooStatus ? err.retryAfterMs : undefined;
      await sleep(Math.min(MAX_RETRY_AFTER_MS, Math.max(delays[attempt], hinted ?? 0)), opts.signal);
    }
  }
}

/** Maps whatever the library, the transport or the network threw to an actionable MarketDataError. */
function classify(err: unknown, req: ChartRequest, attempts: number, timeoutMs: number): MarketDataError {
  const { symbol, interval } = req;
  const tried = attempts > 1 ? ` (tried ${attempts} times)` : '';
  if (err instanceof MarketDataError) return err;
  if (err instanceof YahooStatus) {
    if (err.status === 429) {
      return new MarketDataError('rate-limited', `Yahoo Finance is rate-limiting requests (HTTP 429)${tried}. Wait a few minutes and try again; cached data is used meanwhile when there is some.`, symbol, { cause: err });
    }
    return new MarketDataError('server', `Yahoo Finance had a server error (HTTP ${err.status})${tried}${snippet(err.body)}. Try again later.`, symbol, { cause: err });
  }
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const msg = String(e?.message ?? err);
  const code = e?.cause?.code ?? (e as { code?: string })?.code;
  if (e?.name === 'TimeoutError') {
    return new MarketDataError('network', `No answer from Yahoo Finance within ${Math.round(timeoutMs / 1000)} s for ${symbol}. Check the connection and try again.`, symbol, { cause: err });
  }
  if (msg === 'terminated' || code === 'UND_ERR_SOCKET') {
    return new MarketDataError('truncated', `Yahoo Finance's response for ${symbol} was cut off before it was complete${tried}. Try again.`, symbol, { cause: err });
  }
  if (msg === 'fetch failed' || (code && NETWORK_CODES.has(code))) {
    return new MarketDataError('network', `Cannot reach Yahoo Finance (${code ?? e?.cause?.message ?? msg}). Check the internet connection or proxy settings.`, symbol, { cause: err });
  }
  if (e?.name === 'NotFoundError' || /No data found|symbol may be delisted|Not Found/i.test(msg)) {
    return new MarketDataError('unknown-symbol', `Yahoo Finance has no data for "${symbol}": the symbol is unknown or delisted. Check the spelling (e.g. BRK-B, BTC-USD, ^GSPC, EURUSD=X, 7203.T).`, symbol, { cause: err });
  }
  if (/data not available|requested range must be within|worth of \w+ granularity/i.test(msg)) {
    return new MarketDataError('lookback', `${symbol} ${interval}: Yahoo refused the range: ${msg.trim()} ${lookbackAdvice(interval)}`, symbol, { cause: err });
  }
  if (e?.name === 'BadRequestError') {
    return new MarketDataError('bad-request', `Yahoo Finance refused the request for ${symbol} ${interval}: ${msg}`, symbol, { cause: err });
  }
  if (/not parsable|Unexpected result|Timestamp count mismatch|No timestamp with/i.test(msg) || e?.name === 'FailedYahooValidationError' || e?.name === 'SyntaxError' || e?.name === 'TypeError') {
    const what = /not parsable/.test(msg) ? 'was not valid JSON' : "did not have the shape of Yahoo's chart data";
    return new MarketDataError('malformed', `Yahoo Finance's response for ${symbol} ${what}; Yahoo may have changed its API or a proxy altered the answer. Try again later${shortMsg(msg)}.`, symbol, { cause: err });
  }
  return new MarketDataError('malformed', `Unexpected answer from Yahoo Finance for ${symbol}: ${msg.slice(0, 200)}`, symbol, { cause: err });
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT', 'EPIPE']);

function snippet(body: string): string {
  const t = body.replace(/\s+/g, ' ').trim();
  return t ? `: "${t.slice(0, 80)}"` : '';
}

function shortMsg(msg: string): string {
  const m = /Response: "([\s\S]{0,60})/.exec(msg);
  return m ? ` (it began "${m[1].replace(/\s+/g, ' ')}…")` : '';
}

type ChartObject = Awaited<ReturnType<InstanceType<typeof YahooFinance>['chart']>> & { timestamp?: number[] };

/** Yahoo's columns to RawBars: null-price bars dropped, daily+ times moved to 00:00 UTC of the exchange date. */
function toChartData(req: ChartRequest, r: ChartObject): ChartData {
  const res = r as unknown as {
    meta: { currency?: string; exchangeTimezoneName?: string; gmtoffset?: number };
    timestamp?: number[];
    indicators: { quote: { open: (number | null)[]; high: (number | null)[]; low: (number | null)[]; close: (number | null)[]; volume: (number | null)[] }[]; adjclose?: { adjclose?: (number | null)[] }[] };
    events?: { dividends?: Record<string, { amount: number; date: Date | number }>; splits?: Record<string, { date: Date | number; numerator: number; denominator: number }> };
  };
  const ts = res.timestamp ?? [];
  const q = res.indicators.quote[0];
  const adj = res.indicators.adjclose?.[0]?.adjclose;
  const n = ts.length;
  if (q && [q.open, q.high, q.low, q.close].some((c) => !Array.isArray(c) || c.length !== n)) {
    throw new MarketDataError('malformed', `Yahoo Finance's response for ${req.symbol} has ${n} times but price columns of other lengths; try again later.`, req.symbol);
  }
  const daily = !isIntraday(req.interval);
  const offsetMs = (res.meta.gmtoffset ?? 0) * 1000;
  const toTime = (s: number) => (daily ? Math.floor((s * 1000 + offsetMs) / DAY) * DAY : s * 1000);

  const out = emptyRaw(n);
  let k = 0;
  const dropped: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = q.open[i], h = q.high[i], l = q.low[i], c = q.close[i];
    if (o == null || h == null || l == null || c == null || !Number.isFinite(ts[i])) {
      if (Number.isFinite(ts[i])) dropped.push(toTime(ts[i]));
      continue;
    }
    const t = toTime(ts[i]);
    if (k > 0 && t <= out.time[k - 1]) {
      // Yahoo repeats the live bar under the same date; keep the later one.
      if (t === out.time[k - 1]) k--;
      else throw new MarketDataError('malformed', `Yahoo Finance's bars for ${req.symbol} are out of time order at ${iso(t)}; try again later.`, req.symbol);
    }
    out.time[k] = t;
    out.open[k] = o;
    out.high[k] = h;
    out.low[k] = l;
    out.close[k] = c;
    out.volume[k] = q.volume?.[i] ?? NaN;
    out.adjclose[k] = adj?.[i] ?? NaN;
    k++;
  }
  const bars = sliceRaw(out, 0, k);
  const warnings: string[] = [];
  if (dropped.length) {
    const shown = dropped.slice(0, 3).map(iso).join(', ');
    warnings.push(`${req.symbol} ${req.interval}: dropped ${dropped.length} bar(s) Yahoo sent without prices (${shown}${dropped.length > 3 ? ', …' : ''})`);
  }
  const events: MarketEvents = { dividends: [], splits: [] };
  const evTime = (d: Date | number) => toTime((d instanceof Date ? d.getTime() : d * 1000) / 1000);
  for (const d of Object.values(res.events?.dividends ?? {})) events.dividends.push({ time: evTime(d.date), amount: d.amount });
  for (const s of Object.values(res.events?.splits ?? {})) events.splits.push({ time: evTime(s.date), numerator: s.numerator, denominator: s.denominator });
  events.dividends.sort((a, b) => a.time - b.time);
  events.splits.sort((a, b) => a.time - b.time);
  return {
    symbol: req.symbol,
    interval: req.interval,
    bars,
    events,
    currency: res.meta.currency,
    timezone: res.meta.exchangeTimezoneName,
    droppedNullBars: dropped.length,
    warnings,
  };
}

function concatParts(parts: ChartData[]): ChartData {
  const first = parts[0];
  const n = parts.reduce((s, p) => s + p.bars.time.length, 0);
  const out = emptyRaw(n);
  let k = 0;
  for (const p of parts) {
    for (let i = 0; i < p.bars.time.length; i++) {
      if (k > 0 && p.bars.time[i] <= out.time[k - 1]) continue; // window edges may repeat a bar
      for (const col of RAW_COLUMNS) out[col][k] = p.bars[col][i];
      k++;
    }
  }
  return {
    ...first,
    bars: sliceRaw(out, 0, k),
    events: { dividends: parts.flatMap((p) => p.events.dividends), splits: parts.flatMap((p) => p.events.splits) },
    droppedNullBars: parts.reduce((s, p) => s + p.droppedNullBars, 0),
    warnings: parts.flatMap((p) => p.warnings),
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
