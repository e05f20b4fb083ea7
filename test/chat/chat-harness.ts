/** A recording chat stream, a cancellation token, a conversation history and deps over the real runner. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LanguageModel } from '../../src/ai/provider';
import { OfflineModel } from '../../src/ai/providers/offline';
import { PARTICIPANT_ID } from '../../src/chat/conversation';
import { handleChat } from '../../src/chat/handler';
import type { ResultCache } from '../../src/chat/turn';
import type { CancellationLike, ChatButton, ChatContextLike, ChatDeps, ChatRequestLike, ChatRequestTurnLike, ChatResponseTurnLike, ChatResultLike, ChatStreamLike } from '../../src/chat/types';
import type { RunBacktest } from '../../src/runner/protocol';

export type Part =
  | { kind: 'progress'; value: string }
  | { kind: 'markdown'; value: string }
  | { kind: 'anchor'; file: string; title?: string; line?: number }
  | { kind: 'reference'; file: string }
  | { kind: 'button'; button: ChatButton };

export class RecordingStream implements ChatStreamLike {
  readonly parts: Part[] = [];
  onProgress?: (value: string) => void;
  progress(value: string): void {
    this.parts.push({ kind: 'progress', value });
    this.onProgress?.(value);
  }
  markdown(value: string): void {
    this.parts.push({ kind: 'markdown', value });
  }
  anchor(file: string, title?: string, line?: number): void {
    this.parts.push({ kind: 'anchor', file, title, line });
  }
  reference(file: string): void {
    this.parts.push({ kind: 'reference', file });
  }
  button(button: ChatButton): void {
    this.parts.push({ kind: 'button', button });
  }
  get text(): string {
    return this.parts.filter((p) => p.kind === 'markdown').map((p) => (p as { value: string }).value).join('');
  }
  get progressLines(): string[] {
    return this.parts.filter((p) => p.kind === 'progress').map((p) => (p as { value: string }).value);
  }
  get buttons(): ChatButton[] {
    return this.parts.filter((p) => p.kind === 'button').map((p) => (p as { button: ChatButton }).button);
  }
  get anchors(): string[] {
    return this.parts.filter((p) => p.kind === 'anchor').map((p) => (p as { file: string }).file);
  }
  get references(): string[] {
    return this.parts.filter((p) => p.kind === 'reference').map((p) => (p as { file: string }).file);
  }
}

export class TestToken implements CancellationLike {
  isCancellationRequested = false;
  private readonly listeners: (() => unknown)[] = [];
  onCancellationRequested(listener: () => unknown) {
    this.listeners.push(listener);
    return { dispose: () => undefined };
  }
  cancel(): void {
    if (this.isCancellationRequested) return;
    this.isCancellationRequested = true;
    for (const l of this.listeners) l();
  }
}

/** A conversation: earlier turns of this participant, as VS Code hands them to the handler. */
export class Conversation implements ChatContextLike {
  readonly history: (ChatRequestTurnLike | ChatResponseTurnLike)[] = [];
  add(prompt: string, result: ChatResultLike, command?: string): void {
    this.history.push({ prompt, command, participant: PARTICIPANT_ID }, { result: { metadata: result.metadata as unknown as Record<string, unknown> }, participant: PARTICIPANT_ID, command });
  }
}

export interface TestDepsOptions {
  root: string | undefined;
  run: RunBacktest;
  model?: LanguageModel | (() => Promise<LanguageModel>);
  trusted?: boolean;
  data?: ChatDeps['data'];
  active?: string;
  optimize?: boolean;
  history?: ChatDeps['history'];
}

export interface RecordedRun {
  file: string;
  dataLabel: string;
  returnPct?: number;
  kind: string;
  status?: string;
  ok: boolean;
  source?: string;
}

export function testDeps(o: TestDepsOptions): ChatDeps & { results: RecordedRun[] } {
  const results: RecordedRun[] = [];
  return {
    results,
    workspaceRoot: () => o.root,
    isTrusted: () => o.trusted ?? true,
    model: async () => (typeof o.model === 'function' ? o.model() : (o.model ?? new OfflineModel())),
    run: async () => o.run,
    data: o.data ?? (async () => ({ spec: { kind: 'sample' }, label: 'bundled sample data' })),
    dataChoice: () => "each strategy's meta, else the bundled sample",
    activeFile: () => o.active,
    strategies: async () => {
      const dir = o.root ? path.join(o.root, 'strategies') : undefined;
      return dir && fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.strategy.ts')).map((f) => path.join(dir, f)) : [];
    },
    maxAttempts: () => 3,
    hasGeminiKey: () => false,
    optimizeAvailable: () => o.optimize ?? false,
    history: o.history,
    onResult: (r) => results.push({ file: r.file, dataLabel: r.data.label, returnPct: r.outcome.ok ? r.outcome.result.stats.returnPct : undefined, kind: r.kind, status: r.status, ok: r.outcome.ok, source: r.source }),
  };
}

export async function ask(deps: ChatDeps, request: ChatRequestLike, context: ChatContextLike = new Conversation(), token = new TestToken(), stream = new RecordingStream(), cache: ResultCache = new Map()) {
  const result = await handleChat(request, context, stream, token, deps, cache);
  return { result, stream };
}
