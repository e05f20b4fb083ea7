/**
 * The results panel's host: one webview panel per strategy (or per comparison / optimization),
 * restored after a window reload from the state the app saved, with a strict CSP and assets only
 * from dist/webview. Commands: Show Results, Export Report.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FixAttempt } from '../agent/types';
import type { Bars } from '../engine/bars';
import type { Result } from '../engine/result';
import { EXPORT_LABELS, exportFormats } from '../results/export-formats';
import { makeNonce, panelHtml } from '../results/panel-html';
import { PANEL_VIEW_TYPE, isPanelState, isStoredRunState, type AppMessage, type ExportFormat, type HostMessage, type OptimizationView, type PanelView, type RunView, type ThemeKind } from '../results/protocol';
import { toRunView, type RunExtras } from '../results/run-view';

/** What the run loop (or history, or the agent) hands the panel after a successful run. */
export interface ShowResultInput {
  result: Result;
  bars: Bars;
  strategyPath: string;
  /** Console lines, runner warnings and duration of the run (a RunSuccess fits). */
  log?: RunExtras;
  attempts?: FixAttempt[];
  dataLabel?: string;
  /** The run's id in the execution history. */
  storeId?: number;
}

function panelKey(view: PanelView): string {
  if (view.mode === 'run') return `run:${view.run.strategyPath}`;
  if (view.mode === 'compare') return 'compare';
  return `optimization:${view.optimization.strategyPath}`;
}

function panelTitle(view: PanelView): string {
  if (view.mode === 'run') return `Results: ${path.basename(view.run.strategyPath)}`;
  if (view.mode === 'compare') return `Compare ${view.runs.length} runs`;
  return `Optimization: ${path.basename(view.optimization.strategyPath)}`;
}

function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast-light';
    default:
      return 'dark';
  }
}

class ResultsPanel {
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    public view: PanelView,
    private readonly onDispose: (p: ResultsPanel) => void,
  ) {
    const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    panel.title = panelTitle(view);
    const nonce = makeNonce((n) => randomBytes(n));
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      nonce,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.css')).toString(),
      title: panel.title,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: AppMessage) => void this.onMessage(m)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) markActive(this);
      }),
      vscode.window.onDidChangeActiveColorTheme((t) => this.post({ type: 'theme', kind: themeKind(t.kind) })),
      panel.onDidDispose(() => this.dispose()),
    );
    markActive(this);
  }

  /** Shows a view (the app shows it once it said `ready`; hidden panels reload and ask again). */
  show(view: PanelView): void {
    this.view = view;
    this.panel.title = panelTitle(view);
    if (this.ready) this.post(viewMessage(view));
  }

  private post(m: HostMessage): void {
    void this.panel.webview.postMessage(m);
  }

  private async onMessage(m: AppMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post(viewMessage(this.view));
        break;
      case 'export':
        await exportView(this.context, this.view, m.format);
        break;
      case 'rerun':
        await vscode.commands.executeCommand('algoagent.runBacktest', vscode.Uri.file(m.strategyPath));
        break;
      case 'openFile': {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(m.strategyPath));
        const line = Math.max(0, (m.line ?? 1) - 1);
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(line, 0, line, 0) });
        break;
      }
      case 'tradeSelected':
        break;
    }
  }

  private dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    if (isActive(this)) markActive(undefined);
    this.onDispose(this);
  }
}

function viewMessage(view: PanelView): HostMessage {
  if (view.mode === 'run') return { type: 'result', run: view.run };
  if (view.mode === 'compare') return { type: 'compare', runs: view.runs };
  return { type: 'optimization', optimization: view.optimization };
}

const panels = new Map<string, ResultsPanel>();
/** The panel the user looked at last (Export Report's target). */
let active: ResultsPanel | undefined;

function markActive(p: ResultsPanel | undefined): void {
  active = p;
}

function isActive(p: ResultsPanel): boolean {
  return active === p;
}

function track(p: ResultsPanel): ResultsPanel {
  const key = panelKey(p.view);
  panels.set(key, p);
  return p;
}

function untrack(p: ResultsPanel): void {
  for (const [k, v] of panels) if (v === p) panels.delete(k);
}

/** Shows a view in its panel, creating the panel (beside the editor) when there is none. */
export function createOrShow(context: vscode.ExtensionContext, view: PanelView): void {
  const existing = panels.get(panelKey(view));
  if (existing) {
    existing.show(view);
    existing.panel.reveal(undefined, true);
    return;
  }
  const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, panelTitle(view), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  });
  track(new ResultsPanel(context, panel, view, untrack));
}

/** Called by the run loop after a successful run. */
export function showResult(context: vscode.ExtensionContext, input: ShowResultInput): RunView {
  const run = toRunView({ result: input.result, bars: input.bars, strategyPath: input.strategyPath, extras: input.log, attempts: input.attempts, dataLabel: input.dataLabel });
  if (input.storeId !== undefined) run.storeId = input.storeId;
  createOrShow(context, { mode: 'run', run });
  return run;
}

export function showCompare(context: vscode.ExtensionContext, runs: RunView[]): void {
  if (runs.length < 2 || runs.length > 4) throw new Error(`Compare shows 2 to 4 runs, not ${runs.length}`);
  createOrShow(context, { mode: 'compare', runs });
}

export function showOptimization(context: vscode.ExtensionContext, optimization: OptimizationView): void {
  createOrShow(context, { mode: 'optimization', optimization });
}

/** The view shown for a strategy file, if its panel is open. */
export function shownRun(strategyPath: string): RunView | undefined {
  const v = panels.get(`run:${strategyPath}`)?.view;
  return v?.mode === 'run' ? v.run : undefined;
}

/** Asks for a file and writes the export there. */
export async function exportView(context: vscode.ExtensionContext, view: PanelView, format: ExportFormat): Promise<vscode.Uri | undefined> {
  try {
    const bundleDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview').fsPath;
    // the report's code (HTML report, CSV writers) loads with the first export
    const { exportFile } = await import('../results/export-file');
    const file = await exportFile(view, format, { bundleDir });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, file.fileName) : undefined,
      filters: file.filters,
      title: `Export ${EXPORT_LABELS[format]}`,
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, Buffer.from(file.text, 'utf8'));
    const pick = await vscode.window.showInformationMessage(`AlgoAgent: exported ${path.basename(target.fsPath)}`, format === 'html' ? 'Open in Browser' : 'Open');
    if (pick === 'Open in Browser') await vscode.env.openExternal(target);
    else if (pick === 'Open') await vscode.window.showTextDocument(target);
    return target;
  } catch (err) {
    void vscode.window.showErrorMessage(`AlgoAgent: export failed — ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export interface ResultsPanelDeps {
  /** The last successful run of a strategy file, when the run loop has one (Show Results without an open panel). */
  lastRun?: (strategyPath: string) => ShowResultInput | undefined;
  /** Reads a recorded run back from the execution history (restoring a panel after a reload). */
  restoreRun?: (storeId: number) => Promise<RunView | undefined>;
}

function fileArg(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string') return arg;
  return vscode.window.activeTextEditor?.document.uri.fsPath;
}

/** Registers the commands and the serializer that restores panels after a window reload. */
export function registerResultsPanel(context: vscode.ExtensionContext, deps: ResultsPanelDeps = {}): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('algoagent.showResults', (arg?: unknown) => {
      const file = fileArg(arg);
      const open = file ? panels.get(`run:${file}`) : undefined;
      if (open) return open.panel.reveal(undefined, false);
      const input = file ? deps.lastRun?.(file) : undefined;
      if (input) return void showResult(context, input);
      const any = active ?? [...panels.values()].at(-1);
      if (any) return any.panel.reveal(undefined, false);
      void vscode.window.showInformationMessage('AlgoAgent: no results yet — run a backtest first (AlgoAgent: Run Backtest).');
    }),
    vscode.commands.registerCommand('algoagent.exportReport', async (arg?: unknown) => {
      const file = fileArg(arg);
      const target = active ?? (file ? panels.get(`run:${file}`) : undefined) ?? [...panels.values()].at(-1);
      let view = target?.view;
      if (!view && file && deps.lastRun?.(file)) {
        const input = deps.lastRun(file)!;
        view = { mode: 'run', run: toRunView({ result: input.result, bars: input.bars, strategyPath: input.strategyPath, extras: input.log, attempts: input.attempts, dataLabel: input.dataLabel }) };
      }
      if (!view) {
        void vscode.window.showInformationMessage('AlgoAgent: nothing to export — run a backtest first.');
        return;
      }
      const shown = view;
      const pick = await vscode.window.showQuickPick(exportFormats(shown).map((f) => ({ label: EXPORT_LABELS[f], format: f })), { title: 'AlgoAgent: Export Report', placeHolder: 'Format' });
      if (pick) await exportView(context, shown, pick.format);
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: unknown) {
        let state = saved;
        if (isStoredRunState(saved)) {
          // A recorded run: read it back from the history rather than from the webview's state.
          const run = await deps.restoreRun?.(saved.stored.storeId).catch(() => undefined);
          state = run ? { version: 1, view: { mode: 'run', run } } : undefined;
        }
        if (!isPanelState(state)) {
          panel.dispose();
          return;
        }
        const existing = panels.get(panelKey(state.view));
        if (existing) {
          panel.dispose();
          existing.show(state.view);
          return;
        }
        track(new ResultsPanel(context, panel, state.view, untrack));
      },
    }),
  );
}
