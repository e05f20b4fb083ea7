/**
 * The chat participant `@algo` (id `algoagent.chat`): registers it with its icon and followups, and
 * adapts VS Code's chat request, context, stream and token to the plain handler in src/chat. The
 * handler (with the agent, the model clients and the TypeScript compiler behind it) loads on the
 * first request, not at activation.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageModel } from '../ai/provider';
import { followupsFor } from '../chat/conversation';
import type { ChatButton, ChatDeps, ChatMetadata, ChatRun, ChatStreamLike, HistoryReader } from '../chat/types';
import type { RunBacktest } from '../runner/protocol';
import type { GeminiKeyring } from './ai-keys';
import { pickChatModel } from './ai-lm';
import type { DataChoiceForRun } from './run-loop';
import { aiSettings } from './settings';

export interface ChatParticipantDeps {
  /** The runner's `run`, created on first use. */
  run: () => Promise<RunBacktest>;
  /** The data the next run of a strategy uses (dataForRun). */
  data: (strategyFile: string) => Promise<DataChoiceForRun>;
  /** The data choice in words (DataChoice.label()). */
  dataLabel: () => string;
  keyring: GeminiKeyring;
  output: vscode.OutputChannel;
  /** The execution history (History.store()), when it is wired. */
  history?: () => Promise<HistoryReader | undefined>;
  /** The run an answer ended with: record it in the history (it fits History.record), keep it for Open Results. */
  onResult?: (run: ChatRun) => void;
}

export const CHAT_PARTICIPANT_ID = 'algoagent.chat';

/** Modules loaded on the first request (replaceable in tests, where `import()` is not transpiled). */
export const lazyModules = {
  handler: () => import('../chat/handler'),
  services: () => import('./ai-services'),
};
const services = () => lazyModules.services();

/** `algoagent.ai.provider` with the chat view's model as the VS Code one; `withChatModel: false` skips it. */
async function modelFor(deps: ChatParticipantDeps, chosen: vscode.LanguageModelChat | undefined, withChatModel: boolean): Promise<LanguageModel> {
  const c = aiSettings();
  const { chooseModel, geminiBaseUrl } = await services();
  const gemini = { pool: deps.keyring.pool, model: c.model || undefined, baseUrl: geminiBaseUrl(c.baseUrl) };
  return chooseModel(withChatModel ? c.provider : c.provider === 'vscode-lm' ? 'auto' : c.provider, {
    vscodeLm: withChatModel ? () => pickChatModel(chosen) : async () => undefined,
    gemini,
  });
}

function streamFor(stream: vscode.ChatResponseStream): ChatStreamLike {
  const arg = (a: unknown) => (a && typeof a === 'object' && 'file' in a ? vscode.Uri.file((a as { file: string }).file) : a);
  return {
    progress: (v) => stream.progress(v),
    markdown: (v) => stream.markdown(v),
    anchor: (file, title, line) => stream.anchor(line ? new vscode.Location(vscode.Uri.file(file), new vscode.Position(line - 1, 0)) : vscode.Uri.file(file), title),
    reference: (file) => stream.reference(vscode.Uri.file(file)),
    button: (b: ChatButton) => stream.button({ command: b.command, title: b.title, arguments: b.arguments?.map(arg) }),
  };
}

function referencedFiles(request: vscode.ChatRequest): string[] {
  const out: string[] = [];
  for (const r of request.references ?? []) {
    if (r.value instanceof vscode.Uri && r.value.scheme === 'file') out.push(r.value.fsPath);
    else if (r.value instanceof vscode.Location && r.value.uri.scheme === 'file') out.push(r.value.uri.fsPath);
  }
  return out;
}

async function replaceFile(file: string, code: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), code);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not change ${file}`);
  await doc.save();
}

export function registerChatParticipant(context: vscode.ExtensionContext, deps: ChatParticipantDeps): void {
  const handler: vscode.ChatRequestHandler = async (request, chatContext, response, token) => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const chatDeps: ChatDeps = {
      workspaceRoot: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      isTrusted: () => vscode.workspace.isTrusted,
      model: () => modelFor(deps, request.model, true),
      fallbackModel: async () => {
        const m = await modelFor(deps, undefined, false);
        return m.provider === 'offline' ? undefined : m;
      },
      run: deps.run,
      data: deps.data,
      dataChoice: deps.dataLabel,
      activeFile: () => vscode.window.activeTextEditor?.document.uri.fsPath,
      strategies: async () => (await vscode.workspace.findFiles('**/*.strategy.{ts,js}', '**/node_modules/**', 500)).map((u) => u.fsPath),
      maxAttempts: () => aiSettings().maxAttempts,
      hasGeminiKey: () => deps.keyring.pool.size > 0,
      optimizeAvailable: () => commands.has('algoagent.optimizeParameters'),
      memory: async () => new (await services()).JsonFileMemory(path.join(context.globalStorageUri.fsPath, 'strategy-memory.json')),
      history: deps.history,
      write: replaceFile,
      onResult: deps.onResult,
    };
    try {
      const { handleChat } = await lazyModules.handler();
      const result = await handleChat({ prompt: request.prompt, command: request.command, model: request.model, files: referencedFiles(request) }, chatContext, streamFor(response), token, chatDeps);
      return { metadata: result.metadata as unknown as Record<string, unknown> };
    } catch (err) {
      deps.output.appendLine(`chat: ${(err as Error).stack ?? String(err)}`);
      return { errorDetails: { message: (err as Error).message }, metadata: { action: 'error', error: 'failed' } };
    }
  };
  const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, handler);
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'algo.svg');
  participant.followupProvider = {
    provideFollowups: (result) => (result.metadata && typeof result.metadata.action === 'string' ? followupsFor(result.metadata as unknown as ChatMetadata) : []),
  };
  context.subscriptions.push(participant);
}
