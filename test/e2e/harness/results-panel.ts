/**
 * The results panel (a webview) seen from Playwright: the visible panel's document, its KPI cards,
 * and the texts those cards must show for given statistics (formatted by src/results/format.ts, the
 * same definitions the panel uses).
 */
import type { FrameLocator, Page } from 'playwright-core';
import { KPIS, formatStat } from '../../../src/results/format';
import type { Stats } from '../../../src/engine/stats';

/** The document inside the visible webview (the outer iframe, then VS Code's #active-frame). */
export function resultsFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
}

/** Waits until the visible panel shows the run of the strategy class `name`; returns the frame. */
export async function waitForRun(page: Page, name: string, timeoutMs = 60_000): Promise<FrameLocator> {
  const frame = resultsFrame(page);
  await frame.locator('.strategy-name', { hasText: name }).waitFor({ state: 'visible', timeout: timeoutMs });
  await frame.locator('.kpi[data-kpi="return"] .kpi-value').waitFor({ state: 'visible', timeout: timeoutMs });
  return frame;
}

/** KPI card id → the text of its value(s), as the panel shows them ("12.34 %", "-0.776 / 0.163"). */
export async function kpiTexts(frame: FrameLocator): Promise<Record<string, string>> {
  const cards = frame.locator('.kpi');
  const out: Record<string, string> = {};
  for (const card of await cards.all()) {
    const id = await card.getAttribute('data-kpi');
    if (!id) continue;
    out[id] = (await card.locator('.kpi-value').allInnerTexts()).map((t) => t.trim()).join(' / ');
  }
  return out;
}

/** What each KPI card must show for these statistics (the CLI's JSON: NaN as null, dates as strings). */
export function expectedKpis(stats: Record<string, unknown>): Record<string, string> {
  const s = stats as unknown as Stats;
  return Object.fromEntries(KPIS.map((k) => [k.id, k.keys.map((key) => formatStat(s, key)).join(' / ')]));
}
