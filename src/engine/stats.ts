/**
 * Backtest statistics as a pure function of the equity curve, the closed trades and the data —
 * backtesting.py 0.6.6's `compute_stats`, row for row. Formulas are in docs/engine.md. Any figure
 * that is undefined for a run (no trades, zero volatility, …) is `null`.
 */

const DAY = 86_400_000;

export interface ClosedTradeFacts {
  entryBar: number;
  exitBar: number;
  entryTime: number;
  exitTime: number;
  pnl: number;
  /** Fraction (0.05 = 5 %). */
  returnPct: number;
  commission: number;
}

export interface Stats {
  start: string;
  end: string;
  durationDays: number;
  exposureTimePct: number;
  equityFinal: number;
  equityPeak: number;
  returnPct: number;
  buyHoldReturnPct: number | null;
  returnAnnPct: number | null;
  volatilityAnnPct: number | null;
  cagrPct: number | null;
  sharpeRatio: number | null;
  sortinoRatio: number | null;
  calmarRatio: number | null;
  alphaPct: number | null;
  beta: number | null;
  maxDrawdownPct: number;
  avgDrawdownPct: number | null;
  maxDrawdownDurationDays: number | null;
  avgDrawdownDurationDays: number | null;
  trades: number;
  winRatePct: number | null;
  bestTradePct: number | null;
  worstTradePct: number | null;
  avgTradePct: number | null;
  maxTradeDurationDays: number | null;
  avgTradeDurationDays: number | null;
  profitFactor: number | null;
  expectancyPct: number | null;
  sqn: number | null;
  kellyCriterion: number | null;
  commissions: number;
}

export interface StatsInput {
  time: Float64Array;
  close: Float64Array;
  equity: Float64Array;
  trades: readonly ClosedTradeFacts[];
  /** First bar every indicator has a value on (buy & hold starts there). */
  warmup: number;
  /** drawdown(equity), when the caller already has it. */
  drawdown?: Float64Array;
}

/** What the statistics need from the data alone, computed once per data set. */
interface DataFacts {
  period: number;
  periodsPerYear: number;
  /** Index of the last bar of each calendar period (day, or week/month/year for such data). */
  periodEnds: Int32Array;
  /** Demeaned log returns of the close, their sum and sum of squares (for beta). */
  marketLogDev: Float64Array;
  marketLogDevSum: number;
  marketLogSs: number;
}

const factsCache = new WeakMap<Float64Array, { close: Float64Array; facts: DataFacts }>();

function dataFacts(time: Float64Array, close: Float64Array): DataFacts {
  const hit = factsCache.get(time);
  if (hit && hit.close === close) return hit.facts;
  const n = time.length;
  const period = dataPeriodMs(time);
  const freqDays = Math.floor(period / DAY);
  let weekendBars = 0;
  for (let i = 0; i < n; i++) if (dayOfWeek(time[i]) >= 5) weekendBars++;
  const haveWeekends = weekendBars / n > (2 / 7) * 0.6;
  const periodsPerYear = freqDays === 7 ? 52 : freqDays === 31 ? 12 : freqDays === 365 ? 1 : haveWeekends ? 365 : 252;
  const freq = freqDays === 7 ? 'W' : freqDays === 31 ? 'M' : freqDays === 365 ? 'Y' : 'D';
  const ends: number[] = [];
  for (let i = 0; i < n; i++) if (i === n - 1 || binKey(time[i + 1], freq) !== binKey(time[i], freq)) ends.push(i);
  const dev = new Float64Array(Math.max(0, n - 1));
  let mm = 0;
  for (let i = 1; i < n; i++) mm += dev[i - 1] = Math.log(close[i] / close[i - 1]);
  mm /= n - 1;
  let ss = 0;
  let sum = 0;
  for (let k = 0; k < dev.length; k++) {
    dev[k] -= mm;
    ss += dev[k] * dev[k];
    sum += dev[k];
  }
  const facts: DataFacts = { period, periodsPerYear, periodEnds: Int32Array.from(ends), marketLogDev: dev, marketLogDevSum: sum, marketLogSs: ss };
  factsCache.set(time, { close, facts });
  return facts;
}

/** Finite number or null: JSON has no NaN or Infinity. */
const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function computeStats({ time, close, equity, trades, warmup, drawdown: given }: StatsInput): Stats {
  const n = equity.length;
  const facts = dataFacts(time, close);
  const period = facts.period;
  const roundUp = (ms: number) => ceilTo(ms, resolutionMs(period)) / DAY;

  // Drawdown and its episodes.
  const dd = given ?? drawdown(equity);
  let maxDd = 0;
  for (let i = 0; i < n; i++) if (dd[i] > maxDd || dd[i] !== dd[i]) maxDd = dd[i];
  if (maxDd !== maxDd) maxDd = 0;
  const episodes = drawdownEpisodes(dd, time);

  // Exposure: bars inside any closed trade.
  const heldBars = barsHeld(trades, n);
  let commissions = 0;
  for (const t of trades) commissions += t.commission;

  const eq0 = equity[0];
  const eqN = equity[n - 1];
  let peak = -Infinity;
  for (let i = 0; i < n; i++) if (equity[i] > peak || equity[i] !== equity[i]) peak = equity[i];
  const returnPct = ((eqN - eq0) / eq0) * 100;
  const c0 = close[warmup];
  const buyHold = ((close[n - 1] - c0) / c0) * 100;

  // Periodic (daily, or weekly/monthly/yearly for such data) returns of equity.
  const periodsPerYear = facts.periodsPerYear;
  const r = periodReturns(equity, facts.periodEnds);
  const g = geometricMean(r);
  const annReturn = Math.pow(1 + g, periodsPerYear) - 1;
  const volAnn = Math.sqrt(Math.pow(variance(r) + (1 + g) ** 2, periodsPerYear) - Math.pow(1 + g, 2 * periodsPerYear)) * 100;
  const durationMs = time[n - 1] - time[0];
  const years = (Math.floor(durationMs / DAY) + Math.floor((durationMs % DAY) / 1000) / 86400) / 365.25;
  const cagr = years ? (Math.pow(eqN / eq0, 1 / years) - 1) * 100 : NaN;
  const sharpe = (annReturn * 100) / (volAnn || NaN);
  let downside = 0;
  for (let k = 0; k < r.length; k++) downside += r[k] < 0 ? r[k] * r[k] : 0;
  const sortino = annReturn / (Math.sqrt(downside / r.length) * Math.sqrt(periodsPerYear));
  const calmar = annReturn / (maxDd || NaN);
  const beta = betaOf(equity, facts);

  // Trades.
  const nt = trades.length;
  let wins = 0;
  let best = -Infinity;
  let worst = Infinity;
  let sumRet = 0;
  let sumPos = 0;
  let sumNeg = 0;
  let sumPl = 0;
  let winPl = 0;
  let lossPl = 0;
  let losses = 0;
  let maxDur = -Infinity;
  let sumDur = 0;
  const rets: number[] = new Array(nt);
  for (let k = 0; k < nt; k++) {
    const t = trades[k];
    const ret = t.returnPct;
    rets[k] = ret;
    if (t.pnl > 0) {
      wins++;
      winPl += t.pnl;
    } else if (t.pnl < 0) {
      losses++;
      lossPl += t.pnl;
    }
    if (ret > best) best = ret;
    if (ret < worst) worst = ret;
    sumRet += ret;
    if (ret > 0) sumPos += ret;
    else if (ret < 0) sumNeg += ret;
    sumPl += t.pnl;
    const dur = t.exitTime - t.entryTime;
    if (dur > maxDur) maxDur = dur;
    sumDur += dur;
  }
  const meanPl = sumPl / nt;
  let ssPl = 0;
  for (const t of trades) ssPl += (t.pnl - meanPl) ** 2;
  const stdPl = Math.sqrt(ssPl / (nt - 1));
  const winRate = nt ? wins / nt : NaN;
  const kelly = winRate - (1 - winRate) / (winPl / wins / (-lossPl / losses));

  return {
    start: isoTimeAt(time, 0),
    end: isoTimeAt(time, n - 1),
    durationDays: durationMs / DAY,
    exposureTimePct: (heldBars / n) * 100,
    equityFinal: eqN,
    equityPeak: peak,
    returnPct,
    buyHoldReturnPct: fin(buyHold),
    returnAnnPct: fin(annReturn * 100),
    volatilityAnnPct: fin(volAnn),
    cagrPct: fin(cagr),
    sharpeRatio: fin(sharpe),
    sortinoRatio: fin(sortino),
    calmarRatio: fin(calmar),
    alphaPct: fin(returnPct - beta * buyHold),
    beta: fin(beta),
    maxDrawdownPct: -maxDd * 100,
    avgDrawdownPct: fin(-episodes.meanPeak * 100),
    maxDrawdownDurationDays: episodes.count ? roundUp(episodes.maxDuration) : null,
    avgDrawdownDurationDays: episodes.count ? roundUp(episodes.sumDuration / episodes.count) : null,
    trades: nt,
    winRatePct: fin(winRate * 100),
    bestTradePct: nt ? fin(best * 100) : null,
    worstTradePct: nt ? fin(worst * 100) : null,
    avgTradePct: fin(geometricMean(rets) * 100),
    maxTradeDurationDays: nt ? roundUp(maxDur) : null,
    avgTradeDurationDays: nt ? roundUp(sumDur / nt) : null,
    profitFactor: fin(sumPos / (Math.abs(sumNeg) || NaN)),
    expectancyPct: fin((sumRet / nt) * 100),
    sqn: fin((Math.sqrt(nt) * meanPl) / (stdPl || NaN)),
    kellyCriterion: fin(kelly),
    commissions,
  };
}

/** Drawdown at each bar as a fraction: 1 − equity / running peak. */
export function drawdown(equity: Float64Array): Float64Array {
  const n = equity.length;
  const dd = new Float64Array(n);
  let peak = -Infinity;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (e > peak || e !== e) peak = e;
    dd[i] = 1 - e / peak;
  }
  return dd;
}

/**
 * Drawdown episodes: between consecutive bars at a new peak (dd = 0, plus the last bar) that are
 * more than one bar apart. Each has a depth (max dd inside, ends included) and a duration
 * (time between its two ends). With no episode, the mean depth is that of the nonzero dd values.
 */
function drawdownEpisodes(dd: Float64Array, time: Float64Array) {
  const n = dd.length;
  let prev = -1;
  let count = 0;
  let sumPeak = 0;
  let maxDuration = -Infinity;
  let sumDuration = 0;
  for (let i = 0; i < n; i++) {
    if (!(dd[i] === 0 || i === n - 1)) continue;
    if (prev >= 0 && i > prev + 1) {
      let p = -Infinity;
      for (let k = prev; k <= i; k++) if (dd[k] > p) p = dd[k];
      const d = time[i] - time[prev];
      count++;
      sumPeak += p;
      sumDuration += d;
      if (d > maxDuration) maxDuration = d;
    }
    prev = i;
  }
  if (count === 0) {
    let s = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (dd[i] !== 0 && dd[i] === dd[i]) {
        s += dd[i];
        m++;
      }
    }
    return { count, meanPeak: s / m, maxDuration, sumDuration };
  }
  return { count, meanPeak: sumPeak / count, maxDuration, sumDuration };
}

/** The data's bar spacing: median time step over the last 100 bars. */
export function dataPeriodMs(time: Float64Array): number {
  const from = Math.max(0, time.length - 100);
  const diffs: number[] = [];
  for (let i = from + 1; i < time.length; i++) diffs.push(time[i] - time[i - 1]);
  if (!diffs.length) return NaN;
  diffs.sort((a, b) => a - b);
  const m = diffs.length >> 1;
  return diffs.length % 2 ? diffs[m] : (diffs[m - 1] + diffs[m]) / 2;
}

const UNITS_MS = [DAY, 3_600_000, 60_000, 1000, 1];

/** The finest time unit present in a period (1 day → day, 1 h 30 min → minute). */
function resolutionMs(period: number): number {
  if (!(period > 0)) return DAY;
  let rest = period;
  let finest = DAY;
  for (const u of UNITS_MS) {
    const whole = Math.floor(rest / u);
    if (whole > 0) finest = u;
    rest -= whole * u;
  }
  return finest;
}

function ceilTo(ms: number, unit: number): number {
  return Math.ceil(ms / unit) * unit;
}

function dayOfWeek(t: number): number {
  // 1970-01-01 was a Thursday; Monday = 0.
  return (((Math.floor(t / DAY) + 3) % 7) + 7) % 7;
}

function binKey(t: number, freq: 'D' | 'W' | 'M' | 'Y'): number {
  const day = Math.floor(t / DAY);
  if (freq === 'D') return day;
  if (freq === 'W') return day + (6 - dayOfWeek(t)); // weeks end on Sunday
  const d = new Date(t);
  return freq === 'M' ? d.getUTCFullYear() * 12 + d.getUTCMonth() : d.getUTCFullYear();
}

/**
 * Simple returns between the last equity values of consecutive calendar periods that have bars (NaN dropped).
 * A plain array: per-run scratch space on the JS heap rather than a typed array's separately allocated buffer.
 */
function periodReturns(equity: Float64Array, ends: Int32Array): number[] {
  const out: number[] = [];
  for (let k = 1; k < ends.length; k++) {
    const r = equity[ends[k]] / equity[ends[k - 1]] - 1;
    if (r === r) out.push(r);
  }
  return out;
}

/**
 * Bars inside at least one trade, entry and exit bars included: the size of the union of their bar
 * ranges. Ranges in typed arrays, sorted by start only when the trades are not already in entry
 * order (closed trades usually are): no per-trade allocation on runs with many trades.
 */
function barsHeld(trades: readonly ClosedTradeFacts[], n: number): number {
  const from = new Float64Array(trades.length);
  const to = new Float64Array(trades.length);
  let m = 0;
  let ordered = true;
  for (const t of trades) {
    const f = Math.min(t.entryBar, n);
    const e = Math.min(t.exitBar + 1, n);
    if (e <= f) continue;
    if (m > 0 && f < from[m - 1]) ordered = false;
    from[m] = f;
    to[m] = e;
    m++;
  }
  let order: Uint32Array | undefined;
  if (!ordered) {
    order = new Uint32Array(m);
    for (let k = 0; k < m; k++) order[k] = k;
    order.sort((a, b) => from[a] - from[b]);
  }
  let held = 0;
  let end = 0;
  for (let j = 0; j < m; j++) {
    const k = order ? order[j] : j;
    if (to[k] <= end) continue;
    held += to[k] - Math.max(from[k], end);
    end = to[k];
  }
  return held;
}

/** exp(mean(log(1 + r))) − 1; 0 if any 1 + r ≤ 0; NaN for no values. */
export function geometricMean(r: ArrayLike<number>): number {
  if (r.length === 0) return NaN;
  let s = 0;
  for (let k = 0; k < r.length; k++) {
    const x = (r[k] === r[k] ? r[k] : 0) + 1;
    if (x <= 0) return 0;
    s += Math.log(x);
  }
  return Math.exp(s / r.length) - 1;
}

/** Sample variance (ddof = 1). */
function variance(r: readonly number[]): number {
  const n = r.length;
  let m = 0;
  for (let k = 0; k < n; k++) m += r[k];
  m /= n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (r[k] - m) ** 2;
  return ss / (n - 1);
}

/** cov(log equity returns, log market returns) / var(log market returns), both ddof = 1. */
function betaOf(equity: Float64Array, facts: DataFacts): number {
  const n = equity.length - 1;
  if (n < 2) return NaN;
  // Σ(le − mean(le))·dm = Σ le·dm − mean(le)·Σ dm, with dm the demeaned market log returns: one log per bar.
  const dm = facts.marketLogDev;
  let sumLe = 0;
  let sumLeDm = 0;
  for (let i = 0; i < n; i++) {
    const le = Math.log(equity[i + 1] / equity[i]);
    sumLe += le;
    sumLeDm += le * dm[i];
  }
  const cov = sumLeDm - (sumLe / n) * facts.marketLogDevSum;
  return cov / (n - 1) / (facts.marketLogSs / (n - 1));
}

const isoCache = new WeakMap<Float64Array, (string | undefined)[]>();

/** isoTime(time[i]), remembered per data set (trade records ask for the same bars run after run). */
export function isoTimeAt(time: Float64Array, i: number): string {
  let cache = isoCache.get(time);
  if (!cache) isoCache.set(time, (cache = new Array(time.length)));
  return (cache[i] ??= isoTime(time[i]));
}

/** ISO-8601 in UTC, without milliseconds when they are zero: `2004-08-19T00:00:00Z`. */
export function isoTime(t: number): string {
  if (!Number.isFinite(t)) return '';
  const days = Math.floor(t / DAY);
  let ms = t - days * DAY;
  // Civil date from days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return new Date(t).toISOString();
  const hh = Math.floor(ms / 3_600_000);
  ms -= hh * 3_600_000;
  const mi = Math.floor(ms / 60_000);
  ms -= mi * 60_000;
  const ss = Math.floor(ms / 1000);
  ms -= ss * 1000;
  const frac = ms ? '.' + pad(Math.round(ms), 3) : '';
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mi, 2)}:${pad(ss, 2)}${frac}Z`;
}

function pad(v: number, width: number): string {
  const s = String(v);
  return s.length >= width ? s : '0000'.slice(0, width - s.length) + s;
}
