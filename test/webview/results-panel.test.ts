/**
 * The panel host (src/vscode/results-panel.ts) against a recording fake of the `vscode` API:
 * one panel per strategy, webview options and CSP, the ready handshake, export, re-run, the
 * serializer that restores a panel after a window reload, and the commands.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { stateForSaving, type PanelState } from '../../src/results/protocol';
import { hasShared } from '../helpers/paths';
import type * as Fake from './fake-vscode';
import { builtApp, referenceRun } from './harness';
import { forgetEditorModules } from '../helpers/editor-modules';

type PanelModule = typeof import('../../src/vscode/results-panel');

const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const fakePath = require.resolve('./fake-vscode');

(hasShared ? describe : describe.skip)('results panel host (fake vscode API)', function () {
  this.timeout(60_000);
  let host: PanelModule;
  let fake: typeof Fake;
  let ref: Awaited<ReturnType<typeof referenceRun>>;
  let ext: string;
  let context: { extensionUri: Fake.Uri; subscriptions: { dispose(): unknown }[] };
  const original = moduleInternals._resolveFilename;

  before(async () => {
    forgetEditorModules();
    moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
    };
    // Loaded after the resolver hook, so `vscode` inside results-panel is the fake.
    /* eslint-disable @typescript-eslint/no-require-imports */
    fake = require('./fake-vscode');
    host = require('../../src/vscode/results-panel');
    /* eslint-enable @typescript-eslint/no-require-imports */
    ref = await referenceRun();
    ext = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-ext-'));
    fs.mkdirSync(path.join(ext, 'dist'));
    fs.symlinkSync(await builtApp(), path.join(ext, 'dist', 'webview'));
    context = { extensionUri: fake.Uri.file(ext), subscriptions: [] };
    host.registerResultsPanel(context as never, {
      lastRun: (file) => (file === '/ws/last.strategy.ts' ? { result: ref.result, bars: ref.bars, strategyPath: file } : undefined),
      // A history with one recorded run, #7.
      restoreRun: async (id) => (id === 7 ? { ...ref.view, storeId: 7 } : undefined),
    });
  });
  afterEach(() => {
    fake.recorded.panels.forEach((p) => p.dispose());
    fake.recorded.panels.length = 0;
    fake.recorded.executed.length = 0;
    fake.recorded.info.length = 0;
  });
  after(() => {
    forgetEditorModules();
    moduleInternals._resolveFilename = original;
    context?.subscriptions.forEach((d) => d.dispose());
    if (ext) fs.rmSync(ext, { recursive: true, force: true });
  });

  const input = (strategyPath = ref.view.strategyPath) => ({ result: ref.result, bars: ref.bars, strategyPath, log: { durationMs: 5, console: [], warnings: [] } });

  it('opens one panel per strategy with scripts on, resources only from dist/webview, no retained context, and a nonce CSP', () => {
    host.showResult(context as never, input());
    host.showResult(context as never, input());
    assert.equal(fake.recorded.panels.length, 1, 'the same strategy reuses its panel');
    host.showResult(context as never, input('/ws/other.strategy.ts'));
    assert.equal(fake.recorded.panels.length, 2, 'another strategy gets its own');
    const p = fake.recorded.panels[0];
    assert.equal(p.viewType, 'algoagent.results');
    assert.equal(p.createOptions.enableScripts, true);
    assert.equal(p.createOptions.retainContextWhenHidden, undefined);
    assert.deepEqual((p.webview.options.localResourceRoots as Fake.Uri[]).map((u) => u.fsPath), [`${ext}/dist/webview`]);
    const html = p.webview.html;
    const nonce = /script-src 'nonce-([A-Za-z0-9]{32})'/.exec(html)![1];
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="https-webview://${ext}/dist/webview/main.js"></script>`));
    assert.match(html, new RegExp(`href="https-webview://${ext}/dist/webview/main.css"`));
    assert.match(html, /default-src 'none'/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    assert.notEqual(/nonce-([A-Za-z0-9]{32})/.exec(fake.recorded.panels[1].webview.html)![1], nonce, 'a fresh nonce per page');
  });

  it('sends the run when the app says ready, and again after a reload; a new run goes straight to a ready app', () => {
    host.showResult(context as never, input());
    const p = fake.recorded.panels[0];
    assert.deepEqual(p.webview.posted, [], 'nothing before ready');
    p.webview.received.fire({ type: 'ready' });
    const first = p.webview.posted[0] as { type: string; run: { result: { stats: { sharpeRatio: number } }; bars: { close: unknown[] } } };
    assert.equal(first.type, 'result');
    assert.equal(first.run.result.stats.sharpeRatio, ref.result.stats.sharpeRatio);
    assert.equal(first.run.bars.close.length, 2148);
    host.showResult(context as never, input());
    assert.equal(p.webview.posted.length, 2);
    p.webview.received.fire({ type: 'ready' });
    assert.equal(p.webview.posted.length, 3);
    fake.window.fireThemeChange(fake.ColorThemeKind.Light);
    assert.deepEqual(p.webview.posted.at(-1), { type: 'theme', kind: 'light' });
  });

  it('exports what the app asks for to the chosen file (trades CSV, self-contained HTML)', async () => {
    host.showResult(context as never, input());
    const p = fake.recorded.panels[0];
    const csv = path.join(ext, 'trades.csv');
    fake.recorded.saveTarget = fake.Uri.file(csv);
    p.webview.received.fire({ type: 'export', format: 'trades-csv' });
    await waitFor(() => fs.existsSync(csv) || fake.recorded.errors.length > 0);
    assert.deepEqual(fake.recorded.errors, []);
    assert.equal(fs.readFileSync(csv, 'utf8').trimEnd().split('\r\n').length, 1 + ref.result.trades.length + 1);
    const html = path.join(ext, 'report.html');
    fake.recorded.saveTarget = fake.Uri.file(html);
    p.webview.received.fire({ type: 'export', format: 'html' });
    await waitFor(() => fs.existsSync(html));
    assert.match(fs.readFileSync(html, 'utf8'), /<script type="application\/json" id="algoagent-view">/);
    assert.deepEqual(fake.recorded.errors, []);
  });

  it('re-run runs the strategy file again through the Run Backtest command', async () => {
    host.showResult(context as never, input());
    fake.recorded.panels[0].webview.received.fire({ type: 'rerun', strategyPath: ref.view.strategyPath });
    await waitFor(() => fake.recorded.executed.length > 0);
    const [id, uri] = fake.recorded.executed[0] as [string, Fake.Uri];
    assert.equal(id, 'algoagent.runBacktest');
    assert.equal(uri.fsPath, ref.view.strategyPath);
  });

  it('restores a panel after a window reload from the saved state; refuses a state it cannot show', async () => {
    const serializer = fake.recorded.serializers.get('algoagent.results')!;
    const revived = new fake.FakePanel('algoagent.results', 'old', {}, {});
    const state: PanelState = { version: 1, view: { mode: 'run', run: ref.view } };
    await serializer.deserializeWebviewPanel(revived, state);
    assert.match(revived.webview.html, /Content-Security-Policy/);
    assert.deepEqual((revived.webview.options.localResourceRoots as Fake.Uri[]).map((u) => u.fsPath), [`${ext}/dist/webview`]);
    revived.webview.received.fire({ type: 'ready' });
    assert.equal((revived.webview.posted[0] as { run: { id: string } }).run.id, ref.view.id);
    // The restored panel is the strategy's panel: a new run goes there.
    host.showResult(context as never, input());
    assert.equal(fake.recorded.panels.length, 0);
    assert.equal(revived.webview.posted.length, 2);
    revived.dispose();
    const bad = new fake.FakePanel('algoagent.results', 'bad', {}, {});
    await serializer.deserializeWebviewPanel(bad, { version: 9 });
    assert.equal(bad.disposed, true);
  });

  it('a run recorded in the history is saved as its id and read back from the store after a reload', async () => {
    assert.deepEqual(stateForSaving({ mode: 'run', run: { ...ref.view, storeId: 7 } }), { version: 1, stored: { storeId: 7, strategyPath: ref.view.strategyPath } });
    assert.deepEqual(stateForSaving({ mode: 'run', run: ref.view }), { version: 1, view: { mode: 'run', run: ref.view } });
    const serializer = fake.recorded.serializers.get('algoagent.results')!;
    const revived = new fake.FakePanel('algoagent.results', 'old', {}, {});
    await serializer.deserializeWebviewPanel(revived, { version: 1, stored: { storeId: 7, strategyPath: ref.view.strategyPath } });
    revived.webview.received.fire({ type: 'ready' });
    const posted = revived.webview.posted[0] as { run: { id: string; storeId: number; result: { stats: { returnPct: number } } } };
    assert.equal(posted.run.storeId, 7);
    assert.equal(posted.run.result.stats.returnPct, ref.view.result.stats.returnPct);
    revived.dispose();
    const gone = new fake.FakePanel('algoagent.results', 'gone', {}, {});
    await serializer.deserializeWebviewPanel(gone, { version: 1, stored: { storeId: 8, strategyPath: ref.view.strategyPath } });
    assert.equal(gone.disposed, true, 'a run no longer in the history closes the panel');
  });

  it('Show Results opens the last run of a file, or says there is none; Export Report offers the formats of the view', async () => {
    await fake.recorded.commands.get('algoagent.showResults')!('/ws/none.strategy.ts');
    assert.match(fake.recorded.info.at(-1)!, /no results yet/);
    await fake.recorded.commands.get('algoagent.showResults')!('/ws/last.strategy.ts');
    assert.equal(fake.recorded.panels.length, 1);
    let offered: string[] = [];
    fake.recorded.quickPick = (items) => {
      offered = items.map((i) => i.label);
      return undefined;
    };
    await fake.recorded.commands.get('algoagent.exportReport')!();
    assert.deepEqual(offered, ['HTML report (self-contained, opens offline)', 'Trades CSV', 'Equity curve CSV', 'Statistics JSON']);
  });
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
