// One build for every entry point the design names. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { emitTypings } from './typings.mjs';
import { checkSplit, extensionBuilds } from './extension-split.mjs';
import { plainVscodeImport } from './vscode-import.mjs';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const logLevel = process.argv.includes('--quiet') ? 'error' : 'info';

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel,
  external: ['vscode'],
  define: { __VERSION__: JSON.stringify(pkg.version) },
};

/**
 * One shared, minified copy of the TypeScript compiler (safety rules, analysis, the language
 * server): every bundle loads `./typescript.js` beside it, lazily where it matters (activation).
 */
const sharedTypescript = {
  name: 'shared-typescript',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: './typescript.js', external: true }));
  },
};

/**
 * Libraries needed only on first use (the Gemini client, Yahoo's client, the language client,
 * candlestick patterns, SQLite) are
 * built once into dist/vendor/ and required from there: the extension's own bundle stays small,
 * so activation parses a few hundred KB instead of megabytes, and the CLI shares the same copies.
 */
const VENDORS = {
  '@google/genai': 'genai',
  'yahoo-finance2': 'yahoo-finance2',
  'vscode-languageclient/node': 'languageclient',
  // Needed only once a backtest, pattern or history query runs: kept out of the extension bundle
  // that VS Code reads and compiles at activation.
  technicalindicators: 'technicalindicators',
  'sql.js': 'sql-js',
};
const sharedVendors = {
  name: 'shared-vendors',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(VENDORS).map((k) => k.replace(/[./]/g, '\\$&')).join('|')})$`);
    // A static import becomes `require('./vendor/x.js')`, run when its module first initializes.
    // esbuild would leave a dynamic `import()` of an external as a real ESM import of a CommonJS
    // file (no named exports): route it through a bundled one-line module that requires it.
    build.onResolve({ filter }, (args) =>
      args.kind === 'dynamic-import'
        ? { path: VENDORS[args.path], namespace: 'vendor-require' }
        : { path: `./vendor/${VENDORS[args.path]}.js`, external: true },
    );
    build.onLoad({ filter: /.*/, namespace: 'vendor-require' }, (args) => ({ contents: `module.exports = require('./vendor/${args.path}.js');`, loader: 'js' }));
    build.onResolve({ filter: /^\.\/vendor\//, namespace: 'vendor-require' }, (args) => ({ path: args.path, external: true }));
  },
};
node.plugins = [sharedTypescript, sharedVendors];
const vendorBuilds = Object.entries(VENDORS).map(([pkg, name]) => ({
  ...node,
  plugins: [sharedTypescript],
  stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: '.', loader: 'js' },
  outfile: `dist/vendor/${name}.js`,
  // Third-party code: no source maps to step into, always minified (it is most of the .vsix).
  sourcemap: false,
  minify: true,
}));

const browser = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel,
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  assetNames: '[name]',
  outdir: 'dist',
};

const EXTENSION_BANNER = 'var __algoagentLoadStart = performance.now();';
// Split in three files (scripts/extension-split.mjs) except in watch mode, where one file will do.
// The `vscode` API is required as it is, not copied per module (scripts/vscode-import.mjs).
const extension = (
  watch
    ? [{ ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', banner: { js: EXTENSION_BANNER } }]
    : await extensionBuilds(node, EXTENSION_BANNER)
).map((b) => ({ ...b, plugins: [...b.plugins, plainVscodeImport] }));

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  { ...node, plugins: [], entryPoints: { typescript: 'node_modules/typescript/lib/typescript.js' }, outdir: 'dist', minify: true, sourcemap: false },
  // The banner marks when the bundle starts loading (activation timing, see src/extension.ts).
  ...extension,
  { ...node, entryPoints: { runner: 'src/runner/child.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { algoagent: 'src/api.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { 'optimize-worker': 'src/optimize/worker.ts' }, outdir: 'dist' },
  ...vendorBuilds,
  // The benchmark runs from the repo (never shipped): it may use the devDependencies as they are.
  { ...node, entryPoints: { bench: 'bench/main.ts' }, outdir: 'dist', external: [...node.external, 'playwright-core', 'esbuild'] },
  // The webview apps: the results panel and the agent dashboard.
  { ...browser, entryPoints: { 'webview/main': 'webview-ui/main.ts' } },
  { ...browser, entryPoints: { 'webview/dashboard': 'webview-ui/dashboard/main.ts' } },
];

if (!watch) rmSync('dist', { recursive: true, force: true });
/** Files the bundles read at run time: prompts (with the API reference they include). */
function copyAssets() {
  mkdirSync('dist/prompts', { recursive: true });
  for (const f of readdirSync('src/ai/prompts')) if (f.endsWith('.md')) cpSync(`src/ai/prompts/${f}`, `dist/prompts/${f}`);
  cpSync('docs/strategy-api.md', 'dist/prompts/strategy-api.md');
  // The error reference the diagnostics link to (each kind is a heading).
  mkdirSync('dist/docs', { recursive: true });
  cpSync('docs/errors.md', 'dist/docs/errors.md');
  // sql.js's WebAssembly, beside the bundles that open the history database.
  cpSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
}

if (watch) {
  copyAssets();
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  checkSplit(extension.map((b) => results[builds.indexOf(b)]));
  copyAssets();
  // Declarations of the `algoagent` module for VS Code's TypeScript in the user's workspace.
  emitTypings('dist/types');
}
