/** Scenario 2 inside the extension host: a runtime error becomes a located diagnostic; fixing clears it. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/runner/protocol';
import { copyFixture, lineOf } from './context';

const MARKER = 'E2E-REFERENCE-ERROR';

function algoDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AlgoAgent');
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

describe('Diagnostics (scenario 2)', () => {
  let uri: vscode.Uri;

  before(() => {
    uri = copyFixture('broken-reference.strategy.ts');
  });

  it('a ReferenceError shows as an error diagnostic with code `reference` on its line', async () => {
    const line = lineOf(uri.fsPath, MARKER);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('algoagent.runBacktest', uri);
    assert.ok(outcome && !outcome.ok, 'the broken strategy should fail');
    assert.equal(outcome.failure.kind, 'reference');
    const diags = algoDiagnostics(uri).filter((d) => codeOf(d) === 'reference');
    assert.equal(diags.length, 1, `expected one reference diagnostic, got ${JSON.stringify(algoDiagnostics(uri).map((d) => [codeOf(d), d.message]))}`);
    const d = diags[0]!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, line, `diagnostic on line ${d.range.start.line + 1}, the error is on line ${line + 1}`);
    assert.match(d.message, /rsi/);
    assert.ok(typeof d.code === 'object' && /errors\.md#reference$/.test(d.code.target.toString()), 'the code links to the error docs');
  });

  it('fixing the line and running again succeeds and clears the diagnostic', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = lineOf(uri.fsPath, MARKER);
    const text = doc.lineAt(line).text;
    const col = text.indexOf('rsi.at');
    assert.ok(col >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(line, col), 'this.');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // The command saves the dirty editor before running it.
    const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('algoagent.runBacktest', uri);
    assert.ok(outcome?.ok, `the fixed strategy should run: ${outcome && !outcome.ok ? outcome.failure.message : 'no outcome'}`);
    assert.equal(doc.isDirty, false, 'the edit was saved before the run');
    assert.deepEqual(algoDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
  });
});
