/** What `algoagent new` and `algoagent fix` share: provider flags, data flags, report printing. */
import { existsSync } from 'node:fs';
import type { AgentReport } from '../agent/types';
import { keysFromEnv } from '../ai/keys/key-id';
import { KeyPool } from '../ai/keys/key-pool';
import { chooseModel } from '../ai/providers/choose';
import { geminiBaseUrl } from '../ai/providers/gemini';
import type { LanguageModel, ProviderChoice } from '../ai/provider';
import { formatFailure } from '../runner/failure';
import type { DataSpec } from '../runner/protocol';
import { type ParsedArgs, UsageError, flag, numberFlag } from './args';
import type { Io } from './commands';
import { statsTable, tradeSummary } from './format';

/** The environment the AI commands read (tests pass their own). */
export interface AiEnv {
  env?: NodeJS.ProcessEnv;
}

export function providerFlag(args: ParsedArgs, allowed: ProviderChoice[], fallback: ProviderChoice): ProviderChoice {
  const v = (flag(args, 'provider') ?? fallback) as ProviderChoice;
  if (!allowed.includes(v)) throw new UsageError(`--provider must be one of ${allowed.join(', ')}, got "${v}"`);
  return v;
}

/**
 * Gemini from env: GEMINI_API_KEYS / GEMINI_API_KEY, ALGOAGENT_GEMINI_MODEL,
 * ALGOAGENT_GEMINI_BASE_URL. A missing key for `--provider gemini` is a usage error.
 */
export async function modelFromEnv(choice: ProviderChoice, env: NodeJS.ProcessEnv): Promise<LanguageModel> {
  const pool = new KeyPool(keysFromEnv(env));
  if (choice === 'gemini' && !pool.size) throw new UsageError('--provider gemini needs a key: set GEMINI_API_KEYS (comma-separated) or GEMINI_API_KEY');
  return chooseModel(choice, { gemini: { pool, model: env.ALGOAGENT_GEMINI_MODEL, baseUrl: geminiBaseUrl(undefined, env) } });
}

export function maxAttemptsFlag(args: ParsedArgs): number | undefined {
  return numberFlag(args, 'max-attempts', (n) => Number.isInteger(n) && n >= 0 && n <= 20, 'a whole number from 0 to 20');
}

/** `--data <csv>` or `--sample`; `required` makes one of them mandatory. */
export function dataFlag(args: ParsedArgs, required: boolean): DataSpec | undefined {
  const csv = flag(args, 'data');
  const sample = args.flags.has('sample');
  if (csv && sample) throw new UsageError('give either --data <csv> or --sample, not both');
  if (csv) {
    if (!existsSync(csv)) throw new UsageError(`no such file: ${csv}`);
    return { kind: 'csv', path: csv };
  }
  if (sample) return { kind: 'sample' };
  if (required) throw new UsageError('give the data to run on: --data <csv> or --sample');
  return undefined;
}

/** The attempts and the outcome, for people. */
export function printReport(io: Io, report: AgentReport): void {
  for (const a of report.attempts) {
    const what = a.outcome === 'still-failing' && a.newFailure ? `still failing: ${a.newFailure.kind} at line ${a.newFailure.line}: ${a.newFailure.message}` : a.outcome + (a.detail ? `: ${a.detail}` : '');
    io.err(`attempt ${a.number} (${a.provider}${a.model ? `/${a.model}` : ''}, ${(a.durationMs / 1000).toFixed(1)} s) for ${a.kind} at line ${a.location.line}: ${what}\n`);
  }
  if (report.result) {
    const r = report.result;
    io.out(`${report.finalStatus === 'fixed' ? 'Fixed' : 'Ran'} ${report.file} on ${r.data.symbol || 'data'} ${r.data.interval} (${r.data.bars} bars)\n\n${statsTable(r.stats)}\n\n${tradeSummary(r)}\n`);
  }
  if (report.noTrades) io.err(`no-trades: ${report.noTrades.message}\n  hint: ${report.noTrades.hint}\n  (run "algoagent fix" with a model to have it changed — it is not changed automatically)\n`);
  if (!report.success) {
    if (report.failure) io.err(`${formatFailure(report.failure)}\n${report.failure.hint ? `  hint: ${report.failure.hint}\n` : ''}`);
    io.err(`algoagent: ${report.reason ?? 'the strategy still fails'}\n`);
  }
}

/** The agent report for --json, without the result (printed beside it). */
export function reportJson(report: AgentReport): Omit<AgentReport, 'result'> {
  const { result: _result, ...rest } = report;
  return rest;
}
