/**
 * The autonomous loop: run → classify → repair (deterministic first, then the model) → run the
 * candidate (as unsaved source, through the child-process runner) → … at most `maxAttempts` fixes.
 * The user's file is written only with a candidate that ran successfully, and only if nobody
 * changed the file meanwhile. Every attempt is recorded.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { AbortError, type LanguageModel, ProviderError } from '../ai/provider';
import type { StrategySpec } from '../ai/spec/types';
import type { BacktestOptions } from '../engine/options';
import type { Params } from '../engine/strategy';
import type { StrategyFailure } from '../runner/failure';
import type { DataSpec, RunBacktest, RunOutcome } from '../runner/protocol';
import { unifiedDiff } from './diff';
import { type StrategyMemory, codeHash, keyStats } from './memory';
import { compileError, proposeFix } from './propose-fix';
import { deterministicRepair } from './repairs';
import type { AgentReport, FixAttempt, StatusEvent } from './types';

export const DEFAULT_MAX_FIX_ATTEMPTS = 3;

export interface FixLoopOptions {
  /** The strategy file (absolute or cwd-relative). */
  file: string;
  root?: string;
  data: DataSpec;
  options?: BacktestOptions;
  params?: Params;
  /** The runner (src/runner/run.ts `Runner.run`), or a scripted one in tests. */
  run: RunBacktest;
  /** The model for fixes; none or the offline provider → deterministic repairs only. */
  model?: LanguageModel;
  /** `algoagent.agent.maxFixAttempts`; default 3. */
  maxAttempts?: number;
  /** Start from this text instead of the file on disk (an unsaved editor). */
  source?: string;
  /** Treat a run that never trades as a failure to fix (the user asked; never automatic). */
  fixNoTrades?: boolean;
  /** How a working candidate reaches the file; default: write it (the editor applies a WorkspaceEdit). */
  write?: (file: string, code: string) => Promise<void>;
  memory?: StrategyMemory;
  description?: string;
  spec?: StrategySpec;
  signal?: AbortSignal;
  onStatus?: (e: StatusEvent) => void;
  /** The model's reply as it streams. */
  onText?: (chunk: string) => void;
}

/** Why a failure is not for the fix loop, or undefined when it is. */
export function notFixable(f: StrategyFailure, hasModel: boolean): string | undefined {
  if (f.kind === 'data') return 'the market data is bad, not the code: fix the data file or choose other data';
  if ((f.kind === 'timeout' || f.kind === 'memory') && !hasModel) return `a ${f.kind} needs a model to rewrite the logic; no model is available`;
  return undefined;
}

function noTradesOf(o: RunOutcome): StrategyFailure | undefined {
  return o.ok ? o.warnings.find((w) => w.kind === 'no-trades') : undefined;
}

export async function fixStrategy(o: FixLoopOptions): Promise<AgentReport> {
  const file = path.resolve(o.file);
  const root = o.root ?? path.dirname(file);
  const label = path.relative(root, file) || path.basename(file);
  const max = Math.max(0, Math.floor(o.maxAttempts ?? DEFAULT_MAX_FIX_ATTEMPTS));
  const usableModel = o.model && o.model.provider !== 'offline' ? o.model : undefined;
  const status = (s: StatusEvent) => o.onStatus?.(s);
  const attempts: FixAttempt[] = [];
  const run = (source: string | undefined) => o.run({ strategyPath: file, root, source, data: o.data, options: o.options, params: o.params }, { signal: o.signal });
  const check = () => {
    if (o.signal?.aborted) throw new AbortError();
  };

  status({ status: 'queued', message: `fixing ${label}` });
  const original = o.source ?? (await readFile(file, 'utf8'));
  status({ status: 'executing', message: `running ${label}` });
  let outcome = await run(o.source);
  const remember = async (code: string, out: RunOutcome) => {
    if (!out.ok || !o.memory) return;
    await o.memory.remember({ description: o.description ?? o.spec?.description ?? label, spec: o.spec, codeHash: codeHash(code), file, stats: keyStats(out.result.stats), savedAt: new Date().toISOString() });
  };

  const wanted = (out: RunOutcome): StrategyFailure | undefined => (!out.ok ? out.failure : o.fixNoTrades ? noTradesOf(out) : undefined);
  let failure = wanted(outcome);
  if (!failure) {
    const nt = noTradesOf(outcome);
    status({ status: 'completed', message: nt ? `${label} ran but never traded` : `${label} runs without errors` });
    await remember(original, outcome);
    return {
      success: outcome.ok, file, result: outcome.ok ? outcome.result : undefined, runMs: outcome.durationMs, attempts, finalStatus: 'not_needed',
      ...(nt ? { noTrades: { message: nt.message, hint: nt.hint } } : {}),
    };
  }

  let current = original;
  let reason: string | undefined;
  for (let n = 1; n <= max; n++) {
    check();
    status({ status: 'analyzing', message: `${failure.kind} at line ${failure.line}: ${failure.message}`, attempt: n });
    const blocked = notFixable(failure, !!usableModel);
    if (blocked) {
      reason = blocked;
      break;
    }
    status({ status: 'fixing', message: `attempt ${n} of ${max}`, attempt: n });
    const base = { number: n, kind: failure.kind, message: failure.message, location: { file: failure.file, line: failure.line, column: failure.column } };
    const t0 = performance.now();
    let candidate: string;
    let provider: string;
    let model: string;
    const repair = deterministicRepair(current, failure);
    if (repair) {
      candidate = repair.code;
      provider = 'deterministic';
      model = repair.name;
    } else if (usableModel) {
      provider = usableModel.provider;
      model = usableModel.model;
      let proposal;
      try {
        proposal = await proposeFix({ code: current, failure, fileLabel: label, model: usableModel, earlier: attempts, signal: o.signal, onText: o.onText });
      } catch (err) {
        if (err instanceof AbortError || o.signal?.aborted) throw new AbortError();
        if (!(err instanceof ProviderError)) throw err;
        attempts.push({ ...base, diff: '', provider, model, durationMs: performance.now() - t0, outcome: 'provider-error', detail: err.message });
        reason = err.message;
        break; // quota, auth, network: another try now would fail the same way
      }
      if (!proposal.ok) {
        attempts.push({ ...base, diff: '', provider, model, durationMs: proposal.durationMs, outcome: proposal.outcome, detail: proposal.detail });
        continue;
      }
      candidate = proposal.code;
    } else {
      reason = 'no certain repair applies, and model fixes need Gemini or a VS Code language model (algoagent.ai.provider)';
      break;
    }
    const diff = unifiedDiff(current, candidate, label);
    const bad = await compileError(candidate, file);
    if (bad) {
      attempts.push({ ...base, diff, provider, model, durationMs: performance.now() - t0, outcome: 'does-not-compile', detail: bad });
      continue;
    }
    status({ status: 'executing', message: `running attempt ${n}`, attempt: n });
    outcome = await run(candidate);
    const durationMs = performance.now() - t0;
    const next = wanted(outcome);
    if (!next) {
      // Write only if the file still holds what the loop started from.
      const onDisk = await readFile(file, 'utf8').catch(() => undefined);
      if (o.source === undefined && onDisk !== original) {
        attempts.push({ ...base, diff, provider, model, durationMs, outcome: 'fixed', detail: 'not written: the file changed while the agent worked' });
        reason = 'the file changed while the agent worked; the working fix was not written';
        status({ status: 'failed', message: reason });
        return { success: false, file, result: outcome.ok ? outcome.result : undefined, attempts, finalStatus: 'failed', failure, reason };
      }
      await (o.write ?? ((f, c) => writeFile(f, c)))(file, candidate);
      attempts.push({ ...base, diff, provider, model, durationMs, outcome: 'fixed' });
      await remember(candidate, outcome);
      const nt = noTradesOf(outcome);
      status({ status: 'completed', message: `fixed after ${n} attempt${n > 1 ? 's' : ''}` });
      return {
        success: true, file, result: outcome.ok ? outcome.result : undefined, runMs: outcome.durationMs, attempts, finalStatus: 'fixed',
        ...(nt ? { noTrades: { message: nt.message, hint: nt.hint } } : {}),
      };
    }
    attempts.push({ ...base, diff, provider, model, durationMs, outcome: 'still-failing', newFailure: { kind: next.kind, message: next.message, line: next.line, column: next.column } });
    // A candidate that got past loading is progress: the next attempt builds on it and its error.
    // One that did not load is dropped; the next attempt starts again from the same code and error.
    if (!['syntax', 'import', 'validation'].includes(next.kind)) {
      current = candidate;
      failure = next;
    }
  }
  reason ??= `still failing after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'} (algoagent.agent.maxFixAttempts = ${max})`;
  status({ status: 'failed', message: reason });
  return { success: false, file, attempts, finalStatus: 'failed', failure, reason };
}
