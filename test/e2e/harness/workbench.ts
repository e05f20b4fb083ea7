/**
 * Playwright (playwright-core + Debian's Chromium) on a code-server workbench: open a folder, run a
 * command from the palette, read the status bar, notifications and the Problems panel, screenshots.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './code-server';
import { e2e, freshDir } from './env';

export interface Workbench {
  server: CodeServer;
  context: BrowserContext;
  page: Page;
  workspace: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  workspace: string;
  trusted: boolean;
  /** Added to the fresh profile's user settings. */
  userSettings?: Record<string, unknown>;
  /** Extra query for the workbench URL (the smoke-test payload), given the server's port. */
  query?: (port: number) => string;
  /** Called before navigating (page.exposeFunction for the test payload). */
  beforeOpen?: (page: Page) => Promise<void>;
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** A code-server with a fresh profile and a fresh Chromium profile, on `workspace`. */
export async function openWorkbench(o: OpenOptions): Promise<Workbench> {
  const home = freshDir(o.trusted ? 'server' : 'server-untrusted');
  const server = await startCodeServer({ node: e2e.node24, entry: e2e.codeServerEntry, extensionsDir: e2e.extensionsDir, home, trusted: o.trusted, userSettings: o.userSettings });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(path.join(home, 'chromium'), {
      executablePath: e2e.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await o.beforeOpen?.(page);
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(o.workspace)}${o.query?.(server.port) ?? ''}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    const ctx = context;
    return {
      server,
      context: ctx,
      page,
      workspace: o.workspace,
      close: async () => {
        await ctx.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (err) {
    await context?.close().catch(() => undefined);
    await server.stop();
    throw err;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a command from the palette (F1). The palette's list is a snapshot: when the command is not
 * registered yet ("No matching commands") it closes the palette and tries again. Enter is pressed
 * only once the command's row is the focused one (the list may still show a stale, unfiltered
 * snapshot), and the palette must then have taken it: closed, or replaced by the command's own
 * input. A palette still showing the same text after Enter is retried, and said in the log.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const typed = `>${title}`;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(typed);
    // the title itself, not a longer command that starts with it ("… Editors" vs "… Editors in Group")
    const exactly = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\s+\\w)`);
    const row = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: exactly }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 3_000 });
    } catch {
      if (Date.now() > deadline) throw new Error(`command "${title}" did not appear in the palette within ${timeoutMs} ms`);
      await page.keyboard.press('Escape');
      await sleep(500);
      continue;
    }
    await page.keyboard.press('Enter');
    const taken = await page
      .waitForFunction(
        (text) => {
          const widget = document.querySelector<HTMLElement>('.quick-input-widget');
          const box = document.querySelector<HTMLInputElement>('.quick-input-widget .quick-input-box input');
          return !widget || widget.style.display === 'none' || !widget.offsetParent || !box || box.value !== text;
        },
        typed,
        { timeout: 5_000 },
      )
      .then(() => true, () => false);
    if (taken) return;
    console.log(`[e2e] the palette did not take Enter on "${title}"; trying again`);
    if (Date.now() > deadline) throw new Error(`the palette did not run "${title}" within ${timeoutMs} ms`);
  }
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');
  // data-resource-name is the file name of a text editor's tab (a results panel titled after the file does not match)
  await page.locator(`.tabs-container .tab.active[data-resource-name="${path.basename(name)}"]`).first().waitFor({ state: 'visible', timeout: 20_000 });
  // the tab shows before the file's text is read (a remote read under load): wait for its lines
  await page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** Text of the status bar entry whose text matches `pattern`, once it appears. */
export async function statusBarText(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const item = page.locator('.statusbar .statusbar-item', { hasText: pattern }).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await item.innerText()).trim();
}

/**
 * Text of the first notification matching `pattern`: as a toast, or else in the notification center
 * (the workbench does not always pop a toast up, e.g. in Restricted Mode).
 */
export async function notificationText(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
  try {
    await toast.waitFor({ state: 'visible', timeout: Math.min(10_000, timeoutMs) });
    return (await toast.innerText()).trim();
  } catch {
    await runCommand(page, 'Notifications: Show Notifications');
    const item = page.locator('.notifications-center .notification-list-item', { hasText: pattern }).first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await item.innerText()).trim();
  }
}

/** Rows of the Problems panel (after focusing it). */
export async function problemRows(page: Page, minRows = 1, timeoutMs = 30_000): Promise<string[]> {
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.nth(minRows - 1).waitFor({ state: 'visible', timeout: timeoutMs });
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/**
 * The Problems panel row matching `pattern`, with the panel's filter set to `filter` (the list is
 * virtualised: with many problems the row may be out of view unfiltered). Clears the filter after.
 */
export async function problemRow(page: Page, filter: string, pattern: RegExp | string, timeoutMs = 30_000): Promise<string> {
  await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  const input = page.locator('.part.panel input[aria-label="Filter Problems"]');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(filter);
  try {
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: pattern }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await row.innerText()).replace(/\s+/g, ' ').trim();
  } finally {
    await input.fill('').catch(() => undefined);
  }
}

/** Saves a screenshot under the artifacts folder; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(e2e.artifacts, { recursive: true });
  const file = path.join(e2e.artifacts, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Every file under `dir` whose name ends with `suffix` (missing folders: none). */
function filesUnder(dir: string, suffix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const f = path.join(dir, n);
    return statSync(f).isDirectory() ? filesUnder(f, suffix) : n.endsWith(suffix) ? [f] : [];
  });
}

/** The AlgoAgent output channel of the window, as VS Code keeps it on disk (its last `lines`). */
export function algoAgentLog(wb: Workbench, lines = 40): string {
  return filesUnder(path.join(wb.server.home, 'user-data', 'logs'), '-AlgoAgent.log')
    .map((f) => readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'))
    .join('\n');
}

/**
 * For a failed check: a screenshot, and the AlgoAgent output channel printed with the failure (the
 * CI log is all that is seen of a run elsewhere; the channel says what the extension saw and did).
 */
export async function onFailure(wb: Workbench | undefined, test: Mocha.Test | undefined, name?: string): Promise<void> {
  if (test?.state !== 'failed' || !wb) return;
  await screenshot(wb.page, name ?? `failed-${test.title.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
  const log = algoAgentLog(wb);
  console.log(`[e2e] AlgoAgent output after "${test.title}":\n${log ? log.replace(/^/gm, '    ') : '    (empty)'}`);
}
