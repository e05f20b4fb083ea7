/**
 * One model fix: send the code, the error (kind, location, hint), the API reference and the earlier
 * attempts; take the whole file back from the reply; check that it compiles. Nothing is written here.
 */
import * as esbuild from 'esbuild';
import { complete, type LanguageModel } from '../ai/provider';
import type { StrategyFailure } from '../runner/failure';
import { explainMessages, fixMessages } from './messages';
import { extractCode } from './reply';
import type { FixAttempt } from './types';

export type Proposal =
  | { ok: true; code: string; durationMs: number }
  | { ok: false; outcome: 'unusable-reply' | 'does-not-compile'; detail: string; durationMs: number };

/** Compile errors of a candidate as one line (file:line:col message), or undefined when it compiles. */
export async function compileError(code: string, file: string): Promise<string | undefined> {
  try {
    await esbuild.transform(code, { loader: /\.js$/.test(file) ? 'js' : 'ts', sourcefile: file, format: 'esm', logLevel: 'silent' });
    return undefined;
  } catch (err) {
    const e = err as { errors?: esbuild.Message[] };
    const first = e.errors?.[0];
    if (!first) return String(err);
    return `${first.location ? `line ${first.location.line}:${first.location.column + 1} ` : ''}${first.text}`;
  }
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
