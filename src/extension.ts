/**
 * Extension entry. Today: "AlgoAgent: Run Backtest" runs the active strategy file through the
 * `algoagent` CLI in a separate Node process (strategy code never runs in the editor's process)
 * and writes the statistics to the AlgoAgent output channel. The runner, diagnostics and results
 * panel arrive with their issues.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('AlgoAgent');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('algoagent.runBacktest', async (uri?: vscode.Uri) => {
      const file = uri?.fsPath ?? vscode.window.activeTextEditor?.document.uri.fsPath;
      if (!file) {
        void vscode.window.showWarningMessage('AlgoAgent: open a strategy file (*.strategy.ts) to backtest it.');
        return;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('AlgoAgent: strategy code does not run in an untrusted workspace. Trust the workspace (Workspaces: Manage Workspace Trust) to run backtests.');
        return;
      }
      const cli = path.join(context.extensionPath, 'dist', 'cli.js');
      const cwd = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
      output.show(true);
      output.appendLine(`Backtesting ${file} …`);
      execFile(process.execPath, [cli, 'backtest', file, '--sample'], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 300_000 }, (err, stdout, stderr) => {
        if (stdout) output.appendLine(stdout);
        if (stderr) output.appendLine(stderr);
        if (err) void vscode.window.showErrorMessage(`AlgoAgent: backtest failed — ${stderr.split('\n')[0] || err.message}`);
      });
    }),
  );
}

export function deactivate(): void {}
