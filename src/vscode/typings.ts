/**
 * Keeps `import … from 'algoagent'` understood by VS Code's TypeScript in every folder that holds
 * strategy files: on activation and whenever a strategy file appears, the folder gets the extension's
 * declarations (`.algoagent/types/`, refreshed when the extension updates) and a tsconfig.json that
 * maps `algoagent` to them. The user's node_modules and own tsconfig.json are never touched, and a
 * workspace root that is a JavaScript/TypeScript project (package.json, jsconfig.json) gets no
 * tsconfig.json: strategies there keep plain inference. Nothing is written into a workspace that is
 * not trusted (Restricted Mode): the typings follow when the user grants trust.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';


const STRATEGY_GLOB = '**/*.strategy.{ts,js}';
const EXCLUDE = '**/{node_modules,.algoagent}/**';

/**
 * A file of `dir` that TypeScript opened before its tsconfig.json existed (a restored editor) stays
 * in an inferred project where `algoagent` does not resolve: neither creating the tsconfig.json nor
 * "TypeScript: Reload Project" moves it (VS Code 1.10x, TypeScript 6). Restarting the TS server does,
 * so it is restarted once when AlgoAgent has just written typings for a folder with such a file open.
 */
function reloadTypeScriptFor(dir: string): void {
  const inside = (f: string) => f.startsWith(dir + path.sep);
  const open = vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && /\.[cm]?[jt]s$/.test(d.fileName) && inside(d.uri.fsPath));
  if (open) void vscode.commands.executeCommand('typescript.restartTsServer').then(undefined, () => undefined);
}

export function registerTypings(context: vscode.ExtensionContext): void {
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const source = context.asAbsolutePath(path.join('dist', 'types'));
  const done = new Set<string>();
  const enabled = () => vscode.workspace.getConfiguration('algoagent.typings').get<boolean>('manage', true);

  const ensure = async (dir: string) => {
    if (done.has(dir) || !enabled()) return;
    done.add(dir);
    try {
      const { ALGOAGENT_PATH, ensureWorkspaceTypings } = await import('../analysis/workspace-typings');
      const r = ensureWorkspaceTypings(dir, source, version);
      if (r.status === 'written') reloadTypeScriptFor(dir);
      if (r.status === 'user-config' && !r.mapsAlgoagent) {
        const rel = vscode.workspace.asRelativePath(r.tsconfig);
        void vscode.window.showInformationMessage(
          `AlgoAgent: ${rel} is your own, so AlgoAgent left it unchanged. For IntelliSense on 'algoagent', add "paths": { "algoagent": ["${ALGOAGENT_PATH}"] } to its compilerOptions (with "moduleResolution": "bundler").`,
        );
      }
    } catch (e) {
      void vscode.window.showWarningMessage(`AlgoAgent: could not write typings into ${vscode.workspace.asRelativePath(dir)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  // A workspace root that is a JS/TS project is left alone (see mayManageTypings).
  const roots = () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const ensureFor = (uri: vscode.Uri) => {
    if (uri.scheme !== 'file' || !vscode.workspace.isTrusted) return;
    const dir = path.dirname(uri.fsPath);
    if (done.has(dir) || !enabled()) return;
    void import('../analysis/workspace-typings').then(({ mayManageTypings }) => {
      if (mayManageTypings(dir, roots())) void ensure(dir);
    });
  };

  const scan = () => void vscode.workspace.findFiles(STRATEGY_GLOB, EXCLUDE, 500).then((uris) => uris.forEach(ensureFor));
  if (vscode.workspace.isTrusted) scan();
  const watcher = vscode.workspace.createFileSystemWatcher(STRATEGY_GLOB, false, true, true);
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(ensureFor),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (/\.strategy\.[jt]s$/.test(d.fileName)) ensureFor(d.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('algoagent.typings.manage') && enabled()) {
        done.clear();
        scan();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(scan),
  );
}
