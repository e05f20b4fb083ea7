/**
 * Scenario 7 inside the extension host: the language server (dist/server.js over IPC) answers VS
 * Code's own hover, code lens, diagnostic and code action requests on a strategy file.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { copyFixture, lineOf } from './context';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `get` until it returns something truthy (the server starts after activation). */
async function eventually<T>(what: string, get: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: nothing within ${timeoutMs} ms`);
    await sleep(200);
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

describe('Language server (scenario 7)', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;

  before(async () => {
    uri = copyFixture('lookahead.strategy.ts');
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });

  it('hover on ta.sma shows its formula, parameters and warm-up', async () => {
    const line = lineOf(uri.fsPath, 'E2E-HOVER-SMA');
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('sma(') + 1);
    const text = await eventually('hover with the SMA formula', async () => {
      const t = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? []);
      return t.includes('Formula') ? t : undefined;
    });
    assert.match(text, /SMA\[i\] = mean\(x\[i−n\+1 … i\]\)/);
    assert.match(text, /Warm-up:\*\* n − 1 bars/);
  });

  it('`.at(1)` is an error diagnostic `lookahead-at` on its line, before any run', async () => {
    const line = lineOf(uri.fsPath, 'E2E-LOOKAHEAD');
    const d = await eventually('lookahead-at diagnostic', () => vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === 'lookahead-at'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, line);
    assert.equal(doc.getText(d.range), '1', 'the range covers the offset argument');
    assert.match(d.message, /into the future/);
  });

  it('▶ Backtest (and ⚙ Optimize) code lenses sit on the class line and invoke the extension\'s commands', async () => {
    const classLine = lineOf(uri.fsPath, 'export default class E2eLookahead');
    const lenses = await eventually('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l?.length ? l : undefined;
    });
    const backtest = lenses.find((l) => l.command?.title === '▶ Backtest');
    assert.ok(backtest, `lenses: ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
    assert.equal(backtest.range.start.line, classLine);
    assert.equal(backtest.command!.command, 'algoagent.runBacktest');
    const arg = backtest.command!.arguments?.[0] as vscode.Uri | undefined;
    assert.equal(arg?.toString(), uri.toString(), 'the lens passes the file as a vscode.Uri');
    assert.ok(lenses.some((l) => l.command?.title === '⚙ Optimize' && l.command.command === 'algoagent.optimizeParameters'));
  });

  it('the look-ahead diagnostic offers "Fix with AI" among its quick fixes', async () => {
    const d = await eventually('lookahead-at diagnostic', () => vscode.languages.getDiagnostics(uri).find((x) => codeOf(x) === 'lookahead-at'));
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const titles = actions.map((a) => a.title);
    // "Code actions on AlgoAgent diagnostics: Fix with AI (preferred) …" (issue 4) — static findings included
    assert.ok(titles.includes('Fix with AI'), `no "Fix with AI" on the language server's diagnostic (source "${d.source}"): ${JSON.stringify(titles)}`);
  });
});
