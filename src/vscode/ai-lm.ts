/** vscode.lm glue for the VS Code language-model provider (src/ai/providers/vscode-lm.ts). */
import * as vscode from 'vscode';
import { type LmChatBinding, VscodeLmModel } from '../ai/providers/vscode-lm';

/** A CancellationToken that follows an AbortSignal. */
function tokenFor(signal?: AbortSignal): vscode.CancellationToken {
  const source = new vscode.CancellationTokenSource();
  if (signal?.aborted) source.cancel();
  signal?.addEventListener('abort', () => source.cancel(), { once: true });
  return source.token;
}

export function bindChatModel(model: vscode.LanguageModelChat): LmChatBinding {
  return {
    name: `${model.vendor}/${model.family}`,
    async send(turns, signal) {
      const messages = turns.map((t) => (t.role === 'user' ? vscode.LanguageModelChatMessage.User(t.content) : vscode.LanguageModelChatMessage.Assistant(t.content)));
      const response = await model.sendRequest(messages, { justification: 'AlgoAgent writes and repairs trading strategies with it.' }, tokenFor(signal));
      return response.text;
    },
  };
}

/** The chat view's model when given, else the first installed one (any vendor). */
export async function pickChatModel(chosen?: vscode.LanguageModelChat): Promise<VscodeLmModel | undefined> {
  if (chosen) return new VscodeLmModel(bindChatModel(chosen));
  const models = await vscode.lm.selectChatModels();
  return models[0] ? new VscodeLmModel(bindChatModel(models[0])) : undefined;
}
