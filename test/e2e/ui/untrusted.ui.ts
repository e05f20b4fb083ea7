/**
 * Scenario 6: in an untrusted workspace (Restricted Mode) Run Backtest is refused with its message,
 * and AlgoAgent writes nothing into the folder until the user trusts it.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { workspaceWith } from '../harness/env';
import { notificationText, openFile, openWorkbench, runCommand, screenshot, statusBarText, type Workbench, onFailure } from '../harness/workbench';

describe('UI, untrusted workspace', function () {
  this.timeout(180_000);
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench({ workspace: workspaceWith('ws-untrusted', ['sma-cross.strategy.ts']), trusted: false });
  });

  after(async () => {
    await wb?.close();
  });

  afterEach(async function () {
    await onFailure(wb, this.currentTest, 'failed-scenario-6-untrusted');
  });

  it('scenario 6: the run is refused with the workspace-trust message and nothing runs', async () => {
    await statusBarText(wb.page, /Restricted Mode/, 30_000);
    await openFile(wb.page, 'sma-cross.strategy.ts');
    await runCommand(wb.page, 'AlgoAgent: Run Backtest');
    const toast = await notificationText(wb.page, /untrusted workspace/, 60_000);
    await screenshot(wb.page, 'scenario-6-untrusted');
    assert.match(toast, /strategy code does not run in an untrusted workspace/);
    assert.match(toast, /Manage Workspace Trust/);
    // A run would put its return or its error in the status bar; a refused one leaves nothing.
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(await wb.page.locator('.statusbar .statusbar-item', { hasText: /Sharpe|backtesting/ }).count(), 0, 'a backtest ran or started');
  });

  it('Optimize Parameters and Check Robustness are refused the same way; the message\'s button opens Workspace Trust', async () => {
    await openFile(wb.page, 'sma-cross.strategy.ts');
    await runCommand(wb.page, 'AlgoAgent: Optimize Parameters');
    assert.match(await notificationText(wb.page, /untrusted workspace.*optimize its parameters/, 60_000), /Manage Workspace Trust/);
    await runCommand(wb.page, 'AlgoAgent: Check Robustness');
    assert.match(await notificationText(wb.page, /untrusted workspace.*check its robustness/, 60_000), /Manage Workspace Trust/);
    // the button of the last message
    const toast = wb.page.locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item', { hasText: /check its robustness/ }).first();
    await toast.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).first().click();
    await wb.page.locator('.workspace-trust-editor').first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await wb.page.locator('.statusbar .statusbar-item', { hasText: /Sharpe|backtesting|Optimiz|Checking/ }).count(), 0, 'something ran');
  });

  it('writes no typings into the untrusted folder; once the folder is trusted they are written', async () => {
    const tsconfig = path.join(wb.workspace, 'tsconfig.json');
    assert.ok(!existsSync(tsconfig), 'tsconfig.json was written into an untrusted folder');
    assert.ok(!existsSync(path.join(wb.workspace, '.algoagent')), '.algoagent/ was written into an untrusted folder');
    // open already when the check before left it (a modal editor: the palette does not open over it)
    if (!(await wb.page.locator('.workspace-trust-editor').first().isVisible())) await runCommand(wb.page, 'Workspaces: Manage Workspace Trust');
    const trust = wb.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
    await trust.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(wb.page, 'scenario-6-trust-editor');
    await trust.click();
    const deadline = Date.now() + 30_000;
    while (!existsSync(tsconfig) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.ok(existsSync(tsconfig), 'no tsconfig.json 30 s after the folder was trusted');
    assert.ok(existsSync(path.join(wb.workspace, '.algoagent', 'types')), 'no .algoagent/types after the folder was trusted');
  });
});
