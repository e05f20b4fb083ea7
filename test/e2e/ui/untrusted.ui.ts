/** Scenario 6: in an untrusted workspace (Restricted Mode) Run Backtest is refused with its message. */
import * as assert from 'node:assert/strict';
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
});
