/** Scenario 1 inside the extension host: Run Backtest on the active editor = the CLI's statistics. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/runner/protocol';
import { cliBacktestJson, copyFixture } from './context';

/** JSON view of statistics (NaN → null, dates → ISO strings), as the CLI prints them. */
function asJson(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
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
});
