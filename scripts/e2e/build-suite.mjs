// Bundles the in-extension-host e2e suite (test/e2e/host/*.ts) into .cache/e2e/build/host/ and
// lays out the test-only host extension (package.json, extension.js: the fake language-model
// provider) beside it. `vscode` and `mocha` stay external: the
// extension host provides the first, the repo's node_modules the second.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, '.cache', 'e2e', 'build');
const hostSrc = path.join(root, 'test', 'e2e', 'host');

rmSync(out, { recursive: true, force: true });
const entries = readdirSync(hostSrc).filter((f) => f === 'index.ts' || f.endsWith('.e2e.ts'));
await esbuild.build({
  entryPoints: entries.map((f) => path.join(hostSrc, f)),
  outdir: path.join(out, 'host'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'error',
});
mkdirSync(path.join(out, 'host-extension'), { recursive: true });
for (const f of readdirSync(path.join(root, 'test', 'e2e', 'host-extension'))) {
  copyFileSync(path.join(root, 'test', 'e2e', 'host-extension', f), path.join(out, 'host-extension', f));
}
console.log(path.join(out, 'host'));
