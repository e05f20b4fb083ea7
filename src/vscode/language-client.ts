/**
 * The editor side of the strategy language server: starts dist/server.js over IPC with
 * vscode-languageclient (like vscode-eslint) for TypeScript and JavaScript documents — the server
 * itself picks the strategy files and files importing `algoagent` — and forwards each run's outcome
 * so the code lens above the strategy class shows the last return and Sharpe ratio.
 *
 * The server (a Node process that loads the TypeScript compiler) starts when the window first has a
 * TypeScript or JavaScript document open, not at every start of a window whose folder merely
 * contains strategies. Run outcomes from before then are kept (the latest per file) and sent once
 * it is up.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import type { RunOutcome } from '../runner/protocol';
import { lastRunParams } from '../server/last-run';
import { LAST_RUN_NOTIFICATION, type LastRunParams } from '../server/protocol';

export interface StrategyLanguageClient {
  /** Tells the server about a finished run of `uri` (a document URI string); shown in its code lens. */
  lastRun(uri: string, outcome: RunOutcome | null): void;
}

/** What the glue needs of a started client (tests hand in their own starter). */
export type StartedClient = Pick<LanguageClient, 'sendNotification' | 'stop'>;
export type ClientStarter = (context: vscode.ExtensionContext) => Promise<StartedClient>;

/** The documents the server analyses (the client's document selector). */
function served(d: vscode.TextDocument): boolean {
  return (d.uri.scheme === 'file' || d.uri.scheme === 'untitled') && (d.languageId === 'typescript' || d.languageId === 'javascript');
}

export function registerLanguageClient(context: vscode.ExtensionContext, start: ClientStarter = startClient): StrategyLanguageClient {
  let client: StartedClient | undefined;
  let started: Promise<StartedClient> | undefined;
  const waiting = new Map<string, LastRunParams>();
  const send = (c: StartedClient, params: LastRunParams) => void Promise.resolve(c.sendNotification(LAST_RUN_NOTIFICATION, params)).catch(() => undefined);
  const ensureStarted = () => {
    started ??= start(context).then((c) => {
      client = c;
      for (const params of waiting.values()) send(c, params);
      waiting.clear();
      return c;
    });
    started.catch(() => undefined);
  };
  if (vscode.workspace.textDocuments.some(served)) ensureStarted();
  else {
    const opened = vscode.workspace.onDidOpenTextDocument((d) => {
      if (!served(d)) return;
      opened.dispose();
      ensureStarted();
    });
    context.subscriptions.push(opened);
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return {
    lastRun(uri, outcome) {
      const params = lastRunParams(uri, outcome);
      if (!started) return void waiting.set(uri, params);
      void started.then((c) => send(c, params)).catch(() => undefined);
    },
  };
}

async function startClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'untitled', language: 'typescript' },
      { scheme: 'untitled', language: 'javascript' },
    ],
    diagnosticCollectionName: 'algoagent-analysis',
    middleware: {
      // Lens arguments travel as URI strings; the extension's commands take a vscode.Uri.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        for (const lens of lenses ?? []) {
          const args = lens.command?.arguments;
          if (lens.command && args) lens.command.arguments = args.map((a: unknown) => (typeof a === 'string' && a === document.uri.toString() ? document.uri : a));
        }
        return lenses;
      },
    },
  };
  const client = new LanguageClient('algoagent', 'AlgoAgent Strategy Analysis', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    client.error('AlgoAgent strategy analysis could not start', e, 'force');
    throw e;
  }
  return client;
}
