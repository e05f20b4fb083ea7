/**
 * The parts of loading that need no child: transpiling one file (run-time imports, syntax errors),
 * resolving a relative import, and mapping stack frames of module files back to their sources.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StrategyLoadError, failureFromError } from '../../src/runner/failure';
import { type ModuleTable, decodeTable, encodeTable, linkModules } from '../../src/runner/module-table';
import { resolveImport } from '../../src/runner/resolve-import';
import { syntaxProblem, transpileFile } from '../../src/runner/transpile';

function syntaxFailure(source: string, file: string) {
  try {
    transpileFile(source, file);
  } catch (err) {
    assert.ok(err instanceof StrategyLoadError);
    return err.failure;
  }
  assert.fail('expected a syntax error');
}

describe('runner: transpiling one file', () => {
  it('lists the run-time imports in source order, located; type-only and unused imports are erased', () => {
    const src = [
      "import { Strategy } from 'algoagent';",
      "import type { T } from './types';",
      "import { onlyAType } from './shapes';",
      "import { used } from './used';",
      "export { again } from './re-export';",
      "export type { X } from './type-export';",
      "import './side-effect';",
      'let t: T | onlyAType | undefined;',
      'export default class S extends Strategy { next() { used(); } }',
    ].join('\n');
    const t = transpileFile(src, '/w/s.strategy.ts');
    assert.deepEqual(t.imports.map((i) => [i.spec, i.line, i.column]), [
      ['algoagent', 1, 26], ['./used', 4, 22], ['./re-export', 5, 23], ['./side-effect', 7, 8],
    ]);
    assert.match(t.code, /require\("\.\/used"\)/);
    assert.doesNotMatch(t.code, /shapes|types/);
    assert.match(t.code, /\/\/# sourceMappingURL=data:application\/json;base64,/);
  });

  it('JavaScript keeps unused imports (no types to erase) and its require calls', () => {
    const t = transpileFile("import { a } from './a.js';\nconst b = require('./b');\n", '/w/x.js');
    assert.deepEqual(t.imports.map((i) => i.spec), ['./a.js', './b']);
  });

  it('.mjs and .mts become CommonJS too', () => {
    for (const f of ['/w/x.mjs', '/w/x.mts']) {
      const t = transpileFile("import { a } from './a';\nexport default a;\n", f);
      assert.doesNotMatch(t.code, /^\s*(import|export) /m, f);
      assert.match(t.code, /require\("\.\/a"\)/, f);
    }
  });

  it('a syntax error is a syntax failure at its line and column in that file', () => {
    const f = syntaxFailure("import { Strategy } from 'algoagent';\nexport default class S extends Strategy {\n  next() {\n    if (1 > 0 {\n  }\n}\n", '/w/s.ts');
    assert.deepEqual([f.kind, f.file, f.line, f.column, f.message], ['syntax', '/w/s.ts', 4, 15, "')' expected."]);
  });

  it('TypeScript syntax in a .js file is a syntax error there', () => {
    const f = syntaxFailure('const n: number = 1;\nexport default n;\n', '/w/plain.js');
    assert.deepEqual([f.kind, f.line, f.column], ['syntax', 1, 10]);
    assert.match(f.message, /only be used in TypeScript files/);
  });

  it('syntaxProblem (what the fix loop calls "does not compile") agrees with the loader', () => {
    assert.equal(syntaxProblem('export const a = 1;\n', 'strategy.ts'), undefined);
    assert.deepEqual(syntaxProblem('export const a = ;\n', 'strategy.ts'), { message: 'Expression expected.', line: 1, column: 18, endLine: 1, endColumn: 19 });
  });
});

describe('runner: resolving a relative import', () => {
  let ws: string;
  const touch = (rel: string) => {
    const f = path.join(ws, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, '');
    return f;
  };
  beforeEach(() => (ws = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-resolve-'))));
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('tries the file as written, .js → .ts, the script extensions in order, then index files', () => {
    const from = touch('s.ts');
    const ok = (spec: string) => {
      const r = resolveImport(spec, from, ws);
      assert.ok(r.ok, spec);
      return path.relative(ws, r.file);
    };
    touch('a.ts');
    touch('a.js');
    assert.equal(ok('./a'), 'a.ts');
    assert.equal(ok('./a.js'), 'a.js');
    touch('b.ts');
    assert.equal(ok('./b.js'), 'b.ts');
    touch('c.mts');
    assert.equal(ok('./c.mjs'), 'c.mts');
    touch('d.cjs');
    assert.equal(ok('./d'), 'd.cjs');
    touch('lib/index.js');
    assert.equal(ok('./lib'), path.join('lib', 'index.js'));
    touch('lib/index.ts');
    assert.equal(ok('./lib/'), path.join('lib', 'index.ts'));
  });

  it('refuses what leaves the root and names what it looked for when nothing is there', () => {
    const from = touch('sub/s.ts');
    const out = resolveImport('../../x', from, ws);
    assert.ok(!out.ok && /leaves the workspace; only files inside/.test(out.message));
    const missing = resolveImport('./gone.js', from, ws);
    assert.ok(!missing.ok);
    assert.match(missing.message, /"\.\/gone\.js" could not be resolved: no file gone\.js or gone\.ts in /);
    const dirOnly = resolveImport('./', from, ws);
    assert.ok(!dirOnly.ok);
  });
});

describe('runner: module table and stack frames', () => {
  it('maps frames of several module files, with spaces and parentheses in their paths', () => {
    const a = '/work space/my (copy)/a.ts';
    const b = '/work space/my (copy)/lib/b.ts';
    const ta = transpileFile("import { boom } from './lib/b';\n\nexport function run() {\n  return boom();\n}\n", a);
    const tb = transpileFile('export function boom(): number {\n  const o = undefined as unknown as { x: number };\n  return o.x;\n}\n', b);
    const table: ModuleTable = { entry: a, modules: [{ file: a, code: ta.code, deps: { './lib/b': b } }, { file: b, code: tb.code, deps: {} }] };
    const linked = linkModules(decodeTable(encodeTable(table)), {}, console);
    const run = linked.evaluate().run as () => number;
    let caught: unknown;
    try {
      run();
    } catch (err) {
      caught = err;
    }
    const f = failureFromError(caught, linked, a);
    assert.deepEqual([f.kind, f.file, f.line, f.column], ['type', b, 3, 12]);
    assert.deepEqual(f.stack.split('\n').slice(1), [`    at boom (${b}:3:12)`, `    at run (${a}:4:14)`]);
  });

  it('a module may only require algoagent and its resolved relative imports', () => {
    const file = '/w/x.js';
    const code = transpileFile("const fs = require('fs');\n", file).code;
    const linked = linkModules({ entry: file, modules: [{ file, code, deps: {} }] }, {}, console);
    assert.throws(() => linked.evaluate(), /import of "fs" is not allowed/);
    assert.throws(() => decodeTable('module.exports = 1'), /not a module table/);
  });
});
