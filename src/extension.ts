/**
 * Extension entry: wires the editor glue in src/vscode to the services. Strategy code never runs
 * in this process: backtests go to the runner's child processes.
 */
import * as vscode from 'vscode';
import type { Runner } from './runner/run';
import { registerAiCommands } from './vscode/ai-commands';
import { GeminiKeyring, registerAiKeys } from './vscode/ai-keys';
import { DataChoice, dataForRun } from './vscode/data-choice';
import { registerDataCommands } from './vscode/data-commands';
import { StrategyDiagnostics } from './vscode/diagnostics';
import { registerLanguageClient } from './vscode/language-client';
import { registerTypings } from './vscode/typings';
import { RunLoop } from './vscode/run-loop';
import { runSettings } from './vscode/settings';

let runner: Runner | undefined;

/** The runner, created on first use (it loads the TypeScript compiler: not at activation). */
async function currentRunner(): Promise<Runner> {
  if (!runner) {
    const { Runner } = await import('./runner/run');
    const s = runSettings();
    runner ??= new Runner({ maxParallel: s.maxParallel, timeoutMs: s.timeoutMs, memoryLimitMb: s.memoryLimitMb });
  }
  return runner;
}

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('AlgoAgent', 'algoagent-log');
  const docs = vscode.Uri.joinPath(context.extensionUri, 'docs', 'errors.md');
  const diagnostics = new StrategyDiagnostics((kind) => docs.with({ fragment: kind }).toString());
  const choice = new DataChoice(context.workspaceState);
  context.subscriptions.push(choice);
  registerDataCommands(context, choice, output);
  const runData = dataForRun(choice, context.globalStorageUri.fsPath, output);
  const lsp = registerLanguageClient(context);
  registerTypings(context);
  const loop = new RunLoop({
    runner: currentRunner,
    output,
    diagnostics,
    data: runData,
    onSave: () => runSettings().onSave,
    onOutcome: (file, outcome) => lsp.lastRun(vscode.Uri.file(file).toString(), outcome),
  });
  const keyring = new GeminiKeyring(context.secrets);
  registerAiKeys(context, keyring, output);
  registerAiCommands(context, { run: async () => (await currentRunner()).run, data: runData, keyring, output });
  context.subscriptions.push(
    output,
    diagnostics,
    loop,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('algoagent.run')) {
        runner?.dispose();
        runner = undefined;
      }
    }),
    { dispose: () => runner?.dispose() },
  );
}

export function deactivate(): void {
  runner?.dispose();
  runner = undefined;
}
