/**
 * Shared pieces of the webview tests: the reference run (SmaCross on GOOG, engine in-process),
 * the app built into a temp folder with esbuild, a 127.0.0.1 server for the panel page (real
 * CSP), Debian's Chromium through playwright-core, and page probes (canvas pixels, screenshots).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as api from '../../src/api';
import type { Bars } from '../../src/engine/bars';
import type { Result } from '../../src/engine/result';
import { panelHtml } from '../../src/results/panel-html';
import type { HostMessage, RunView } from '../../src/results/protocol';
import { themeVariables, type ThemeName } from '../../src/results/report-theme';
import { toRunView } from '../../src/results/run-view';
import { buildWebview } from '../../src/results/webview-build';
import { loadStrategy } from '../../src/runner/load-strategy';
import { FIXTURES, ROOT, SHARED_DATA } from '../helpers/paths';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export async function referenceRun(): Promise<{ result: Result; bars: Bars; view: RunView }> {
  const { cls } = await loadStrategy(path.join(FIXTURES, 'strategies', 'sma-cross-ref.strategy.ts'), api);
  const bars = api.loadCsv(path.join(SHARED_DATA, 'GOOG.csv'));
  const result = new api.Backtest(bars, cls, { cash: 10_000, commission: 0.002 }).run();
  const view = toRunView({ result, bars, strategyPath: path.join(FIXTURES, 'strategies', 'sma-cross-ref.strategy.ts'), extras: { durationMs: 12, console: [{ level: 'log', text: 'hello from next()' }] }, runAt: '2024-05-01T10:00:00.000Z', dataLabel: 'GOOG.csv' });
  return { result, bars, view };
}

let bundle: Promise<string> | undefined;
/** The app built once per test process into a temp folder; returns the folder. */
export function builtApp(): Promise<string> {
  bundle ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-webview-test-'));
    await buildWebview(ROOT, dir);
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return bundle;
}

export interface PanelServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the panel page (with its CSP) at `/` and the built app at `/webview/…`. */
export async function servePanel(appDir: string): Promise<PanelServer> {
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(panelHtml({ cspSource: origin, nonce: 'testnonce0123456789abcdefABCDEF', scriptUri: `${origin}/webview/main.js`, styleUri: `${origin}/webview/main.css`, title: 'results' }));
      return;
    }
    const file = path.join(appDir, path.basename(url.pathname));
    if (url.pathname.startsWith('/webview/') && fs.existsSync(file)) {
      res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
      res.end(fs.readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** tsx compiles the functions tests pass to the page with esbuild's keepNames: give the page its helper. */
export const NAME_SHIM = 'window.__name = window.__name || ((f) => f);';

export interface Recorded {
  posted: unknown[];
  state: unknown;
  csp: string[];
  errors: string[];
}

/**
 * Before any page script: a stub `acquireVsCodeApi` that records messages and state, the theme
 * as VS Code sets it (body class, variables on <html>), and a CSP violation recorder.
 */
export async function preparePanelPage(page: Page, theme: ThemeName, savedState?: unknown): Promise<string[]> {
  await page.addInitScript(NAME_SHIM);
  await page.addInitScript(({ vars, cls, saved }) => {
    const rec = { posted: [] as unknown[], state: saved as unknown, csp: [] as string[], errors: [] as string[] };
    (window as unknown as { __rec: typeof rec }).__rec = rec;
    (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
      postMessage: (m: unknown) => rec.posted.push(m),
      getState: () => rec.state,
      setState: (s: unknown) => { rec.state = s; },
    });
    document.addEventListener('securitypolicyviolation', (e) => rec.csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    // As VS Code does: variables on <html> and the theme class on <body>, before the app runs.
    const obs = new MutationObserver(() => {
      if (document.documentElement && !document.documentElement.style.getPropertyValue('--vscode-foreground')) {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      }
      if (document.body) {
        document.body.classList.add(cls);
        obs.disconnect();
      }
    });
    obs.observe(document, { childList: true, subtree: true });
  }, { vars: themeVariables(theme), cls: theme === 'light' ? 'vscode-light' : theme === 'dark' ? 'vscode-dark' : 'vscode-high-contrast', saved: savedState ?? null });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => (window as unknown as { __rec: Recorded }).__rec);
}

/** Posts a host message to the app the way VS Code does (window message event). */
export async function post(page: Page, msg: HostMessage): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), msg);
}

/** Waits until the app drew a view and the charts had two frames to paint. */
export async function waitRendered(page: Page, since = 0): Promise<void> {
  await page.waitForFunction((t) => Number(document.body.dataset.rendered ?? 0) > t && document.querySelectorAll('canvas').length > 0, since);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Per canvas: how many pixels differ from its top-left pixel (0 for a blank canvas). */
export async function canvasInk(page: Page): Promise<number[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('canvas')).map((c) => {
    const ctx = c.getContext('2d');
    if (!ctx || !c.width || !c.height) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) ink++;
    }
    return ink;
  }));
}

/** Distinct colours in a PNG screenshot (decoded by Chromium in a blank page, outside the panel's CSP), and the top-left colour. */
export async function screenshotFacts(page: Page, png: Buffer): Promise<{ colors: number; corner: string }> {
  const blank = await page.context().browser()!.newPage();
  await blank.addInitScript(NAME_SHIM);
  await blank.goto('about:blank');
  try {
    return await decodePng(blank, png);
  } finally {
    await blank.close();
  }
}

async function decodePng(page: Page, png: Buffer): Promise<{ colors: number; corner: string }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return { colors: seen.size, corner: `${d[0]},${d[1]},${d[2]}` };
  }, png.toString('base64'));
}

/** The visible logical range of the run chart (bar buckets). */
export async function visibleRange(page: Page): Promise<{ from: number; to: number }> {
  return page.evaluate(() => {
    const a = (window as unknown as { algoagent: { page: { chart(): { chart: { timeScale(): { getVisibleLogicalRange(): { from: number; to: number } } } } } } }).algoagent;
    const r = a.page.chart().chart.timeScale().getVisibleLogicalRange();
    return { from: r.from, to: r.to };
  });
}

/** Every trade row index the virtualized table shows while scrolling from top to bottom. */
export async function allTradeRows(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const vp = document.querySelector<HTMLElement>('.tt-viewport')!;
    const seen: number[] = [];
    const have = new Set<number>();
    for (let top = 0; ; top += Math.max(24, vp.clientHeight - 48)) {
      vp.scrollTop = top;
      vp.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(r));
      for (const row of Array.from(vp.querySelectorAll<HTMLElement>('.tt-row[data-index]'))) {
        const k = Number(row.dataset.index);
        if (!have.has(k)) {
          have.add(k);
          seen.push(k);
        }
      }
      if (top >= vp.scrollHeight) break;
    }
    vp.scrollTop = 0;
    vp.dispatchEvent(new Event('scroll'));
    return seen;
  });
}
