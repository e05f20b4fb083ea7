/**
 * Which model serves a request: `algoagent.ai.provider` (or the CLI's --provider). `auto` takes the
 * VS Code chat model when there is one, else Gemini when a key exists, else the offline rules.
 */
import { KeyPool } from '../keys/key-pool';
import { type LanguageModel, type ProviderChoice, ProviderError } from '../provider';
import { GeminiModel, type GeminiOptions } from './gemini';
import { OfflineModel } from './offline';

export interface ModelSources {
  /** The chat view's model, or one picked with vscode.lm.selectChatModels (editor only). */
  vscodeLm?: () => Promise<LanguageModel | undefined>;
  /** Gemini keys, model and base URL; no pool or an empty one = no Gemini. */
  gemini?: Omit<GeminiOptions, 'pool'> & { pool?: KeyPool };
}

export async function chooseModel(choice: ProviderChoice, sources: ModelSources): Promise<LanguageModel> {
  const pool = sources.gemini?.pool;
  const gemini = () => new GeminiModel({ ...sources.gemini, pool: pool ?? new KeyPool([]) });
  switch (choice) {
    case 'offline':
      return new OfflineModel();
    case 'gemini':
      if (!pool?.size) throw new ProviderError('no-key', 'no Gemini API key: run "AlgoAgent: Add Gemini API Key" (the CLI reads GEMINI_API_KEYS or GEMINI_API_KEY)', 'gemini');
      return gemini();
    case 'vscode-lm': {
      const m = await sources.vscodeLm?.();
      if (!m) throw new ProviderError('not-found', 'no VS Code language model is available (install or sign in to a chat model provider, or choose another algoagent.ai.provider)', 'vscode-lm');
      return m;
    }
    case 'auto': {
      const m = await sources.vscodeLm?.().catch(() => undefined);
      if (m) return m;
      if (pool?.size) return gemini();
      return new OfflineModel();
    }
    default:
      throw new ProviderError('not-found', `unknown provider "${String(choice)}" (use auto, vscode-lm, gemini or offline)`, 'offline');
  }
}
