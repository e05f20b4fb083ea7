/**
 * A fake Yahoo Finance chart server (v8 format) on 127.0.0.1 for the data tests.
 *
 * Serves `GET /v8/finance/chart/<SYMBOL>?period1=…&period2=…&interval=…` like Yahoo does:
 * - daily bars on weekdays at 14:30 UTC (the New York open) with `gmtoffset` -18000, intraday
 *   bars from 14:30 to 21:00 UTC; only bars that have started by `fake.now`;
 * - `close` adjusted for the splits that have happened by `now`, `adjclose` (daily and longer
 *   only) adjusted for splits and dividends with Yahoo's multiplier 1 - amount / previous close;
 * - `events.dividends` / `events.splits` keyed by timestamp;
 * - `null` in every price column on the symbol's `nullDates`;
 * - 404 with Yahoo's "No data found, symbol may be delisted" JSON for unknown symbols;
 * - one-shot failures queued in `fake.failures`: 429, 500, invalid JSON, wrong shape, a body cut
 *   off mid-way, Yahoo's 422 look-back refusal.
 * Every request is recorded in `fake.requests`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const DAY_S = 86_400;

export interface FakeSymbol {
  /** First trading day, `YYYY-MM-DD`. */
  start: string;
  base?: number;
  /** Ex-dividend dates and amounts (in today's split-adjusted terms). */
  dividends?: { date: string; amount: number }[];
  /** Split dates and ratios (4 for a 4:1 split). */
  splits?: { date: string; ratio: number }[];
  /** Days (YYYY-MM-DD) whose bars Yahoo sends with null prices. */
  nullDates?: string[];
}

export type FakeFailure =
  | { kind: 'status'; status: number; body?: string; retryAfter?: string }
  | { kind: 'invalid-json' }
  | { kind: 'wrong-shape' }
  | { kind: 'truncated' }
  | { kind: 'lookback' };

export interface FakeRequest {
  symbol: string;
  interval: string;
  period1: number;
  period2: number;
  /** Bars served (0 for a failure). */
  served: number;
}

export interface FakeYahoo {
  /** `http://127.0.0.1:<port>` */
  url: string;
  symbols: Map<string, FakeSymbol>;
  failures: FakeFailure[];
  requests: FakeRequest[];
  /** The server's clock (ms): bars that have not started by then do not exist. */
  now: number;
  /** Added to the close of a bar still forming at `now` (to see a refresh change it). */
  liveBump: number;
  close(): Promise<void>;
}

const INTERVAL_S: Record<string, number> = { '1m': 60, '2m': 120, '5m': 300, '15m': 900, '30m': 1800, '60m': 3600, '90m': 5400, '1h': 3600, '1d': DAY_S, '1wk': 7 * DAY_S };

export function dateS(d: string): number {
  return Date.parse(d + 'T00:00:00Z') / 1000;
}

/** Deterministic "true" traded close of day index i (before split adjustment). */
export function fakeClose(base: number, i: number): number {
  return Math.round((base * (1 + 0.1 * Math.sin(i / 7)) + i * 0.05) * 100) / 100;
}

interface Bar { ts: number; o: number; h: number; l: number; c: number; v: number; adj: number; isNull: boolean }

/** The bars Yahoo would hold for `sym` at `interval` (all of them up to `nowS`). */
export function fakeBars(sym: FakeSymbol, interval: string, nowS: number, liveBump = 0): Bar[] {
  const step = INTERVAL_S[interval];
  if (!step) throw new Error(`fake Yahoo: interval ${interval} not modelled`);
  const base = sym.base ?? 100;
  const bars: Bar[] = [];
  const nulls = new Set((sym.nullDates ?? []).map(dateS));
  let i = 0;
  for (let day = dateS(sym.start); day * 1 <= nowS; day += DAY_S) {
    const dow = new Date(day * 1000).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const open = day + 14.5 * 3600;
    const times = step >= DAY_S ? [open] : Array.from({ length: Math.floor((6.5 * 3600) / step) }, (_, k) => open + k * step);
    for (const ts of times) {
      if (ts > nowS) break;
      let c = fakeClose(base, i);
      const o = fakeClose(base, i - 1);
      if (ts + step > nowS) c = Math.round((c + liveBump) * 100) / 100;
      bars.push({ ts, o, h: Math.max(o, c) + 0.5, l: Math.min(o, c) - 0.5, c, v: 1000 + i, adj: c, isNull: nulls.has(day) });
      i++;
    }
  }
  // fakeClose is the series adjusted for every configured split. Yahoo adjusts only for splits that
  // have happened: before a split's date, every price it serves is still `ratio` times higher.
  for (const s of sym.splits ?? []) {
    if (dateS(s.date) <= nowS) continue;
    for (const b of bars) Object.assign(b, { o: b.o * s.ratio, h: b.h * s.ratio, l: b.l * s.ratio, c: b.c * s.ratio, adj: b.adj * s.ratio, v: b.v / s.ratio });
  }
  // Dividends: adjclose of earlier bars times (1 - amount / close of the bar before the ex-date).
  for (const d of sym.dividends ?? []) {
    const at = dateS(d.date);
    const k = bars.findIndex((b) => b.ts >= at);
    if (k <= 0) continue;
    const m = 1 - d.amount / bars[k - 1].c;
    for (let j = 0; j < k; j++) bars[j].adj *= m;
  }
  return bars;
}

function meta(symbol: string, interval: string, nowS: number) {
  const period = { timezone: 'EDT', start: nowS - 3600, end: nowS + 3600, gmtoffset: -14400 };
  return {
    currency: 'USD', symbol, exchangeName: 'NMS', fullExchangeName: 'NasdaqGS', instrumentType: 'EQUITY',
    firstTradeDate: 345479400, regularMarketTime: nowS, hasPrePostMarketData: true, gmtoffset: -14400,
    timezone: 'EDT', exchangeTimezoneName: 'America/New_York', regularMarketPrice: 100, priceHint: 2,
    currentTradingPeriod: { pre: period, regular: period, post: period },
    dataGranularity: interval, range: '', validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
  };
}

function chartJson(symbol: string, interval: string, bars: Bar[], sym: FakeSymbol, nowS: number, p1: number, p2: number): unknown {
  const daily = (INTERVAL_S[interval] ?? 0) >= DAY_S;
  const col = (f: (b: Bar) => number) => bars.map((b) => (b.isNull ? null : Math.round(f(b) * 1e6) / 1e6));
  const events: Record<string, Record<string, unknown>> = {};
  const inRange = (s: number) => s >= p1 && s < p2;
  const divs = (sym.dividends ?? []).filter((d) => inRange(dateS(d.date) + 14.5 * 3600));
  const splits = (sym.splits ?? []).filter((s) => inRange(dateS(s.date) + 14.5 * 3600));
  if (divs.length) events.dividends = Object.fromEntries(divs.map((d) => [String(dateS(d.date) + 14.5 * 3600), { amount: d.amount, date: dateS(d.date) + 14.5 * 3600 }]));
  if (splits.length) events.splits = Object.fromEntries(splits.map((s) => [String(dateS(s.date) + 14.5 * 3600), { date: dateS(s.date) + 14.5 * 3600, numerator: s.ratio, denominator: 1, splitRatio: `${s.ratio}:1` }]));
  const result: Record<string, unknown> = {
    meta: meta(symbol, interval, nowS),
    indicators: {
      quote: [bars.length ? { open: col((b) => b.o), high: col((b) => b.h), low: col((b) => b.l), close: col((b) => b.c), volume: bars.map((b) => (b.isNull ? null : b.v)) } : {}],
      ...(daily && bars.length ? { adjclose: [{ adjclose: col((b) => b.adj) }] } : {}),
    },
  };
  if (bars.length) result.timestamp = bars.map((b) => b.ts);
  if (Object.keys(events).length) result.events = events;
  return { chart: { result: [result], error: null } };
}

export async function startFakeYahoo(now: number): Promise<FakeYahoo> {
  const fake = { symbols: new Map<string, FakeSymbol>(), failures: [] as FakeFailure[], requests: [] as FakeRequest[], now, liveBump: 0 } as FakeYahoo;
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /^\/v8\/finance\/chart\/([^/]+)$/.exec(u.pathname);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (!m) return json(404, { finance: { result: null, error: { code: 'Not Found', description: 'HTTP 404 Not Found' } } });
    const symbol = decodeURIComponent(m[1]);
    const interval = u.searchParams.get('interval') ?? '1d';
    const p1 = Number(u.searchParams.get('period1'));
    const p2 = Number(u.searchParams.get('period2'));
    const record: FakeRequest = { symbol, interval, period1: p1, period2: p2, served: 0 };
    fake.requests.push(record);
    const failure = fake.failures.shift();
    if (failure) return fail(res, failure, symbol, interval, p1, p2);
    const sym = fake.symbols.get(symbol);
    if (!sym) return json(404, { chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } });
    const nowS = Math.floor(fake.now / 1000);
    const bars = fakeBars(sym, interval, nowS, fake.liveBump).filter((b) => b.ts >= p1 && b.ts < p2);
    record.served = bars.length;
    json(200, chartJson(symbol, interval, bars, sym, nowS, p1, p2));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function fail(res: http.ServerResponse, f: FakeFailure, symbol: string, interval: string, p1: number, p2: number): void {
  switch (f.kind) {
    case 'status': {
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (f.retryAfter) headers['retry-after'] = f.retryAfter;
      res.writeHead(f.status, headers);
      res.end(f.body ?? (f.status === 429 ? 'Too Many Requests\r\n' : 'Internal Server Error'));
      return;
    }
    case 'invalid-json':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Will be right back… Thank you for your patience.</body></html>');
      return;
    case 'wrong-shape':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ chart: { result: [{ meta: { symbol }, indicators: 'none' }], error: null } }));
      return;
    case 'truncated': {
      const bars = fakeBars({ start: '2024-01-02' }, interval, p2).filter((b) => b.ts >= p1 && b.ts < p2);
      const body = JSON.stringify(chartJson(symbol, interval, bars, { start: '2024-01-02' }, p2, p1, p2));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    case 'lookback':
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ chart: { result: null, error: { code: 'Unprocessable Entity', description: `${interval} data not available for startTime=${p1} and endTime=${p2}. The requested range must be within the last 60 days.` } } }));
      return;
  }
}
