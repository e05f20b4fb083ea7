// `import * as vscode from 'vscode'` in a CommonJS bundle becomes `__toESM(require("vscode"))`:
// a fresh object with a getter for each of the API's few hundred members, once per importing
// module. The extension's bundles have a dozen such modules, so activation spent more time copying
// the API than running activate() (measured in docs/benchmarks.md). The API object needs no
// interop (no default export is read: eslint forbids `import vscode from 'vscode'`), so this
// plugin unwraps those calls after the build. The helper's name is replaced by spaces: every
// column stays where the source map says it is.
import { readFileSync, writeFileSync } from 'node:fs';

const WRAPPED = /([\w$]+)(\(require\("vscode"\)\))/g;

/** `code` with every `helper(require("vscode"))` unwrapped; throws if the helper is not esbuild's __toESM. */
export function unwrapVscodeRequires(code, file) {
  const names = new Set([...code.matchAll(WRAPPED)].map((m) => m[1]));
  if (names.size === 0) return code;
  if (names.size > 1) throw new Error(`vscode-import: ${file} wraps require("vscode") in ${[...names].join(', ')}; expected one helper`);
  const [name] = names;
  const esc = name.replace(/\$/g, '\\$');
  // esbuild's __toESM(mod, isNodeMode, target): copies `mod` into a new object with a `default`.
  const helper = new RegExp(`(?:^|[\\s,;])${esc}\\s*=\\s*\\([\\w$]+,\\s*[\\w$]+,\\s*[\\w$]+\\)\\s*=>[\\s\\S]{0,700}?__esModule[\\s\\S]{0,80}?"default"`);
  if (!helper.test(code)) throw new Error(`vscode-import: in ${file}, ${name}(require("vscode")) is not esbuild's __toESM; the build's output changed shape`);
  return code.replace(WRAPPED, (_m, n, call) => ' '.repeat(n.length) + call);
}

/** esbuild plugin: unwraps `require("vscode")` in every JavaScript file the build wrote (needs `metafile`). */
export const plainVscodeImport = {
  name: 'plain-vscode-import',
  setup(build) {
    build.initialOptions.metafile = true;
    build.onEnd((result) => {
      if (result.errors.length || !result.metafile) return;
      for (const out of Object.keys(result.metafile.outputs)) {
        if (!out.endsWith('.js')) continue;
        const code = readFileSync(out, 'utf8');
        const next = unwrapVscodeRequires(code, out);
        if (next !== code) writeFileSync(out, next);
      }
    });
  },
};
