/**
 * VS Code language models (`vscode.lm`) behind the LanguageModel interface — written against a
 * minimal structural view so this file never imports `vscode`; src/vscode/ai-lm.ts supplies the
 * real objects. VS Code chat messages have no system role: system text leads the first user turn.
 */
import { AbortError, type ChatMessage, type LanguageModel, ProviderError, type StreamOptions } from '../provider';

/** The parts of `vscode.LanguageModelChat` the adapter needs, with the vscode glue hidden. */
export interface LmChatBinding {
  /** `vendor/family` or the model's name, for records and messages. */
  readonly name: string;
  /**
   * Sends user/assistant turns; resolves to the streamed reply text. The glue maps the signal to a
   * CancellationToken and the roles to `LanguageModelChatMessage.User/Assistant`.
   */
  send(turns: { role: 'user' | 'assistant'; content: string }[], signal?: AbortSignal): Promise<AsyncIterable<string>>;
}

/** The fields of a `vscode.LanguageModelError` (its `code`: NoPermissions, Blocked, NotFound). */
interface LmErrorLike {
  name?: string;
  code?: string;
  message?: string;
}

/** Turns a LanguageModelError (or anything thrown by the glue) into a ProviderError a user can act on. */
export function lmError(err: unknown, model: string): Error {
  const e = (err ?? {}) as LmErrorLike;
  if (e.name === 'AbortError' || /cancel/i.test(e.name ?? '')) return new AbortError();
  const code = e.code ?? '';
  const detail = e.message ? `: ${e.message}` : '';
  if (code === 'NoPermissions' || /NoPermissions/.test(e.name ?? '')) {
    return new ProviderError('consent', `AlgoAgent may not use the language model "${model}" yet — allow it when VS Code asks, or pick another model (algoagent.ai.provider)${detail}`, 'vscode-lm');
  }
  if (code === 'Blocked' || /Blocked/.test(e.name ?? '')) {
    return new ProviderError('blocked', `the language model "${model}" blocked this request (quota or content policy)${detail}`, 'vscode-lm');
  }
  if (code === 'NotFound' || /NotFound/.test(e.name ?? '')) {
    return new ProviderError('not-found', `the language model "${model}" is not available any more; choose another one${detail}`, 'vscode-lm');
  }
  return new ProviderError('failed', `the language model "${model}" failed${detail || `: ${String(err)}`}`, 'vscode-lm');
}

export function toLmTurns(messages: ChatMessage[]): { role: 'user' | 'assistant'; content: string }[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const turns = messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
  if (system) {
    if (turns[0]?.role === 'user') turns[0] = { role: 'user', content: `${system}\n\n${turns[0].content}` };
    else turns.unshift({ role: 'user', content: system });
  }
  return turns;
}

export class VscodeLmModel implements LanguageModel {
  readonly provider = 'vscode-lm' as const;
  readonly model: string;

  constructor(private readonly binding: LmChatBinding) {
    this.model = binding.name;
  }

  async *stream(messages: ChatMessage[], options: StreamOptions = {}): AsyncIterable<string> {
    if (options.signal?.aborted) throw new AbortError();
    let reply: AsyncIterable<string>;
    try {
      reply = await this.binding.send(toLmTurns(messages), options.signal);
    } catch (err) {
      throw lmError(err, this.model);
    }
    try {
      for await (const piece of reply) {
        if (options.signal?.aborted) throw new AbortError();
        yield piece;
      }
    } catch (err) {
      if (err instanceof AbortError || options.signal?.aborted) throw new AbortError();
      throw lmError(err, this.model);
    }
  }
}
