/**
 * Language-server entry (dist/server.js), started by src/vscode/language-client.ts over IPC (or
 * `--stdio`). It answers `initialize` at once and loads the analysis (and with it the TypeScript
 * compiler) right after, so the editor never waits on start-up.
 */
import {
  type Connection,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Language } from './language';
import { LAST_RUN_NOTIFICATION, type LastRunParams } from './protocol';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let languagePromise: Promise<Language> | undefined;
let canRefreshLenses = false;

function language(): Promise<Language> {
  languagePromise ??= import('./language').then((m) => new m.Language());
  return languagePromise;
}

/** Validation is queued per document so a burst of edits analyzes only the latest text. */
const pending = new Map<string, NodeJS.Immediate>();
function validate(uri: string): void {
  const old = pending.get(uri);
  if (old) clearImmediate(old);
  pending.set(uri, setImmediate(() => {
    pending.delete(uri);
    void language().then((lang) => {
      const doc = documents.get(uri);
      if (!doc) return;
      const diagnostics = lang.diagnostics(doc);
      void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    }).catch((e: unknown) => connection.console.error(`algoagent: analysis of ${uri} failed: ${e instanceof Error ? e.stack : String(e)}`));
  }));
}

connection.onInitialize((params) => {
  canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['.'], resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
    },
    serverInfo: { name: 'algoagent', version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev' },
  };
});

connection.onInitialized(() => {
  setImmediate(() => void language());
});

documents.onDidOpen((e) => validate(e.document.uri));
documents.onDidChangeContent((e) => validate(e.document.uri));
documents.onDidClose((e) => {
  void language().then((l) => l.forget(e.document.uri));
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(async (p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? (await language()).hover(doc, p.position) : null;
});
connection.onCompletion(async (p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? (await language()).completion(doc, p.position) : [];
});
connection.onCodeLens(async (p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? (await language()).codeLenses(doc) : [];
});
connection.onCodeAction(async (p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? (await language()).codeActions(doc, p.context.diagnostics) : [];
});
connection.onNotification(LAST_RUN_NOTIFICATION, async (p: LastRunParams) => {
  (await language()).setLastRun(p);
  if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh');
});

documents.listen(connection);
connection.listen();

declare const __VERSION__: string | undefined;
