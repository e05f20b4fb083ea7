/**
 * What `AlgoAgent: Download Market Data`, `Select Data` and `Clear Market Data Cache` do (loaded
 * when one of them first runs; data-commands.ts registers them). Downloads go through the data
 * service into the cache in the extension's global storage; a download can also be saved as a CSV
 * under `data/` in the workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearCache, listCache } from '../data/cache';
import { writeCsv } from '../data/csv-write';
import { MarketDataError } from '../data/errors';
import { YAHOO_INTERVALS, defaultFrom, isIntraday, lookbackDays, toYahooInterval } from '../data/intervals';
import { SAMPLE_LABEL } from '../data/sample';
import type { DataSelection } from '../data/selection';
import { iso } from '../data/raw-bars';
import { type DataChoice, dataSettings } from './data-choice';

const SYMBOL_RE = /^[A-Za-z0-9^=._\-&]{1,32}$/;
const DATE_RE = /^\d{4}-\d\d-\d\d$/;

export async function downloadDataCommand(cacheDir: string, choice: DataChoice, output: vscode.OutputChannel, symbol?: string): Promise<void> {
  const sel = await askSymbolSelection(symbol);
  if (sel) await download(sel, cacheDir, choice, output, true);
}

export async function clearDataCacheCommand(cacheDir: string): Promise<void> {
  const n = listCache(cacheDir).length;
  if (!n) return void vscode.window.showInformationMessage('AlgoAgent: no market data is cached.');
  const ok = await vscode.window.showWarningMessage(`Delete ${n} cached market data file(s)? They will be downloaded again when needed.`, { modal: true }, 'Delete');
  if (ok) vscode.window.showInformationMessage(`AlgoAgent: removed ${clearCache(cacheDir)} cached file(s).`);
}

/** Symbol, interval and range, asked one after the other; undefined when the user backs out. */
async function askSymbolSelection(initial?: string): Promise<Extract<DataSelection, { kind: 'symbol' }> | undefined> {
  const symbol = await vscode.window.showInputBox({
    title: 'Download Market Data (1/3): symbol',
    prompt: 'Yahoo Finance ticker, e.g. AAPL, MSFT, BTC-USD, ^GSPC, EURUSD=X, 7203.T',
    value: initial,
    validateInput: (v) => (SYMBOL_RE.test(v.trim()) ? undefined : 'Letters, digits and ^ = . - _ & only, e.g. AAPL or BTC-USD'),
  });
  if (!symbol) return undefined;
  const picked = await vscode.window.showQuickPick(
    YAHOO_INTERVALS.map((i) => ({ label: i, description: isIntraday(i) ? `last ${lookbackDays(i)} days only` : 'full history', picked: i === '1d' })),
    { title: 'Download Market Data (2/3): bar interval', placeHolder: '1d' },
  );
  if (!picked) return undefined;
  const interval = toYahooInterval(picked.label);
  const suggested = iso(defaultFrom(interval, Date.now())).slice(0, 10);
  const range = await vscode.window.showInputBox({
    title: 'Download Market Data (3/3): range',
    prompt: `From [to] as YYYY-MM-DD, e.g. "2015-01-01" or "2015-01-01 2020-12-31"; empty for ${isIntraday(interval) ? `the last ${lookbackDays(interval)} days` : 'the last 10 years'}`,
    placeHolder: suggested,
    validateInput: (v) => {
      const parts = v.trim().split(/\s+/).filter(Boolean);
      if (parts.length > 2 || parts.some((p) => !DATE_RE.test(p) || !Number.isFinite(Date.parse(p)))) return 'Dates as YYYY-MM-DD, e.g. 2015-01-01 2020-12-31';
      if (parts.length === 2 && parts[0] >= parts[1]) return 'The start must be before the end';
      return undefined;
    },
  });
  if (range === undefined) return undefined;
  const [from, to] = range.trim().split(/\s+/).filter(Boolean);
  return { kind: 'symbol', symbol: symbol.trim().toUpperCase(), interval, from, to };
}

async function download(sel: Extract<DataSelection, { kind: 'symbol' }>, cacheDir: string, choice: DataChoice, output: vscode.OutputChannel, offerUse: boolean): Promise<boolean> {
  const s = dataSettings();
  // Loaded on first use: yahoo-finance2 is not needed to activate the extension.
  const { loadBars } = await import('../data/market-data');
  let loaded;
  try {
    loaded = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AlgoAgent: downloading ${sel.symbol} ${sel.interval}`, cancellable: true },
      (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort(new vscode.CancellationError()));
        return loadBars(sel, { cacheDir, signal: ac.signal, adjust: s.adjust ? undefined : false });
      },
    );
  } catch (err) {
    if (err instanceof vscode.CancellationError) return false;
    const msg = err instanceof MarketDataError ? err.message : `Download failed: ${(err as Error).message}`;
    output.appendLine(`error ${msg}`);
    void vscode.window.showErrorMessage(`AlgoAgent: ${msg}`);
    return false;
  }
  loaded.warnings.forEach((w) => output.appendLine(`warning ${w}`));
  const b = loaded.bars;
  const summary = `${sel.symbol} ${sel.interval}: ${b.time.length} bars, ${iso(b.time[0])} .. ${iso(b.time[b.time.length - 1])}`;
  output.appendLine(`info  ${summary} — ${loaded.source}`);
  const folder = vscode.workspace.workspaceFolders?.[0];
  const actions = [...(offerUse ? ['Use for Backtests'] : []), ...(folder ? ['Save as CSV'] : [])];
  const pick = await vscode.window.showInformationMessage(`AlgoAgent: ${summary}${loaded.warnings.length ? ` (${loaded.warnings.length} warning(s) in the output)` : ''}`, ...actions);
  if (pick === 'Use for Backtests') await choice.set(sel);
  if (pick === 'Save as CSV' && folder) {
    const rel = path.join('data', `${sel.symbol.replace(/[^A-Za-z0-9.-]/g, '_')}-${sel.interval}.csv`);
    const file = path.join(folder.uri.fsPath, rel);
    writeCsv(file, b);
    const open = await vscode.window.showInformationMessage(`AlgoAgent: saved ${rel}`, 'Open', 'Use for Backtests');
    if (open === 'Open') await vscode.window.showTextDocument(vscode.Uri.file(file));
    if (open === 'Use for Backtests') await choice.set({ kind: 'csv', path: rel.split(path.sep).join('/') });
  }
  return true;
}

type PickItem = vscode.QuickPickItem & { sel?: DataSelection | 'meta' | 'new' };

export async function selectData(cacheDir: string, choice: DataChoice, output: vscode.OutputChannel): Promise<void> {
  const current = choice.explicit();
  const same = (s: DataSelection) => JSON.stringify(s) === JSON.stringify(current);
  const items: PickItem[] = [
    { label: '$(wand) Automatic', description: "each strategy's meta, else the sample", sel: 'meta', picked: !current },
    { label: '$(beaker) Sample data', description: SAMPLE_LABEL, sel: { kind: 'sample' } },
  ];
  const cached = listCache(cacheDir);
  if (cached.length) items.push({ label: 'Downloaded (cached)', kind: vscode.QuickPickItemKind.Separator });
  for (const c of cached) {
    const sel: DataSelection = { kind: 'symbol', symbol: c.symbol, interval: c.interval, ...(c.bars ? { from: iso(c.first).slice(0, 10) } : {}) };
    items.push({ label: `$(database) ${c.symbol} ${c.interval}`, description: `${c.bars} bars, ${iso(c.first)} .. ${iso(c.last)}`, detail: `downloaded ${iso(Math.floor(c.fetchedAt / 60_000) * 60_000)}; updated from Yahoo when a run needs newer bars`, sel, picked: same(sel) });
  }
  const csvs = await vscode.workspace.findFiles('**/*.csv', '**/{node_modules,.git,dist,out}/**', 500);
  if (csvs.length) items.push({ label: 'Workspace CSV files', kind: vscode.QuickPickItemKind.Separator });
  for (const uri of csvs.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    const rel = vscode.workspace.asRelativePath(uri, false);
    const sel: DataSelection = { kind: 'csv', path: rel };
    items.push({ label: `$(file) ${rel}`, sel, picked: same(sel) });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(add) New symbol…', description: 'download from Yahoo Finance', sel: 'new' });
  const pick = await vscode.window.showQuickPick(items, { title: 'AlgoAgent: Select Data', placeHolder: `Now: ${choice.label()}`, matchOnDescription: true });
  if (!pick?.sel) return;
  if (pick.sel === 'meta') return choice.set(undefined);
  if (pick.sel === 'new') {
    const sel = await askSymbolSelection();
    if (sel && (await download(sel, cacheDir, choice, output, false))) await choice.set(sel);
    return;
  }
  await choice.set(pick.sel);
}
