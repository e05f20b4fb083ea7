/**
 * Monte Carlo over the trade sequence: the closed trades' returns are redrawn in a random order
 * `runs` times (seeded) and compounded from the starting equity, giving a distribution of the
 * total return and of the maximum drawdown measured trade to trade.
 *
 * - `bootstrap` (default) draws each position with replacement, so the total return varies too.
 * - `shuffle` permutes the same trades: the total return (a product) is then the same in every
 *   run and only the path — the drawdown — changes.
 *
 * Compounding a trade's return on the whole equity matches all-in sizing; for fixed-size
 * strategies read the figures as relative. Drawdowns are negative, as `maxDrawdownPct` in the
 * statistics, so the 5th percentile is the bad case for both figures. Percentiles interpolate linearly between order
 * statistics: p at position (p / 100)·(m − 1) of the sorted values (NumPy's default).
 */
import { OptionError } from '../errors';
import { randomIndex, seededRandom } from '../search/prng';

export interface MonteCarloOptions {
  runs: number;
  seed: number;
  mode?: 'bootstrap' | 'shuffle';
}

export interface Percentiles {
  p5: number;
  p50: number;
  p95: number;
}

export interface MonteCarloReport {
  runs: number;
  seed: number;
  mode: 'bootstrap' | 'shuffle';
  trades: number;
  returnPct: Percentiles;
  maxDrawdownPct: Percentiles;
  /** Share of runs that lost money, percent. */
  lossProbabilityPct: number;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (!m) return NaN;
  const pos = (p / 100) * (m - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(m - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Total return and max drawdown (percent; the drawdown ≤ 0 as in Stats) of compounding `returns` (fractions) in order. */
export function pathFigures(returns: ArrayLike<number>): { returnPct: number; maxDrawdownPct: number } {
  let eq = 1;
  let peak = 1;
  let maxDd = 0;
  for (let k = 0; k < returns.length; k++) {
    eq *= 1 + returns[k];
    if (eq > peak) peak = eq;
    const dd = 1 - eq / peak;
    if (dd > maxDd) maxDd = dd;
  }
  return { returnPct: (eq - 1) * 100, maxDrawdownPct: maxDd ? -maxDd * 100 : 0 };
}

/** `tradeReturnsPct`: each closed trade's return in percent (TradeRecord.returnPct), in order. */
export function monteCarlo(tradeReturnsPct: readonly number[], opts: MonteCarloOptions): MonteCarloReport {
  const { runs, seed } = opts;
  const mode = opts.mode ?? 'bootstrap';
  if (!(Number.isInteger(runs) && runs >= 1)) throw new OptionError(`Monte Carlo: runs must be a whole number ≥ 1, got ${runs}`);
  if (mode !== 'bootstrap' && mode !== 'shuffle') throw new OptionError(`Monte Carlo: mode must be bootstrap or shuffle, got "${String(mode)}"`);
  if (!tradeReturnsPct.length) throw new OptionError('Monte Carlo: the run has no closed trades to resample');
  const base = Float64Array.from(tradeReturnsPct, (r) => r / 100);
  const m = base.length;
  const rand = seededRandom(seed);
  const rets = new Float64Array(runs);
  const dds = new Float64Array(runs);
  const path = new Float64Array(m);
  let losses = 0;
  for (let r = 0; r < runs; r++) {
    if (mode === 'bootstrap') {
      for (let k = 0; k < m; k++) path[k] = base[randomIndex(rand, m)];
    } else {
      path.set(base);
      for (let k = m - 1; k > 0; k--) {
        const j = randomIndex(rand, k + 1);
        const t = path[k];
        path[k] = path[j];
        path[j] = t;
      }
    }
    const f = pathFigures(path);
    rets[r] = f.returnPct;
    dds[r] = f.maxDrawdownPct;
    if (f.returnPct < 0) losses++;
  }
  rets.sort();
  dds.sort();
  const pct = (a: Float64Array): Percentiles => ({ p5: percentile(a, 5), p50: percentile(a, 50), p95: percentile(a, 95) });
  return { runs, seed, mode, trades: m, returnPct: pct(rets), maxDrawdownPct: pct(dds), lossProbabilityPct: (losses / runs) * 100 };
}
