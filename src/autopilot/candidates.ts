/**
 * Candidate generation: description → (model or offline rules) → validated spec → strategy code.
 * Every model call is counted against the cycle's budget; when it runs out, generation stops and
 * says so (BUDGET_EXHAUSTED) instead of failing the cycle.
 */
import { specToCode } from '../ai/codegen/generate';
import { type LanguageModel, complete } from '../ai/provider';
import type { StrategySpec } from '../ai/spec/types';
import { validateSpec } from '../ai/spec/validate';
import { specMessages } from '../agent/messages';
import { extractJson } from '../agent/reply';
import type { StrategyKind } from './config';
import { budgetExhausted, type AgentError } from './errors';
import { KIND_LABELS, TEMPLATES } from './templates';

export interface Candidate {
  kind: StrategyKind;
  symbol: string;
  description: string;
  spec: StrategySpec;
  code: string;
}

export interface CandidateFailure {
  kind: StrategyKind;
  symbol: string;
  description: string;
  reason: string;
}

/** Counts model calls of one cycle. */
export class CallBudget {
  used = 0;
  constructor(readonly limit: number) {}
  /** Takes one call, or returns the BUDGET_EXHAUSTED error when none is left. */
  take(): AgentError | undefined {
    if (this.used >= this.limit) return budgetExhausted(this.used + 1, this.limit);
    this.used++;
    return undefined;
  }
}

export interface GenerateCandidatesInput {
  symbols: readonly string[];
  kinds: readonly StrategyKind[];
  perKind: number;
  timeframe: string;
  model: LanguageModel;
  budget: CallBudget;
  signal?: AbortSignal;
  /** Ideas already explored (no model call is spent on them). */
  skip?: (symbol: string, description: string) => boolean;
}

export interface GeneratedCandidates {
  candidates: Candidate[];
  failures: CandidateFailure[];
  /** Set when the budget stopped generation early. */
  exhausted?: AgentError;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Asks the model for a spec of one description; the reply must be a valid spec. */
export async function specFromModel(model: LanguageModel, description: string, signal?: AbortSignal): Promise<StrategySpec> {
  const reply = await complete(model, specMessages(description), { signal, temperature: 0 });
  const json = extractJson(reply);
  if (!json.ok) throw new Error(`the ${model.provider} model's reply held no spec (${json.reason})`);
  const checked = validateSpec(json.value);
  if (!checked.ok) throw new Error(`the spec is not valid: ${checked.errors.join('; ')}`);
  return checked.spec;
}

export async function generateCandidates(input: GenerateCandidatesInput): Promise<GeneratedCandidates> {
  const out: GeneratedCandidates = { candidates: [], failures: [] };
  for (const symbol of input.symbols) {
    for (const kind of input.kinds) {
      for (const description of TEMPLATES[kind].slice(0, input.perKind)) {
        if (input.skip?.(symbol, description)) continue;
        const over = input.budget.take();
        if (over) {
          out.exhausted = over;
          return out;
        }
        try {
          const parsed = await specFromModel(input.model, description, input.signal);
          const name = `${symbol} ${KIND_LABELS[kind]} ${slug(parsed.indicators.map((i) => i.id).join(' ')) || 'rules'}`;
          const spec: StrategySpec = { ...parsed, name, symbols: [symbol], timeframe: input.timeframe as StrategySpec['timeframe'], direction: 'long' };
          out.candidates.push({ kind, symbol, description, spec, code: specToCode(spec, description) });
        } catch (err) {
          if ((err as Error).name === 'AbortError') throw err;
          out.failures.push({ kind, symbol, description, reason: (err as Error).message });
        }
      }
    }
  }
  return out;
}
