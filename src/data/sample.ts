/**
 * Bundled sample data for offline use.
 *
 * The bars are SYNTHETIC: a seeded geometric random walk that switches between market regimes
 * (steady up-trends, sell-offs, tight sideways ranges and turbulent volatility clusters), so that
 * both trend-following and mean-reversion strategies find something to trade. They are not real
 * prices of any instrument. The same options always give bit-identical output.
 */
import type { Bars } from '../engine/bars';

/** Label to show wherever the sample data is used, so nobody mistakes it for real prices. */
export const SAMPLE_LABEL = 'SAMPLE — synthetic daily data (deterministic, not real prices)';

export interface SampleOptions {
  /** `Bars.symbol`; default `SAMPLE`. */
  symbol?: string;
  /** Length in calendar years from 2015-01-02; default 8. */
  years?: number;
  /** PRNG seed (32-bit integer); default {@link SAMPLE_SEED}. */
  seed?: number;
}

/** Default seed: picked because its path shows rallies, sell-offs and ranges over the 8 years. */
export const SAMPLE_SEED = 37;

const DAY = 86_400_000;
const START = Date.UTC(2015, 0, 2);

interface Regime {
  /** Mean daily log return. */
  drift: number;
  /** Daily volatility of log returns. */
  vol: number;
  /** Strength of the pull back to the price level at which the regime began (0 = none). */
  revert: number;
  minLen: number;
  maxLen: number;
  /** Relative chance of being picked as the next regime. */
  weight: number;
}

const REGIMES: readonly Regime[] = [
  { drift: 0.0008, vol: 0.011, revert: 0, minLen: 60, maxLen: 220, weight: 0.34 }, // up-trend
  { drift: -0.0012, vol: 0.016, revert: 0, minLen: 30, maxLen: 120, weight: 0.22 }, // down-trend
  { drift: 0, vol: 0.009, revert: 0.04, minLen: 50, maxLen: 180, weight: 0.3 }, // sideways range
  { drift: 0, vol: 0.026, revert: 0.01, minLen: 15, maxLen: 60, weight: 0.14 }, // turbulent
];

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic synthetic daily bars (weekdays only, from 2015-01-02). See {@link SAMPLE_LABEL}. */
export function sampleBars(opts: SampleOptions = {}): Bars {
  const years = opts.years ?? 8;
  if (!(years > 0) || !Number.isFinite(years)) throw new RangeError(`years must be a positive number, got ${years}`);
  const rand = mulberry32(opts.seed ?? SAMPLE_SEED);
  const gauss = (): number => {
    // Box-Muller; 1 - u keeps the log argument in (0, 1].
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const pickRegime = (current: number): number => {
    let total = 0;
    for (let r = 0; r < REGIMES.length; r++) if (r !== current) total += REGIMES[r].weight;
    let x = rand() * total;
    for (let r = 0; r < REGIMES.length; r++) {
      if (r === current) continue;
      x -= REGIMES[r].weight;
      if (x < 0) return r;
    }
    return current === 0 ? 1 : 0;
  };

  const end = START + Math.round(years * 365.25) * DAY;
  const cap = Math.ceil((end - START) / DAY);
  const time = new Float64Array(cap);
  const open = new Float64Array(cap);
  const high = new Float64Array(cap);
  const low = new Float64Array(cap);
  const close = new Float64Array(cap);
  const volume = new Float64Array(cap);

  let regime = 0;
  let left = 0;
  let anchor = 100;
  let prevClose = 100;
  let logVol = 0; // log of the volatility multiplier (clustering)
  let n = 0;
  for (let t = START; t < end; t += DAY) {
    const dow = new Date(t).getUTCDay();
    if (dow === 0 || dow === 6) continue;

    if (left <= 0) {
      regime = n === 0 ? 0 : pickRegime(regime);
      const R = REGIMES[regime];
      left = R.minLen + Math.floor(rand() * (R.maxLen - R.minLen + 1));
      anchor = prevClose;
    }
    left--;
    const R = REGIMES[regime];

    // Stochastic volatility: AR(1) in log space, nudged up after large moves.
    logVol = 0.96 * logVol + 0.1 * gauss();
    const sigma = R.vol * Math.exp(logVol);
    let z = gauss();
    if (rand() < 0.01) z *= 3; // occasional shock
    const pull = R.revert * Math.log(anchor / prevClose);
    const ret = R.drift + pull + sigma * z;
    if (Math.abs(z) > 2) logVol += 0.15;

    // Split the day's return into an overnight gap and the session move.
    const gap = 0.15 * ret + 0.2 * sigma * gauss();
    let o = round2(prevClose * Math.exp(gap));
    let c = round2(prevClose * Math.exp(ret));
    if (o < 0.01) o = 0.01;
    if (c < 0.01) c = 0.01;
    const wickUp = Math.abs(gauss()) * sigma * 0.5;
    const wickDown = Math.abs(gauss()) * sigma * 0.5;
    const h = Math.max(round2(Math.max(o, c) * Math.exp(wickUp)), o, c);
    let l = Math.min(round2(Math.min(o, c) * Math.exp(-wickDown)), o, c);
    if (l < 0.01) l = 0.01;

    const activity = 1 + 2.5 * Math.min(3, Math.abs(ret) / R.vol);
    const vol = Math.round(800_000 * activity * Math.exp(0.25 * gauss()));

    time[n] = t;
    open[n] = o;
    high[n] = h;
    low[n] = l;
    close[n] = c;
    volume[n] = vol;
    n++;
    prevClose = c;
  }

  return {
    time: time.slice(0, n),
    open: open.slice(0, n),
    high: high.slice(0, n),
    low: low.slice(0, n),
    close: close.slice(0, n),
    volume: volume.slice(0, n),
    symbol: opts.symbol ?? 'SAMPLE',
    interval: '1d',
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
