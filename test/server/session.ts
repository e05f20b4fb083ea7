/**
 * Drives the real language server over its real protocol: the server is bundled with esbuild into a
 * temp folder (as scripts/build.mjs does: TypeScript loaded from `./typescript.js` beside it), forked
 * with `--node-ipc` like vscode-languageclient does, and spoken to with vscode-jsonrpc's client side.
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { IPCMessageReader, IPCMessageWriter, type MessageConnection, createMessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, Hover, InitializeResult, Range } from 'vscode-languageserver-protocol';

let built: Promise<string> | undefined;

/** Bundles `<root>/src/server/main.ts` once per process; returns the path of server.js. */
export function buildServer(root = path.resolve(__dirname, '../..')): Promise<string> {
  const ROOT = root;
  built ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-server-'));
    fs.copyFileSync(path.join(ROOT, 'node_modules/typescript/lib/typescript.js'), path.join(dir, 'typescript.js'));
    await esbuild.build({
      entryPoints: { server: path.join(ROOT, 'src/server/main.ts') },
      outdir: dir,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      define: { __VERSION__: '"test"' },
      plugins: [{ name: 'shared-typescript', setup: (b) => b.onResolve({ filter: /^typescript$/ }, () => ({ path: './typescript.js', external: true })) }],
    });
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return path.join(dir, 'server.js');
  })();
  return built;
}

export const fileUri = (p: string) => pathToFileURL(p).toString();

export class ServerSession {
  private readonly latest = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  private readonly waiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];
  private readonly versions = new Map<string, number>();
  /** Milliseconds from fork to the `initialize` answer. */
  initializeMs = 0;
  initializeResult!: InitializeResult;

  private constructor(readonly child: ChildProcess, readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.latest.set(p.uri, p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri === p.uri && p.version === w.version) {
          this.waiters.splice(i, 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    connection.onRequest('workspace/codeLens/refresh', () => null);
  }

  static async start(opts: { capabilities?: object; script?: string } = {}): Promise<ServerSession> {
    const capabilities = opts.capabilities ?? { workspace: { codeLens: { refreshSupport: true } } };
    const script = opts.script ?? (await buildServer());
    const t0 = process.hrtime.bigint();
    const child = fork(script, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    const s = new ServerSession(child, connection);
    s.initializeResult = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, workspaceFolders: null });
    s.initializeMs = Number(process.hrtime.bigint() - t0) / 1e6;
    await connection.sendNotification('initialized', {});
    return s;
  }

  /** Opens (or replaces) a document and resolves with the diagnostics published for that version. */
  open(uri: string, text: string, languageId = uri.endsWith('.js') ? 'javascript' : 'typescript'): Promise<Diagnostic[]> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const done = new Promise<Diagnostic[]>((resolve) => this.waiters.push({ uri, version, resolve }));
    void this.connection.sendNotification(version === 1 ? 'textDocument/didOpen' : 'textDocument/didChange', version === 1
      ? { textDocument: { uri, languageId, version, text } }
      : { textDocument: { uri, version }, contentChanges: [{ text }] });
    return done;
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  completion(uri: string, line: number, character: number): Promise<CompletionItem[] | null> {
    return this.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  }

  codeLenses(uri: string): Promise<CodeLens[] | null> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[] | null> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  close(uri: string): Promise<void> {
    this.versions.delete(uri);
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** Applies LSP text edits (0-based ranges) to a text. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
