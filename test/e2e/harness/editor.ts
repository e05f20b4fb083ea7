/**
 * The text editor and the side views seen from Playwright: cursor moves by keyboard, the hover at
 * the cursor, code lenses, the History tree of the AlgoAgent activity-bar container, window reload.
 */
import type { Locator, Page } from 'playwright-core';

/** Puts the cursor of the active editor at 1-based `line`:`column` (Go to Line/Column). */
export async function goToPosition(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  // On a window that is still starting, the first Enter can reach the widget before it has read
  // the text: press it again until the widget closes.
  for (let i = 0; ; i++) {
    await page.keyboard.press('Enter');
    try {
      await input.waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (err) {
      if (i >= 3) throw err;
    }
  }
}

/**
 * Text of the hover at the cursor (Show or Focus Hover, Ctrl+K Ctrl+I) once it contains `pattern`.
 * The keybinding, not the palette: the palette helper clicks the workbench, which moves the cursor.
 */
export async function hoverAtCursor(page: Page, pattern: RegExp | string, timeoutMs = 30_000): Promise<string> {
  const hover = page.locator('.monaco-hover', { hasText: pattern }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    try {
      // the server may still be starting: ask again until its part of the hover is there
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
      return (await hover.innerText()).trim();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** The code lens line of the active editor that contains `title`; returns the texts of its lenses. */
export async function codeLenses(page: Page, title: string, timeoutMs = 30_000): Promise<string[]> {
  const line = page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: title }).first();
  await line.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await line.locator('a').allInnerTexts()).map((t) => t.trim());
}

/** Opens the AlgoAgent container from the activity bar; returns the History view's pane. */
export async function openHistoryView(page: Page): Promise<Locator> {
  await page.keyboard.press('Escape');
  await page.locator('.activitybar .action-item .action-label[aria-label="AlgoAgent"]').click();
  const pane = page.locator('#workbench\\.view\\.extension\\.algoagent .pane', { hasText: 'History' }).first();
  await pane.waitFor({ state: 'visible', timeout: 20_000 });
  return pane;
}

/** Reloads the window (Developer: Reload Window) and waits for the new workbench. */
export async function reloadWindow(page: Page, run: (page: Page, title: string) => Promise<void>): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __e2eBeforeReload?: boolean }).__e2eBeforeReload = true));
  await run(page, 'Developer: Reload Window');
  await page.waitForFunction(() => !(window as unknown as { __e2eBeforeReload?: boolean }).__e2eBeforeReload, undefined, { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
}
