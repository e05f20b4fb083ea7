/**
 * computeStats on tiny hand-made series. Every expected value is derived in the comments from the
 * formulas of backtesting.py 0.6.6's compute_stats (shared/reference/README.md); the numbers in the
 * comments were re-checked with a plain-numpy re-implementation of that function.
 */
import assert from 'node:assert/strict';
import { makeBars } from '../../src/engine/bars';
import { type ClosedTradeFacts, type Stats, computeStats } from '../../src/engine/stats';

const DAY = 86_400_000;
const HOUR = 3_600_000;

function near(actual: number | null, expected: number, what: string, rel = 1e-9): void {
  assert.ok(typeof actual === 'number', `${what}: expected ${expected}, got ${actual}`);
  const ok = actual === expected || Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-12);
  assert.ok(ok, `${what}: expected ${expected}, got ${actual}`);
}

/** Every value is a string, a finite number or null: no NaN, no ±Infinity, no undefined. */
function assertClean(s: Stats): void {
  for (const [k, v] of Object.entries(s)) {
    assert.ok(v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)), `${k} = ${v}`);
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** np.cov(x, y)[0, 1] (ddof = 1). */
const sampleCov = (x: number[], y: number[]) => {
  const mx = mean(x);
  const my = mean(y);
  return x.reduce((s, xi, k) => s + (xi - mx) * (y[k] - my), 0) / (x.length - 1);
};
const sampleVar = (x: number[]) => sampleCov(x, x);
/** sqrt((var(r) + (1+g)²)^P − (1+g)^(2P)) × 100 */
const volAnn = (r: number[], g: number, P: number) => Math.sqrt(Math.pow(sampleVar(r) + (1 + g) ** 2, P) - Math.pow(1 + g, 2 * P)) * 100;

interface Case {
  times: string[];
  close: number[];
  equity: number[];
  warmup: number;
  /** [entryBar, exitBar, pnl, returnPct (fraction), commission] */
  trades?: [number, number, number, number, number][];
}

function run(c: Case): Stats {
  const bars = makeBars({ time: c.times, open: c.close, high: c.close, low: c.close, close: c.close });
  const trades: ClosedTradeFacts[] = (c.trades ?? []).map(([entryBar, exitBar, pnl, returnPct, commission]) => ({
    entryBar, exitBar, pnl, returnPct, commission, entryTime: bars.time[entryBar], exitTime: bars.time[exitBar],
  }));
  const s = computeStats({ time: bars.time, close: bars.close, equity: Float64Array.from(c.equity), trades, warmup: c.warmup });
  assertClean(s);
  return s;
}

describe('computeStats — hand-computed statistics', () => {
  describe('daily weekday bars (252 periods a year), three closed trades', () => {
    // Mon 1 .. Fri 5, Mon 8 .. Wed 10 Jan 2024: no weekend bars, median step 1 day.
    const c: Case = {
      times: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10'],
      close: [10, 10, 11, 10, 12, 12, 11, 12],
      equity: [100, 100, 110, 99, 99, 121, 110, 121],
      warmup: 1,
      trades: [
        [1, 2, 10, 0.1, 0.5], //   Jan 2 → Jan 3: 1 day
        [2, 4, -11, -0.1, 0.25], // Jan 3 → Jan 5: 2 days
        [4, 6, 22, 0.2, 0.25], //  Jan 5 → Jan 9: 4 days
      ],
    };
    const s = run(c);
    // Daily returns (one bar per day): 100→100→110→99→99→121→110→121
    const r = [0, 1 / 10, -1 / 10, 0, 2 / 9, -1 / 11, 1 / 10];
    // Π(1+r) = 121/100 → g = 1.21^(1/7) − 1 ≈ 0.0276056
    const g = Math.pow(1.21, 1 / 7) - 1;
    // (1+g)^252 − 1 = 1.21^36 − 1 ≈ 954.59382
    const ann = Math.pow(1.21, 36) - 1;

    it('start, end, duration, equity final/peak, return', () => {
      assert.equal(s.start, '2024-01-01T00:00:00Z');
      assert.equal(s.end, '2024-01-10T00:00:00Z');
      assert.equal(s.durationDays, 9); // Jan 1 → Jan 10
      assert.equal(s.equityFinal, 121);
      assert.equal(s.equityPeak, 121);
      near(s.returnPct, 21, 'return'); // (121 − 100)/100
    });

    it('buy & hold starts at the warm-up bar: (12 − C[1]=10)/10 = 20 %, not from C[0]', () => {
      near(s.buyHoldReturnPct, 20, 'buy & hold');
    });

    it('exposure: bars 1..2, 2..4, 4..6 (inclusive, overlaps counted once) = 6 of 8 = 75 %', () => {
      assert.equal(s.exposureTimePct, 75);
    });

    it('exposure does not depend on the order the trades closed in (hedged trades close out of entry order)', () => {
      const [a, b, d] = c.trades!;
      assert.equal(run({ ...c, trades: [d, a, b] }).exposureTimePct, 75);
      // bars 1..6 ∪ 2..3 (the inner trade closed first) = 6 of 8
      assert.equal(run({ ...c, trades: [[2, 3, 1, 0.01, 0], [1, 6, 1, 0.01, 0]] }).exposureTimePct, 75);
      // ranges that start together, the shorter first or last: bars 4..5 ∪ 4..7 ∪ 0..1 = 6 of 8
      assert.equal(run({ ...c, trades: [[4, 5, 1, 0.01, 0], [4, 7, 1, 0.01, 0], [0, 1, 1, 0.01, 0]] }).exposureTimePct, 75);
      assert.equal(run({ ...c, trades: [[4, 7, 1, 0.01, 0], [0, 1, 1, 0.01, 0], [4, 5, 1, 0.01, 0]] }).exposureTimePct, 75);
    });

    it('drawdown: max 10 %, two episodes (peaks 10 % and 1/11), durations 5 and 2 days; avg 3.5 → ceil 4', () => {
      // dd = 1 − eq/cummax = [0, 0, 0, .1, .1, 0, 1/11, 0]; zero at bars 0,1,2,5,7
      // episodes (2→5): peak .1, Jan 3 → Jan 8 = 5 days; (5→7): peak 1/11, Jan 8 → Jan 10 = 2 days
      near(s.maxDrawdownPct, -10, 'max dd'); // −max(dd)·100
      near(s.avgDrawdownPct, -((0.1 + 1 / 11) / 2) * 100, 'avg dd'); // −9.5454…
      assert.equal(s.maxDrawdownDurationDays, 5);
      assert.equal(s.avgDrawdownDurationDays, 4); // (5 + 2)/2 = 3.5 days, ceil to the 1-day period
    });

    it('annual return, volatility, CAGR (365.25-day years), Sharpe, Sortino, Calmar', () => {
      near(s.returnAnnPct, ann * 100, 'ann return'); // ≈ 95459.38 %
      // var(r, ddof=1) ≈ 0.0133339 → vol ≈ 454490.13 %
      near(s.volatilityAnnPct, volAnn(r, g, 252), 'vol');
      near(s.volatilityAnnPct, 454490.13494909304, 'vol (numpy)', 1e-8);
      // years = 9/365.25 → (121/100)^(365.25/9) − 1 ≈ 2288.3188
      near(s.cagrPct, (Math.pow(1.21, 365.25 / 9) - 1) * 100, 'CAGR');
      near(s.sharpeRatio, (ann * 100) / volAnn(r, g, 252), 'sharpe'); // ≈ 0.210036
      // downside: mean(min(r,0)²) over all 7 returns = (0.1² + (1/11)²)/7; × √252
      near(s.sortinoRatio, ann / (Math.sqrt((0.01 + 1 / 121) / 7) * Math.sqrt(252)), 'sortino'); // ≈ 1177.237
      near(s.calmarRatio, ann / 0.1, 'calmar'); // ≈ 9545.938
    });

    it('beta = cov(log equity returns, log close returns)/var(log close returns), ddof 1; alpha = R − β·B&H', () => {
      const le = [0, Math.log(1.1), Math.log(0.9), 0, Math.log(11 / 9), Math.log(10 / 11), Math.log(1.1)];
      const lm = [0, Math.log(1.1), Math.log(10 / 11), Math.log(1.2), 0, Math.log(11 / 12), Math.log(12 / 11)];
      const beta = sampleCov(le, lm) / sampleVar(lm); // 0.0051245357 / 0.0103004058 ≈ 0.4975081
      near(s.beta, beta, 'beta');
      near(s.beta, 0.4975081393774269, 'beta (numpy)', 1e-9);
      near(s.alphaPct, 21 - beta * 20, 'alpha'); // ≈ 11.0498
    });

    it('trade statistics', () => {
      assert.equal(s.trades, 3);
      near(s.winRatePct, (2 / 3) * 100, 'win rate'); // PnL > 0: 10 and 22
      near(s.bestTradePct, 20, 'best');
      near(s.worstTradePct, -10, 'worst');
      near(s.avgTradePct, (Math.cbrt(1.1 * 0.9 * 1.2) - 1) * 100, 'avg trade'); // geometric: 1.188^(1/3) − 1 ≈ 5.91045 %
      near(s.expectancyPct, ((0.1 - 0.1 + 0.2) / 3) * 100, 'expectancy'); // 6.667 %
      near(s.profitFactor, 3, 'profit factor'); // (0.1 + 0.2)/|−0.1| on returns
      // PnL 10, −11, 22: mean 7, deviations 3, −18, 15 → Σ² = 558, std = √(558/2) = √279
      near(s.sqn, (Math.sqrt(3) * 7) / Math.sqrt(279), 'SQN'); // ≈ 0.725866
      // W = 2/3, avg win (10+22)/2 = 16, avg loss 11: 2/3 − (1/3)/(16/11) = 21/48
      near(s.kellyCriterion, 21 / 48, 'kelly');
      assert.equal(s.maxTradeDurationDays, 4);
      assert.equal(s.avgTradeDurationDays, 3); // (1 + 2 + 4)/3 = 2.33 days → ceil 3
      near(s.commissions, 1, 'commissions'); // 0.5 + 0.25 + 0.25
    });
  });

  it('no trades and flat equity: every trade statistic null, Sharpe null (zero volatility), no NaN anywhere', () => {
    const s = run({
      times: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'],
      close: [10, 11, 12, 11, 13],
      equity: [500, 500, 500, 500, 500],
      warmup: 0,
    });
    assert.equal(s.returnPct, 0);
    near(s.buyHoldReturnPct, 30, 'B&H'); // (13 − 10)/10
    assert.equal(s.returnAnnPct, 0); // g = 0
    assert.equal(s.volatilityAnnPct, 0); // √((0 + 1)^252 − 1)
    assert.equal(s.sharpeRatio, null); // 0 / (0 or NaN)
    assert.equal(s.sortinoRatio, null); // 0 / 0
    assert.equal(s.calmarRatio, null); // max dd 0 → 0 / NaN
    assert.equal(s.cagrPct, 0);
    assert.equal(s.beta, 0); // equity log returns all 0 → covariance 0
    assert.equal(s.alphaPct, 0); // 0 − 0 · 30
    assert.ok(s.maxDrawdownPct === 0); // −0 · 100 (the reference also gives −0.0)
    assert.equal(s.avgDrawdownPct, null); // no episode: mean of the nonzero dd values = mean of nothing
    assert.equal(s.maxDrawdownDurationDays, null);
    assert.equal(s.avgDrawdownDurationDays, null);
    assert.equal(s.exposureTimePct, 0);
    assert.equal(s.trades, 0);
    for (const k of ['winRatePct', 'bestTradePct', 'worstTradePct', 'avgTradePct', 'maxTradeDurationDays', 'avgTradeDurationDays',
      'profitFactor', 'expectancyPct', 'sqn', 'kellyCriterion'] as const) {
      assert.equal(s[k], null, k);
    }
    assert.equal(s.commissions, 0);
  });

  it('only winning trades: profit factor null (no losing return, as the reference); one trade: SQN null', () => {
    const s = run({
      times: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'],
      close: [10, 10, 11, 11],
      equity: [100, 100, 110, 110],
      warmup: 0,
      trades: [[1, 2, 10, 0.1, 0]],
    });
    assert.equal(s.profitFactor, null); // 0.1 / (0 or NaN)
    assert.equal(s.sqn, null); // std of one PnL (ddof 1) is NaN
    assert.equal(s.kellyCriterion, null); // mean loss of no losing trade is NaN
    near(s.winRatePct, 100, 'win rate');
    near(s.avgTradePct, 10, 'avg trade');
    assert.equal(s.sortinoRatio, null); // daily r = 0, .1, 0: no downside → ann/0 = ∞ → null
  });

  it('equity wiped out (0 at the end): finite or null everywhere, geometric means clamp to 0', () => {
    const s = run({
      times: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'],
      close: [10, 12, 14, 15],
      equity: [100, 50, 0, 0],
      warmup: 0,
      trades: [[1, 2, -100, -1, 0]],
    });
    near(s.returnPct, -100, 'return');
    // daily r: −0.5, −1 (0/0 dropped) → a 1 + r ≤ 0 → g = 0 → annual return 0
    assert.equal(s.returnAnnPct, 0);
    // vol = √((var(−.5, −1) + 1)^252 − 1) = √(1.125^252 − 1)·100
    near(s.volatilityAnnPct, Math.sqrt(Math.pow(1.125, 252) - 1) * 100, 'vol');
    assert.equal(s.sharpeRatio, 0);
    near(s.cagrPct, -100, 'CAGR'); // 0^(1/years) − 1
    assert.equal(s.beta, null); // log(0/50) = −∞ → NaN covariance
    assert.equal(s.alphaPct, null);
    near(s.maxDrawdownPct, -100, 'max dd');
    assert.equal(s.avgTradePct, 0); // 1 + (−1) ≤ 0 → geometric mean 0
    assert.equal(s.profitFactor, 0); // 0 / |−1|
  });

  describe('annualization: weekend bars and the data period', () => {
    it('8 calendar days with Sat + Sun (2/8 = 25 % > 2/7·0.6 ≈ 17.1 %) → 365 periods a year', () => {
      const s = run({
        times: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'],
        close: [10, 10, 11, 10, 12, 12, 11, 12],
        equity: [100, 102, 101, 103, 104, 103, 105, 106],
        warmup: 0,
      });
      // Π(1+r) = 106/100 over 7 returns → (1+g)^365 = 1.06^(365/7) ≈ 20.86989 → 1986.99 %
      near(s.returnAnnPct, (Math.pow(1.06, 365 / 7) - 1) * 100, 'ann 365');
      // CAGR: 7 days → 1.06^(365.25/7) − 1 ≈ 1991.34 %
      near(s.cagrPct, (Math.pow(1.06, 365.25 / 7) - 1) * 100, 'CAGR');
      const r = [102 / 100, 101 / 102, 103 / 101, 104 / 103, 103 / 104, 105 / 103, 106 / 105].map((x) => x - 1);
      near(s.volatilityAnnPct, volAnn(r, Math.pow(1.06, 1 / 7) - 1, 365), 'vol 365'); // ≈ 530.038 %
      // Sortino: negative returns −1/102 and −1/104 over 7 returns, × √365 → ≈ 200.382
      near(s.sortinoRatio, (Math.pow(1.06, 365 / 7) - 1) / (Math.sqrt(((1 / 102) ** 2 + (1 / 104) ** 2) / 7) * Math.sqrt(365)), 'sortino');
    });

    it('12 calendar days with Sat + Sun (2/12 ≈ 16.7 % ≤ 17.1 %) → 252 periods a year', () => {
      const days = Array.from({ length: 12 }, (_, k) => `2024-01-${String(k + 1).padStart(2, '0')}`);
      const s = run({ times: days, close: [10, 10, 11, 10, 12, 12, 11, 12, 12, 13, 12, 13],
        equity: [100, 102, 101, 103, 104, 103, 105, 106, 106, 108, 107, 110], warmup: 0 });
      // 11 returns, Π = 1.10 → 1.10^(252/11) − 1 ≈ 787.705 %
      near(s.returnAnnPct, (Math.pow(1.1, 252 / 11) - 1) * 100, 'ann 252');
    });

    it('weekly bars (median step 7 days) → 52 periods a year; durations ceil to whole days', () => {
      const s = run({
        times: ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29', '2024-02-05'],
        close: [10, 11, 10, 12, 13, 12],
        equity: [100, 110, 99, 99, 110, 121],
        warmup: 0,
        trades: [[1, 2, -11, -0.1, 0], [3, 5, 22, 2 / 9, 0]], // 7 and 14 days
      });
      // weekly r = .1, −.1, 0, 1/9, .1 → Π = 1.21 over 5 → (1+g)^52 = 1.21^(52/5) ≈ 7.26052
      near(s.returnAnnPct, (Math.pow(1.21, 52 / 5) - 1) * 100, 'ann 52');
      near(s.volatilityAnnPct, volAnn([0.1, -0.1, 0, 1 / 9, 0.1], Math.pow(1.21, 1 / 5) - 1, 52), 'vol 52'); // ≈ 510.077 %
      // dd zero at bars 0, 1, 4, 5 → one episode 1 → 4 (Jan 8 → Jan 29 = 21 days), peak .1
      assert.equal(s.maxDrawdownDurationDays, 21);
      assert.equal(s.avgDrawdownDurationDays, 21);
      assert.equal(s.maxTradeDurationDays, 14);
      assert.equal(s.avgTradeDurationDays, 11); // (7 + 14)/2 = 10.5 → 11
      near(s.sqn, 1 / 3, 'SQN'); // PnL −11, 22: mean 5.5, std 16.5·√2 → √2·5.5/(16.5·√2)
      near(s.kellyCriterion, 0.25, 'kelly'); // .5 − .5/(22/11)
      near(s.profitFactor, (2 / 9) / 0.1, 'profit factor'); // ≈ 2.2222
      assert.equal(s.exposureTimePct, (5 / 6) * 100); // bars 1, 2, 3, 4, 5
    });

    it('monthly bars (median step 31 days) → 12 periods a year', () => {
      // 1st of Jan..Sep 2024: steps 31, 29, 31, 30, 31, 30, 31, 31 → median 31
      const s = run({
        times: ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01', '2024-07-01', '2024-08-01', '2024-09-01'],
        close: [10, 11, 10, 12, 13, 12, 14, 15, 15],
        equity: [1000, 1100, 990, 990, 1089, 1210, 1100, 1210, 1331],
        warmup: 2,
      });
      // Π(1+r) = 1.331 over 8 monthly returns → 1.331^(12/8) − 1 ≈ 53.5561 %
      near(s.returnAnnPct, (Math.pow(1.331, 1.5) - 1) * 100, 'ann 12');
      near(s.volatilityAnnPct, volAnn([0.1, -0.1, 0, 0.1, 1 / 9, -1 / 11, 0.1, 0.1], Math.pow(1.331, 1 / 8) - 1, 12), 'vol 12');
      assert.equal(s.durationDays, 244); // Jan 1 → Sep 1, 2024 (leap year)
      near(s.cagrPct, (Math.pow(1.331, 365.25 / 244) - 1) * 100, 'CAGR'); // ≈ 53.4212 %
      near(s.buyHoldReturnPct, 50, 'B&H from warm-up bar 2'); // (15 − 10)/10
      // dd zero at 0, 1, 5, 7, 8: episodes Feb 1 → Jun 1 (121 days, peak .1), Jun 1 → Aug 1 (61 days, peak 1/11)
      assert.equal(s.maxDrawdownDurationDays, 121);
      assert.equal(s.avgDrawdownDurationDays, 91);
      near(s.avgDrawdownPct, -((0.1 + 1 / 11) / 2) * 100, 'avg dd');
    });
  });

  describe('hourly bars: daily resampling and ceil to the hour', () => {
    const s = run({
      times: ['2024-01-01T22:00', '2024-01-01T23:00', '2024-01-02T00:00', '2024-01-02T01:00', '2024-01-02T02:00',
        '2024-01-02T03:00', '2024-01-02T04:00', '2024-01-02T05:00', '2024-01-03T00:00', '2024-01-03T01:00'],
      close: [10, 11, 10, 11, 12, 11, 11, 12, 13, 13],
      equity: [100, 110, 99, 110, 121, 110, 110, 121, 133.1, 132],
      warmup: 0,
      trades: [[1, 2, -11, -0.1, 0], [4, 6, -11, -1 / 11, 0]], // 1 h and 2 h
    });

    it('daily returns use the last bar of each calendar day: 110 (Jan 1) → 121 (Jan 2) → 132 (Jan 3)', () => {
      // r = .1, 1/11 → Π = 132/110 = 1.2 over 2 → (1+g)^252 = 1.2^126 ≈ 9.4806e9
      near(s.returnAnnPct, (Math.pow(1.2, 126) - 1) * 100, 'ann');
      near(s.volatilityAnnPct, volAnn([0.1, 1 / 11], Math.sqrt(1.2) - 1, 252), 'vol'); // ≈ 8.8507e10 %
      assert.equal(s.sortinoRatio, null); // no negative daily return → ann/0 = ∞ → null
      near(s.returnPct, 32, 'return');
    });

    it('duration 1 day 3 h = 1.125 days; CAGR over (1 + 10800/86400)/365.25 years', () => {
      assert.equal(s.durationDays, 1.125);
      near(s.cagrPct, (Math.pow(1.32, 365.25 / 1.125) - 1) * 100, 'CAGR');
    });

    it('drawdown durations 2 h and 3 h: max 3 h, avg 2.5 h → ceil 3 h (0.125 days)', () => {
      // dd zero at 0, 1, 3, 4, 7, 8; last bar 132 < 133.1 is bar 8 + 1 → not an episode
      assert.equal(s.maxDrawdownDurationDays, (3 * HOUR) / DAY);
      assert.equal(s.avgDrawdownDurationDays, (3 * HOUR) / DAY);
      near(s.avgDrawdownPct, -((0.1 + 1 / 11) / 2) * 100, 'avg dd');
    });

    it('trade durations 1 h and 2 h: avg 1.5 h → ceil 2 h; all losers: win rate 0, PF 0, Kelly null; equal PnLs: SQN null', () => {
      assert.equal(s.maxTradeDurationDays, (2 * HOUR) / DAY);
      assert.equal(s.avgTradeDurationDays, (2 * HOUR) / DAY);
      assert.equal(s.winRatePct, 0);
      assert.equal(s.profitFactor, 0);
      assert.equal(s.kellyCriterion, null); // mean win of no winning trade is NaN
      assert.equal(s.sqn, null); // std(−11, −11) = 0 → NaN
      near(s.avgTradePct, (Math.sqrt(0.9 * (10 / 11)) - 1) * 100, 'avg trade'); // ≈ −9.5466 %
      near(s.bestTradePct, (-1 / 11) * 100, 'best');
    });
  });

  it('a drawdown that never recovers and spans no episode: avg depth of the nonzero dd, durations null', () => {
    // eq 100, 100, 90: dd = 0, 0, .1; zeros at 0, 1 plus the last bar 2 → no two of them more than a bar apart
    const s = run({ times: ['2024-01-01', '2024-01-02', '2024-01-03'], close: [1, 1, 1], equity: [100, 100, 90], warmup: 0 });
    near(s.maxDrawdownPct, -10, 'max dd');
    near(s.avgDrawdownPct, -10, 'avg dd'); // the reference's dd.replace(0, NaN).mean()
    assert.equal(s.maxDrawdownDurationDays, null); // the reference shows the dd value (0.1) here; we give null
    assert.equal(s.avgDrawdownDurationDays, null);
    assert.equal(s.beta, null); // the close never moves: var(log close returns) = 0
  });

  it('a single bar: only nulls and finite numbers', () => {
    const s = run({ times: ['2024-01-01'], close: [10], equity: [100], warmup: 0 });
    assert.equal(s.returnPct, 0);
    assert.equal(s.durationDays, 0);
    assert.equal(s.cagrPct, null);
    assert.equal(s.returnAnnPct, null);
    assert.equal(s.beta, null);
  });
});
