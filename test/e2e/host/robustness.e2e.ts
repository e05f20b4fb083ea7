/** Check Robustness inside the extension host: the look-ahead replay finds a centred moving average. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CheckReport } from '../../../src/engine/robustness/check';
import { copyFixture } from './context';

describe('Check Robustness', () => {
  it('finds the look-ahead of a centred moving average in a child process and shows the report beside the strategy', async () => {
    const uri = copyFixture('centred-ma.strategy.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const report = await vscode.commands.executeCommand<CheckReport | undefined>('algoagent.checkRobustness', uri);
    assert.ok(report, 'the command returned no report');
    assert.equal(report.strategy, 'E2eCentredMa');
    assert.ok(report.lookahead && !report.lookahead.ok, 'the replay should find look-ahead');
    assert.deepEqual(report.lookahead.biased.map((b) => b.name), ['this.cma (Centred MA)']);
    assert.ok(report.warmup, 'the warm-up check ran');
    assert.ok(report.monteCarlo && report.monteCarlo.runs === 1000, 'Monte Carlo ran over the trades');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'algoagent-robustness');
    assert.ok(doc, 'the report document is open');
    assert.match(doc.getText(), /^Robustness of centred-ma\.strategy\.ts on /);
    assert.match(doc.getText(), /✗ this\.cma \(Centred MA\) uses future bars/);
  });
});
