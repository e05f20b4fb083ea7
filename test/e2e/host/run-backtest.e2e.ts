/** Scenario 1 inside the extension host: Run Backtest on the active editor = the CLI's statistics. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/runner/protocol';
import { cliBacktestJson, copyFixture } from './context';

/** JSON view of statistics (NaN → null, dates → ISO strings), as the CLI prints them. */
function asJson(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

/** Waits until `ok()` holds (the extension host learns of focus changes asynchronously). */
async function until(ok: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A webview panel in the second column, active: focus is off every text editor, as on the results panel. */
async function focusWebview(): Promise<vscode.WebviewPanel> {
  const panel = vscode.window.createWebviewPanel('algoagentE2e.blank', 'Not an editor', { viewColumn: vscode.ViewColumn.Two, preserveFocus: false }, {});
  panel.webview.html = '<!DOCTYPE html><p>e2e</p>';
  panel.reveal(vscode.ViewColumn.Two, false);
  await until(() => vscode.window.activeTextEditor === undefined && vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputWebview, 'the webview to be the active tab');
  return panel;
}

describe('Run Backtest (scenario 1)', () => {
  it('runs the active strategy and returns the same statistics as `algoagent backtest --sample --json`', async () => {
    const uri = copyFixture('sma-cross.strategy.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // No argument: the command takes the active editor, as from the command palette.
    const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('algoagent.runBacktest');
    assert.ok(outcome, 'the command returned no outcome');
    assert.ok(outcome.ok, `the run failed: ${!outcome.ok ? `${outcome.failure.kind}: ${outcome.failure.message}` : ''}`);
    const cli = await cliBacktestJson(uri.fsPath);
    assert.ok(outcome.result.stats.trades > 0, 'the fixture strategy should trade');
    assert.deepEqual(asJson(outcome.result.stats), asJson(cli.stats));
    const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AlgoAgent' && d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(ours.map((d) => d.message), [], 'a clean run leaves no error diagnostics');
  });

  it('with a webview active (no text editor), runs the strategy last active in an editor, of the two still open', async () => {
    // Two strategies on screen, so only the memory of the last active editor can pick one.
    const other = copyFixture('lookahead.strategy.ts', 'other-open.strategy.ts');
    const uri = copyFixture('sma-cross.strategy.ts', 'last-active.strategy.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other), vscode.ViewColumn.One);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), vscode.ViewColumn.Three);
    const panel = await focusWebview();
    const visible = vscode.window.visibleTextEditors.map((e) => e.document.uri.fsPath);
    assert.ok(visible.includes(other.fsPath) && visible.includes(uri.fsPath), `both strategies should be visible: ${visible.join(', ')}`);
    try {
      const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('algoagent.runBacktest');
      assert.ok(outcome, 'the command refused: it did not fall back to the strategy last active in an editor');
      assert.ok(outcome.ok, `the run failed: ${!outcome.ok ? `${outcome.failure.kind}: ${outcome.failure.message}` : ''}`);
      const cli = await cliBacktestJson(uri.fsPath);
      assert.deepEqual(asJson(outcome.result.stats), asJson(cli.stats));
    } finally {
      panel.dispose();
    }
  });

  it('with a webview active and no editor open, refuses instead of running a closed file', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until(() => vscode.window.visibleTextEditors.length === 0, 'every editor to close');
    const panel = await focusWebview();
    try {
      const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('algoagent.runBacktest');
      assert.equal(outcome, undefined, 'a strategy ran although no editor showed one');
    } finally {
      panel.dispose();
    }
  });
});
