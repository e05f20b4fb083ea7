/**
 * Which strategy a command acts on when it is not given one: the active editor's file, else the
 * strategy file last active in an editor (focus may be on the results panel, the chat or a view
 * when the command comes from the palette), else the only strategy file visible in an editor.
 */
import * as vscode from 'vscode';

const CODE_FILE = /\.(ts|js)$/;

/** The choice itself (pure): the first of the candidates that is a TypeScript/JavaScript file. */
export function chooseStrategyFile(c: { given?: string; active?: string; lastActive?: string; visible: readonly string[] }): string | undefined {
  if (c.given) return c.given;
  if (c.active && CODE_FILE.test(c.active)) return c.active;
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

/** The strategy file for a command invoked with `uri` (from a menu or a lens) or without. */
export function strategyTarget(uri?: vscode.Uri | string): string | undefined {
  const given = typeof uri === 'string' ? vscode.Uri.parse(uri).fsPath : uri?.fsPath;
  const active = vscode.window.activeTextEditor?.document.uri;
  return chooseStrategyFile({
    given,
    active: active?.scheme === 'file' ? active.fsPath : undefined,
    lastActive,
    visible: vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'file').map((e) => e.document.uri.fsPath),
  });
}

/**
 * The strategy file a command may run, or undefined after telling the user why not: no strategy
 * file to act on, or a workspace that is not trusted (strategy code never runs there), with the
 * button that manages trust. `purpose` completes "to …" ("backtest it", "optimize its parameters").
 */
export async function runnableStrategy(uri: vscode.Uri | string | undefined, purpose: string): Promise<string | undefined> {
  const file = strategyTarget(uri);
  if (!file || !CODE_FILE.test(file)) {
    void vscode.window.showWarningMessage(`AlgoAgent: open a strategy file (*.strategy.ts) to ${purpose}.`);
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    const pick = await vscode.window.showWarningMessage(`AlgoAgent: strategy code does not run in an untrusted workspace. Trust this workspace (Workspaces: Manage Workspace Trust) to ${purpose}.`, 'Manage Workspace Trust');
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
    return undefined;
  }
  return file;
}
