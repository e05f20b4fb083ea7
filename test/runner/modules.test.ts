/**
 * Strategies with helper files: each file transpiled on its own with the TypeScript compiler and
 * linked in the child through a module table. Real child processes on real files in a temporary
 * workspace whose path has a space in it (stack frames must still be recognised).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as engine from '../../src/engine';
import { sampleBars } from '../../src/data/sample';
import { bundleStrategy, loadStrategy } from '../../src/runner/load-strategy';
import { prepareRun } from '../../src/runner/prepare';
import type { RunOutcome } from '../../src/runner/protocol';
import { Runner } from '../../src/runner/run';

/** A strategy that logs `values` once (in init) and buys on the first bar. */
function strategy(imports: string, values: string): string {
  return `import { Strategy } from 'algoagent';
${imports}
export default class WithHelpers extends Strategy {
  init() {
    console.log(JSON.stringify(${values}));
  }
  next() {
    if (!this.position.isOpen) this.buy();
  }
}
`;
}

function failed(o: RunOutcome) {
  assert.equal(o.ok, false, 'expected a failure');
  if (o.ok) throw new Error('unreachable');
  return o.failure;
}

function logged(o: RunOutcome): unknown {
  assert.ok(o.ok, JSON.stringify(!o.ok && o.failure));
  assert.equal(o.console.length, 1, JSON.stringify(o.console));
  return JSON.parse(o.console[0].text);
}

describe('runner: strategies with helper files', function () {
  this.timeout(60_000);
  let dir: string;
  let ws: string;
  let runner: Runner;
  const write = (rel: string, text: string): string => {
    const f = path.join(ws, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    return f;
  };
  const run = (file: string) => runner.run({ strategyPath: file, root: ws, data: { kind: 'sample' } });

  before(() => (runner = new Runner({ maxParallel: 1, timeoutMs: 20_000 })));
  after(() => runner.dispose());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent modules '));
    ws = path.join(dir, 'my workspace');
    fs.mkdirSync(ws);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('follows a chain of helpers through folders, with the engine API in each', async () => {
    write('lib/a.ts', "import { b } from './deep/b';\nexport const a = (): number => b() + 1;\n");
    write('lib/deep/b.ts', "import { ta } from 'algoagent';\nimport { c } from '../../c';\nexport function b(): number { return c * 10 + ta.sma([1, 2, 3], 3).at(-1)!; }\n");
    write('c.ts', 'export const c = 4;\n');
    const file = write('s.strategy.ts', strategy("import { a } from './lib/a';", 'a()'));
    assert.equal(logged(await run(file)), 43);
    const b = await bundleStrategy(file, { root: ws });
    assert.deepEqual(b.helpers.map((h) => path.relative(ws, h)).sort(), ['c.ts', path.join('lib', 'a.ts'), path.join('lib', 'deep', 'b.ts')].sort());
  });

  it('helpers that import each other (a cycle) both work, and may import the entry back', async () => {
    write('even.ts', "import { odd } from './odd';\nexport function even(n: number): boolean { return n === 0 ? true : odd(n - 1); }\n");
    write('odd.ts', "import { even } from './even';\nimport { NAME } from './s.strategy';\nexport function odd(n: number): boolean { return n === 0 ? false : even(n - 1); }\nexport const who = () => NAME;\n");
    const file = write('s.strategy.ts', strategy("import { even } from './even';\nimport { odd, who } from './odd';\nexport const NAME = 'entry';", '[even(10), odd(7), even(3), who()]'));
    assert.deepEqual(logged(await run(file)), [true, true, false, 'entry']);
  });

  it('resolves folder index files, extension-less and .js specifiers to .ts, .js, .mjs, .cjs, .mts and .cts', async () => {
    write('lib/index.ts', 'export const fromIndex = 1;\n');
    write('num.ts', 'export const fromJsSpecifier = 2;\n');
    write('plain.js', 'export function fromJs() { return 3; }\n');
    write('legacy.cjs', 'module.exports = { fromCjs: 4 };\n');
    write('esm.mjs', 'export default 5;\n');
    write('typed.mts', 'export const fromMts: number = 6;\n');
    write('common.cts', 'export const fromCts: number = 7;\n');
    const file = write('s.strategy.ts', strategy(
      "import { fromIndex } from './lib';\nimport { fromJsSpecifier } from './num.js';\nimport { fromJs } from './plain';\n" +
      "import legacy from './legacy.cjs';\nimport fromMjs from './esm.mjs';\nimport { fromMts } from './typed.mjs';\nimport { fromCts } from './common';",
      '[fromIndex, fromJsSpecifier, fromJs(), legacy.fromCjs, fromMjs, fromMts, fromCts]'));
    assert.deepEqual(logged(await run(file)), [1, 2, 3, 4, 5, 6, 7]);
  });

  it('imports a .json file as data; a malformed one is a syntax error in it', async () => {
    write('config/levels.json', '{ "entry": 30, "names": ["a", "b"] }\n');
    const file = write('s.strategy.ts', strategy("import levels from './config/levels.json';", '[levels.entry, levels.names.length]'));
    assert.deepEqual(logged(await run(file)), [30, 2]);
    const bad = write('config/levels.json', '{\n  "entry": 30,\n  "names": ["a"],\n}\n');
    const f = failed(await run(file));
    assert.deepEqual([f.kind, f.file, f.line, f.column], ['syntax', bad, 4, 1]);
    assert.match(f.message, /JSON/);
  });

  it('a JavaScript strategy may require its helpers', async () => {
    write('helper.js', 'exports.level = 9;\n');
    const file = write('s.strategy.js', "const { Strategy } = require('algoagent');\nconst { level } = require('./helper');\n" +
      'class S extends Strategy {\n  init() { console.log(String(level)); }\n  next() { if (!this.position.isOpen) this.buy(); }\n}\nmodule.exports = { default: S };\n');
    assert.equal(logged(await run(file)), 9);
  });

  it('type-only imports are erased: the file is never read, even when it does not exist', async () => {
    write('shapes.ts', 'export interface Shape { size: number }\n');
    const file = write('s.strategy.ts', strategy(
      "import type { Missing } from './not-there';\nimport { Shape } from './shapes';\nexport type { Other } from './also-missing';\nconst s: Shape & Partial<Missing> = { size: 2 };",
      's.size'));
    assert.equal(logged(await run(file)), 2);
    assert.deepEqual((await bundleStrategy(file, { root: ws })).helpers, []);
  });

  it('an error thrown in a helper is located in the helper, and every frame maps back to its file and line', async () => {
    const helper = write('lib/risk.ts', [
      'interface Sizing { fraction: number }',
      '',
      'export function sizeFor(bar: number): number {',
      '  const sizing = (bar > 20 ? undefined : { fraction: 0.5 }) as Sizing;',
      '  return sizing.fraction;',
      '}',
      '',
    ].join('\n'));
    const file = write('s.strategy.ts', [
      "import { Strategy } from 'algoagent';",
      "import { sizeFor } from './lib/risk';",
      '',
      'export default class Risky extends Strategy {',
      '  next() {',
      '    const size = sizeFor(this.data.close.length);',
      '    if (!this.position.isOpen) this.buy({ size });',
      '  }',
      '}',
      '',
    ].join('\n'));
    const f = failed(await run(file));
    assert.deepEqual([f.kind, f.file, f.line, f.column, f.bar], ['type', helper, 5, 17, 20]);
    const frames = f.stack.split('\n').slice(1);
    assert.match(frames[0], /^ {4}at sizeFor \(.*risk\.ts:5:17\)$/);
    assert.ok(frames[0].includes(`(${helper}:5:17)`), frames[0]);
    assert.ok(frames.some((x) => x.includes(`${file}:6:`)), f.stack);
    assert.ok(frames.every((x) => x.includes(helper) || x.includes(file)), f.stack);
  });

  it('an error while a helper module loads (its top level) is located in the helper', async () => {
    const helper = write('boot.ts', "export const table: number[] = [];\n\nconst missing = undefined as unknown as { length: number };\nexport const n = missing.length;\n");
    const file = write('s.strategy.ts', strategy("import { n } from './boot';", 'n'));
    const f = failed(await run(file));
    assert.deepEqual([f.kind, f.file, f.line], ['type', helper, 4]);
  });

  it('a syntax error in a helper is located in the helper', async () => {
    const helper = write('util.ts', 'export function twice(x: number) {\n  return x * 2;\n\nexport const y = 1;\n');
    const file = write('s.strategy.ts', strategy("import { twice } from './util';", 'twice(2)'));
    const f = failed(await run(file));
    assert.deepEqual([f.kind, f.file, f.line], ['syntax', helper, 5]);
    assert.match(f.message, /'}' expected/);
  });

  it('an error only V8 finds (a duplicate declaration) is a syntax error at its line in the helper', async () => {
    const helper = write('dup.ts', 'export const k = 1;\n\nlet twice = 1;\nlet twice = 2;\nexport const t = twice;\n');
    const file = write('s.strategy.ts', strategy("import { k, t } from './dup';", 'k + t'));
    const p = await prepareRun({ strategyPath: file, root: ws, data: { kind: 'sample' } });
    assert.ok(p.ok, 'the TypeScript parser lets this through; V8 refuses it in the child');
    const f = failed(await run(file));
    assert.deepEqual([f.kind, f.file, f.line, f.column], ['syntax', helper, 4, 5]);
    assert.match(f.message, /already been declared/);
  });

  it('an import that leaves the workspace is refused at its line, in the entry and in a helper', async () => {
    fs.writeFileSync(path.join(dir, 'outside.ts'), 'export const secret = 1;\n');
    const entry = write('s.strategy.ts', strategy("\nimport { secret } from '../outside';", 'secret'));
    let f = failed(await run(entry));
    assert.deepEqual([f.kind, f.file, f.line, f.column], ['import', entry, 3, 24]);
    assert.match(f.message, /"\.\.\/outside" leaves the workspace/);

    const helper = write('lib/h.ts', "export const ok = 1;\nexport { secret } from '../../outside';\n");
    const file = write('t.strategy.ts', strategy("import { ok, secret } from './lib/h';", 'ok + secret'));
    f = failed(await run(file));
    assert.deepEqual([f.kind, f.file, f.line, f.column], ['import', helper, 2, 24]);
  });

  it('a link inside the workspace that points outside it is refused', async function () {
    fs.writeFileSync(path.join(dir, 'outside.ts'), 'export const secret = 1;\n');
    try {
      fs.symlinkSync(path.join(dir, 'outside.ts'), path.join(ws, 'inside.ts'));
    } catch {
      this.skip();
    }
    const file = write('s.strategy.ts', strategy("import { secret } from './inside';", 'secret'));
    const f = failed(await run(file));
    assert.deepEqual([f.kind, f.line], ['import', 2]);
    assert.match(f.message, /leaves the workspace \(through a link\)/);
  });

  it('a missing helper, and a package or Node built-in imported by a helper, are import errors at the import', async () => {
    const entry = write('s.strategy.ts', strategy("import { nothing } from './nowhere';", 'nothing'));
    let f = failed(await run(entry));
    assert.deepEqual([f.kind, f.file, f.line, f.column], ['import', entry, 2, 25]);
    assert.match(f.message, /"\.\/nowhere" could not be resolved: no file nowhere\.ts, nowhere\.js/);

    const pkg = write('pkg.ts', "import { chunk } from 'lodash';\nexport const parts = chunk([1, 2], 1);\n");
    f = failed(await run(write('p.strategy.ts', strategy("import { parts } from './pkg';", 'parts'))));
    assert.deepEqual([f.kind, f.file, f.line, f.column], ['import', pkg, 1, 23]);
    assert.match(f.message, /"lodash" is not allowed/);

    const node = write('node.ts', "\nimport { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
    f = failed(await run(write('n.strategy.ts', strategy("import { r } from './node';", 'typeof r'))));
    assert.deepEqual([f.kind, f.file, f.line], ['import', node, 2]);
  });

  it('helpers get the same safety rules as the strategy (validation at their line)', async () => {
    const marker = path.join(dir, 'pwned.txt');
    const helper = write('sneaky.ts', `export function go(): number {\n  return eval('1 + 1');\n}\n`);
    const file = write('s.strategy.ts', strategy("import { go } from './sneaky';", 'go()'));
    const f = failed(await run(file));
    assert.deepEqual([f.kind, f.file, f.line, f.column], ['validation', helper, 2, 10]);
    assert.equal(fs.existsSync(marker), false);
  });

  it('a changed helper is transpiled again; an unchanged one comes from the cache', async () => {
    const helper = write('level.ts', 'export const level = 1;\n');
    const file = write('s.strategy.ts', strategy("import { level } from './level';", 'level'));
    assert.equal(logged(await run(file)), 1);
    const req = { strategyPath: file, root: ws, data: { kind: 'sample' as const } };
    const first = await prepareRun(req);
    assert.equal(await prepareRun(req).then((p) => p.ok && first.ok && p.code === first.code), true);
    fs.writeFileSync(helper, 'export const level = 2;\n');
    const t = new Date(Date.now() + 5000);
    fs.utimesSync(helper, t, t);
    assert.equal(logged(await run(file)), 2);
  });

  it('loads in-process too, with the same result as through the runner', async () => {
    write('lib/index.ts', "export { fast } from './params';\n");
    write('lib/params.ts', 'export const fast = 5;\n');
    const file = write('s.strategy.ts', [
      "import { Strategy, crossover, ta, type Series } from 'algoagent';",
      "import { fast } from './lib';",
      'export default class Cross extends Strategy {',
      '  static override params = { slow: 20 };',
      '  a!: Series;',
      '  b!: Series;',
      '  override init() {',
      '    this.a = this.I(ta.sma(this.data.close, fast), `SMA(${fast})`);',
      '    this.b = this.I(ta.sma(this.data.close, this.params.slow), `SMA(${this.params.slow})`);',
      '  }',
      '  next() {',
      '    if (crossover(this.a, this.b)) this.buy();',
      '    else if (crossover(this.b, this.a)) this.position.close();',
      '  }',
      '}',
      '',
    ].join('\n'));
    const o = await run(file);
    assert.ok(o.ok, JSON.stringify(!o.ok && o.failure));
    const { cls } = await loadStrategy(file, engine, { root: ws });
    const local = new engine.Backtest(sampleBars(), cls).run();
    assert.deepEqual(JSON.parse(JSON.stringify(o.result)), JSON.parse(JSON.stringify(local)));
    assert.ok(local.trades.length > 0);
  });
});
