// The extension as three files, so that activation reads and compiles only what it runs:
//   dist/extension.js         what activate() reaches through static imports (the shell)
//   dist/extension-lazy.js    every module the shell reaches only through `await import(…)`
//   dist/extension-shared.js  the modules both of them use, loaded once: one copy of each class
//                             (errors checked with instanceof) and of each module's state
// esbuild cannot split CommonJS output itself, so the graphs are measured first (metafiles of
// builds that are not written), then each import is routed to the file that holds its module.
import * as esbuild from 'esbuild';
import * as path from 'node:path';

const ENTRY = 'src/extension.ts';

/** Resolves `args` the way esbuild would, without recursing into this plugin. */
async function resolved(build, args) {
  const r = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { split: true } });
  return r.errors.length || r.external || r.namespace !== 'file' || !path.isAbsolute(r.path) ? undefined : r.path;
}

/** The absolute paths of the modules a build bundles. */
async function inputsOf(options) {
  const r = await esbuild.build({ ...options, write: false, metafile: true, logLevel: 'silent', minify: false, sourcemap: false });
  return new Set(Object.keys(r.metafile.inputs).filter((f) => !f.includes(':')).map((f) => path.resolve(f)));
}

const keyOf = (file) => path.relative(process.cwd(), file).replace(/\.[cm]?[jt]s$/, '').replace(/[^A-Za-z0-9]+/g, '_');

/** Re-exports every module of `files` under its key: the entry of extension-lazy.js or extension-shared.js. */
const indexOf = (files) => [...files].sort().map((f) => `export * as ${keyOf(f)} from ${JSON.stringify(f)};`).join('\n');

/**
 * Build options for the three files. `base` is the Node build of the other bundles (its plugins
 * route typescript and the vendored libraries); `banner` goes on the shell only.
 */
export async function extensionBuilds(base, banner) {
  // 1. The shell: the static graph of the entry; dynamic imports noted, not followed.
  const lazyTargets = new Set();
  const noteDynamic = {
    name: 'note-dynamic-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData?.split) return undefined;
        const file = await resolved(build, args);
        if (!file || file.includes('node_modules')) return undefined; // vendored libraries: their own routing
        lazyTargets.add(file);
        return { path: file, external: true };
      });
    },
  };
  const shell = await inputsOf({ ...base, entryPoints: [ENTRY], plugins: [noteDynamic, ...base.plugins] });
  if (!lazyTargets.size) throw new Error('extension split: no dynamic imports found in the extension');

  // 2. What the lazy targets reach (their own dynamic imports included: one lazy file).
  const lazyAll = await inputsOf({ ...base, stdin: { contents: indexOf(lazyTargets), resolveDir: process.cwd(), loader: 'ts' } });
  const shared = new Set([...lazyAll].filter((f) => shell.has(f)));

  // 3. Routing: a shared module, from anywhere but the shared file, comes from extension-shared.js;
  //    a dynamic import of a lazy target, from the shell, comes from extension-lazy.js.
  const route = (where) => ({
    name: `route-${where}`,
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.split || args.namespace === 'split') return undefined;
        if (args.kind === 'entry-point') return undefined;
        const file = await resolved(build, args);
        if (!file) return undefined;
        if (where !== 'shared' && shared.has(file)) return { path: `shared:${keyOf(file)}`, namespace: 'split' };
        if (where !== 'lazy' && args.kind === 'dynamic-import' && lazyTargets.has(file) && !shared.has(file)) return { path: `lazy:${keyOf(file)}`, namespace: 'split' };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'split' }, (args) => {
        const [which, key] = args.path.split(':');
        return { contents: `module.exports = require('./extension-${which}.js').${key};`, loader: 'js' };
      });
      build.onResolve({ filter: /^\.\/extension-(shared|lazy)\.js$/, namespace: 'split' }, (args) => ({ path: args.path, external: true }));
    },
  });

  return [
    { ...base, metafile: true, entryPoints: { extension: ENTRY }, outdir: 'dist', banner: { js: banner }, plugins: [route('shell'), ...base.plugins] },
    { ...base, metafile: true, stdin: { contents: indexOf(lazyTargets), resolveDir: process.cwd(), loader: 'ts', sourcefile: 'extension-lazy.ts' }, outfile: 'dist/extension-lazy.js', plugins: [route('lazy'), ...base.plugins] },
    { ...base, metafile: true, stdin: { contents: indexOf(shared), resolveDir: process.cwd(), loader: 'ts', sourcefile: 'extension-shared.ts' }, outfile: 'dist/extension-shared.js', plugins: [route('shared'), ...base.plugins] },
  ];
}

/** Fails the build when a module ended up in two of the three files (two copies of its classes and state). */
export function checkSplit(results) {
  const owner = new Map();
  for (const [k, r] of results.entries()) {
    for (const f of Object.keys(r.metafile.inputs)) {
      if (f.includes(':') || f.startsWith('<stdin>') || f.startsWith('extension-')) continue;
      if (owner.has(f) && owner.get(f) !== k) throw new Error(`extension split: ${f} is bundled twice (files ${owner.get(f)} and ${k})`);
      owner.set(f, k);
    }
  }
}
