/** The History tree: Strategies → Runs, newest first, with the database size in the view's description. */
import * as vscode from 'vscode';
import type { Store } from '../store/store';
import type { RunSummary, StrategyRow } from '../store/types';
import { STATUS_ICON, formatSize, runDescription, runLabel, runTooltip, strategyDescription } from './history-labels';

export type HistoryNode = { kind: 'strategy'; strategy: StrategyRow } | { kind: 'run'; run: RunSummary } | { kind: 'message'; text: string };

export class HistoryTree implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Set by the owner so the size shows under the view title. */
  view: vscode.TreeView<HistoryNode> | undefined;

  constructor(
    private readonly store: () => Promise<Store | undefined>,
    private readonly workspaceRoot: () => string | undefined,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    let store: Store | undefined;
    try {
      store = await this.store();
    } catch (err) {
      return [{ kind: 'message', text: `History unavailable: ${(err as Error).message}` }];
    }
    if (!store) return [{ kind: 'message', text: 'Open a folder to keep an execution history.' }];
    if (!node) {
      if (this.view) this.view.description = formatSize(store.sizeBytes());
      const strategies = store.listStrategies().filter((s) => s.runs > 0);
      return strategies.length ? strategies.map((strategy) => ({ kind: 'strategy', strategy })) : [{ kind: 'message', text: 'No runs yet: run a backtest to start the history.' }];
    }
    if (node.kind === 'strategy') return store.listRuns({ strategy: node.strategy.path }).map((run) => ({ kind: 'run', run }));
    return [];
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'message') return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    if (node.kind === 'strategy') {
      const s = node.strategy;
      const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `strategy:${s.path}`;
      item.description = strategyDescription(s);
      item.iconPath = new vscode.ThemeIcon('graph-line');
      item.contextValue = 'algoagent.history.strategy';
      const root = this.workspaceRoot();
      if (root && !s.path.startsWith('/') && !/^[A-Za-z]:/.test(s.path)) item.resourceUri = vscode.Uri.joinPath(vscode.Uri.file(root), s.path);
      item.tooltip = `${s.name} — ${s.path}${s.lastRun ? `\nLast run ${runLabel({ started: s.lastRun })}` : ''}`;
      return item;
    }
    const r = node.run;
    const item = new vscode.TreeItem(runLabel(r), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${r.id}`;
    item.description = runDescription(r);
    const icon = STATUS_ICON[r.status];
    item.iconPath = new vscode.ThemeIcon(icon.icon, new vscode.ThemeColor(icon.color));
    item.tooltip = new vscode.MarkdownString(runTooltip(r));
    item.contextValue = `algoagent.history.run.${r.status}`;
    item.command = { command: 'algoagent.history.openResults', title: 'Open Results', arguments: [node] };
    return item;
  }

  getParent(node: HistoryNode): HistoryNode | undefined {
    void node;
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
