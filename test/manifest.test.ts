/** The extension manifest and the files it points at. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('targets VS Code ^1.95.0 with @types/vscode pinned to that version', () => {
    assert.equal(pkg.engines.vscode, '^1.95.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.95.0');
  });

  it('never activates on "*" and declares limited support for untrusted workspaces', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('every contributed grammar and snippet file exists and parses', () => {
    for (const g of pkg.contributes.grammars) JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8'));
    for (const s of pkg.contributes.snippets) JSON.parse(fs.readFileSync(path.join(ROOT, s.path), 'utf8'));
  });

  it('the log grammar recognizes a failure line the CLI prints', () => {
    const g = JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes/algoagent-log.tmLanguage.json'), 'utf8'));
    const line = '/w/strategies/rsi.strategy.ts:13:7 reference rsi is not defined';
    const names = g.patterns.filter((p: { match: string }) => new RegExp(p.match).test(line)).map((p: { name: string }) => p.name);
    assert.ok(names.some((n: string) => n.startsWith('markup.underline.link')), 'file:line:col link');
    assert.ok(names.some((n: string) => n.startsWith('keyword.other.kind')), 'error kind');
  });

  it('the bin and main entries are the bundles the build writes', () => {
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.bin.algoagent, './dist/cli.js');
    const build = fs.readFileSync(path.join(ROOT, 'scripts/build.mjs'), 'utf8');
    for (const entry of ['extension', 'runner', 'server', 'cli', 'algoagent', "'webview/main'"]) assert.ok(build.includes(`${entry}:`), entry);
  });
});
