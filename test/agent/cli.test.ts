/** `algoagent new` and `algoagent fix` offline: files, JSON, exit codes and usage errors. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../src/cli/args';
import { fixCommand } from '../../src/cli/fix-command';
import { newCommand } from '../../src/cli/new-command';
import { GOOD, MISSING_THIS, NEEDS_MODEL } from './strategies';

function io() {
  const o = { out: '', err: '' };
  return { o, io: { out: (t: string) => void (o.out += t), err: (t: string) => void (o.err += t) } };
}

describe('CLI: new and fix (offline)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-cli-ai-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = {};

  it('new: writes the file from the description, runs it on the sample and prints the JSON', async () => {
    const { o, io: out } = io();
    const code = await newCommand(['buy when RSI(14) drops below 30, sell when it goes above 70', '--provider', 'offline', '--out', dir, '--run', '--sample', '--json'], out, { env });
    assert.equal(code, 0, o.err);
    const printed = JSON.parse(o.out) as { file: string; spec: { indicators: { type: string }[] }; unparsed: string[]; result: { stats: { trades: number } }; agent: { success: boolean } };
    assert.ok(fs.existsSync(printed.file));
    assert.equal(path.dirname(printed.file), dir);
    assert.deepEqual(printed.spec.indicators.map((i) => i.type), ['rsi']);
    assert.ok(Array.isArray(printed.unparsed));
    assert.equal(typeof printed.result.stats.trades, 'number');
    assert.equal(printed.agent.success, true);
  });

  it('new: never overwrites; --name names the file; unparsed parts are shown', async () => {
    const a = io();
    assert.equal(await newCommand(['buy when RSI(14) drops below 30, sell when it goes above 70', '--provider', 'offline', '--out', dir, '--name', 'Dip'], a.io, { env }), 0, a.o.err);
    const b = io();
    assert.equal(await newCommand(['buy when RSI(14) drops below 30, sell when it goes above 70 and phase of the moon is full', '--provider', 'offline', '--out', dir, '--name', 'Dip'], b.io, { env }), 0, b.o.err);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['dip-2.strategy.ts', 'dip.strategy.ts']);
    assert.match(a.o.out, /^Wrote .*dip\.strategy\.ts \(from a spec; offline\/rules\)/);
    assert.match(b.o.out, /Not understood \(left out\): .*moon/);
  });

  it('new: a description with no rule is a clear failure (exit 1), nothing written', async () => {
    const { o, io: out } = io();
    assert.equal(await newCommand(['something about the weather', '--provider', 'offline', '--out', dir], out, { env }), 1);
    assert.match(o.err, /algoagent: the description does not make a complete strategy yet\n {2}entry/);
    assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir) : [], []);
  });

  it('usage errors', async () => {
    const { io: out } = io();
    await assert.rejects(newCommand([], out, { env }), UsageError);
    await assert.rejects(newCommand(['x', '--sample'], out, { env }), /--data and --sample need --run/);
    await assert.rejects(newCommand(['x', '--run'], out, { env }), /--data <csv> or --sample/);
    await assert.rejects(newCommand(['x', '--provider', 'gemini'], out, { env }), /--provider gemini needs a key/);
    await assert.rejects(newCommand(['x', '--provider', 'magic'], out, { env }), /--provider must be one of offline, gemini, auto/);
    await assert.rejects(newCommand(['x', '--max-attempts', '-1'], out, { env }), /--max-attempts must be a whole number/);
    await assert.rejects(fixCommand([path.join(dir, 'nope.strategy.ts'), '--sample'], out, { env }), /no such file/);
    const f = path.join(dir, 'a.strategy.ts');
    fs.writeFileSync(f, GOOD);
    await assert.rejects(fixCommand([f], out, { env }), /--data <csv> or --sample/);
    await assert.rejects(fixCommand([f, '--sample', '--provider', 'vscode-lm'], out, { env }), /--provider must be one of gemini, offline/);
  });

  it('fix offline: a certain repair → exit 0 and the file fixed; otherwise exit 1 and the file untouched', async () => {
    const f = path.join(dir, 'a.strategy.ts');
    fs.writeFileSync(f, MISSING_THIS);
    const a = io();
    assert.equal(await fixCommand([f, '--sample', '--json'], a.io, { env }), 0, a.o.err);
    const report = JSON.parse(a.o.out) as { success: boolean; finalStatus: string; attempts: { provider: string }[]; result: unknown };
    assert.deepEqual([report.success, report.finalStatus, report.attempts[0].provider], [true, 'fixed', 'deterministic']);
    assert.ok(report.result);
    assert.equal(fs.readFileSync(f, 'utf8'), GOOD);
    const g = path.join(dir, 'b.strategy.ts');
    fs.writeFileSync(g, NEEDS_MODEL);
    const b = io();
    assert.equal(await fixCommand([g, '--sample'], b.io, { env }), 1);
    assert.match(b.o.err, /b\.strategy\.ts:8:\d+ reference relativeStrength is not defined/);
    assert.match(b.o.err, /model fixes need Gemini/);
    assert.equal(fs.readFileSync(g, 'utf8'), NEEDS_MODEL);
  });
});
