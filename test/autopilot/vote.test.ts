import assert from 'node:assert/strict';
import { initialVote, voteScore, voteSeries, voteStep, type VoteRule } from '../../src/autopilot/vote';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/autopilot/config';
import { judgeBacktest, judgeOutOfSample, judgePaper, misses } from '../../src/autopilot/judge';
import { AgentError } from '../../src/autopilot/errors';
import { pickComponents } from '../../src/autopilot/combine';

const seeds: VoteRule = { weights: [0.4, 0.35, 0.25], minAgree: 2, minScore: 0.5 };
const F = false;
const T = true;

describe('autopilot: weighted vote', () => {
  it('scores the weight share of the components that are in', () => {
    assert.equal(voteScore(seeds.weights, [T, F, F]), 0.4);
    assert.ok(Math.abs(voteScore(seeds.weights, [F, T, T]) - 0.6) < 1e-12);
    assert.equal(voteScore([0, 0], [T, T]), 0);
  });

  it('enters only when at least 2 agree, exits when any exits', () => {
    const s = initialVote(3);
    assert.equal(voteStep(seeds, s, [T, F, F], [F, F, F]), 'none', 'one component is not enough');
    assert.deepEqual(s.inState, [T, F, F]);
    assert.equal(voteStep(seeds, s, [F, F, F], [F, F, F]), 'none', 'trend stays in without a new signal');
    assert.equal(voteStep(seeds, s, [F, F, T], [F, F, F]), 'enter', 'trend (in) + volume agree: 0.65 ≥ 0.5');
    assert.equal(s.long, true);
    assert.equal(voteStep(seeds, s, [F, T, F], [F, F, F]), 'none', 'already long');
    assert.equal(voteStep(seeds, s, [F, F, F], [F, F, T]), 'exit', 'volume exits → the combination exits');
    assert.deepEqual(s.inState, [T, T, F]);
    assert.equal(voteStep(seeds, s, [F, F, F], [F, F, F]), 'none', 'trend + momentum still agree, but agreement did not newly form');
    assert.equal(voteStep(seeds, s, [F, F, F], [T, F, F]), 'none', 'agreement lost');
    assert.equal(voteStep(seeds, s, [T, F, F], [F, F, F]), 'enter', 'agreement formed again');
  });

  it('weights decide when enough components agree by count but not by weight', () => {
    const skewed: VoteRule = { weights: [0.8, 0.1, 0.1], minAgree: 2, minScore: 0.5 };
    // entries[component][bar]: trend, momentum, volume
    const actions = voteSeries(skewed, [[F, F, T], [F, T, F], [F, T, F]], [[F, F, F], [F, F, F], [F, F, F]]);
    // bar 1: momentum + volume in (2 by count, weight 0.2 < 0.5) → no entry; bar 2: trend joins → enter.
    assert.deepEqual(actions, ['none', 'none', 'enter']);
  });

  it('an exit and an entry of one component on the same bar count as out', () => {
    const s = initialVote(2);
    const rule: VoteRule = { weights: [0.5, 0.5], minAgree: 2, minScore: 0.5 };
    assert.equal(voteStep(rule, s, [T, T], [F, T]), 'none');
    assert.deepEqual(s.inState, [T, F]);
  });

  it('picks the best single per weighted kind (profit factor, then return)', () => {
    const singles = [
      { id: 'a', kind: 'trend' as const, profitFactor: 1.2, returnPct: 5 },
      { id: 'b', kind: 'trend' as const, profitFactor: 1.4, returnPct: 1 },
      { id: 'c', kind: 'volume' as const, profitFactor: null, returnPct: 0 },
      { id: 'd', kind: 'meanReversion' as const, profitFactor: 9, returnPct: 50 },
      { id: 'e', kind: 'momentum' as const, profitFactor: 1.1, returnPct: 2 },
      { id: 'f', kind: 'momentum' as const, profitFactor: 1.1, returnPct: 3 },
    ];
    assert.deepEqual(pickComponents(singles, DEFAULT_CONFIG.weights).map((s) => s.id), ['b', 'f', 'c'], 'mean reversion has weight 0 by default');
  });
});

describe('autopilot: configuration and thresholds', () => {
  it('defaults are the seeds\' thresholds', () => {
    const c = resolveConfig({});
    assert.deepEqual(c.promoteToPaper, { winRatePct: 55, profitFactor: 1.5 });
    assert.deepEqual(c.promoteToReady, { winRatePct: 60, profitFactor: 2.0 });
    assert.equal(c.minTrades, 30);
    assert.deepEqual([c.weights.trend, c.weights.momentum, c.weights.volume], [0.4, 0.35, 0.25]);
    assert.equal(c.minAgree, 2);
  });

  it('bad settings are refused with every field named', () => {
    assert.throws(
      () => resolveConfig({ symbols: [], kinds: ['trend', 'astrology'], runMode: 'sometimes', capital: -1, promoteToPaper: { winRatePct: 120 }, bogus: 1 }),
      (e: unknown) => {
        assert.ok(e instanceof AgentError);
        assert.equal(e.code, 'BAD_CONFIG');
        for (const f of ['symbols:', 'kinds[1]: "astrology"', 'runMode:', 'capital:', 'promoteToPaper.winRatePct:', 'bogus: unknown setting']) assert.ok(e.message.includes(f), `${f} in ${e.message}`);
        return true;
      },
    );
    assert.throws(() => resolveConfig('x'), /must be an object/);
  });

  it('promotes only above every threshold, and says why it retires', () => {
    const c = resolveConfig({});
    const oosOk = judgeOutOfSample({ trades: 10, winRatePct: 60, profitFactor: 1.3, returnPct: 4, folds: 3 }, 1);
    assert.equal(oosOk.passed, true);
    const good = { trades: 30, winRatePct: 55.5, profitFactor: 1.51, returnPct: 10 };
    assert.equal(judgeBacktest(good, oosOk, c).status, 'paper');
    assert.deepEqual(judgeBacktest({ ...good, profitFactor: 1.2 }, oosOk, c), { status: 'retired', reason: 'retired: profit factor 1.2 < 1.5' });
    assert.equal(judgeBacktest({ ...good, winRatePct: 55 }, oosOk, c).reason, 'retired: win rate 55 % = 55 %');
    assert.equal(judgeBacktest({ ...good, trades: 29 }, oosOk, c).reason, 'retired: 29 trades < 30');
    const oosBad = judgeOutOfSample({ trades: 4, winRatePct: 25, profitFactor: 0.8, returnPct: -3, folds: 3 }, 1);
    assert.equal(judgeBacktest(good, oosBad, c).reason, 'retired: out-of-sample profit factor 0.8 < 1');
    assert.equal(judgeOutOfSample({ trades: 0, winRatePct: null, profitFactor: null, returnPct: 0, folds: 3 }, 1).passed, false);
    assert.deepEqual(misses({ trades: 0, winRatePct: null, profitFactor: null, returnPct: null }, c.promoteToPaper, 0), ['no win rate (no trades)', 'no profit factor (no trades)']);
    const noLoss = judgeBacktest({ trades: 31, winRatePct: 100, profitFactor: null, returnPct: 9 }, oosOk, c);
    assert.equal(noLoss.status, 'paper', 'no losing trade: the profit factor is unbounded');
    assert.match(noLoss.reason, /profit factor ∞ \(no losing trade\) > 1\.5/);
  });

  it('paper → ready above 60 % / 2.0, retired below the paper thresholds, else stays', () => {
    const c = resolveConfig({});
    assert.equal(judgePaper({ trades: 12, winRatePct: 90, profitFactor: 5, returnPct: 1 }, c).status, 'paper');
    assert.equal(judgePaper({ trades: 31, winRatePct: 61, profitFactor: 2.1, returnPct: 1 }, c).status, 'ready');
    assert.equal(judgePaper({ trades: 31, winRatePct: 58, profitFactor: 1.8, returnPct: 1 }, c).status, 'paper');
    assert.deepEqual(judgePaper({ trades: 31, winRatePct: 58, profitFactor: 1.2, returnPct: 1 }, c), { status: 'retired', reason: 'retired in paper trading: profit factor 1.2 < 1.5' });
  });
});
