/**
 * UI checks in a trusted workspace (Playwright on code-server with the packaged .vsix): the command
 * palette run and its status bar figures (scenario 1), the Problems panel (scenario 2), and the
 * activation time VS Code itself reports (Developer: Show Running Extensions).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cliBacktest, pctText } from '../harness/cli';
import { recordFigure, workspaceWith } from '../harness/env';
import { openFile, openWorkbench, problemRows, runCommand, screenshot, statusBarText, type Workbench } from '../harness/workbench';

describe('UI, trusted workspace', function () {
  this.timeout(180_000);
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench({ workspace: workspaceWith('ws-trusted'), trusted: true });
  });

  after(async () => {
    await wb?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await screenshot(wb.page, `failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
  });

  it('scenario 1: "AlgoAgent: Run Backtest" from the palette shows the CLI\'s return and Sharpe in the status bar', async () => {
    const file = path.join(wb.workspace, 'sma-cross.strategy.ts');
    const { stats } = cliBacktest(file);
    await openFile(wb.page, 'sma-cross.strategy.ts');
    await runCommand(wb.page, 'AlgoAgent: Run Backtest');
    const text = await statusBarText(wb.page, /Sharpe/, 90_000);
    await screenshot(wb.page, 'scenario-1-run-backtest');
    assert.ok(text.includes(pctText(stats.returnPct)), `status bar "${text}" lacks the CLI's return ${pctText(stats.returnPct)}`);
    const sharpe = stats.sharpeRatio === null ? '—' : stats.sharpeRatio.toFixed(2);
    assert.ok(text.includes(`Sharpe ${sharpe}`), `status bar "${text}" lacks the CLI's Sharpe ${sharpe}`);
  });

  it('scenario 2: a broken strategy lists a `reference` diagnostic at its line in the Problems panel', async () => {
    const file = path.join(wb.workspace, 'broken-reference.strategy.ts');
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('E2E-REFERENCE-ERROR')) + 1;
    await openFile(wb.page, 'broken-reference.strategy.ts');
    await runCommand(wb.page, 'AlgoAgent: Run Backtest');
    await statusBarText(wb.page, /reference/, 90_000);
    const rows = await problemRows(wb.page);
    await screenshot(wb.page, 'scenario-2-problems');
    const row = rows.find((r) => r.includes('rsi') && r.includes('AlgoAgent'));
    assert.ok(row, `no AlgoAgent diagnostic about rsi in the Problems panel: ${JSON.stringify(rows)}`);
    assert.match(row, /reference/, `the row lacks the code: ${row}`);
    assert.match(row, new RegExp(`Ln ${line}\\b`), `the row is not at line ${line}: ${row}`);
  });

  it('Developer: Show Running Extensions lists AlgoAgent with its activation time', async () => {
    await runCommand(wb.page, 'Developer: Show Running Extensions');
    const row = wb.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'AlgoAgent' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    await screenshot(wb.page, 'activation-running-extensions');
    const m = /activation:?\s*(\d+)\s*ms/i.exec(text) ?? /(\d+)\s*ms/.exec(text);
    assert.ok(m, `no activation time in "${text}"`);
    recordFigure('runningExtensionsActivationMs', Number(m[1]));
    recordFigure('runningExtensionsRow', text);
  });
});
