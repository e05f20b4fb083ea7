/**
 * What the agent's editor commands do — Fix with AI, Fix and re-run until it works, Explain this
 * error, New Strategy from Description, Clear Memory — loaded when one of them first runs
 * (ai-commands.ts registers them and the code actions at activation).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AgentReport } from '../agent/types';
import type { LanguageModel } from '../ai/provider';
import { type AiCommandDeps, failureOf, replaceAll } from './ai-commands';
import { pickChatModel } from './ai-lm';
import { chooseModel, deterministicRepair, explainFailure, fixStrategy, GenerationError, generateStrategy, geminiBaseUrl, JsonFileMemory, proposeFix } from './ai-services';
import { aiSettings } from './settings';

async function model(deps: AiCommandDeps, chosen?: vscode.LanguageModelChat): Promise<LanguageModel> {
  const c = aiSettings();
  return chooseModel(c.provider, {
    vscodeLm: () => pickChatModel(chosen),
    gemini: { pool: deps.keyring.pool, model: c.model || undefined, baseUrl: geminiBaseUrl(c.baseUrl) },
  });
}

function summary(report: AgentReport): string {
  const s = report.result?.stats;
  const stats = s ? ` — return ${s.returnPct.toFixed(2)} %, ${s.trades} trades, max drawdown ${s.maxDrawdownPct.toFixed(2)} %` : '';
  return `${path.basename(report.file)}: ${report.finalStatus === 'fixed' ? `fixed after ${report.attempts.length} attempt(s)` : report.success ? 'ran' : `failed (${report.reason ?? ''})`}${stats}`;
}

export interface AiActions {
  fixOne(uri: vscode.Uri, d: vscode.Diagnostic): Promise<void>;
  fixLoop(uri: vscode.Uri, fixNoTrades?: boolean): Promise<void>;
  explainError(uri: vscode.Uri, d: vscode.Diagnostic): Promise<void>;
  newStrategyFromDescription(): Promise<void>;
  clearMemory(): Promise<void>;
}

export function aiActions(context: vscode.ExtensionContext, deps: AiCommandDeps): AiActions {
  let memoryStore: JsonFileMemory | undefined;
  const memory = () => (memoryStore ??= new JsonFileMemory(path.join(context.globalStorageUri.fsPath, 'strategy-memory.json')));
  const log = (line: string) => deps.output.appendLine(line);

  const fixOne = async (uri: vscode.Uri, d: vscode.Diagnostic) => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const failure = failureOf(doc, d);
    const code = doc.getText();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'AlgoAgent: fixing', cancellable: true }, async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      const repair = deterministicRepair(code, failure);
      let fixed = repair?.code;
      if (!fixed) {
        const m = await model(deps);
        progress.report({ message: `asking ${m.model}` });
        const p = await proposeFix({ code, failure, fileLabel: vscode.workspace.asRelativePath(uri), model: m, signal: ac.signal });
        if (!p.ok) throw new Error(`no usable fix: ${p.detail}`);
        fixed = p.code;
      }
      if (doc.getText() !== code) throw new Error('the file changed while the fix was being written; try again');
      await vscode.workspace.applyEdit(replaceAll(doc, fixed));
      log(`Fix with AI: ${repair ? repair.summary : 'model fix'} applied to ${vscode.workspace.asRelativePath(uri)} (undo reverts it)`);
    });
  };

  const fixLoop = async (uri: vscode.Uri, fixNoTrades = false) => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const data = await deps.data(uri.fsPath);
    const run = await deps.run();
    const m = await model(deps);
    const mem = memory();
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'AlgoAgent', cancellable: true }, (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return fixStrategy({
        file: uri.fsPath, root: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath, source: doc.getText(), data: data.spec, run, model: m,
        maxAttempts: aiSettings().maxAttempts, fixNoTrades, memory: mem, signal: ac.signal,
        write: async (_f, text) => {
          await vscode.workspace.applyEdit(replaceAll(doc, text));
          await doc.save();
        },
        onStatus: (e) => {
          progress.report({ message: e.message });
          log(`[${e.status}] ${e.message}`);
        },
      });
    });
    for (const a of report.attempts) log(`attempt ${a.number} (${a.provider}/${a.model}, ${(a.durationMs / 1000).toFixed(1)} s): ${a.outcome}${a.detail ? ` — ${a.detail}` : ''}\n${a.diff}`);
    (deps.showResult ?? (() => undefined))(uri.fsPath, report);
    void (report.success ? vscode.window.showInformationMessage(`AlgoAgent: ${summary(report)}`) : vscode.window.showWarningMessage(`AlgoAgent: ${summary(report)}`));
  };

  const explainError = async (uri: vscode.Uri, d: vscode.Diagnostic) => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const m = await model(deps);
    deps.output.show(true);
    log(`Explaining ${d.message.split('\n')[0]} (${m.provider}/${m.model}):`);
    await explainFailure({ code: doc.getText(), failure: failureOf(doc, d), fileLabel: vscode.workspace.asRelativePath(uri), model: m, onText: (t) => deps.output.append(t) });
    log('');
  };

  const newStrategyFromDescription = async () => {
    const description = await vscode.window.showInputBox({ title: 'New Strategy from Description', prompt: 'Describe the strategy in plain words', placeHolder: 'Buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss', ignoreFocusOut: true });
    if (!description?.trim()) return;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return void vscode.window.showErrorMessage('AlgoAgent: open a folder first; strategies are written to its strategies/ folder.');
    try {
      const m = await model(deps);
      const run = vscode.workspace.isTrusted ? await deps.run() : undefined;
      const mem = memory();
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'AlgoAgent', cancellable: true }, async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        const outDir = path.join(folder.uri.fsPath, 'strategies');
        return generateStrategy({
          description, outDir, model: m, memory: mem, maxAttempts: aiSettings().maxAttempts, signal: ac.signal, root: folder.uri.fsPath,
          runWith: run ? { data: { kind: 'sample' }, run } : undefined,
          onStatus: (e) => {
            progress.report({ message: `${e.status}: ${e.message}` });
            log(`[${e.status}] ${e.message}`);
          },
        });
      });
      await vscode.window.showTextDocument(vscode.Uri.file(report.file));
      if (report.unparsed.length) void vscode.window.showWarningMessage(`AlgoAgent left out what it did not understand: ${report.unparsed.map((u) => `"${u}"`).join(', ')}`);
      if (report.agent) {
        (deps.showResult ?? (() => undefined))(report.file, report.agent);
        void vscode.window.showInformationMessage(`AlgoAgent: ${summary(report.agent)}`);
        if (report.agent.noTrades) {
          const pick = await vscode.window.showWarningMessage(`AlgoAgent: ${report.agent.noTrades.message}. ${report.agent.noTrades.hint}`, 'Fix with AI');
          if (pick) await fixLoop(vscode.Uri.file(report.file), true);
        }
      }
    } catch (err) {
      if (err instanceof GenerationError) log(`${err.message}\n${err.details.map((x) => `  ${x}`).join('\n')}`);
      throw err;
    }
  };

  const clearMemory = async () => {
    await memory().clear();
    void vscode.window.showInformationMessage('AlgoAgent: the memory of successful strategies is cleared.');
  };

  return { fixOne, fixLoop, explainError, newStrategyFromDescription, clearMemory };
}
