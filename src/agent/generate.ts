/**
 * Description → spec → code → file, then (optionally) run and fix. The offline provider parses the
 * description with rules; a model is asked for a spec (validated; its errors go back to it once)
 * and writes code itself only when the idea cannot be a spec. A valid spec always becomes code
 * through the deterministic generator. An existing file is never overwritten.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeStrategyFile } from '../ai/codegen/generate';
import { parseDescription } from '../ai/offline/parse';
import { type ChatMessage, type LanguageModel, complete } from '../ai/provider';
import type { StrategySpec } from '../ai/spec/types';
import { validateSpec } from '../ai/spec/validate';
import { type FixLoopOptions, fixStrategy } from './fix-loop';
import { codeMessages, specMessages } from './messages';
import { compileError } from './propose-fix';
import { extractCode, extractJson, isCodeAnswer } from './reply';
import type { AgentReport } from './types';

export class GenerationError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
    readonly unparsed: string[] = [],
  ) {
    super(message);
    this.name = 'GenerationError';
  }
}

export interface GenerateOptions extends Omit<FixLoopOptions, 'file' | 'source' | 'spec' | 'description' | 'data' | 'run'> {
  description: string;
  /** Folder for the new file (created if needed), e.g. `<workspace>/strategies`. */
  outDir: string;
  /** Overrides the strategy's name (and so the file name). */
  name?: string;
  model: LanguageModel;
  /** Run and fix after writing; without it the file is only written. */
  runWith?: Pick<FixLoopOptions, 'data' | 'run'>;
}

export interface GenerateReport {
  file: string;
  /** The spec the file was generated from (absent when a model wrote the code directly). */
  spec?: StrategySpec;
  /** Parts of the description the offline parser could not place (shown to the user). */
  unparsed: string[];
  via: 'spec' | 'code';
  provider: string;
  model: string;
  agent?: AgentReport;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '') || 'strategy';
}

/** Writes model-written code as `<slug>.strategy.ts` (then -2, -3…), never over an existing file. */
function writeCodeFile(dir: string, name: string, description: string, code: string): string {
  mkdirSync(dir, { recursive: true });
  const header = `/*\n * ${description.trim().replace(/\*\//g, '* /').split('\n').join('\n * ')}\n */\n`;
  const text = code.startsWith('/*') ? code : header + code;
  for (let n = 1; n < 10_000; n++) {
    const file = path.join(dir, `${n === 1 ? slug(name) : `${slug(name)}-${n}`}.strategy.ts`);
    try {
      writeFileSync(file, text, { flag: 'wx' });
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`no free file name for ${slug(name)} in ${dir}`);
}

type Drafted = { via: 'spec'; spec: StrategySpec; unparsed: string[] } | { via: 'code'; code: string };

async function draftWithModel(o: GenerateOptions): Promise<Drafted> {
  const similar = o.memory ? await o.memory.similar(o.description, 3) : [];
  const messages: ChatMessage[] = specMessages(o.description, similar);
  let problems: string[] = [];
  for (let round = 0; round < 2; round++) {
    const reply = await complete(o.model, messages, { signal: o.signal, temperature: 0.2, onText: o.onText });
    if (isCodeAnswer(reply)) {
      const got = extractCode(reply);
      if (got.ok && !(await compileError(got.text, 'strategy.ts'))) return { via: 'code', code: got.text };
      problems = [got.ok ? 'the code in the reply does not compile' : got.reason];
    } else {
      const json = extractJson(reply);
      const checked = json.ok ? validateSpec(json.value) : { ok: false as const, errors: [json.reason] };
      if (checked.ok) return { via: 'spec', spec: checked.spec, unparsed: [] };
      problems = checked.errors;
    }
    messages.push({ role: 'assistant', content: reply }, { role: 'user', content: `That answer is not valid:\n${problems.map((p) => `- ${p}`).join('\n')}\nAnswer again, following the format exactly.` });
  }
  // Last resort: ask for the code directly.
  const reply = await complete(o.model, codeMessages(o.description, similar), { signal: o.signal, temperature: 0.2, onText: o.onText });
  const got = extractCode(reply);
  if (got.ok && !(await compileError(got.text, 'strategy.ts'))) return { via: 'code', code: got.text };
  throw new GenerationError(`${o.model.provider} (${o.model.model}) gave no valid spec or code for this description`, problems);
}

function draftOffline(description: string): Drafted {
  const { spec, unparsed } = parseDescription(description);
  const checked = validateSpec(spec);
  if (!checked.ok) {
    throw new GenerationError('the description does not make a complete strategy yet', checked.errors, unparsed);
  }
  return { via: 'spec', spec: checked.spec, unparsed };
}

export async function generateStrategy(o: GenerateOptions): Promise<GenerateReport> {
  if (!o.description.trim()) throw new GenerationError('the description is empty');
  o.onStatus?.({ status: 'queued', message: 'new strategy from a description' });
  o.onStatus?.({ status: 'generating', message: o.model.provider === 'offline' ? 'reading the description (offline rules)' : `asking ${o.model.model} for a spec` });
  let draft: Drafted;
  try {
    draft = o.model.provider === 'offline' ? draftOffline(o.description) : await draftWithModel(o);
  } catch (err) {
    o.onStatus?.({ status: 'failed', message: (err as Error).message });
    throw err;
  }
  let file: string;
  let spec: StrategySpec | undefined;
  if (draft.via === 'spec') {
    spec = o.name ? { ...draft.spec, name: o.name } : draft.spec;
    file = writeStrategyFile(o.outDir, spec, o.description);
  } else {
    file = writeCodeFile(o.outDir, o.name ?? o.description.split(/\s+/).slice(0, 6).join(' '), o.description, draft.code);
  }
  const report: GenerateReport = { file, spec, unparsed: draft.via === 'spec' ? draft.unparsed : [], via: draft.via, provider: o.model.provider, model: o.model.model };
  if (!o.runWith) {
    o.onStatus?.({ status: 'completed', message: `wrote ${path.basename(file)}` });
    return report;
  }
  report.agent = await fixStrategy({ ...o, ...o.runWith, file, spec, description: o.description, root: o.root ?? path.dirname(file) });
  return report;
}
