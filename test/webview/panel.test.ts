/**
 * The results app in a real headless Chromium, served with the panel's strict CSP, a stub
 * acquireVsCodeApi, and the reference run (SmaCross on GOOG) posted as the host would.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Result } from '../../src/engine/result';
import { formatStat } from '../../src/results/format';
import type { PanelState, RunView } from '../../src/results/protocol';
import { themeVariables } from '../../src/results/report-theme';
import { hasShared } from '../helpers/paths';
import { assertClickMovesChart, assertKpis, assertTradesTable } from './assertions';
import {
  builtApp, canvasInk, hasChromium, launchChromium, post, preparePanelPage, recorded, referenceRun, screenshotFacts,
  servePanel, visibleRange, waitRendered, type PanelServer,
} from './harness';

(hasShared && hasChromium ? describe : describe.skip)('results panel app in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: PanelServer;
  let ref: { result: Result; view: RunView };

  before(async () => {
    ref = await referenceRun();
    server = await servePanel(await builtApp());
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPanel(theme: 'light' | 'dark' | 'high-contrast', width = 1100, saved?: PanelState): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors = await preparePanelPage(page, theme, saved);
    await page.goto(server.origin + '/');
    await page.waitForFunction(() => (window as unknown as { __rec: { posted: { type: string }[] } }).__rec.posted.some((m) => m.type === 'ready'));
    return { page, errors };
  }

  it('shows the KPIs, header, warnings, draws the charts, and respects the CSP', async () => {
    const { page, errors } = await openPanel('dark');
    await post(page, { type: 'result', run: ref.view });
    await waitRendered(page);
    await assertKpis(page, ref.result);
    assert.match(await page.textContent('.strategy-name') ?? '', /SmaCross/);
    assert.match(await page.textContent('.run-header .meta') ?? '', /GOOG.*2004-08-19.*2013-03-01.*2,148 bars/);
    // The reference run leaves one trade open and has 65 closed trades (≥ 30): one warning.
    const warnings = await page.$$eval('.warnings [data-warning]', (els) => els.map((e) => e.getAttribute('data-warning')));
    assert.deepEqual(warnings, ['open-trades']);
    const ink = await canvasInk(page);
    assert.ok(ink.filter((n) => n > 2000).length >= 3, `price, equity and drawdown panes drawn: ${ink.join(', ')}`);
    // The full statistics table has a row per statistic.
    assert.equal(await page.locator('table.stats tr[data-key]').count(), 32);
    assert.equal(await page.textContent('table.stats tr[data-key="sharpeRatio"] td'), formatStat(ref.result.stats, 'sharpeRatio'));
    // The codicon font is loaded and the warning icon uses it.
    await page.evaluate(() => document.fonts.ready);
    assert.ok(await page.evaluate(() => document.fonts.check('16px codicon') && Array.from(document.fonts as unknown as Iterable<FontFace>).some((f) => f.family === 'codicon' && f.status === 'loaded')));
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.warning .codicon-warning')!, '::before').fontFamily), 'codicon');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.querySelector('.warning .codicon-warning')!, '::before').content), 'none');
    const rec = await recorded(page);
    assert.deepEqual(rec.csp, [], 'no CSP violation');
    assert.deepEqual(errors, [], 'no page error');
    // The state saved for a window reload holds the same run.
    const state = rec.state as PanelState;
    assert.equal(state.version, 1);
    assert.equal(state.view.mode === 'run' && state.view.run.result.stats.returnPct, ref.result.stats.returnPct);
    await page.close();
  });

  it('trades table: one row per trade, sorts, filters; clicking a trade moves the chart and tells the host', async () => {
    const { page } = await openPanel('light');
    await post(page, { type: 'result', run: ref.view });
    await waitRendered(page);
    await assertTradesTable(page, ref.result);
    await assertClickMovesChart(page, ref.result, 20);
    const rec = await recorded(page);
    assert.deepEqual(rec.posted.at(-1), { type: 'tradeSelected', index: 20 });
    // Keyboard: focus the table, move down, Enter selects the next trade.
    await page.focus('.tt-viewport');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.deepEqual((await recorded(page)).posted.at(-1), { type: 'tradeSelected', index: 21 });
    await page.close();
  });

  it('light and dark themes render, non-blank and different; high contrast too', async () => {
    const shots: { colors: number; corner: string }[] = [];
    const buffers: Buffer[] = [];
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      const { page } = await openPanel(theme);
      await post(page, { type: 'result', run: ref.view });
      await waitRendered(page);
      const png = await page.screenshot({ fullPage: false });
      buffers.push(png);
      shots.push(await screenshotFacts(page, png));
      await page.close();
    }
    for (const s of shots) assert.ok(s.colors > 50, `screenshot has ${s.colors} colours`);
    assert.notEqual(shots[0].corner, shots[1].corner, 'light and dark backgrounds differ');
    assert.notEqual(shots[1].corner, shots[2].corner, 'dark and high-contrast backgrounds differ');
    assert.ok(!buffers[0].equals(buffers[1]));
  });

  it('a theme change redraws the charts in the new colours', async () => {
    const { page } = await openPanel('dark');
    await post(page, { type: 'result', run: ref.view });
    await waitRendered(page);
    const corner = () => page.evaluate(() => {
      const c = document.querySelector('.chart canvas') as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(1, 1, 1, 1).data).join(',');
    });
    const dark = await corner();
    await page.evaluate((vars) => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    }, themeVariables('light'));
    await post(page, { type: 'theme', kind: 'light' });
    await page.waitForFunction(() => document.body.classList.contains('vscode-light') && !document.body.classList.contains('vscode-dark'));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const light = await corner();
    assert.notEqual(light, dark);
    assert.equal(light, '255,255,255,255', 'the light editor background');
    await page.close();
  });

  it('a saved state restores the run without the host (window reload)', async () => {
    const { page } = await openPanel('dark', 1100, { version: 1, view: { mode: 'run', run: ref.view } });
    await waitRendered(page);
    await assertKpis(page, ref.result);
    await page.close();
  });

  it('export and re-run buttons post their messages; a host selectTrade scrolls the chart', async () => {
    const { page } = await openPanel('dark');
    await post(page, { type: 'result', run: ref.view });
    await waitRendered(page);
    await page.click('vscode-button[data-action="rerun"]');
    assert.deepEqual((await recorded(page)).posted.at(-1), { type: 'rerun', strategyPath: ref.view.strategyPath });
    await page.evaluate(() => {
      const sel = document.querySelector('.export-select') as HTMLElement & { value: string };
      sel.value = 'trades-csv';
      sel.dispatchEvent(new Event('change'));
    });
    assert.deepEqual((await recorded(page)).posted.at(-1), { type: 'export', format: 'trades-csv' });
    const before = await visibleRange(page);
    await post(page, { type: 'selectTrade', index: 3 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await visibleRange(page);
    assert.notDeepEqual(after, before);
    assert.ok(after.from <= ref.result.trades[3].entryBar && ref.result.trades[3].exitBar <= after.to);
    await page.close();
  });

  it('fits a narrow side panel (no horizontal page scroll, KPIs two per row)', async () => {
    const { page } = await openPanel('light', 360);
    await post(page, { type: 'result', run: ref.view });
    await waitRendered(page);
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(scroll <= client + 1, `page ${scroll}px wide in a ${client}px panel`);
    const tops = await page.$$eval('.kpi', (els) => els.slice(0, 3).map((e) => e.getBoundingClientRect().top));
    assert.equal(tops[0], tops[1]);
    assert.ok(tops[2] > tops[0]);
    assert.ok((await canvasInk(page)).some((n) => n > 1000));
    await page.close();
  });
});
