/**
 * Which strategy a command acts on when it is not given one: the active editor's file, else the
 * active tab's file, else the strategy file last active in an editor (focus may be on the results
 * panel, the chat or a view when the command comes from the palette), else the only strategy file
 * visible in an editor or shown in a tab group.
 *
 * The tabs are asked too because the extension host can learn of a just-opened editor later than of
 * its tab: under load, a command run from the palette right after Quick Open has been seen with no
 * active or visible text editor at all while the file's tab was active (e2e, code-server 4.10x).
 */
import * as vscode from 'vscode';

const CODE_FILE = /\.(ts|js)$/;

/** The choice itself (pure): the first of the candidates that is a TypeScript/JavaScript file. */
export function chooseStrategyFile(c: { given?: string; active?: string; activeTab?: string; lastActive?: string; visible: readonly string[] }): string | undefined {
  if (c.given) return c.given;
  if (c.active && CODE_FILE.test(c.active)) return c.active;
  if (!c.active && c.activeTab && CODE_FILE.test(c.activeTab)) return c.activeTab;
  if (c.lastActive && CODE_FILE.test(c.lastActive) && c.visible.includes(c.lastActive)) return c.lastActive;
  const visible = [...new Set(c.visible.filter((f) => /\.strategy\.(ts|js)$/.test(f)))];
  return visible.length === 1 ? visible[0] : undefined;
}

let lastActive: string | undefined;

/** Follows the active editor (call once at activation). */
export function trackStrategyEditors(context: vscode.ExtensionContext): void {
  const note = (e: vscode.TextEditor | undefined) => {
    if (e && e.document.uri.scheme === 'file' && CODE_FILE.test(e.document.uri.fsPath)) lastActive = e.document.uri.fsPath;
  };
  note(vscode.window.activeTextEditor);
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(note));
}

/** The file of a text tab (not a diff, a webview or a notebook). */
function tabFile(tab: vscode.Tab | undefined): string | undefined {
  const input = tab?.input;
  return input instanceof vscode.TabInputText && input.uri.scheme === 'file' ? input.uri.fsPath : undefined;
}

/** What the editor state offered, for the choice and for the log when nothing fits. */
function candidates(uri?: vscode.Uri | string): Parameters<typeof chooseStrategyFile>[0] {
  const given = typeof uri === 'string' ? vscode.Uri.parse(uri).fsPath : uri?.fsPath;
  const active = vscode.window.activeTextEditor?.document.uri;
  const editors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'file').map((e) => e.document.uri.fsPath);
  const tabs = vscode.window.tabGroups.all.map((g) => tabFile(g.activeTab)).filter((f): f is string => f !== undefined);
  return {
    given,
    active: active?.scheme === 'file' ? active.fsPath : undefined,
    activeTab: tabFile(vscode.window.tabGroups.activeTabGroup.activeTab),
    lastActive,
    visible: [...new Set([...editors, ...tabs])],
  };
}

/** The strategy file for a command invoked with `uri` (from a menu or a lens) or without. */
export function strategyTarget(uri?: vscode.Uri | string): string | undefined {
  return chooseStrategyFile(candidates(uri));
}

/**
 * The strategy file a command may run, or undefined after telling the user why not: no strategy
 * file to act on, or a workspace that is not trusted (strategy code never runs there), with the
 * button that manages trust. `purpose` completes "to …" ("backtest it", "optimize its parameters").
 */
export async function runnableStrategy(uri: vscode.Uri | string | undefined, purpose: string, log?: (line: string) => void): Promise<string | undefined> {
  const seen = candidates(uri);
  const file = chooseStrategyFile(seen);
  if (!file || !CODE_FILE.test(file)) {
    const list = (v: readonly string[]) => (v.length ? v.join(', ') : 'none');
    log?.(`warning no strategy file to ${purpose}: active editor ${vscode.window.activeTextEditor?.document.uri.toString() ?? 'none'}, active tab ${seen.activeTab ?? 'none'}, last active ${seen.lastActive ?? 'none'}, visible ${list(seen.visible)}`);
    void vscode.window.showWarningMessage(`AlgoAgent: open a strategy file (*.strategy.ts) to ${purpose}.`);
    return undefined;
  }
  if (!seen.given && seen.active !== file) log?.(`info  ${purpose}: ${file} (not the active editor's file: active editor ${seen.active ?? 'none'}, active tab ${seen.activeTab ?? 'none'})`);
  if (!vscode.workspace.isTrusted) {
    const pick = await vscode.window.showWarningMessage(`AlgoAgent: strategy code does not run in an untrusted workspace. Trust this workspace (Workspaces: Manage Workspace Trust) to ${purpose}.`, 'Manage Workspace Trust');
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
    return undefined;
  }
  return file;
}
