/** Builds the chat messages for each task from the prompt files in src/ai/prompts. */
import { INDICATOR_CATALOG } from '../ai/spec/catalog';
import { apiReference, prompt } from '../ai/prompts/load';
import type { ChatMessage } from '../ai/provider';
import type { StrategyFailure } from '../runner/failure';
import type { MemoryEntry } from './memory';
import type { FixAttempt } from './types';

export function numbered(code: string): string {
  const lines = code.replace(/\n$/, '').split('\n');
  const w = String(lines.length).length;
  return lines.map((l, k) => `${String(k + 1).padStart(w)} | ${l}`).join('\n');
}

export function location(f: Pick<StrategyFailure, 'file' | 'line' | 'column' | 'bar' | 'time'>): string {
  const at = f.line ? `line ${f.line}, column ${f.column}` : 'unknown line';
  return `${at}${f.bar !== undefined ? ` (while processing bar ${f.bar}${f.time ? `, ${f.time}` : ''})` : ''}`;
}

function catalogTable(): string {
  return Object.entries(INDICATOR_CATALOG)
    .map(([type, d]) => `- ${type} (${d.label}): params ${d.params.map((p) => `${p.name}=${p.default}`).join(', ') || 'none'}${d.outputs.length ? `; lines ${d.outputs.join(', ')}` : ''}${d.range ? `; range ${d.range[0]}–${d.range[1]}` : ''}`)
    .join('\n');
}

function similarBlock(similar: MemoryEntry[], withCode: boolean): string {
  if (!similar.length) return '';
  const items = similar.map((m, k) => {
    const stats = `return ${m.stats.returnPct ?? '--'} %, ${m.stats.trades ?? 0} trades, Sharpe ${m.stats.sharpeRatio ?? '--'}`;
    return `${k + 1}. "${m.description}" (${stats})\n${withCode ? '```json\n' + JSON.stringify(m.spec) + '\n```' : ''}`;
  });
  return `\nStrategies that worked before for similar ideas (for reference, not to copy blindly):\n${items.join('\n')}\n`;
}

const system = (): ChatMessage => ({ role: 'system', content: prompt('system') });

export function specMessages(description: string, similar: MemoryEntry[] = []): ChatMessage[] {
  const specFormat = `${prompt('spec-format').trim()}\n\nIndicator types:\n${catalogTable()}`;
  return [system(), { role: 'user', content: prompt('spec', { specFormat, similar: similarBlock(similar, true), description: description.trim() }) }];
}

export function codeMessages(description: string, similar: MemoryEntry[] = []): ChatMessage[] {
  return [system(), { role: 'user', content: prompt('code', { api: apiReference(), similar: similarBlock(similar, true), description: description.trim() }) }];
}

function earlierBlock(attempts: FixAttempt[]): string {
  if (!attempts.length) return '';
  const items = attempts.map((a) => {
    const after = a.newFailure ? `then failed with ${a.newFailure.kind} at line ${a.newFailure.line}: ${a.newFailure.message}` : a.detail ?? a.outcome;
    return `Attempt ${a.number} (${a.provider}) for "${a.kind}: ${a.message}" — ${a.outcome}: ${after}${a.diff ? `\n\`\`\`diff\n${a.diff.slice(0, 3000)}\`\`\`` : ''}`;
  });
  return `\nEarlier attempts that did not work (do not repeat them):\n${items.join('\n')}\n`;
}

export function fixMessages(code: string, failure: StrategyFailure, fileLabel: string, attempts: FixAttempt[]): ChatMessage[] {
  return [system(), {
    role: 'user',
    content: prompt('fix', {
      file: fileLabel, kind: failure.kind, message: failure.message, location: location(failure), hint: failure.hint || '(none)',
      numberedCode: numbered(code), earlier: earlierBlock(attempts), api: apiReference(),
    }),
  }];
}

export function explainMessages(code: string, failure: StrategyFailure, fileLabel: string): ChatMessage[] {
  return [system(), {
    role: 'user',
    content: prompt('explain', { file: fileLabel, kind: failure.kind, message: failure.message, location: location(failure), hint: failure.hint || '(none)', numberedCode: numbered(code) }),
  }];
}
