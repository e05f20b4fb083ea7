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

  it('every webview panel with a serializer activates the extension when VS Code restores it', () => {
    // registerWebviewPanelSerializer(X, …) is only called if onWebviewPanel:X wakes the extension.
    const sources = (fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => ({ f, text: fs.readFileSync(path.join(ROOT, 'src', f), 'utf8') }));
    const all = sources.map((s) => s.text).join('\n');
    const found: string[] = [];
    for (const { f, text } of sources) {
      for (const m of text.matchAll(/registerWebviewPanelSerializer\((\w+)/g)) {
        const value = new RegExp(`export const ${m[1]} = '([^']+)'`).exec(all);
        assert.ok(value, `${f}: the view type constant ${m[1]} is not an exported string constant in src`);
        found.push(value[1]);
      }
    }
    assert.deepEqual(found.sort(), ['algoagent.agentDashboard', 'algoagent.results']);
    for (const viewType of found) assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${viewType}`), `missing activation event onWebviewPanel:${viewType}`);
  });

  it('the README documents every setting with its default', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
    const props: Record<string, { default?: unknown }> = Object.assign({}, ...sections.map((c: { properties: object }) => c.properties));
    assert.ok(Object.keys(props).length > 10);
    for (const [key, p] of Object.entries(props)) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
      assert.ok(row, `README's Settings table has no row for ${key}`);
      const shown = row.split('|')[2].trim();
      const expected = typeof p.default === 'string' ? (p.default === '' ? '""' : p.default) : String(p.default);
      assert.equal(shown, expected, `README shows the default of ${key} as ${shown}, package.json says ${expected}`);
    }
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
