/**
 * The chat's two model tasks, with their prompts in src/ai/prompts/chat-*.md (copied to
 * dist/prompts/ by the build like the others): edit a strategy file as asked, and explain a
 * strategy with its last result.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { numbered } from '../agent/messages';
import { compileError } from '../agent/propose-fix';
import { extractCode } from '../agent/reply';
import { apiReference, fillPrompt, promptTemplate } from '../ai/prompts/load';
import { type ChatMessage, type LanguageModel, complete } from '../ai/provider';
import type { Result } from '../engine/result';
import { drawdownEpisodes } from './answer-text';

type ChatPrompt = 'chat-edit' | 'chat-explain';

const cache = new Map<ChatPrompt, string>();

function template(name: ChatPrompt): string {
  let text = cache.get(name);
  if (text === undefined) {
    const file = [path.join(__dirname, 'prompts', `${name}.md`), path.resolve(__dirname, '..', 'ai', 'prompts', `${name}.md`)].find((f) => existsSync(f));
    if (!file) throw new Error(`prompt ${name}.md not found beside the bundle (the build copies src/ai/prompts/*.md to dist/prompts/)`);
    text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    cache.set(name, text);
  }
  return text;
}

const system = (): ChatMessage => ({ role: 'system', content: promptTemplate('system') });

export type EditOutcome = { ok: true; code: string } | { ok: false; reason: string };

/** Asks the model for the whole file with the change made; checks that the reply compiles. */
export async function editWithModel(o: { model: LanguageModel; code: string; fileLabel: string; change: string; signal?: AbortSignal }): Promise<EditOutcome> {
  const content = fillPrompt(template('chat-edit'), { file: o.fileLabel, change: o.change.trim(), numberedCode: numbered(o.code), api: apiReference() });
  const reply = await complete(o.model, [system(), { role: 'user', content }], { signal: o.signal, temperature: 0.2 });
  const got = extractCode(reply);
  if (!got.ok) return { ok: false, reason: `${o.model.model} gave no usable file: ${got.reason}` };
  const bad = await compileError(got.text, o.fileLabel);
  if (bad) return { ok: false, reason: `${o.model.model}'s file does not compile: ${bad}` };
  if (got.text.trim() === o.code.trim()) return { ok: false, reason: `${o.model.model} returned the file unchanged` };
  return { ok: true, code: got.text };
}

/** Streams the model's explanation of the strategy and its last result through `onText`. */
export function explainWithModel(o: { model: LanguageModel; code: string; fileLabel: string; question: string; result?: Result; signal?: AbortSignal; onText: (t: string) => void }): Promise<string> {
  const r = o.result;
  const stats = r ? Object.entries(r.stats).map(([k, v]) => `${k}: ${v === null ? 'n/a' : typeof v === 'number' ? +v.toFixed(4) : v}`).join('\n') : '(no run yet)';
  const worst = r ? [...r.trades].sort((a, b) => a.returnPct - b.returnPct).slice(0, 5).map((t) => `${t.entryTime.slice(0, 10)} → ${t.exitTime.slice(0, 10)}: ${t.returnPct.toFixed(2)} % (entry ${t.entryPrice}, exit ${t.exitPrice}, sl ${t.sl ?? '-'}, tp ${t.tp ?? '-'})`).join('\n') || '(no closed trades)' : '(no run yet)';
  const dd = r ? drawdownEpisodes(r).map((e) => `-${e.depthPct.toFixed(2)} % from bar ${e.from} to bar ${e.trough}${e.to === null ? ', not recovered' : `, recovered at bar ${e.to}`}`).join('\n') || '(none)' : '(no run yet)';
  const content = fillPrompt(template('chat-explain'), { question: o.question.trim() || 'Explain this strategy and its result.', file: o.fileLabel, numberedCode: numbered(o.code), stats, worstTrades: worst, drawdowns: dd });
  return complete(o.model, [system(), { role: 'user', content }], { signal: o.signal, temperature: 0.3, onText: o.onText });
}
