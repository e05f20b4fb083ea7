/**
 * Editor glue for the agent: New Strategy from Description (progress through the stages), code
 * actions on AlgoAgent diagnostics ("Fix with AI" — preferred, a WorkspaceEdit so undo works —
 * "Fix with AI and re-run until it works", "Explain this error", and `source.fixAll.algoagent`
 * with the certain repairs only), and Clear Memory. The commands' code (ai-actions.ts) loads when
 * one of them first runs.
 */
import * as vscode from 'vscode';
import type { FailureKind, StrategyFailure } from '../runner/failure';
import type { DataSpec, RunBacktest } from '../runner/protocol';
import type { AgentReport } from '../agent/types';
import type { AiActions } from './ai-actions';
import type { GeminiKeyring } from './ai-keys';

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

/** The failure an AlgoAgent diagnostic stands for. */
export function failureOf(doc: vscode.TextDocument, d: vscode.Diagnostic): StrategyFailure {
  const kind = (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? 'runtime')) as FailureKind;
  const [message, ...rest] = d.message.split('\n');
  return {
    kind, message, file: doc.uri.fsPath, line: d.range.start.line + 1, column: d.range.start.character + 1,
    endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1, stack: '', hint: rest.join(' ').replace(/^hint:\s*/i, ''),
  };
}

export function replaceAll(doc: vscode.TextDocument, text: string): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  return edit;
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
  let made: Promise<AiActions> | undefined;
  const actions = () => (made ??= import('./ai-actions').then((m) => m.aiActions(context, deps)));
  const fail = (err: unknown) => void vscode.window.showErrorMessage(`AlgoAgent: ${(err as Error).message}`);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider([{ pattern: '**/*.strategy.{ts,js}' }], new AiCodeActions(), { providedCodeActionKinds: AiCodeActions.kinds }),
    vscode.commands.registerCommand('algoagent.fixWithAi', (uri: vscode.Uri, d: vscode.Diagnostic) => actions().then((a) => a.fixOne(uri, d)).catch(fail)),
    vscode.commands.registerCommand('algoagent.fixWithAiLoop', (uri: vscode.Uri) => actions().then((a) => a.fixLoop(uri)).catch(fail)),
    vscode.commands.registerCommand('algoagent.fixNoTrades', (uri: vscode.Uri) => actions().then((a) => a.fixLoop(uri, true)).catch(fail)),
    vscode.commands.registerCommand('algoagent.explainError', (uri: vscode.Uri, d: vscode.Diagnostic) => actions().then((a) => a.explainError(uri, d)).catch(fail)),
    vscode.commands.registerCommand('algoagent.newStrategyFromDescription', () => actions().then((a) => a.newStrategyFromDescription()).catch(fail)),
    vscode.commands.registerCommand('algoagent.clearMemory', () => actions().then((a) => a.clearMemory()).catch(fail)),
  );
}
