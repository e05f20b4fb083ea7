/**
 * The one interface every language model sits behind: chat messages in, text out (streamed),
 * cancellable through an AbortSignal. Providers: VS Code language models (src/ai/providers/vscode-lm),
 * Gemini with a key pool (src/ai/providers/gemini) and the offline rule-based generator
 * (src/ai/providers/offline).
 */

export type ProviderId = 'vscode-lm' | 'gemini' | 'offline';

/** `algoagent.ai.provider`: `auto` = chat model → Gemini if a key exists → offline. */
export type ProviderChoice = ProviderId | 'auto';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** 0..2; default the provider's. Fix prompts ask for a low one. */
  temperature?: number;
}

export interface LanguageModel {
  readonly provider: ProviderId;
  /** The model's name as the user would recognise it (`gemini-2.5-flash`, `copilot/gpt-4o`, `rules`). */
  readonly model: string;
  /** Yields the reply as it arrives. Aborting the signal stops it with an AbortError. */
  stream(messages: ChatMessage[], options?: StreamOptions): AsyncIterable<string>;
}

/** Why a provider could not answer, in words a user can act on. */
export type ProviderErrorKind =
  | 'no-key' // no API key configured
  | 'auth' // key rejected
  | 'quota' // every key cooling down / rate limited
  | 'network' // server unreachable or 5xx after retries
  | 'consent' // the user has not allowed this extension to use the model
  | 'blocked' // the request or reply was blocked (policy, safety)
  | 'not-found' // no such model
  | 'unsupported' // the provider cannot do this task (offline asked for free text)
  | 'failed';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly provider: ProviderId,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export class AbortError extends Error {
  constructor(message = 'the request was cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortError();
}

/** Waits `ms`, or rejects with AbortError as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Collects a streamed reply, passing each piece to `onText` (progress display) as it arrives. */
export async function complete(
  model: LanguageModel,
  messages: ChatMessage[],
  options: StreamOptions & { onText?: (chunk: string) => void } = {},
): Promise<string> {
  let text = '';
  for await (const chunk of model.stream(messages, options)) {
    throwIfAborted(options.signal);
    text += chunk;
    options.onText?.(chunk);
  }
  throwIfAborted(options.signal);
  return text;
}
