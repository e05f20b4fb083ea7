/**
 * What the conversation is about: the strategy under discussion (from this participant's earlier
 * answers in `context.history`, a named file, an attached file, the active editor), and the
 * followups a finished answer suggests.
 */
import * as path from 'node:path';
import type { ChatContextLike, ChatFollowupLike, ChatMetadata, ChatRequestLike, ChatResponseTurnLike } from './types';

export const PARTICIPANT_ID = 'algoagent.chat';

const isResponse = (t: unknown): t is ChatResponseTurnLike => !!t && typeof t === 'object' && 'result' in t;

/** The metadata of this participant's earlier answers, newest first. */
export function earlierAnswers(context: ChatContextLike): ChatMetadata[] {
  const out: ChatMetadata[] = [];
  for (let i = context.history.length - 1; i >= 0; i--) {
    const t = context.history[i];
    if (isResponse(t) && t.participant === PARTICIPANT_ID && t.result.metadata && typeof t.result.metadata.action === 'string') out.push(t.result.metadata as unknown as ChatMetadata);
  }
  return out;
}

/** The last strategy file an earlier answer of this conversation made, changed or ran. */
export function strategyUnderDiscussion(context: ChatContextLike): string | undefined {
  return earlierAnswers(context).find((m) => typeof m.file === 'string')?.file;
}

/** A strategy named in the prompt (`rsi-dip`, `rsi-dip.strategy.ts`, `strategies/x.strategy.ts`). */
export function namedStrategy(prompt: string, files: string[]): string | undefined {
  const words = prompt.toLowerCase().match(/[\w./\\-]+/g) ?? [];
  const base = (f: string) => path.basename(f).toLowerCase().replace(/\.strategy\.(ts|js)$/, '');
  for (const w of words) {
    const clean = w.replace(/\.strategy\.(ts|js)$/, '').replace(/\.(ts|js)$/, '');
    const hit = files.find((f) => base(f) === path.basename(clean) || f.toLowerCase().endsWith(w.replace(/\\/g, '/')));
    if (hit && clean.length >= 3) return hit;
  }
  return undefined;
}

/** The strategy a command acts on: named or attached, else the one under discussion, else the active editor's. */
export function targetStrategy(request: ChatRequestLike, context: ChatContextLike, files: string[], active: string | undefined): string | undefined {
  const attached = request.files?.find((f) => /\.(ts|js)$/.test(f));
  return attached ?? namedStrategy(request.prompt, files) ?? strategyUnderDiscussion(context) ?? (active && /\.strategy\.(ts|js)$/.test(active) ? active : undefined);
}

/** Natural next steps after an answer. */
export function followupsFor(m: ChatMetadata): ChatFollowupLike[] {
  if (m.action === 'error' || m.action === 'cancelled' || m.action === 'help') {
    return m.action === 'help' ? [{ prompt: 'buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss', label: 'Try an RSI strategy' }] : [];
  }
  if (!m.file) return [];
  const out: ChatFollowupLike[] = [];
  if (m.failed) out.push({ prompt: '', command: 'fix', label: 'Fix it and run again' });
  if (m.stats) {
    if (!m.hasStop) out.push({ prompt: 'now add a 5 % stop loss', label: 'Add a 5 % stop loss' });
    if (m.hasParams) out.push({ prompt: '', command: 'optimize', label: 'Optimize these parameters' });
    if (m.stats.buyHoldReturnPct !== null) out.push({ prompt: 'how does it compare with buy & hold?', command: 'explain', label: 'Compare with buy & hold' });
    out.push({ prompt: 'which trades lost most, and why?', command: 'explain', label: 'Explain the worst trades' });
    out.push({ prompt: '', command: 'data', label: 'Try another symbol' });
  }
  return out.slice(0, 4);
}
