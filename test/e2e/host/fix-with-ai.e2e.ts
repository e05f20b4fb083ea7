/**
 * Scenario 2 with the AI: an `api` error's "Fix with AI" quick fix asks Gemini — the real
 * @google/genai client pointed at a fake server on 127.0.0.1 — rewrites the file through a
 * WorkspaceEdit, and the rerun succeeds with the diagnostic gone.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/runner/protocol';
import { type FakeGemini, startFakeGemini } from '../../helpers/fake-gemini';
import { copyFixture, lineOf } from './context';


const KEY = 'e2e-fake-gemini-key-0123456789';

describe('Fix with AI (scenario 2, Gemini on a fake server)', () => {
  let fake: FakeGemini;
  let uri: vscode.Uri;
  let fixed: string;
  const config = () => vscode.workspace.getConfiguration('algoagent');

  before(async () => {
    uri = copyFixture('broken-size.strategy.ts');
    // The model's answer: the same file with a valid size.
    fixed = readFileSync(uri.fsPath, 'utf8').replace('this.buy({ size: 100.5 }); // E2E-BAD-SIZE', 'this.buy({ size: 0.5 });');
    assert.notEqual(fixed, readFileSync(uri.fsPath, 'utf8'));
    fake = await startFakeGemini(() => ({ text: ['Here is the corrected strategy:\n```ts\n', fixed, '```\nThe size must be a fraction or whole units.'] }));
    await config().update('ai.provider', 'gemini', vscode.ConfigurationTarget.Global);
    await config().update('gemini.baseUrl', fake.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('algoagent.addGeminiKey', KEY);
  });
  after(async () => {
    await config().update('ai.provider', undefined, vscode.ConfigurationTarget.Global);
    await config().update('gemini.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('offers Fix with AI on the api diagnostic; the fix comes from Gemini, the rerun succeeds and the diagnostic is gone', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const failed = await vscode.commands.executeCommand<RunOutcome | undefined>('algoagent.runBacktest', uri);
    assert.ok(failed && !failed.ok && failed.failure.kind === 'api', 'the strategy fails with an api error');
    const line = lineOf(uri.fsPath, 'E2E-BAD-SIZE');
    const diag = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'AlgoAgent' && d.range.start.line === line);
    assert.ok(diag, 'an AlgoAgent diagnostic on the buy line');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Fix with AI');
    assert.ok(fix?.command, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

    assert.equal(fake.calls.length, 1, 'one Gemini request');
    assert.equal(fake.calls[0].key, KEY, 'the stored key went in the API header');
    assert.match(fake.calls[0].prompt, /size 100\.5/, 'the prompt carries the error');
    assert.equal(doc.getText(), fixed, 'the file now holds the fixed code');

    const rerun = await vscode.commands.executeCommand<RunOutcome | undefined>('algoagent.runBacktest', uri);
    assert.ok(rerun?.ok, `the fixed strategy runs: ${rerun && !rerun.ok ? rerun.failure.message : 'no outcome'}`);
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AlgoAgent' && d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
  });
});
