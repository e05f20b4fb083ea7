/** Compare mode and the optimization view in Chromium, on real runs of the reference strategy. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import * as api from '../../src/api';
import type { Stats } from '../../src/engine/stats';
import { bestOf, formatStat, formatValue } from '../../src/results/format';
import { heatmapCells } from '../../src/results/heatmap';
import type { OptimizationView, RunView } from '../../src/results/protocol';
import { toRunView } from '../../src/results/run-view';
import { loadStrategy } from '../../src/runner/load-strategy';
import { FIXTURES, SHARED_DATA, hasShared } from '../helpers/paths';
import { builtApp, canvasInk, hasChromium, launchChromium, post, preparePanelPage, recorded, servePanel, waitRendered, type PanelServer } from './harness';

(hasShared && hasChromium ? describe : describe.skip)('compare and optimization views in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: PanelServer;
  let runs: RunView[];
  let optimization: OptimizationView;
  const strategyPath = path.join(FIXTURES, 'strategies', 'sma-cross-ref.strategy.ts');

  before(async () => {
    const { cls } = await loadStrategy(strategyPath, api);
    const bars = api.loadCsv(path.join(SHARED_DATA, 'GOOG.csv'));
    const bt = new api.Backtest(bars, cls, { cash: 10_000, commission: 0.002 });
    runs = [{ n1: 10, n2: 20 }, { n1: 5, n2: 30 }, { n1: 20, n2: 60 }].map((p, k) =>
      toRunView({ result: bt.run(p), bars, strategyPath, runAt: `2024-05-0${k + 1}T10:00:00.000Z` }));
    const opt = api.optimizeGrid(bt, { n1: [5, 10, 15, 20], n2: [20, 30, 40] }, { maximize: 'sharpeRatio', constraint: (p) => (p.n1 as number) < (p.n2 as number) });
    optimization = { strategyPath, name: 'SmaCross', metric: 'sharpeRatio', paramNames: ['n1', 'n2'], combos: opt.combos as OptimizationView['combos'], runAt: '2024-05-01T10:00:00.000Z' };
    server = await servePanel(await builtApp());
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await preparePanelPage(page, 'dark');
    await page.goto(server.origin + '/');
    await page.waitForFunction(() => (window as unknown as { __rec: { posted: { type: string }[] } }).__rec.posted.length > 0);
    return page;
  }

  it('compare: stats side by side with the best per row marked, equity curves overlaid, differing params highlighted', async () => {
    const page = await open();
    await post(page, { type: 'compare', runs });
    await waitRendered(page);
    for (const key of ['returnPct', 'sharpeRatio', 'maxDrawdownPct', 'commissions'] as (keyof Stats)[]) {
      const cells = await page.$$eval(`.compare-stats tr[data-key="${key}"] td`, (tds) => tds.map((td) => ({ text: td.textContent!.trim(), best: td.classList.contains('best') })));
      assert.deepEqual(cells.map((c) => c.text), runs.map((r) => formatStat(r.result.stats, key)), key);
      const want = bestOf(key, runs.map((r) => r.result.stats[key]));
      assert.ok(want >= 0);
      assert.deepEqual(cells.map((c) => c.best), runs.map((_r, k) => k === want), `${key}: best is run ${want + 1}`);
    }
    // Max drawdown: the best is the shallowest (closest to zero).
    const dd = runs.map((r) => r.result.stats.maxDrawdownPct);
    assert.equal(bestOf('maxDrawdownPct', dd), dd.indexOf(Math.max(...dd)));
    const differs = await page.$$eval('.params-diff tr.differs', (trs) => trs.map((tr) => tr.getAttribute('data-param')));
    assert.deepEqual(differs, ['n1', 'n2']);
    const ink = await canvasInk(page);
    assert.ok(ink.some((n) => n > 2000), `equity chart drawn: ${ink.join(', ')}`);
    const series = await page.evaluate(() => document.querySelectorAll('.legend-item').length);
    assert.equal(series, 3);
    assert.equal(((await recorded(page)).state as { view: { mode: string } }).view.mode, 'compare');
    await page.close();
  });

  it('optimization: heatmap of two params (max or mean over the rest) and the top combinations', async () => {
    const page = await open();
    await post(page, { type: 'optimization', optimization });
    await page.waitForSelector('table.heatmap');
    const m = heatmapCells(optimization.combos, 'n1', 'n2', 'sharpeRatio', 'max');
    const shown = await page.$$eval('table.heatmap tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    assert.deepEqual(shown, m.cells.map((row) => row.map((v) => formatValue(v, 'ratio'))));
    assert.equal(shown.length, 3, 'rows: n2 values');
    assert.equal(shown[0].length, 4, 'columns: n1 values');
    assert.ok(shown.flat().includes('—'), 'n1=20, n2=20 was not run (constraint): shown as —');
    // The top row of the table is the best combination.
    const best = [...optimization.combos].sort((a, b) => (b.stats.sharpeRatio ?? -Infinity) - (a.stats.sharpeRatio ?? -Infinity))[0];
    const first = await page.$$eval('table.top-combos tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(first.slice(1, 3), [String(best.params.n1), String(best.params.n2)]);
    // Swap the axes through the selects.
    await page.evaluate(() => {
      const [, cols, rows] = Array.from(document.querySelectorAll<HTMLElement & { value: string }>('.controls vscode-single-select'));
      cols.value = 'n2';
      cols.dispatchEvent(new Event('change'));
      rows.value = 'n1';
      rows.dispatchEvent(new Event('change'));
    });
    const swapped = await page.$$eval('table.heatmap tbody tr', (trs) => trs.length);
    assert.equal(swapped, 4);
    await page.close();
  });
});
