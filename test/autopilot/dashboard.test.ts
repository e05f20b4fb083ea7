/**
 * The agent dashboard: the view model (cards, filter counts, status bar text) in Node, and the
 * webview app in headless Chromium under its real CSP — badges, filter tabs, start/stop/cycle
 * messages, the error with its action button, and the settings form.
 */
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEFAULT_CONFIG } from '../../src/autopilot/config';
import type { DashboardState, HostToDashboard } from '../../src/autopilot/dashboard-protocol';
import { filterCounts, statusBarText, toDashboardState, viewStateFrom } from '../../src/autopilot/dashboard-view';
import { newAccount } from '../../src/autopilot/paper/account';
import type { AgentSnapshot } from '../../src/autopilot/service';
import type { StrategyRecord } from '../../src/autopilot/state';
import { dashboardHtml } from '../../src/autopilot/dashboard-html';
import { hasChromium, launchChromium, preparePanelPage } from '../webview/harness';
import { ROOT, tempDir } from './helpers';

const rec = (id: string, status: StrategyRecord['status'], extra: Partial<StrategyRecord> = {}): StrategyRecord => ({
  id, name: id.toUpperCase(), kind: 'trend', symbol: 'SAMPLE', status, file: `strategies/autopilot/${id}.strategy.ts`, description: '', indicators: ['sma20', 'sma50'],
  figures: { trades: 40, winRatePct: 57.5, profitFactor: 1.8, returnPct: 12.3 }, created: '2024-01-01T00:00:00.000Z', reason: `${status}: because`, ...extra,
});

function snapshot(): AgentSnapshot {
  const paper = newAccount('2023-01-02T00:00:00.000Z', 10, 10_000);
  paper.equity = [10_000, 10_100];
  paper.lastBarTime = '2023-12-29T00:00:00.000Z';
  return {
    status: 'idle', running: true, mode: 'always', cycles: 2, lastCycle: '2024-01-01T00:00:00.000Z', nextWake: Date.UTC(2024, 0, 2),
    strategies: [
      rec('a', 'retired', { retired: '2024-01-01T00:00:00.000Z', reason: 'retired: profit factor 1.2 < 1.5' }),
      rec('b', 'paper', { promoted: '2024-01-01T00:00:00.000Z', paper }),
      rec('c', 'ready'),
      rec('d', 'backtested'),
      rec('e', 'retired'),
      rec('v', 'paper', { kind: 'combination', components: [{ id: 'a', name: 'Trend A', kind: 'trend', weight: 0.4 }, { id: 'm', name: 'Momentum M', kind: 'momentum', weight: 0.35 }, { id: 'o', name: 'Volume O', kind: 'volume', weight: 0.25 }] }),
    ],
    events: [{ at: '2024-01-01T00:00:00.000Z', step: 'retired', strategyId: 'a', reason: 'retired: profit factor 1.2 < 1.5' }],
  };
}

describe('autopilot dashboard: view model', () => {
  it('cards newest first, with figures, paper and combination parts; counts per filter', () => {
    const s = toDashboardState(snapshot());
    assert.deepEqual(s.cards.map((c) => c.id), ['v', 'e', 'd', 'c', 'b', 'a']);
    assert.deepEqual(filterCounts(s.cards), { all: 6, paper: 2, backtested: 1, ready: 1, retired: 2 });
    const b = s.cards.find((c) => c.id === 'b')!;
    assert.deepEqual(b.paper, { trades: 0, equity: 10_100, lastBar: '2023-12-29T00:00:00.000Z', openPositions: 0 });
    assert.deepEqual(s.cards[0].components.map((c) => c.weight), [0.4, 0.35, 0.25]);
    assert.equal(s.nextWake, '2024-01-02T00:00:00.000Z');
  });

  it('the saved view (page and filter tab) is read back; anything unknown falls back to the first page and all', () => {
    assert.deepEqual(viewStateFrom({ filter: 'retired', page: 'log' }), { filter: 'retired', page: 'log' });
    assert.deepEqual(viewStateFrom({ filter: 'paper' }), { filter: 'paper', page: 'strategies' }); // saved by an older version
    assert.deepEqual(viewStateFrom({ filter: 'generated', page: 'charts' }), { filter: 'all', page: 'strategies' });
    for (const junk of [undefined, null, 'x', 3, []]) assert.deepEqual(viewStateFrom(junk), { filter: 'all', page: 'strategies' });
  });

  it('status bar: state and counts; the error code with its action in the tooltip', () => {
    const s = toDashboardState(snapshot());
    assert.deepEqual(statusBarText(s), { text: '$(robot) Agent: running · 2 paper, 1 ready', tooltip: 'AlgoAgent agent: running — 2 paper, 1 ready. Click for the dashboard.' });
    const err = statusBarText({ status: 'error', cards: [], error: { code: 'NO_AI_PROVIDER', message: 'no model', action: 'Add a key' } });
    assert.equal(err.text, '$(error) Agent: NO_AI_PROVIDER');
    assert.equal(err.tooltip, 'NO_AI_PROVIDER: no model\nAdd a key');
    assert.equal(statusBarText({ status: 'cycle', cards: [], error: null }).text, '$(sync~spin) Agent: cycle');
  });
});

describe('autopilot dashboard: the webview app in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let dir: string;
  let server: http.Server;
  let origin = '';
  before(async function () {
    if (!hasChromium) this.skip();
    dir = tempDir('dashboard');
    await esbuild.build({ entryPoints: { dashboard: path.join(ROOT, 'webview-ui', 'dashboard', 'main.ts') }, outdir: dir, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent' });
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(dashboardHtml(origin, 'testnonce0123456789abcdefABCDEF', `${origin}/webview/dashboard.js`, `${origin}/webview/dashboard.css`));
        return;
      }
      const file = path.join(dir, path.basename(url.pathname));
      if (fs.existsSync(file)) res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(fs.readFileSync(file));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (server) await new Promise((r) => server.close(r));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows cards with badges, filters by tab, sends start/stop/cycle/open and saves settings', async () => {
    const page = await browser!.newPage();
    const errors = await preparePanelPage(page, 'dark');
    await page.goto(origin);
    const posted = () => page.evaluate(() => (window as unknown as { __rec: { posted: { type: string }[] } }).__rec.posted);
    assert.deepEqual(await posted(), [{ type: 'ready' }]);
    // Resolves once the app (whose listener was added first) has handled the message.
    const send = (m: HostToDashboard) =>
      page.evaluate((msg) => new Promise<void>((done) => {
        window.addEventListener('message', () => done(), { once: true });
        window.postMessage(msg, '*');
      }), m);
    const state: DashboardState = toDashboardState(snapshot());
    await send({ type: 'state', state });
    await send({ type: 'config', config: DEFAULT_CONFIG, error: null, saved: false });

    await page.waitForSelector('[data-testid=cards] .card');
    const badges = () => page.$$eval('[data-testid=cards] .card', (els) => els.map((e) => [e.getAttribute('data-id'), e.querySelector('.badge')!.textContent]));
    assert.deepEqual(await badges(), [['v', 'paper'], ['e', 'retired'], ['d', 'backtested'], ['c', 'ready'], ['b', 'paper'], ['a', 'retired']]);
    assert.deepEqual(await page.$$eval('[data-filter]', (els) => els.map((e) => e.textContent)), ['All (6)', 'Paper (2)', 'Backtested (1)', 'Ready (1)', 'Retired (2)']);
    await page.click('[data-filter=retired]');
    assert.deepEqual((await badges()).map((b) => b[0]), ['e', 'a']);
    assert.match(await page.textContent('[data-id=a] .reason') ?? '', /retired: profit factor 1\.2 < 1\.5/);
    await page.click('[data-filter=paper]');
    assert.deepEqual((await badges()).map((b) => b[0]), ['v', 'b']);
    assert.deepEqual(await page.$$eval('[data-id=v] .components li', (els) => els.map((e) => e.textContent)), ['Trend A — 40 %', 'Momentum M — 35 %', 'Volume O — 25 %']);
    assert.match(await page.textContent('[data-id=b] .paper') ?? '', /equity 10100\.00/);
    assert.match(await page.textContent('[data-id=b] .figs') ?? '', /57\.5 %.*1\.80.*40.*12\.3 %/);

    await page.click('[data-testid=stop]');
    await page.click('[data-testid=cycle]');
    await page.click('[data-id=b] button.link');
    assert.deepEqual((await posted()).slice(1), [{ type: 'stop' }, { type: 'cycle' }, { type: 'open', file: 'strategies/autopilot/b.strategy.ts' }]);

    // Live refresh: a new state replaces the view (the filter stays); an error shows its action button.
    await send({ type: 'state', state: { ...state, running: false, status: 'error', error: { code: 'NO_AI_PROVIDER', message: 'no model', action: 'Add a Gemini API key or pick a chat model', command: 'algoagent.addGeminiKey' }, cards: state.cards.filter((c) => c.id !== 'b') } });
    assert.deepEqual((await badges()).map((b) => b[0]), ['v']);
    assert.match(await page.textContent('[data-testid=error]') ?? '', /NO_AI_PROVIDER no model.*Add a Gemini API key/);
    await page.click('[data-testid=error] button');
    await page.click('[data-testid=start]');
    assert.deepEqual((await posted()).slice(-2), [{ type: 'command', command: 'algoagent.addGeminiKey' }, { type: 'start' }]);

    // Settings: the form posts the edited configuration; a refusal is shown.
    await page.click('[data-page=settings]');
    await page.fill('input[name=symbols]', 'aapl, MSFT');
    await page.fill('input[name=paperPf]', '1.7');
    await page.uncheck('input[name=kind-breakout]');
    await page.selectOption('select[name=runMode]', 'always');
    await page.click('[data-testid=save]');
    const saved = (await posted()).at(-1) as unknown as { type: string; config: typeof DEFAULT_CONFIG };
    assert.equal(saved.type, 'saveConfig');
    assert.deepEqual(saved.config.symbols, ['aapl', 'MSFT']);
    assert.deepEqual(saved.config.promoteToPaper, { winRatePct: 55, profitFactor: 1.7 });
    assert.deepEqual(saved.config.kinds, ['trend', 'momentum', 'meanReversion', 'volume']);
    assert.equal(saved.config.runMode, 'always');
    await send({ type: 'config', config: DEFAULT_CONFIG, error: 'the agent configuration has 1 problem(s):\n  capital: must be a number > 0, got -1', saved: false });
    assert.match(await page.textContent('[data-testid=config-error]') ?? '', /capital: must be a number > 0/);
    assert.deepEqual(errors, []);
    const csp = await page.evaluate(() => (window as unknown as { __rec: { csp: string[] } }).__rec.csp);
    assert.deepEqual(csp, [], 'no CSP violation');
    // The page and the filter tab are kept in the webview state for a reload or a restored window.
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __rec: { state: unknown } }).__rec.state), { filter: 'paper', page: 'settings' });
    await page.close();
  });

  it('a restored webview opens on its saved page and filter tab', async () => {
    const page = await browser!.newPage();
    const errors = await preparePanelPage(page, 'light', { filter: 'retired', page: 'strategies' });
    await page.goto(origin);
    await page.evaluate((msg) => window.postMessage(msg, '*'), { type: 'state', state: toDashboardState(snapshot()) } as HostToDashboard);
    await page.waitForSelector('[data-testid=cards] .card');
    assert.equal(await page.getAttribute('[data-filter=retired]', 'aria-selected'), 'true');
    assert.deepEqual(await page.$$eval('[data-testid=cards] .card', (els) => els.map((e) => e.getAttribute('data-id'))), ['e', 'a']);
    await page.close();
    const log = await browser!.newPage();
    await preparePanelPage(log, 'light', { filter: 'all', page: 'log' });
    await log.goto(origin);
    await log.evaluate((msg) => window.postMessage(msg, '*'), { type: 'state', state: toDashboardState(snapshot()) } as HostToDashboard);
    await log.waitForSelector('[data-testid=log] tbody tr');
    assert.match(await log.textContent('[data-testid=log]') ?? '', /retired: profit factor 1\.2 < 1\.5/);
    await log.close();
    assert.deepEqual(errors, []);
  });
});
