/** A LanguageModel that answers from a script and records every request (for agent tests). */
import type { ChatMessage, LanguageModel, ProviderId, StreamOptions } from '../../src/ai/provider';

export class ScriptedModel implements LanguageModel {
  readonly requests: ChatMessage[][] = [];
  constructor(
    private readonly replies: (string | Error)[],
    readonly provider: ProviderId = 'vscode-lm',
    readonly model = 'scripted',
  ) {}

  async *stream(messages: ChatMessage[], _o?: StreamOptions): AsyncIterable<string> {
    this.requests.push(messages);
    const r = this.replies.shift();
    if (r === undefined) throw new Error(`ScriptedModel: no reply left for request ${this.requests.length}`);
    if (r instanceof Error) throw r;
    // Stream in a few pieces, like a real model.
    for (let k = 0; k < r.length; k += 40) yield r.slice(k, k + 40);
  }

  /** The user text of request `k` (0-based). */
  prompt(k: number): string {
    return this.requests[k].filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  }
}

export const fence = (code: string, lang = 'ts') => '```' + lang + '\n' + code + '```\n';
