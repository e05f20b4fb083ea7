/**
 * The execution history in the editor: the "AlgoAgent" activity-bar container's History tree, its
 * context menu (Open Results, Compare With…, Run Again, Delete Run, Reveal Strategy File), the
 * `AlgoAgent: Show Execution History` quick pick, and source snapshots for VS Code's diff editor.
 * Results and comparisons are drawn by the results panel, reached through the callbacks in deps.
 * The commands' code (history-actions.ts) and the store load on first use.
 */
import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataSelection } from '../data/selection';
import type { Bars } from '../engine/bars';
import type { DataSpec, RunOutcome } from '../runner/protocol';
import type { Store } from '../store/store';
import type { RunKind, RunRecord, RunStatus, RunSummary } from '../store/types';
import type { HistoryActions } from './history-actions';
import { runIdOfSnapshot, snapshotPath } from './history-labels';
import { HistoryTree } from './history-tree';

export const SNAPSHOT_SCHEME = 'algoagent-run';

export interface HistoryDeps {
  /** Shows one run's results in the results panel. */
  openResult: (run: RunRecord & { result: NonNullable<RunRecord['result']> }) => unknown;
  /** Shows 2–4 runs side by side in the results panel. */
  compareRuns: (runs: RunRecord[]) => unknown;
  /** Runs the strategy again (default: the Run Backtest command on the file). */
  runAgain?: (file: vscode.Uri, run: RunRecord) => unknown;
  /** Where problems are logged. */
  output?: vscode.OutputChannel;
}

export interface RecordFromEditor {
  file: string;
  outcome: RunOutcome;
  /** The source as it ran. */
  source?: string;
  /** What the user sees as the data ("bundled sample data", "AAPL 1d"). */
  dataLabel?: string;
  /** The run's data as the run loop hands it over; inline bars are kept (once per content) for reopening. */
  data?: { spec: DataSpec; label?: string };
  /** The bars, when not inline in `data`. */
  bars?: Bars;
  /** What to load to run it again. */
  selection?: DataSelection;
  kind?: RunKind;
  status?: RunStatus;
  startedAt?: Date;
}

export interface History {
  /** Re-reads the tree (after a run ends, a deletion, another window's write). */
  refresh(): void;
  /** Records a finished run in the workspace's history and refreshes the tree; the run's id, or undefined when it could not be recorded. */
  record(run: RecordFromEditor): Promise<number | undefined>;
  /** The workspace's store (for the results panel to restore a run after a reload). */
  store(): Promise<Store | undefined>;
  /** Opens VS Code's diff editor on the source snapshots of two runs. */
  diffSources(a: number, b: number): Promise<void>;
  /** The strategy file of a run (its stored path is relative to the workspace folder). */
  strategyUri(run: Pick<RunSummary, 'strategy'>): vscode.Uri;
}

function maxRuns(): number {
  const v = vscode.workspace.getConfiguration('algoagent.history').get<number>('maxRunsPerStrategy', 100);
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? Math.min(v, 100_000) : 100;
}

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

export function registerHistory(context: vscode.ExtensionContext, deps: HistoryDeps): History {
  const storageDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const dbFile = path.join(storageDir, 'history.db');
  let opening: Promise<Store> | undefined;
  let watcher: FSWatcher | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;

  const tree = new HistoryTree(() => getStore(), workspaceRoot);
  const view = vscode.window.createTreeView('algoagent.history', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: false });
  tree.view = view;

  function getStore(): Promise<Store> {
    // The store's code (and SQLite) loads with the first database open, not at activation.
    opening ??= import('../store/store').then(({ Store }) => Store.open(dbFile, {
      maxRunsPerStrategy: maxRuns(),
      onRecovered: (r) =>
        void vscode.window.showWarningMessage(`AlgoAgent: the execution history could not be read (${r.reason}). It was moved to ${r.movedTo} and a new history was started.`),
    })).then((store) => {
      watchForOtherWriters();
      return store;
    });
    opening.catch((err: Error) => {
      opening = undefined;
      deps.output?.appendLine(`history: ${err.message}`);
    });
    return opening;
  }

  // Another window or the CLI may write the same database: refresh when the file is replaced.
  function watchForOtherWriters(): void {
    try {
      watcher = watch(storageDir, (_event, name) => {
        if (name !== 'history.db') return;
        clearTimeout(refreshTimer);
        refreshTimer = setTimeout(() => tree.refresh(), 300);
      });
    } catch {
      /* no file watching here: the tree still refreshes after our own runs */
    }
  }

  const refresh = () => tree.refresh();

  function fileOf(run: Pick<RunSummary, 'strategy'>): vscode.Uri {
    const p = run.strategy;
    if (path.isAbsolute(p) || /^[A-Za-z]:\//.test(p)) return vscode.Uri.file(p);
    const root = workspaceRoot();
    return root ? vscode.Uri.joinPath(vscode.Uri.file(root), p) : vscode.Uri.file(p);
  }

  function snapshotUri(run: Pick<RunSummary, 'id' | 'strategy'>): vscode.Uri {
    return vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: snapshotPath(run) });
  }

  let made: HistoryActions | undefined;
  const actions = async () => (made ??= (await import('./history-actions')).historyActions({ deps, getStore, refresh, fileOf, snapshotUri }));
  const diffSources = async (a: number, b: number) => (await actions()).diffSources(a, b);

  const snapshots: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const id = runIdOfSnapshot(uri.path);
      const rec = id === undefined ? undefined : (await getStore()).getRun(id);
      if (!rec) return `// run ${id ?? '?'} is no longer in the history`;
      return rec.source ?? `// no snapshot of the source was kept for run #${rec.id}`;
    },
  };

  const guard = (fn: (arg: unknown) => Promise<void>) => async (arg: unknown) => {
    try {
      await fn(arg);
    } catch (err) {
      deps.output?.appendLine(`history: ${(err as Error).stack ?? String(err)}`);
      void vscode.window.showErrorMessage(`AlgoAgent history: ${(err as Error).message}`);
    }
  };

  context.subscriptions.push(
    view,
    tree,
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, snapshots),
    vscode.commands.registerCommand('algoagent.history.refresh', refresh),
    vscode.commands.registerCommand('algoagent.history.openResults', guard(async (arg) => (await actions()).openResults(arg))),
    vscode.commands.registerCommand('algoagent.history.compareWith', guard(async (arg) => (await actions()).compareWith(arg))),
    vscode.commands.registerCommand('algoagent.history.runAgain', guard(async (arg) => (await actions()).runAgain(arg))),
    vscode.commands.registerCommand('algoagent.history.deleteRun', guard(async (arg) => (await actions()).deleteRun(arg))),
    vscode.commands.registerCommand('algoagent.history.revealStrategy', guard(async (arg) => (await actions()).revealStrategy(arg))),
    vscode.commands.registerCommand('algoagent.history.diffSources', (a: number, b: number) => guard(() => diffSources(a, b))(undefined)),
    vscode.commands.registerCommand('algoagent.showHistory', guard(async () => (await actions()).showHistory())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('algoagent.history.maxRunsPerStrategy')) void opening?.then((s) => (s.maxRunsPerStrategy = maxRuns()));
    }),
    {
      dispose() {
        clearTimeout(refreshTimer);
        watcher?.close();
        void opening?.then((s) => s.close());
      },
    },
  );

  return {
    refresh,
    store: async () => {
      try {
        return await getStore();
      } catch {
        return undefined;
      }
    },
    diffSources,
    strategyUri: fileOf,
    async record(run) {
      try {
        const store = await getStore();
        const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(run.file))?.uri.fsPath;
        const spec = run.data?.spec;
        const selection: DataSelection | undefined =
          run.selection ?? (spec?.kind === 'sample' ? { kind: 'sample' } : spec?.kind === 'csv' ? { kind: 'csv', path: spec.path } : undefined);
        const id = await store.recordRun({
          strategyPath: run.file,
          workspaceRoot: folder ?? path.dirname(run.file),
          outcome: run.outcome,
          source: run.source,
          dataSource: run.dataLabel ?? run.data?.label,
          dataSelection: selection,
          bars: run.bars ?? (spec?.kind === 'bars' ? spec.bars : undefined),
          kind: run.kind,
          status: run.status,
          startedAt: run.startedAt,
        });
        refresh();
        return id;
      } catch (err) {
        deps.output?.appendLine(`history: the run was not recorded: ${(err as Error).message}`);
        return undefined;
      }
    },
  };
}
