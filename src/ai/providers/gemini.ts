/**
 * Gemini through @google/genai (2.x; runs on Node 20 and 22), with every request served by a key
 * from the KeyPool. A quota or auth failure moves the request to the next key; a 5xx or network
 * failure retries (on the next key when there is one) after a backoff, a bounded number of times.
 * Once text has been streamed to the caller a failure is final (a retry would repeat the text).
 */
import { GoogleGenAI, type Content } from '@google/genai';
import { classifyGeminiError } from '../keys/gemini-errors';
import type { KeyPool } from '../keys/key-pool';
import { AbortError, type ChatMessage, type LanguageModel, ProviderError, type StreamOptions, sleep, throwIfAborted } from '../provider';

export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

export interface GeminiOptions {
  pool: KeyPool;
  /** `algoagent.gemini.model`; default DEFAULT_GEMINI_MODEL. */
  model?: string;
  /** `algoagent.gemini.baseUrl` or env ALGOAGENT_GEMINI_BASE_URL: a gateway, proxy or test server. */
  baseUrl?: string;
  /** `v1beta` (default) or `v1`. */
  apiVersion?: string;
  /** Use streamGenerateContent (SSE); default true. */
  streaming?: boolean;
  /** Retries after a 5xx or network failure; default 3. */
  maxTransientRetries?: number;
  /** First pause before such a retry, doubling; default 500 ms. */
  retryBackoffMs?: number;
  /** Per-request timeout; default 120 s. */
  timeoutMs?: number;
  /** Called after every request with the key id and outcome (for the store's AI-call log). */
  onCall?: (call: { keyId: string; ok: boolean; error?: string; durationMs: number }) => void;
}

/** The base URL from a setting, else env ALGOAGENT_GEMINI_BASE_URL, else Google's. */
export function geminiBaseUrl(setting?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = (setting ?? '').trim() || (env.ALGOAGENT_GEMINI_BASE_URL ?? '').trim();
  return v || undefined;
}

function toContents(messages: ChatMessage[]): { system?: string; contents: Content[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const contents: Content[] = messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] }));
  return { system: system || undefined, contents };
}

export class GeminiModel implements LanguageModel {
  readonly provider = 'gemini' as const;
  readonly model: string;
  private readonly clients = new Map<string, GoogleGenAI>();

  constructor(private readonly opts: GeminiOptions) {
    this.model = opts.model?.trim() || DEFAULT_GEMINI_MODEL;
  }

  private client(id: string, key: string): GoogleGenAI {
    let c = this.clients.get(id);
    if (!c) {
      c = new GoogleGenAI({
        apiKey: key,
        httpOptions: { baseUrl: this.opts.baseUrl, apiVersion: this.opts.apiVersion, timeout: this.opts.timeoutMs ?? 120_000 },
      });
      this.clients.set(id, c);
    }
    return c;
  }

  async *stream(messages: ChatMessage[], options: StreamOptions = {}): AsyncIterable<string> {
    const { system, contents } = toContents(messages);
    const pool = this.opts.pool;
    const maxTransient = this.opts.maxTransientRetries ?? 3;
    const backoff = this.opts.retryBackoffMs ?? 500;
    let transient = 0;
    // Every quota/auth failure rests or disables a key, so the pool runs dry; the bound is a guard.
    for (let round = 0; round < pool.size * 3 + maxTransient + 1; round++) {
      throwIfAborted(options.signal);
      const lease = pool.acquire();
      const ai = this.client(lease.id, lease.key);
      const request = {
        model: this.model,
        contents,
        config: { systemInstruction: system, temperature: options.temperature, abortSignal: options.signal },
      };
      const t0 = performance.now();
      let emitted = false;
      try {
        if (this.opts.streaming === false) {
          const reply = await ai.models.generateContent(request);
          const text = reply.text ?? '';
          blockedCheck(text, reply.promptFeedback?.blockReason, reply.candidates?.[0]?.finishReason);
          emitted = true;
          if (text) yield text;
        } else {
          let any = false;
          let finish: string | undefined;
          let block: string | undefined;
          for await (const chunk of await ai.models.generateContentStream(request)) {
            throwIfAborted(options.signal);
            finish = chunk.candidates?.[0]?.finishReason ?? finish;
            block = chunk.promptFeedback?.blockReason ?? block;
            const t = chunk.text;
            if (t) {
              any = true;
              emitted = true;
              yield t;
            }
          }
          if (!any) blockedCheck('', block, finish);
        }
        pool.succeeded(lease.id);
        this.opts.onCall?.({ keyId: lease.id, ok: true, durationMs: performance.now() - t0 });
        return;
      } catch (err) {
        if (options.signal?.aborted || (err as Error)?.name === 'AbortError') throw new AbortError();
        if (err instanceof ProviderError) throw err;
        const failure = classifyGeminiError(err);
        failure.message = pool.redact(failure.message);
        pool.failed(lease.id, failure);
        this.opts.onCall?.({ keyId: lease.id, ok: false, error: `${failure.type}: ${failure.message}`, durationMs: performance.now() - t0 });
        if (emitted) throw new ProviderError('failed', `Gemini stopped mid-reply (${lease.id}): ${failure.message}`, 'gemini');
        if (failure.type === 'quota' || failure.type === 'auth') continue;
        if (failure.type === 'transient') {
          if (++transient > maxTransient) throw new ProviderError('network', `Gemini did not answer after ${transient} tries: ${failure.message}`, 'gemini');
          await sleep(backoff * 2 ** (transient - 1), options.signal);
          continue;
        }
        const kind = failure.status === 404 ? 'not-found' : 'failed';
        const what = failure.status === 404 ? `model "${this.model}" was not found (algoagent.gemini.model)` : `request refused${failure.status ? ` (HTTP ${failure.status})` : ''}`;
        throw new ProviderError(kind, `Gemini ${what}: ${failure.message}`, 'gemini');
      }
    }
    throw new ProviderError('failed', 'Gemini: too many failed tries for one request', 'gemini');
  }
}

function blockedCheck(text: string, blockReason?: string, finishReason?: string): void {
  if (text) return;
  if (blockReason) throw new ProviderError('blocked', `Gemini blocked the prompt (${blockReason})`, 'gemini');
  if (finishReason && finishReason !== 'STOP') throw new ProviderError('blocked', `Gemini returned no text (finish reason ${finishReason})`, 'gemini');
}
