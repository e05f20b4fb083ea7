/**
 * What the History view's commands do — Open Results, Compare With…, Run Again, Delete Run, Reveal
 * Strategy File, diff of two runs' sources, Show Execution History — loaded when one first runs
 * (history-commands.ts registers them with the tree at activation).
 */
import * as vscode from 'vscode';
import { formatFailure } from '../runner/failure';
import type { Store } from '../store/store';
import type { RunRecord, RunSummary } from '../store/types';
import type { HistoryDeps } from './history-commands';
import { formatSize, quickPickLine, runLabel } from './history-labels';
import type { HistoryNode } from './history-tree';

/** What the actions need from the registration: the store, the tree's refresh, and where runs live. */
export interface HistoryActionContext {
  deps: HistoryDeps;
  getStore(): Promise<Store>;
  refresh(): void;
  fileOf(run: Pick<RunSummary, 'strategy'>): vscode.Uri;
  snapshotUri(run: Pick<RunSummary, 'id' | 'strategy'>): vscode.Uri;
}

export function historyActions(c: HistoryActionContext) {
  const { deps, getStore, refresh, fileOf, snapshotUri } = c;

  async function recordOf(arg: unknown): Promise<RunRecord | undefined> {
    const store = await getStore();
    let id: number | undefined;
    if (typeof arg === 'number') id = arg;
    else if (arg && typeof arg === 'object' && (arg as HistoryNode).kind === 'run') id = (arg as { run: RunSummary }).run.id;
    else id = (await pickRun(store, 'Choose a run'))?.id;
    if (id === undefined) return undefined;
    const rec = store.getRun(id);
    if (!rec) {
      void vscode.window.showWarningMessage(`AlgoAgent: run #${id} is no longer in the history.`);
      refresh();
    }
    return rec;
  }

  async function pickRun(store: Store, title: string, runs = store.listRuns({ limit: 2000 })): Promise<RunSummary | undefined> {
    const items = runs.map((run) => ({ ...quickPickLine(run), run }));
    const picked = await vscode.window.showQuickPick(items, { title: `${title} — history ${formatSize(store.sizeBytes())}`, matchOnDescription: true, matchOnDetail: true });
    return picked?.run;
  }

  async function openResults(arg: unknown): Promise<void> {
    const rec = await recordOf(arg);
    if (!rec) return;
    if (rec.result) {
      await deps.openResult(rec as RunRecord & { result: NonNullable<RunRecord['result']> });
      return;
    }
    // No result to show: the source as it ran, and why it failed.
    await vscode.window.showTextDocument(snapshotUri(rec), { preview: true });
    const why = rec.failure ? formatFailure(rec.failure) : `the run was ${rec.status}`;
    void vscode.window.showWarningMessage(`AlgoAgent: run #${rec.id} has no results: ${why}`);
  }

  async function compareWith(arg: unknown): Promise<void> {
    const first = await recordOf(arg);
    if (!first) return;
    const store = await getStore();
    const others = store.listRuns({ limit: 2000 }).filter((r) => r.id !== first.id && r.status !== 'failed' && r.status !== 'cancelled');
    // The same strategy's runs first.
    others.sort((a, b) => Number(b.strategy === first.strategy) - Number(a.strategy === first.strategy) || b.id - a.id);
    const picked = await vscode.window.showQuickPick(
      others.map((run) => ({ ...quickPickLine(run), run })),
      { title: `Compare run #${first.id} (${runLabel(first)}) with up to 3 runs`, canPickMany: true, matchOnDescription: true, matchOnDetail: true },
    );
    if (!picked?.length) return;
    if (picked.length > 3) {
      void vscode.window.showErrorMessage(`AlgoAgent: compare takes 2 to 4 runs; ${picked.length + 1} were chosen.`);
      return;
    }
    const runs = [first, ...picked.map((p) => store.getRun(p.run.id)).filter((r): r is RunRecord => !!r)];
    await deps.compareRuns(runs);
  }

  async function runAgain(arg: unknown): Promise<void> {
    const rec = await recordOf(arg);
    if (!rec) return;
    const file = fileOf(rec);
    if (deps.runAgain) await deps.runAgain(file, rec);
    else await vscode.commands.executeCommand('algoagent.runBacktest', file);
  }

  async function deleteRun(arg: unknown): Promise<void> {
    const rec = await recordOf(arg);
    if (!rec) return;
    const answer = await vscode.window.showWarningMessage(`Delete run #${rec.id} of ${rec.strategy} (${runLabel(rec)}) from the history?`, { modal: true }, 'Delete');
    if (answer !== 'Delete') return;
    await (await getStore()).deleteRun(rec.id);
    refresh();
  }

  async function revealStrategy(arg: unknown): Promise<void> {
    let file: vscode.Uri | undefined;
    let rec: RunRecord | undefined;
    if (arg && typeof arg === 'object' && (arg as HistoryNode).kind === 'strategy') file = fileOf({ strategy: (arg as { strategy: { path: string } }).strategy.path });
    else {
      rec = await recordOf(arg);
      if (!rec) return;
      file = fileOf(rec);
    }
    try {
      await vscode.workspace.fs.stat(file);
    } catch {
      if (rec?.source) {
        await vscode.window.showTextDocument(snapshotUri(rec));
        void vscode.window.showWarningMessage(`AlgoAgent: ${file.fsPath} no longer exists; showing the source run #${rec.id} ran.`);
      } else void vscode.window.showWarningMessage(`AlgoAgent: ${file.fsPath} no longer exists.`);
      return;
    }
    await vscode.window.showTextDocument(file);
    await vscode.commands.executeCommand('revealInExplorer', file);
  }

  async function diffSources(a: number, b: number): Promise<void> {
    const store = await getStore();
    const [ra, rb] = [store.getRun(a), store.getRun(b)];
    if (!ra || !rb) {
      void vscode.window.showWarningMessage(`AlgoAgent: run #${ra ? b : a} is no longer in the history.`);
      return;
    }
    await vscode.commands.executeCommand('vscode.diff', snapshotUri(ra), snapshotUri(rb), `Run #${a} (${runLabel(ra)}) ↔ Run #${b} (${runLabel(rb)})`);
  }

  async function showHistory(): Promise<void> {
    const store = await getStore();
    const run = await pickRun(store, 'AlgoAgent: Execution History');
    if (!run) return;
    const actions = [
      { label: '$(graph) Open Results', run: openResults },
      { label: '$(split-horizontal) Compare With…', run: compareWith },
      { label: '$(play) Run Again', run: runAgain },
      { label: '$(go-to-file) Reveal Strategy File', run: revealStrategy },
      { label: '$(trash) Delete Run', run: deleteRun },
    ];
    const action = await vscode.window.showQuickPick(actions, { title: `Run #${run.id} — ${run.strategy} (${runLabel(run)})` });
    await action?.run(run.id);
  }

  return { openResults, compareWith, runAgain, deleteRun, revealStrategy, diffSources, showHistory };
}

export type HistoryActions = ReturnType<typeof historyActions>;
