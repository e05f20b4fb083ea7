/** The lastRun notification built from real run outcomes' shapes. */
import * as assert from 'node:assert/strict';
import type { RunOutcome } from '../../src/runner/protocol';
import { lastRunParams } from '../../src/server/last-run';
import { lastRunTitle } from '../../src/server/code-lens';

describe('lastRun notification', () => {
  const uri = 'file:///ws/strategies/a.strategy.ts';
  it('carries return, Sharpe and trades of a finished run', () => {
    const ok = { ok: true, result: { stats: { returnPct: -3.2, sharpeRatio: null, trades: 1 } }, console: [], truncated: false, warnings: [], durationMs: 5 } as unknown as RunOutcome;
    const p = lastRunParams(uri, ok, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(p, { uri, run: { returnPct: -3.2, sharpeRatio: null, trades: 1, finishedAt: '2026-01-01T00:00:00.000Z' } });
    assert.equal(lastRunTitle(p), 'Last run: -3.20 % · Sharpe — · 1 trade');
  });
  it('carries the kind and message of a failure, and null forgets', () => {
    const failed = { ok: false, failure: { kind: 'timeout', message: 'ran longer than 300 s' }, console: [], truncated: false, warnings: [], durationMs: 5 } as unknown as RunOutcome;
    const p = lastRunParams(uri, failed);
    assert.deepEqual(p, { uri, run: null, failed: { kind: 'timeout', message: 'ran longer than 300 s' } });
    assert.equal(lastRunTitle(p), 'Last run failed: timeout');
    assert.equal(lastRunTitle(lastRunParams(uri, null)), undefined);
  });
});
