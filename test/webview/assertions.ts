/** Assertions shared by the panel and the report tests (same app, same checks). */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Result } from '../../src/engine/result';
import { KPIS, formatStat } from '../../src/results/format';
import { allTradeRows, visibleRange } from './harness';

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
  // The chart moves on the next frames; on a loaded machine that can take longer than two.
  let after = await visibleRange(page);
  for (const end = Date.now() + 5_000; JSON.stringify(after) === JSON.stringify(before) && Date.now() < end; after = await visibleRange(page)) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
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

