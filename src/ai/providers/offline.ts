/**
 * The offline provider: the rule-based description parser behind the LanguageModel interface. It
 * needs no key and no network and answers exactly one kind of request — a description wrapped in
 * <description>…</description> (the spec prompt) — with the spec as a fenced JSON block and the
 * parts it could not place. It writes no code fixes: offline, the agent uses deterministic repairs only.
 */
import { parseDescription } from '../offline/parse';
import { AbortError, type ChatMessage, type LanguageModel, ProviderError, type StreamOptions } from '../provider';

const DESCRIPTION = /<description>\s*([\s\S]*?)\s*<\/description>/;

export class OfflineModel implements LanguageModel {
  readonly provider = 'offline' as const;
  readonly model = 'rules';

  async *stream(messages: ChatMessage[], options: StreamOptions = {}): AsyncIterable<string> {
    if (options.signal?.aborted) throw new AbortError();
    const last = [...messages].reverse().find((m) => m.role === 'user');
    const m = last ? DESCRIPTION.exec(last.content) : null;
    if (!m) {
      throw new ProviderError('unsupported', 'the offline provider only turns descriptions into specs; it cannot write or fix code (add a Gemini API key or choose a VS Code language model)', 'offline');
    }
    const { spec, unparsed } = parseDescription(m[1]);
    yield '```json\n' + JSON.stringify(spec, null, 2) + '\n```\n';
    if (unparsed.length) yield `\nNot understood: ${unparsed.map((u: string) => JSON.stringify(u)).join(', ')}\n`;
  }
}
