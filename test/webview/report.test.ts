/**
 * The self-contained HTML report: one file, opened from disk in Chromium with every network
 * request aborted, shows the same KPIs, charts and trades as the panel.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Result } from '../../src/engine/result';
import { buildHtmlReport, writeReport, writeRunReport } from '../../src/results/html-report';
import type { RunView } from '../../src/results/protocol';
import { hasShared } from '../helpers/paths';
import { assertClickMovesChart, assertKpis, assertTradesTable } from './assertions';
import { NAME_SHIM, builtApp, canvasInk, hasChromium, launchChromium, referenceRun, screenshotFacts, waitRendered } from './harness';

(hasShared && hasChromium ? describe : describe.skip)('HTML report, offline in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let ref: { result: Result; view: RunView };
  let dir: string;
  let file: string;

  before(async () => {
    ref = await referenceRun();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-report-'));
    file = path.join(dir, 'nested', 'report.html');
    await writeReport(file, { mode: 'run', run: ref.view }, { bundleDir: await builtApp() });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A context where only the report's own file:// URL loads; every other request is aborted and recorded. */
  async function offlinePage(colorScheme: 'light' | 'dark', width = 1100): Promise<{ page: Page; context: BrowserContext; blocked: string[]; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, offline: true });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === pathToFileURL(file).href) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.addInitScript(NAME_SHIM);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await waitRendered(page);
    return { page, context, blocked, errors };
  }

  it('is one file with the app and the data inlined, and no external reference', () => {
    const html = fs.readFileSync(file, 'utf8');
    assert.ok(html.length > 100_000, 'app and data inlined');
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>').replace(/<style>[\s\S]*?<\/style>/gi, '<style></style>');
    assert.doesNotMatch(markup, /<script[^>]+src=|<link|<img|<iframe/i, 'no external script, stylesheet or image');
    assert.equal(markup.match(/<script/gi)?.length, 2, 'the data and the app');
    const css = (html.match(/<style>[\s\S]*?<\/style>/gi) ?? []).join('\n');
    assert.doesNotMatch(css, /url\((?!["']?(data:|#))/i, 'every CSS url() is a data URL');
    // Exactly one closing tag per inline script: nothing in the data or the bundle closes one early.
    assert.equal(html.match(/<\/script>/gi)?.length, 2);
  });

  it('shows the KPIs, draws the charts, lists and sorts the trades, and clicking one moves the chart — with no network', async () => {
    const { page, context, blocked, errors } = await offlinePage('light');
    await assertKpis(page, ref.result);
    const ink = await canvasInk(page);
    assert.ok(ink.filter((n) => n > 2000).length >= 3, `panes drawn: ${ink.join(', ')}`);
    await assertTradesTable(page, ref.result);
    await assertClickMovesChart(page, ref.result, 40);
    assert.equal(await page.locator('vscode-button[data-action="rerun"]').count(), 0, 'no host actions in a report');
    assert.deepEqual(blocked, [], 'the report asked for nothing but itself');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('follows the system theme: light and dark render, non-blank and different', async () => {
    const facts = [];
    for (const scheme of ['light', 'dark'] as const) {
      const { page, context } = await offlinePage(scheme);
      assert.ok(await page.evaluate((s) => document.body.classList.contains(`vscode-${s}`), scheme));
      facts.push(await screenshotFacts(page, await page.screenshot()));
      await context.close();
    }
    for (const f of facts) assert.ok(f.colors > 50, `${f.colors} colours`);
    assert.notEqual(facts[0].corner, facts[1].corner);
  });

  it('writeRunReport (the CLI --report flag) builds the app from webview-ui/ when no built bundle is beside it', async () => {
    const out = path.join(dir, 'cli', 'run.html');
    await writeRunReport(out, { result: ref.result, bars: (await referenceRun()).bars, strategyPath: 'sma-cross.strategy.ts' });
    const html = fs.readFileSync(out, 'utf8');
    const data = JSON.parse(html.match(/<script type="application\/json" id="algoagent-view">([\s\S]*?)<\/script>/)![1]);
    assert.equal(data.view.run.result.stats.sharpeRatio, ref.result.stats.sharpeRatio);
    assert.equal(data.view.run.bars.close.length, 2148);
    assert.match(html, /vscode-tabs/, 'the app is inlined');
  });

  it('escapes data that looks like markup (a trade tag with </script>)', async () => {
    const run: RunView = JSON.parse(JSON.stringify(ref.view));
    run.result.trades[0].tag = '</script><script>window.__pwned = 1</script>';
    run.name = '<b>Sma & Cross</b>';
    const html = await buildHtmlReport({ mode: 'run', run }, { bundleDir: await builtApp() });
    fs.writeFileSync(file, html);
    const { page, context } = await offlinePage('dark');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.textContent('.strategy-name'), ' <b>Sma & Cross</b>');
    assert.equal(await page.title(), '<b>Sma & Cross</b> — GOOG backtest report');
    const tag = await page.textContent('.tt-row[data-index="0"] .tt-tag');
    assert.equal(tag, run.result.trades[0].tag);
    await context.close();
  });
});
