/**
 * The results app in a real headless Chromium, served with the panel's strict CSP, a stub
 * acquireVsCodeApi, and the reference run (SmaCross on GOOG) posted as the host would.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Result } from '../../src/engine/result';
import { KPIS, formatStat } from '../../src/results/format';
import type { PanelState, RunView } from '../../src/results/protocol';
import { hasShared } from '../helpers/paths';
import {
  allTradeRows, builtApp, canvasInk, hasChromium, launchChromium, post, preparePanelPage, recorded, referenceRun, screenshotFacts,
  servePanel, visibleRange, waitRendered, type PanelServer,
} from './harness';

/** Parses a shown figure ("1,234.56 %", "-0.123") back to a number. */
export function shownNumber(text: string): number {
  return Number(text.replace(/[,\s%d]/g, ''));
}

/** Asserts every KPI card shows the result's value, formatted and numerically. */
export async function assertKpis(page: Page, result: Result): Promise<void> {
  const shown = await page.$$eval('.kpis .kpi-value', (els) => els.map((e) => [e.getAttribute('data-key')!, e.textContent!] as const));
  const keys = KPIS.flatMap((k) => k.keys);
  assert.deepEqual(shown.map(([k]) => k), keys, 'one value per KPI key, in order');
  for (const [key, text] of shown) {
    const v = result.stats[key as keyof Result['stats']];
    assert.equal(text, formatStat(result.stats, key as keyof Result['stats']), key);
    if (v === null) assert.equal(text, '—', `${key} is null`);
    else if (typeof v === 'number') {
      const digits = key === 'trades' ? 0 : key === 'beta' || /Ratio$/.test(key) ? 3 : 2;
      assert.ok(Math.abs(shownNumber(text) - v) <= 0.5 * 10 ** -digits + 1e-9, `${key}: shown ${text}, value ${v}`);
    }
  }
}

/** Scrolls the (virtualized) trades table until trade k's row exists. */
export async function scrollToRow(page: Page, k: number): Promise<void> {
  await page.evaluate(async (index) => {
    const vp = document.querySelector<HTMLElement>('.tt-viewport')!;
    for (let top = 0; top <= vp.scrollHeight && !vp.querySelector(`.tt-row[data-index="${index}"]`); top += 48) {
      vp.scrollTop = top;
      vp.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(r));
    }
  }, k);
}

/** Clicks a trade row and checks the chart now shows that trade. */
export async function assertClickMovesChart(page: Page, result: Result, k: number): Promise<void> {
  const before = await visibleRange(page);
  await scrollToRow(page, k);
  await page.locator(`.tt-row[data-index="${k}"]`).click();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const after = await visibleRange(page);
  const t = result.trades[k];
  assert.notDeepEqual(after, before, 'the visible range changed');
  assert.ok(after.from <= t.entryBar && t.exitBar <= after.to, `trade ${k} (${t.entryBar}–${t.exitBar}) inside ${after.from}–${after.to}`);
  assert.ok(after.to - after.from < (before.to - before.from) / 2, 'zoomed in on the trade');
}

/** Rows, sorting by P&L both ways, and the filter. */
export async function assertTradesTable(page: Page, result: Result): Promise<void> {
  const rows = await allTradeRows(page);
  assert.equal(rows.length, result.trades.length, 'one row per trade');
  assert.deepEqual([...rows].sort((a, b) => a - b), result.trades.map((_t, k) => k));
  assert.equal(await page.getAttribute('.tt', 'aria-rowcount'), String(result.trades.length + 1));

  await page.click('.tt-sort[data-col="pnl"]');
  const asc = (await allTradeRows(page)).map((k) => result.trades[k].pnl);
  assert.equal(asc.length, result.trades.length);
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b), 'ascending by P&L');
  assert.ok(asc[0] < asc[asc.length - 1]);
  await page.click('.tt-sort[data-col="pnl"]');
  const desc = (await allTradeRows(page)).map((k) => result.trades[k].pnl);
  assert.deepEqual(desc, [...asc].reverse(), 'descending by P&L');
  assert.equal(await page.getAttribute('.tt-sort[data-col="pnl"] >> xpath=..', 'aria-sort'), 'descending');

  await page.locator('.tt-filter input, .tt-filter').first().focus();
  await page.keyboard.type('short');
  await page.waitForFunction(() => /of/.test(document.querySelector('.tt-status')?.textContent ?? ''));
  const shorts = await allTradeRows(page);
  assert.equal(shorts.length, result.trades.filter((t) => t.size < 0).length);
  assert.ok(shorts.every((k) => result.trades[k].size < 0));
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
  await page.waitForFunction((n) => document.querySelector('.tt-status')?.textContent === `${n} trades`, result.trades.length);
  await page.click('.tt-sort[data-col="n"]');
}

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
