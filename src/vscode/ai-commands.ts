/**
 * Editor glue for the agent: New Strategy from Description (progress through the stages), code
 * actions on AlgoAgent diagnostics ("Fix with AI" — preferred, a WorkspaceEdit so undo works —
 * "Fix with AI and re-run until it works", "Explain this error", and `source.fixAll.algoagent`
 * with the certain repairs only), and Clear Memory.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JsonFileMemory } from '../agent/memory';
import type { AgentReport } from '../agent/types';
import { type LanguageModel, type ProviderChoice } from '../ai/provider';
import type { FailureKind, StrategyFailure } from '../runner/failure';
import type { DataSpec, RunBacktest } from '../runner/protocol';
import type { GeminiKeyring } from './ai-keys';
import { pickChatModel } from './ai-lm';

export interface AiCommandDeps {
  run: () => Promise<RunBacktest>;
  data: (strategyFile: string) => Promise<{ spec: DataSpec; label: string }>;
  keyring: GeminiKeyring;
  output: vscode.OutputChannel;
  /** Opens results after a run (the panel); default: a summary in the output channel. */
  showResult?: (file: string, report: AgentReport) => void;
}

const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('algoagent');

/** Loaded on first use (see ai-services.ts). */
const services = () => import('./ai-services');

function config() {
  const c = vscode.workspace.getConfiguration('algoagent');
  return {
    provider: c.get<ProviderChoice>('ai.provider', 'auto'),
    model: c.get<string>('gemini.model', ''),
    baseUrl: c.get<string>('gemini.baseUrl', ''),
    maxAttempts: c.get<number>('agent.maxFixAttempts', 3),
  };
}

async function model(deps: AiCommandDeps, chosen?: vscode.LanguageModelChat): Promise<LanguageModel> {
  const c = config();
  const { chooseModel, geminiBaseUrl } = await services();
  return chooseModel(c.provider, {
    vscodeLm: () => pickChatModel(chosen),
    gemini: { pool: deps.keyring.pool, model: c.model || undefined, baseUrl: geminiBaseUrl(c.baseUrl) },
  });
}

/** The failure an AlgoAgent diagnostic stands for. */
export function failureOf(doc: vscode.TextDocument, d: vscode.Diagnostic): StrategyFailure {
  const kind = (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? 'runtime')) as FailureKind;
  const [message, ...rest] = d.message.split('\n');
  return {
    kind, message, file: doc.uri.fsPath, line: d.range.start.line + 1, column: d.range.start.character + 1,
    endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1, stack: '', hint: rest.join(' ').replace(/^hint:\s*/i, ''),
  };
}

function replaceAll(doc: vscode.TextDocument, text: string): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  return edit;
}

function summary(report: AgentReport): string {
  const s = report.result?.stats;
  const stats = s ? ` — return ${s.returnPct.toFixed(2)} %, ${s.trades} trades, max drawdown ${s.maxDrawdownPct.toFixed(2)} %` : '';
  return `${path.basename(report.file)}: ${report.finalStatus === 'fixed' ? `fixed after ${report.attempts.length} attempt(s)` : report.success ? 'ran' : `failed (${report.reason ?? ''})`}${stats}`;
}

class AiCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL];
  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = ctx.diagnostics.filter((d) => d.source === 'AlgoAgent');
    const actions: vscode.CodeAction[] = [];
    if (ctx.only && (ctx.only.contains(FIX_ALL) || FIX_ALL.contains(ctx.only))) {
      // Certain repairs only: fixAll may run on save, so no model and no network here.
      const { deterministicRepair } = await services();
      let text = doc.getText();
      for (const d of vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'AlgoAgent')) text = deterministicRepair(text, failureOf(doc, d))?.code ?? text;
      if (text !== doc.getText()) {
        const a = new vscode.CodeAction('AlgoAgent: apply certain repairs', FIX_ALL);
        a.edit = replaceAll(doc, text);
        actions.push(a);
      }
    }
    if (ctx.only && !ctx.only.contains(vscode.CodeActionKind.QuickFix)) return actions;
    for (const d of ours) {
      const fix = new vscode.CodeAction('Fix with AI', vscode.CodeActionKind.QuickFix);
      fix.diagnostics = [d];
      fix.isPreferred = true;
      fix.command = { command: 'algoagent.fixWithAi', title: 'Fix with AI', arguments: [doc.uri, d] };
      const loop = new vscode.CodeAction('Fix with AI and re-run until it works', vscode.CodeActionKind.QuickFix);
      loop.diagnostics = [d];
      loop.command = { command: 'algoagent.fixWithAiLoop', title: 'Fix with AI and re-run', arguments: [doc.uri, d] };
      const explain = new vscode.CodeAction('Explain this error', vscode.CodeActionKind.QuickFix);
      explain.diagnostics = [d];
      explain.command = { command: 'algoagent.explainError', title: 'Explain this error', arguments: [doc.uri, d] };
      actions.push(fix, loop, explain);
    }
    return actions;
  }
}

export function registerAiCommands(context: vscode.ExtensionContext, deps: AiCommandDeps): void {
  let memoryStore: JsonFileMemory | undefined;
  const memory = async () => (memoryStore ??= new (await services()).JsonFileMemory(path.join(context.globalStorageUri.fsPath, 'strategy-memory.json')));
  const log = (line: string) => deps.output.appendLine(line);
  const fail = (err: unknown) => void vscode.window.showErrorMessage(`AlgoAgent: ${(err as Error).message}`);

  const fixOne = async (uri: vscode.Uri, d: vscode.Diagnostic) => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const failure = failureOf(doc, d);
    const code = doc.getText();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'AlgoAgent: fixing', cancellable: true }, async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      const { deterministicRepair, proposeFix } = await services();
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
    const { fixStrategy } = await services();
    const mem = await memory();
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'AlgoAgent', cancellable: true }, (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return fixStrategy({
        file: uri.fsPath, root: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath, source: doc.getText(), data: data.spec, run, model: m,
        maxAttempts: config().maxAttempts, fixNoTrades, memory: mem, signal: ac.signal,
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

  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider([{ pattern: '**/*.strategy.{ts,js}' }], new AiCodeActions(), { providedCodeActionKinds: AiCodeActions.kinds }),
    vscode.commands.registerCommand('algoagent.fixWithAi', (uri: vscode.Uri, d: vscode.Diagnostic) => fixOne(uri, d).catch(fail)),
    vscode.commands.registerCommand('algoagent.fixWithAiLoop', (uri: vscode.Uri) => fixLoop(uri).catch(fail)),
    vscode.commands.registerCommand('algoagent.fixNoTrades', (uri: vscode.Uri) => fixLoop(uri, true).catch(fail)),
    vscode.commands.registerCommand('algoagent.explainError', async (uri: vscode.Uri, d: vscode.Diagnostic) => {
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        const m = await model(deps);
        deps.output.show(true);
        log(`Explaining ${d.message.split('\n')[0]} (${m.provider}/${m.model}):`);
        await (await services()).explainFailure({ code: doc.getText(), failure: failureOf(doc, d), fileLabel: vscode.workspace.asRelativePath(uri), model: m, onText: (t) => deps.output.append(t) });
        log('');
      } catch (err) {
        fail(err);
      }
    }),
    vscode.commands.registerCommand('algoagent.newStrategyFromDescription', async () => {
      const description = await vscode.window.showInputBox({ title: 'New Strategy from Description', prompt: 'Describe the strategy in plain words', placeHolder: 'Buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss', ignoreFocusOut: true });
      if (!description?.trim()) return;
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return void vscode.window.showErrorMessage('AlgoAgent: open a folder first; strategies are written to its strategies/ folder.');
      try {
        const m = await model(deps);
        const run = vscode.workspace.isTrusted ? await deps.run() : undefined;
        const { generateStrategy } = await services();
        const mem = await memory();
        const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'AlgoAgent', cancellable: true }, async (progress, token) => {
          const ac = new AbortController();
          token.onCancellationRequested(() => ac.abort());
          const outDir = path.join(folder.uri.fsPath, 'strategies');
          return generateStrategy({
            description, outDir, model: m, memory: mem, maxAttempts: config().maxAttempts, signal: ac.signal, root: folder.uri.fsPath,
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
        if (err instanceof (await services()).GenerationError) log(`${err.message}\n${err.details.map((x) => `  ${x}`).join('\n')}`);
        fail(err);
      }
    }),
    vscode.commands.registerCommand('algoagent.clearMemory', async () => {
      await (await memory()).clear();
      void vscode.window.showInformationMessage('AlgoAgent: the memory of successful strategies is cleared.');
    }),
  );
}
