import assert from 'node:assert/strict';
import { GRACE_MS, MIN_POLL_MS, nextBarDue, nextCycleDue } from '../../src/autopilot/schedule';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);

describe('autopilot: interval-aware schedule', () => {
  it('the next bar is due one interval after it opens, plus grace; missed bars are due now', () => {
    // Daily bar opened at T0: the next one opens at T0 + 1 d and is complete at T0 + 2 d.
    assert.equal(nextBarDue(T0, '1d', T0 + DAY / 2), T0 + 2 * DAY + GRACE_MS);
    assert.equal(nextBarDue(T0, '1h', T0 + 60_000), T0 + 2 * 3_600_000 + GRACE_MS);
    assert.equal(nextBarDue(T0, '1d', T0 + 5 * DAY), T0 + 5 * DAY, 'behind: catch up at once');
    assert.equal(nextBarDue(null, '1d', T0), T0, 'no bar yet: now');
    assert.equal(nextBarDue(T0, '1m', T0 + 2 * 60_000 + GRACE_MS - 1), T0 + 2 * 60_000 + GRACE_MS - 1 + MIN_POLL_MS, 'never sooner than the poll interval');
    assert.throws(() => nextBarDue(T0, 'fortnight', T0), /interval/i);
  });

  it('cycles are due every configured number of hours; never run = due now', () => {
    assert.equal(nextCycleDue(undefined, 24), 0);
    assert.equal(nextCycleDue(new Date(T0).toISOString(), 6), T0 + 6 * 3_600_000);
  });
});
