/**
 * Workspace typings: the declarations scripts/typings.mjs emits, copied into a strategies folder with
 * the tsconfig.json AlgoAgent writes, type-check the golden corpus with the TypeScript compiler (as
 * VS Code's TypeScript would), catch API misuse, export everything src/api.ts exports, refresh on a
 * version change, and leave a user's own tsconfig.json alone.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ts from 'typescript';
import * as api from '../../src/api';
import { ALGOAGENT_PATH, ensureWorkspaceTypings, mayManageTypings, strategiesTsconfig } from '../../src/analysis/workspace-typings';
import { loadSnippets, snippetAsFile } from './snippets';

const ROOT = path.resolve(__dirname, '../..');

function typeErrors(dir: string): string[] {
  const configPath = path.join(dir, 'tsconfig.json');
  const json = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(json.config, ts.sys, dir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('workspace typings for strategy files', function () {
  this.timeout(120_000);
  let tmp: string;
  let types: string;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-typings-'));
    types = path.join(tmp, 'ext-types');
    const { emitTypings } = (await import(pathToFileURL(path.join(ROOT, 'scripts/typings.mjs')).href)) as { emitTypings: (out: string) => string[] };
    emitTypings(types);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes declarations and a tsconfig that type-check every snippet, the examples and the reference strategy', () => {
    const dir = path.join(tmp, 'ws1', 'strategies');
    fs.mkdirSync(dir, { recursive: true });
    for (const s of loadSnippets()) fs.writeFileSync(path.join(dir, `${s.prefix}.strategy.ts`), snippetAsFile(s));
    fs.copyFileSync(path.join(ROOT, 'examples/sma-cross.strategy.ts'), path.join(dir, 'sma-cross.strategy.ts'));
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/strategies/sma-cross-ref.strategy.ts'), path.join(dir, 'ref.strategy.ts'));
    fs.writeFileSync(path.join(dir, 'logs.strategy.ts'), "import { Strategy } from 'algoagent';\nexport default class L extends Strategy {\n  next() { console.log(this.bar); if (this.bar === 3) this.buy(); }\n}\n");
    const r = ensureWorkspaceTypings(dir, types, '1.2.3');
    assert.equal(r.status, 'written');
    assert.ok(fs.existsSync(path.join(dir, '.algoagent/types/api.d.ts')));
    assert.equal(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'), strategiesTsconfig());
    assert.deepEqual(typeErrors(dir), []);
    assert.ok(!fs.existsSync(path.join(dir, 'node_modules')));
  });

  it('reports misuse of the API as type errors', () => {
    const dir = path.join(tmp, 'ws2');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'bad.strategy.ts'), [
      "import { Strategy, ta, Nope } from 'algoagent';",
      'export default class B extends Strategy {',
      "  next() { this.buy({ size: 'all' }); ta.sma(this.data.close, '5'); this.data.close.at(-1).toFixed(); }",
      '}',
      '',
    ].join('\n'));
    ensureWorkspaceTypings(dir, types, '1.2.3');
    const errors = typeErrors(dir).join('\n');
    assert.match(errors, /has no exported member 'Nope'/);
    assert.match(errors, /Type 'string' is not assignable to type 'number'/);
    assert.match(errors, /Argument of type 'string' is not assignable to parameter of type 'number'/);
    assert.match(errors, /possibly 'undefined'/);
  });

  it('declares every runtime export of algoagent', () => {
    const program = ts.createProgram([path.join(types, 'api.d.ts'), path.join(types, 'globals.d.ts')], { types: [], noEmit: true, lib: ['lib.es2022.d.ts'] });
    const checker = program.getTypeChecker();
    const sym = checker.getSymbolAtLocation(program.getSourceFile(path.join(types, 'api.d.ts'))!)!;
    const declared = new Set(checker.getExportsOfModule(sym).map((s) => s.name));
    for (const name of Object.keys(api)) assert.ok(declared.has(name), `algoagent.${name} has no declaration`);
    assert.deepEqual(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
  });

  it('refreshes only when the version changes', () => {
    const dir = path.join(tmp, 'ws3');
    fs.mkdirSync(dir, { recursive: true });
    assert.equal(ensureWorkspaceTypings(dir, types, '1.0.0').status, 'written');
    assert.equal(ensureWorkspaceTypings(dir, types, '1.0.0').status, 'current');
    fs.writeFileSync(path.join(dir, '.algoagent/types/api.d.ts'), '// stale\n');
    assert.equal(ensureWorkspaceTypings(dir, types, '1.0.0').status, 'current');
    assert.equal(ensureWorkspaceTypings(dir, types, '1.1.0').status, 'written');
    assert.notEqual(fs.readFileSync(path.join(dir, '.algoagent/types/api.d.ts'), 'utf8'), '// stale\n');
    assert.match(fs.readFileSync(path.join(dir, '.algoagent/types/version.json'), 'utf8'), /"1\.1\.0"/);
  });

  it("never changes the user's own tsconfig.json", () => {
    const dir = path.join(tmp, 'ws4');
    fs.mkdirSync(dir, { recursive: true });
    const mine = '{\n  // mine\n  "compilerOptions": { "strict": false }\n}\n';
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), mine);
    const r = ensureWorkspaceTypings(dir, types, '1.0.0');
    assert.deepEqual([r.status, r.mapsAlgoagent], ['user-config', false]);
    assert.equal(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'), mine);
    assert.ok(fs.existsSync(path.join(dir, '.algoagent/types/api.d.ts')), 'the declarations are there for the user to map');
    const ours = JSON.parse(strategiesTsconfig()) as { compilerOptions: { paths: Record<string, string[]> } };
    assert.deepEqual(ours.compilerOptions.paths.algoagent, [ALGOAGENT_PATH]);
  });

  it('manages a workspace root that is just strategies, never a root that is a JS/TS project', () => {
    const plain = path.join(tmp, 'ws6');
    fs.mkdirSync(path.join(plain, 'sub'), { recursive: true });
    assert.equal(mayManageTypings(plain, [plain]), true);
    assert.equal(mayManageTypings(path.join(plain, 'sub'), [plain]), true);
    for (const marker of ['package.json', 'jsconfig.json']) {
      const project = path.join(tmp, `ws6-${marker}`);
      fs.mkdirSync(path.join(project, 'strategies'), { recursive: true });
      fs.writeFileSync(path.join(project, marker), '{}\n');
      assert.equal(mayManageTypings(project, [plain, project]), false, `a root with ${marker}`);
      assert.equal(mayManageTypings(path.join(project, 'strategies'), [project]), true, 'a strategies folder inside a project');
    }
  });

  it('types a strategy at a workspace root and leaves the agent settings beside it visible to git', () => {
    const root = path.join(tmp, 'ws7');
    fs.mkdirSync(path.join(root, '.algoagent'), { recursive: true });
    fs.writeFileSync(path.join(root, '.algoagent', 'agent-config.json'), '{}\n');
    fs.copyFileSync(path.join(ROOT, 'examples/sma-cross.strategy.ts'), path.join(root, 'sma-cross.strategy.ts'));
    fs.writeFileSync(path.join(root, 'bad.strategy.ts'), "import { Strategy } from 'algoagent';\nexport default class B extends Strategy {\n  next() { this.buy({ size: 'all' }); }\n}\n");
    assert.equal(ensureWorkspaceTypings(root, types, '1.0.0').status, 'written');
    const errors = typeErrors(root);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^bad\.strategy\.ts:3 /);
    assert.equal(fs.readFileSync(path.join(root, '.algoagent/types/.gitignore'), 'utf8'), '*\n');
    assert.ok(!fs.existsSync(path.join(root, '.algoagent/.gitignore')), 'the agent settings in .algoagent/ are not ignored');
  });

  it('explains a missing declaration folder', () => {
    assert.throws(() => ensureWorkspaceTypings(path.join(tmp, 'ws5'), path.join(tmp, 'nowhere'), '1'), /api\.d\.ts is missing \(build the extension/);
  });
});
