/**
 * The editor side of the strategy language server: starts dist/server.js over IPC with
 * vscode-languageclient (like vscode-eslint) for TypeScript and JavaScript documents — the server
 * itself picks the strategy files and files importing `algoagent` — and forwards each run's outcome
 * so the code lens above the strategy class shows the last return and Sharpe ratio.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import type { RunOutcome } from '../runner/protocol';
import { lastRunParams } from '../server/last-run';
import { LAST_RUN_NOTIFICATION } from '../server/protocol';

export interface StrategyLanguageClient {
  /** Tells the server about a finished run of `uri` (a document URI string); shown in its code lens. */
  lastRun(uri: string, outcome: RunOutcome | null): void;
}

export function registerLanguageClient(context: vscode.ExtensionContext): StrategyLanguageClient {
  let client: LanguageClient | undefined;
  // The client library loads after activation, not during it.
  const started = startClient(context).then((c) => (client = c));
  started.catch(() => undefined);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return {
    lastRun(uri, outcome) {
      const params = lastRunParams(uri, outcome);
      void started.then((c) => c.sendNotification(LAST_RUN_NOTIFICATION, params)).catch(() => undefined);
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
