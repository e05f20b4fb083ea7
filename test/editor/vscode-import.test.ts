/**
 * scripts/vscode-import.mjs: `import * as vscode from 'vscode'` in the extension's bundles reads the
 * API object itself instead of a per-module copy. Checked on real esbuild output (minified and
 * not), run against a stand-in API, so an esbuild that changes the helper's shape fails here.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ROOT } from '../helpers/paths';

type Unwrap = (code: string, file: string) => string;
const unwrap = async (): Promise<Unwrap> =>
  ((await import(pathToFileURL(path.join(ROOT, 'scripts/vscode-import.mjs')).href)) as { unwrapVscodeRequires: Unwrap }).unwrapVscodeRequires;

const SOURCE = [
  "import * as vscode from 'vscode';",
  "import * as again from 'vscode';",
  'export const same = () => [vscode, again];',
  'export const title = () => vscode.window.title + again.window.title;',
].join('\n');

async function bundle(minify: boolean): Promise<string> {
  const r = await esbuild.build({ stdin: { contents: SOURCE, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], minify, write: false, logLevel: 'silent' });
  return r.outputFiles[0].text;
}

/** Runs a CommonJS bundle with `api` as its `vscode` module. */
function load(code: string, api: object): Record<string, () => unknown> {
  const module = { exports: {} as Record<string, () => unknown> };
  const req = (id: string) => {
    if (id === 'vscode') return api;
    throw new Error(`unexpected require(${id})`);
  };
  new Function('module', 'exports', 'require', code)(module, module.exports, req);
  return module.exports;
}

describe('build: the vscode API is required as it is (scripts/vscode-import.mjs)', () => {
  for (const minify of [false, true]) {
    it(`unwraps esbuild's interop copy, keeping every column (${minify ? 'minified' : 'readable'} output)`, async () => {
      const code = await bundle(minify);
      assert.match(code, /[\w$]+\(require\("vscode"\)\)/, 'esbuild no longer wraps require("vscode"): the plugin may be unneeded');
      const api = { window: { title: 'T' } };
      const before = load(code, api);
      assert.notEqual((before.same() as unknown[])[0], api, 'esbuild output should copy the API (the cost being removed)');

      const out = (await unwrap())(code, 'x.js');
      assert.equal(out.length, code.length);
      assert.deepEqual(out.split('\n').map((l) => l.length), code.split('\n').map((l) => l.length));
      assert.doesNotMatch(out, /[\w$]+\(require\("vscode"\)\)/);
      const after = load(out, api);
      assert.deepEqual(after.same(), [api, api]);
      assert.equal(after.title(), 'TT');
    });
  }

  it('refuses to unwrap a call that is not esbuild\'s interop helper', async () => {
    const code = 'var wrap = (m) => ({ ...m, extra: 1 });\nvar v = wrap(require("vscode"));\n';
    const u = await unwrap();
    assert.throws(() => u(code, 'y.js'), /y\.js.*wrap\(require\("vscode"\)\) is not esbuild's __toESM/);
    assert.equal(u('var v = require("vscode");', 'z.js'), 'var v = require("vscode");');
  });
});
