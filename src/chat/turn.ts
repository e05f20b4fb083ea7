/**
 * One chat request being answered: the stream, the services, cancellation as an AbortSignal, the
 * model (resolved once, with an offline fallback that says why), the buttons at the end of an
 * answer, and the error answers (an error is an answer with what to do, never an exception).
 */
import * as path from 'node:path';
import { ProviderError, type LanguageModel } from '../ai/provider';
import { OfflineModel } from '../ai/providers/offline';
import type { Result } from '../engine/result';
import type { DataSpec } from '../runner/protocol';
import type { CancellationLike, ChatButton, ChatDeps, ChatErrorKind, ChatMetadata, ChatRequestLike, ChatResultLike, ChatStreamLike } from './types';

/** The last result of each strategy this session ran (for /explain without a new run). */
export type ResultCache = Map<string, { result: Result; dataLabel: string; data?: DataSpec }>;

const sharedCache: ResultCache = new Map();

export function remember(cache: ResultCache, file: string, result: Result, dataLabel: string, data?: DataSpec): void {
  cache.delete(file);
  cache.set(file, { result, dataLabel, data });
  while (cache.size > 20) cache.delete(cache.keys().next().value!);
}

/** What to do about a provider failure, in a sentence. */
export function providerAdvice(err: ProviderError): string {
  switch (err.kind) {
    case 'quota':
      return 'All Gemini keys are cooling down after rate limits. Wait a minute and ask again, or add another key (AlgoAgent: Add Gemini API Key); AlgoAgent: Show AI Key Health shows when each key is usable again.';
    case 'auth':
      return 'The API key was rejected. Add a valid key with AlgoAgent: Add Gemini API Key (and remove the old one).';
    case 'no-key':
      return 'No Gemini API key is configured. Add one with AlgoAgent: Add Gemini API Key, or pick a chat model in the chat view.';
    case 'consent':
      return 'VS Code has not allowed AlgoAgent to use this chat model yet. Allow it when VS Code asks, or pick another model in the chat view.';
    case 'network':
      return 'The model service did not answer. Check the connection and ask again.';
    case 'not-found':
      return 'That model is not available. Pick another model in the chat view or set algoagent.ai.provider.';
    case 'blocked':
      return 'The model refused this request. Rephrase it, or try another model.';
    default:
      return 'Try again, or pick another model in the chat view.';
  }
}

export class Turn {
  readonly signal: AbortSignal;
  private readonly abort = new AbortController();
  private modelPromise: Promise<LanguageModel> | undefined;
  /** Why the offline rules serve this request (shown once at the end). */
  offlineNote: string | undefined;
  private readonly buttons: ChatButton[] = [];
  readonly cache: ResultCache;

  constructor(
    readonly request: ChatRequestLike,
    readonly stream: ChatStreamLike,
    token: CancellationLike,
    readonly deps: ChatDeps,
    cache?: ResultCache,
  ) {
    this.signal = this.abort.signal;
    if (token.isCancellationRequested) this.abort.abort();
    token.onCancellationRequested(() => this.abort.abort());
    this.cache = cache ?? sharedCache;
  }

  get cancelled(): boolean {
    return this.signal.aborted;
  }

  progress(text: string): void {
    if (!this.cancelled) this.stream.progress(text);
  }

  say(markdown: string): void {
    this.stream.markdown(markdown.endsWith('\n') ? markdown : `${markdown}\n\n`);
  }

  /** The model: the chat view's or the configured one; the offline rules when neither can serve. */
  model(): Promise<LanguageModel> {
    this.modelPromise ??= this.deps.model(this.request.model).catch((err: unknown) => {
      if (!(err instanceof ProviderError)) throw err;
      this.offlineNote = `${err.message}. ${providerAdvice(err)} Meanwhile the offline rules answered.`;
      return new OfflineModel();
    });
    return this.modelPromise;
  }

  /** A model failed mid-request: the next one (Gemini after the chat model, when keys exist), else the offline rules; says why. */
  async fallBack(err: ProviderError): Promise<LanguageModel> {
    const next = err.provider === 'vscode-lm' ? await this.deps.fallbackModel?.().catch(() => undefined) : undefined;
    const m = next && next.provider !== err.provider && next.provider !== 'offline' ? next : new OfflineModel();
    this.modelPromise = Promise.resolve(m);
    this.offlineNote = `${err.provider}: ${err.message}. ${providerAdvice(err)} Meanwhile ${m.provider === 'offline' ? 'the offline rules' : `${m.provider}/${m.model}`} answered.`;
    return m;
  }

  /**
   * Runs `task` with the model, moving down the chain (chat model → Gemini → offline) on provider
   * errors. Without `offline`, returns undefined when only the offline rules are left.
   */
  async withModel<T>(task: (m: LanguageModel) => Promise<T>, offline: boolean): Promise<T | undefined> {
    let m = await this.model();
    for (;;) {
      if (m.provider === 'offline' && !offline) return undefined;
      try {
        return await task(m);
      } catch (err) {
        if (!(err instanceof ProviderError) || m.provider === 'offline' || this.cancelled) throw err;
        m = await this.fallBack(err);
      }
    }
  }

  root(): string | undefined {
    return this.deps.workspaceRoot();
  }

  label(file: string): string {
    const root = this.root();
    const rel = root ? path.relative(root, file) : '';
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : path.basename(file);
  }

  button(b: ChatButton): void {
    if (!this.buttons.some((x) => x.command === b.command)) this.buttons.push(b);
  }

  /** Ends the answer: the offline note (with the Add Key button), then the buttons. */
  async finish(metadata: ChatMetadata): Promise<ChatResultLike> {
    const m = this.modelPromise ? await this.modelPromise.catch(() => undefined) : undefined;
    if (m?.provider === 'offline' && !this.deps.hasGeminiKey()) {
      this.say(`_Worked offline (rules, no model)${this.offlineNote ? `: ${this.offlineNote}` : '.'} For model-written code, fixes and explanations, pick a chat model in the chat view or add a Gemini API key._`);
      this.button({ command: 'algoagent.addGeminiKey', title: 'Add Gemini API Key' });
    } else if (this.offlineNote) this.say(`_${this.offlineNote}_`);
    for (const b of this.buttons) this.stream.button(b);
    return { metadata };
  }

  /** An error answer: what happened and what to do. */
  async fail(kind: ChatErrorKind, message: string, todo: string, extra: Partial<ChatMetadata> = {}): Promise<ChatResultLike> {
    this.say(`**${message}**\n\n${todo}`);
    return this.finish({ action: 'error', error: kind, ...extra });
  }
}
