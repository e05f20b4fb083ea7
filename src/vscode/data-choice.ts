/**
 * The data the next backtest uses, as chosen with `AlgoAgent: Select Data`, kept in the
 * workspace state, shown in the status bar, and resolved to a DataSpec for the run loop:
 * the user's explicit choice wins, else the strategy's `export const meta`, else the sample.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoadOptions } from '../data/market-data';
import { SAMPLE_LABEL } from '../data/sample';
import { type DataSelection, describeSelection } from '../data/selection';
import type { DataChoiceForRun } from './run-loop';

const STATE_KEY = 'algoagent.data.selection';

function isSelection(v: unknown): v is DataSelection {
  const o = v as Record<string, unknown> | undefined;
  if (!o || typeof o !== 'object') return false;
  if (o.kind === 'sample') return true;
  if (o.kind === 'csv') return typeof o.path === 'string';
  return o.kind === 'symbol' && typeof o.symbol === 'string' && typeof o.interval === 'string';
}

export class DataChoice implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DataSelection | undefined>();
  /** Fires with the new explicit choice (undefined: each strategy's meta, else the sample). */
  readonly onDidChange = this.emitter.event;
  private readonly status: vscode.StatusBarItem;

  constructor(private readonly state: vscode.Memento) {
    this.status = vscode.window.createStatusBarItem('algoagent.data', vscode.StatusBarAlignment.Left, 49);
    this.status.name = 'AlgoAgent Data';
    this.status.command = 'algoagent.selectData';
    this.refreshStatus();
    this.status.show();
  }

  /** What the user picked, if anything. */
  explicit(): DataSelection | undefined {
    const v = this.state.get<unknown>(STATE_KEY);
    return isSelection(v) ? v : undefined;
  }

  /** The selection a run without a strategy meta uses. */
  get(): DataSelection {
    return this.explicit() ?? { kind: 'sample' };
  }

  async set(sel: DataSelection | undefined): Promise<void> {
    await this.state.update(STATE_KEY, sel);
    this.refreshStatus();
    this.emitter.fire(sel);
  }

  label(): string {
    const e = this.explicit();
    return e ? describeSelection(e) : "strategy's meta, else sample";
  }

  private refreshStatus(): void {
    const e = this.explicit();
    this.status.text = `$(database) ${e ? (e.kind === 'csv' ? path.basename(e.path) : e.kind === 'sample' ? 'Sample' : `${e.symbol} ${e.interval}`) : 'Data: auto'}`;
    this.status.tooltip = e
      ? `AlgoAgent backtests run on ${e.kind === 'sample' ? SAMPLE_LABEL : describeSelection(e)}. Click to choose other data.`
      : "AlgoAgent backtests run on each strategy's `export const meta` data, else on the bundled sample. Click to choose data.";
  }

  dispose(): void {
    this.status.dispose();
    this.emitter.dispose();
  }
}

/** `algoagent.data.*` settings. */
export function dataSettings(): { adjust: boolean; offline: boolean } {
  const c = vscode.workspace.getConfiguration('algoagent.data');
  return { adjust: c.get<boolean>('adjust', true), offline: c.get<boolean>('offline', false) };
}

/**
 * The `data` callback of the run loop: resolves the choice (or the strategy's meta) and loads Yahoo
 * bars in this process, through the cache, so the child only receives bars. Warnings go to `output`.
 */
export function dataForRun(choice: DataChoice, cacheDir: string, output: vscode.OutputChannel): (strategyFile: string) => Promise<DataChoiceForRun> {
  return async (file) => {
    const { readStrategyMeta, chooseSelection } = await import('../data/meta');
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    const source = open ? open.getText() : fs.readFileSync(file, 'utf8');
    const reading = readStrategyMeta(source, file);
    reading.warnings.forEach((w) => output.appendLine(`warning ${w}`));
    const sel = chooseSelection(choice.explicit(), reading.meta, { kind: 'sample' });
    if (sel.kind === 'sample') return { spec: { kind: 'sample' }, label: 'bundled sample data' };
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
    if (sel.kind === 'csv') return { spec: { kind: 'csv', path: path.resolve(folder, sel.path) }, label: sel.path };
    const { loadBars } = await import('../data/market-data');
    const s = dataSettings();
    const opts: LoadOptions = { cacheDir, adjust: s.adjust ? undefined : false, offline: s.offline, cwd: folder };
    const loaded = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `AlgoAgent: loading ${describeSelection(sel)}` }, () => loadBars(sel, opts));
    loaded.warnings.forEach((w) => output.appendLine(`warning ${w}`));
    return { spec: { kind: 'bars', bars: loaded.bars }, label: loaded.source };
  };
}
