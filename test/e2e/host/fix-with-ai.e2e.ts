/**
 * Scenario 2 with the AI: an `api` error's "Fix with AI" quick fix asks Gemini — the real
 * @google/genai client pointed at a fake server on 127.0.0.1 — rewrites the file through a
 * WorkspaceEdit, and the rerun succeeds with the diagnostic gone.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/runner/protocol';
import { type FakeGemini, startFakeGemini } from '../../helpers/fake-gemini';
import { copyFixture, lineOf } from './context';

const FIXED = `import { Strategy, crossover, ta, type Series } from 'algoagent';

export default class BrokenSize extends Strategy {
  fast!: Series;
  slow!: Series;

  override init() {
    this.fast = this.I(ta.sma(this.data.close, 10), 'SMA 10');
    this.slow = this.I(ta.sma(this.data.close, 20), 'SMA 20');
  }

  override next() {
    if (crossover(this.fast, this.slow)) {
      this.buy({ size: 0.5 });
    } else if (crossover(this.slow, this.fast)) {
      this.position.close();
    }
  }
}
`;

const KEY = 'e2e-fake-gemini-key-0123456789';

describe('Fix with AI (scenario 2, Gemini on a fake server)', () => {
  let fake: FakeGemini;
  let uri: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('algoagent');

  before(async () => {
    fake = await startFakeGemini(() => ({ text: ['Here is the corrected strategy:\n```ts\n', FIXED, '```\nThe size must be a fraction or whole units.'] }));
    await config().update('ai.provider', 'gemini', vscode.ConfigurationTarget.Global);
    await config().update('gemini.baseUrl', fake.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('algoagent.addGeminiKey', KEY);
    uri = copyFixture('broken-size.strategy.ts');
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
    assert.equal(doc.getText(), FIXED, 'the file now holds the fixed code');

    const rerun = await vscode.commands.executeCommand<RunOutcome | undefined>('algoagent.runBacktest', uri);
    assert.ok(rerun?.ok, `the fixed strategy runs: ${rerun && !rerun.ok ? rerun.failure.message : 'no outcome'}`);
    assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AlgoAgent' && d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
  });
});
