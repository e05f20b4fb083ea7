/**
 * One model fix: send the code, the error (kind, location, hint), the API reference and the earlier
 * attempts; take the whole file back from the reply; check that it compiles. Nothing is written here.
 */
import { complete, type LanguageModel } from '../ai/provider';
import type { StrategyFailure } from '../runner/failure';
import { syntaxProblem } from '../runner/transpile';
import { explainMessages, fixMessages } from './messages';
import { extractCode } from './reply';
import type { FixAttempt } from './types';

export type Proposal =
  | { ok: true; code: string; durationMs: number }
  | { ok: false; outcome: 'unusable-reply' | 'does-not-compile'; detail: string; durationMs: number };

/**
 * The first syntax error of a candidate as one line (`line L:C message`), or undefined when it
 * compiles: the same parser and rules as a run (src/runner/transpile.ts).
 */
export async function compileError(code: string, file: string): Promise<string | undefined> {
  const p = syntaxProblem(code, file);
  return p ? `line ${p.line}:${p.column} ${p.message}` : undefined;
}

export interface ProposeOptions {
  code: string;
  failure: StrategyFailure;
  /** The file name shown to the model (workspace-relative). */
  fileLabel: string;
  model: LanguageModel;
  earlier?: FixAttempt[];
  signal?: AbortSignal;
  onText?: (chunk: string) => void;
}

/** Provider errors (quota, auth, network) and cancellation propagate; a bad reply is a result. */
export async function proposeFix(o: ProposeOptions): Promise<Proposal> {
  const t0 = performance.now();
  const reply = await complete(o.model, fixMessages(o.code, o.failure, o.fileLabel, o.earlier ?? []), { signal: o.signal, temperature: 0.2, onText: o.onText });
  const durationMs = () => performance.now() - t0;
  const got = extractCode(reply);
  if (!got.ok) return { ok: false, outcome: 'unusable-reply', detail: got.reason, durationMs: durationMs() };
  const bad = await compileError(got.text, o.fileLabel);
  if (bad) return { ok: false, outcome: 'does-not-compile', detail: `the reply's code does not compile: ${bad}`, durationMs: durationMs() };
  return { ok: true, code: got.text, durationMs: durationMs() };
}

/** A short explanation of the failure, streamed through `onText`. */
export function explainFailure(o: Omit<ProposeOptions, 'earlier'>): Promise<string> {
  return complete(o.model, explainMessages(o.code, o.failure, o.fileLabel), { signal: o.signal, temperature: 0.3, onText: o.onText });
}
