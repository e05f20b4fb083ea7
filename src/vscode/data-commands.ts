/**
 * `AlgoAgent: Download Market Data`, `AlgoAgent: Select Data` and `AlgoAgent: Clear Market Data
 * Cache`: registered at activation, their code (data-actions.ts) loaded when one first runs.
 */
import * as vscode from 'vscode';
import type { DataChoice } from './data-choice';

export function registerDataCommands(context: vscode.ExtensionContext, choice: DataChoice, output: vscode.OutputChannel): void {
  const cacheDir = context.globalStorageUri.fsPath;
  const actions = () => import('./data-actions');
  context.subscriptions.push(
    vscode.commands.registerCommand('algoagent.downloadData', async (symbol?: string) => (await actions()).downloadDataCommand(cacheDir, choice, output, symbol)),
    vscode.commands.registerCommand('algoagent.selectData', async () => (await actions()).selectData(cacheDir, choice, output)),
    vscode.commands.registerCommand('algoagent.clearDataCache', async () => (await actions()).clearDataCacheCommand(cacheDir)),
  );
}
