/**
 * UI checks of the autonomous agent (Playwright on code-server with the packaged .vsix, the offline
 * provider and bundled sample data): "Run Agent Cycle Now" from the palette, the status bar item,
 * the dashboard's cards with their badges and filter tabs — the same strategies and statuses as
 * `algoagent agent cycle --offline --json` on an identical workspace — and the dashboard coming back
 * on its filter tab after a window reload. The tests run in order on one window.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { reloadWindow } from '../harness/editor';
import { freshDir, repoRoot } from '../harness/env';
import { notificationText, openWorkbench, runCommand, screenshot, statusBarText, type Workbench, onFailure } from '../harness/workbench';

/** Two kinds on the sample data: a few candidates, a combination, some promoted and some retired. */
const CONFIG = { symbols: ['SAMPLE'], kinds: ['trend', 'meanReversion'], runMode: 'manual' };

function agentWorkspace(prefix: string): string {
  const ws = freshDir(prefix);
  mkdirSync(path.join(ws, '.algoagent'));
  writeFileSync(path.join(ws, '.algoagent', 'agent-config.json'), JSON.stringify(CONFIG, null, 2));
  return ws;
}

interface CliCycle {
  report: { generated: number; promoted: number; retired: number };
  strategies: { name: string; status: string }[];
}

/** The same cycle headless, on a copy of the configuration in its own folder and database. */
function cliCycle(): CliCycle {
  const ws = agentWorkspace('ws-agent-cli');
  const out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'agent', 'cycle', '--root', ws, '--db', path.join(ws, 'history.db'), '--provider', 'offline', '--json', '--cache-dir', path.join(ws, '.cache')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return JSON.parse(out);
}

function dashboardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
}

async function cards(frame: FrameLocator): Promise<string[]> {
  const out: string[] = [];
  for (const c of await frame.locator('[data-testid=cards] .card').all()) out.push(`${(await c.locator('.name').innerText()).trim()} [${(await c.locator('.badge').innerText()).trim()}]`);
  return out.sort();
}

describe('UI, autonomous agent', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let expected: CliCycle;

  before(async () => {
    expected = cliCycle();
    wb = await openWorkbench({ workspace: agentWorkspace('ws-agent'), trusted: true, userSettings: { 'algoagent.ai.provider': 'offline' } });
  });

  after(async () => {
    await wb?.close();
  });

  afterEach(async function () {
    await onFailure(wb, this.currentTest);
  });

  it('activates on the workspace\'s agent configuration and shows the agent in the status bar', async () => {
    const text = await statusBarText(wb.page, /Agent: stopped/, 60_000);
    assert.match(text, /Agent: stopped/);
  });

  it('"Run Agent Cycle Now" reports the counts the CLI reports for the same configuration', async () => {
    const { generated, promoted, retired } = expected.report;
    assert.ok(generated > 0 && promoted > 0 && retired > 0, `the fixture configuration should promote and retire: ${JSON.stringify(expected.report)}`);
    await runCommand(wb.page, 'AlgoAgent: Run Agent Cycle Now');
    const note = await notificationText(wb.page, /AlgoAgent agent: \d+ generated/, 180_000);
    assert.match(note, new RegExp(`${generated} generated, ${promoted} promoted to paper, ${retired} retired`), `the editor's cycle differs from the CLI's ${JSON.stringify(expected.report)}: ${note}`);
    const paper = expected.strategies.filter((s) => s.status === 'paper').length;
    const bar = await statusBarText(wb.page, new RegExp(`Agent: stopped · ${paper} paper`), 30_000);
    assert.match(bar, new RegExp(`${paper} paper`));
  });

  it('the dashboard shows a card per strategy with its status badge; the filter tabs narrow them', async () => {
    await runCommand(wb.page, 'AlgoAgent: Show Agent Dashboard');
    const frame = dashboardFrame(wb.page);
    await frame.locator('[data-testid=cards] .card').first().waitFor({ state: 'visible', timeout: 60_000 });
    const want = expected.strategies.map((s) => `${s.name} [${s.status}]`).sort();
    assert.deepEqual(await cards(frame), want, 'the cards differ from the CLI\'s strategies and statuses');
    await screenshot(wb.page, 'agent-dashboard-all');
    const retired = expected.strategies.filter((s) => s.status === 'retired').length;
    await frame.locator('[data-filter=retired]').click();
    assert.equal(await frame.locator('[data-filter=retired]').innerText(), `Retired (${retired})`);
    assert.deepEqual(await cards(frame), want.filter((c) => c.endsWith('[retired]')));
    assert.match(await frame.locator('[data-testid=cards] .card .reason').first().innerText(), /^retired: /);
    await screenshot(wb.page, 'agent-dashboard-retired');
  });

  it('reloading the window brings the dashboard back on the tab it was left on', async () => {
    await reloadWindow(wb.page, runCommand);
    await wb.page.locator('.tabs-container .tab', { hasText: 'AlgoAgent Agent' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const frame = dashboardFrame(wb.page);
    await frame.locator('[data-testid=cards] .card').first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await frame.locator('[data-filter=retired]').getAttribute('aria-selected'), 'true');
    const want = expected.strategies.map((s) => `${s.name} [${s.status}]`).filter((c) => c.endsWith('[retired]')).sort();
    assert.deepEqual(await cards(frame), want, 'the restored dashboard lost its strategies or its tab');
    await screenshot(wb.page, 'agent-dashboard-reloaded');
  });
});
