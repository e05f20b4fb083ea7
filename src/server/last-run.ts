/** The `algoagent/lastRun` notification for a run outcome (the client sends it; the code lens shows it). */
import type { RunOutcome } from '../runner/protocol';
import type { LastRunParams } from './protocol';

/** `null` forgets the file's last run; a failure carries its kind and message. */
export function lastRunParams(uri: string, outcome: RunOutcome | null, finishedAt = new Date().toISOString()): LastRunParams {
  if (!outcome) return { uri, run: null };
  if (!outcome.ok) return { uri, run: null, failed: { kind: outcome.failure.kind, message: outcome.failure.message } };
  const s = outcome.result.stats;
  return { uri, run: { returnPct: s.returnPct, sharpeRatio: s.sharpeRatio, trades: s.trades, finishedAt } };
}
