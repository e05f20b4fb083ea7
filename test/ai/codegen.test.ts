import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { specToCode, strategyFileName, writeStrategyFile } from '../../src/ai/codegen/generate';
import { parseDescription } from '../../src/ai/offline/parse';
import type { StrategySpec } from '../../src/ai/spec/types';
import { validateSpec } from '../../src/ai/spec/validate';
import { sampleBars } from '../../src/data/sample';
import * as engine from '../../src/engine';
import type { Result } from '../../src/engine/result';
import { bundleStrategy, evaluateStrategy } from '../../src/runner/load-strategy';
import { ROOT } from '../helpers/paths';
import { columns, firstBar, rulesAt } from './codegen-reference';
import { CORPUS } from './offline-corpus';

const bars = sampleBars();
let dir: string;

function validSpec(x: unknown): StrategySpec {
  const v = validateSpec(x);
  if (!v.ok) throw new Error(v.errors.join('\n'));
  return v.spec;
}

async function runCode(file: string, code: string): Promise<Result> {
  fs.writeFileSync(file, code);
  const { cls } = evaluateStrategy(await bundleStrategy(file), engine);
  return new engine.Backtest(bars, cls).run();
}

const corpusSpecs = CORPUS.filter((c) => !c.errors).map((c) => ({ description: c.description, spec: validSpec(parseDescription(c.description).spec) }));

describe('code generator: every corpus spec compiles and runs on the sample data', function () {
  this.timeout(120_000);
  const files: string[] = [];
  const results = new Map<string, Result>();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-codegen-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  corpusSpecs.forEach(({ description, spec }, n) => {
    it(`${n + 1}. ${spec.name}`, async () => {
      const file = path.join(dir, `c${n + 1}-${strategyFileName(spec)}`);
      files.push(file);
      const result = await runCode(file, specToCode(spec, description));
      assert.equal(result.equity.length, bars.close.length);
      results.set(description, result);
    });
  });

  it('every corpus strategy trades on the sample data, except one that cannot afford its order', () => {
    // a strategy without an exit rule may hold one trade to the end: open trades count as trading
    const traded = (r: Result | undefined) => (r ? r.trades.length + r.openTrades.length : 0);
    const idle = corpusSpecs.filter((c) => traded(results.get(c.description)) === 0);
    // Measured: "Buy 100 shares of MSFT …" never trades — 100 units of the sample (≈ 100–230) cost more
    // than the 10 000 cash, and the engine cancels each order with a warning in the log.
    assert.deepEqual(idle.map((c) => c.spec.sizing), [{ type: 'units', value: 100 }]);
    const log = results.get(idle[0].description)!.log;
    assert.ok(log.some((l) => /order cancelled/.test(l.message)), JSON.stringify(log.slice(0, 2)));
  });

  it('the generated files type-check under strict TypeScript against the algoagent API', () => {
    assert.ok(files.length >= 30);
    const program = ts.createProgram(files, {
      strict: true, noImplicitOverride: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, baseUrl: ROOT,
      paths: { algoagent: ['src/api.ts'] }, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    });
    const diags = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(path.resolve(d.file.fileName)));
    const text = diags.map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    assert.deepEqual(text, []);
  });
});

describe('code generator: the strategy does what the spec says', function () {
  this.timeout(60_000);
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-codegen-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Long-only, all-in, no risk exits: entries and exits must fall exactly on the rule's bars.
  const plain = corpusSpecs.filter(({ spec }) => spec.direction === 'long' && !Object.keys(spec.risk).length && spec.sizing.type === 'allIn');

  it(`${plain.length} long-only corpus strategies enter on the first entry signal while flat and exit on the exit signal`, async () => {
    assert.ok(plain.length >= 15, `${plain.length}`);
    let checked = 0;
    for (const [n, { spec }] of plain.entries()) {
      const result = await runCode(path.join(dir, `p${n}.strategy.ts`), specToCode(spec));
      const cols = columns(spec, bars);
      let flatFrom = firstBar(spec, cols);
      for (const t of result.trades) {
        assert.ok(t.size > 0, `${spec.name}: long trades only`);
        assert.ok(rulesAt(spec.entry, t.entryBar - 1, cols), `${spec.name}: entry signal on bar ${t.entryBar - 1}`);
        for (let i = flatFrom; i < t.entryBar - 1; i++) assert.ok(!rulesAt(spec.entry, i, cols), `${spec.name}: missed entry signal on bar ${i}`);
        assert.ok(rulesAt(spec.exit, t.exitBar - 1, cols), `${spec.name}: exit signal on bar ${t.exitBar - 1}`);
        for (let i = t.entryBar; i < t.exitBar - 1; i++) assert.ok(!rulesAt(spec.exit, i, cols), `${spec.name}: missed exit signal on bar ${i}`);
        flatFrom = t.exitBar;
        checked++;
      }
    }
    assert.ok(checked > 100, `${checked} trades checked`);
  });

  it('stop loss and take profit are set from the signal bar close; a trailing stop ends trades', async () => {
    const spec = validSpec({
      name: 'risk', description: '', symbols: [], timeframe: '1d', direction: 'long',
      indicators: [{ id: 'rsi14', type: 'rsi', params: { period: 14 } }],
      entry: { all: [{ left: 'rsi14', op: '<', right: 40 }] }, exit: { all: [] },
      risk: { stopLossPct: 4, takeProfitPct: 8 }, sizing: { type: 'fraction', value: 50 },
    });
    const result = await runCode(path.join(dir, 'risk.strategy.ts'), specToCode(spec));
    assert.ok(result.trades.length > 10);
    for (const t of result.trades) {
      const c = bars.close[t.entryBar - 1];
      assert.ok(Math.abs(t.sl! - c * 0.96) < 1e-9 && Math.abs(t.tp! - c * 1.08) < 1e-9, `sl ${t.sl} tp ${t.tp} close ${c}`);
      assert.ok(t.exitPrice <= t.sl! + 1e-9 || t.exitPrice >= t.tp! - 1e-9 || t.exitBar === bars.close.length - 1, 'exits only at SL or TP');
      assert.ok(t.size * t.entryPrice < 0.5 * 10_000 * 4, 'half-equity sizing');
    }
    const trailing = validSpec({ ...spec, risk: { trailingStopPct: 5 }, sizing: { type: 'allIn' } });
    const tr = await runCode(path.join(dir, 'trail.strategy.ts'), specToCode(trailing));
    assert.ok(tr.trades.length > 5);
    const moved = tr.trades.filter((t) => t.sl! > t.entryPrice * 0.95 + 1e-9).length;
    assert.ok(moved > 0, 'the trailing stop rose above its first level on some trade');
    for (const t of tr.trades) if (t.exitBar < bars.close.length - 1) assert.ok(t.exitPrice <= t.sl! + 1e-9, 'trailing stop exit');
  });

  it('short strategies sell, and "both" reverses on the opposite signal', async () => {
    const both = validSpec({
      name: 'flip', description: '', symbols: [], timeframe: '1d', direction: 'both',
      indicators: [{ id: 'ema10', type: 'ema', params: { period: 10 } }, { id: 'ema30', type: 'ema', params: { period: 30 } }],
      entry: { all: [{ left: 'ema10', op: 'crossesAbove', right: 'ema30' }] }, exit: { all: [] },
      shortEntry: { all: [{ left: 'ema10', op: 'crossesBelow', right: 'ema30' }] },
      risk: {}, sizing: { type: 'units', value: 10 },
    });
    const r = await runCode(path.join(dir, 'both.strategy.ts'), specToCode(both));
    assert.ok(r.trades.length > 10);
    for (let i = 0; i < r.trades.length; i++) {
      const t = r.trades[i];
      assert.equal(Math.abs(t.size), 10);
      if (i > 0) {
        assert.equal(Math.sign(t.size), -Math.sign(r.trades[i - 1].size), 'sides alternate');
        assert.equal(t.entryBar, r.trades[i - 1].exitBar, 'reversal on one bar');
      }
    }
    const short = validSpec({ ...both, direction: 'short', shortEntry: undefined, entry: both.shortEntry, exit: both.entry });
    delete (short as Partial<StrategySpec>).shortEntry;
    const s = await runCode(path.join(dir, 'short.strategy.ts'), specToCode(short));
    assert.ok(s.trades.length > 10);
    assert.ok(s.trades.every((t) => t.size < 0));
  });
});

describe('code generator: the file', () => {
  const spec = corpusSpecs[0].spec;
  const description = 'Buy when RSI(2) falls below 10 */ and sell above 90.\nSecond line.';

  it('carries the description in a header comment and the spec as `export const spec`', () => {
    const code = specToCode(spec, description);
    assert.match(code, /^\/\*\*\n \* RSI 2 strategy — generated by AlgoAgent/);
    assert.ok(code.includes(' *   Buy when RSI(2) falls below 10 *\\/ and sell above 90.\n *   Second line.'), 'description lines, comment end escaped');
    const json = /export const spec = ([\s\S]*?\n});\n/.exec(code)![1];
    assert.deepEqual(JSON.parse(json), spec);
  });

  it('refuses an invalid spec with the validator\'s messages, and writes no file for it', () => {
    const bad = { ...spec, direction: 'both' } as StrategySpec;
    assert.throws(() => specToCode(bad), /specToCode: the spec is not valid:\n {2}shortEntry: is required when direction is "both"/);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-write-'));
    try {
      assert.throws(() => writeStrategyFile(tmp, bad, ''), /not valid/);
      assert.deepEqual(fs.readdirSync(tmp), []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('is deterministic', () => {
    assert.equal(specToCode(spec, description), specToCode(structuredClone(spec), description));
  });

  it('is named after the spec and never overwrites an existing file', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-write-'));
    try {
      assert.equal(strategyFileName({ ...spec, name: 'RSI 2 / SMA 200 strategy!' }), 'rsi-2-sma-200-strategy.strategy.ts');
      assert.equal(strategyFileName({ ...spec, name: '***' }), 'strategy.strategy.ts');
      const out = path.join(tmp, 'strategies');
      const a = writeStrategyFile(out, spec, description);
      fs.writeFileSync(a, '// user edits');
      const b = writeStrategyFile(out, spec, description);
      const c = writeStrategyFile(out, spec, description);
      assert.deepEqual([a, b, c].map((f) => path.basename(f)), ['rsi-2-strategy.strategy.ts', 'rsi-2-strategy-2.strategy.ts', 'rsi-2-strategy-3.strategy.ts']);
      assert.equal(fs.readFileSync(a, 'utf8'), '// user edits');
      assert.equal(fs.readFileSync(c, 'utf8'), specToCode(spec, description));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
