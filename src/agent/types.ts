/** What the agent reports: status events while it works, one record per fix attempt, a final report. */
import type { Result } from '../engine/result';
import type { FailureKind, StrategyFailure } from '../runner/failure';

export type AgentStatus = 'queued' | 'analyzing' | 'generating' | 'executing' | 'fixing' | 'completed' | 'failed';

export interface StatusEvent {
  status: AgentStatus;
  /** One line for a progress bar or log. */
  message: string;
  /** The attempt being made (fixing/executing after a fix). */
  attempt?: number;
}

export type AttemptOutcome =
  /** The candidate ran without error: it was written to the file. */
  | 'fixed'
  /** The candidate ran and failed with another (or the same) error. */
  | 'still-failing'
  /** The reply held no usable code (prose only, an excerpt, a diff). */
  | 'unusable-reply'
  /** The reply's code does not compile. */
  | 'does-not-compile'
  /** The provider failed (quota, auth, network, blocked). */
  | 'provider-error';

export interface FixAttempt {
  number: number;
  /** The error this attempt tried to fix. */
  kind: FailureKind;
  message: string;
  location: { file: string; line: number; column: number };
  /** Unified diff from the code before to the candidate ('' when there was no candidate). */
  diff: string;
  /** `deterministic` for a certain repair, else the model's provider. */
  provider: string;
  model: string;
  durationMs: number;
  outcome: AttemptOutcome;
  /** Why the attempt failed, or the candidate's new error. */
  detail?: string;
  newFailure?: { kind: FailureKind; message: string; line: number; column: number };
}

export type FinalStatus = 'not_needed' | 'fixed' | 'failed';

export interface AgentReport {
  success: boolean;
  file: string;
  result?: Result;
  /** How long the backtest that produced `result` took (ms). */
  runMs?: number;
  attempts: FixAttempt[];
  finalStatus: FinalStatus;
  /** The error still standing when it failed. */
  failure?: StrategyFailure;
  /** Why the loop stopped early (not fixable, no model, cancelled). */
  reason?: string;
  /** The run succeeded but never traded: a fix is offered, not made. */
  noTrades?: { message: string; hint: string };
}
