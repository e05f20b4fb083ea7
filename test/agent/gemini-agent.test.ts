/**
 * The agent end to end with the real @google/genai client against the fake Gemini server and the
 * real runner: generation (spec and code answers), a fix loop that succeeds at attempt 2 after a
 * garbage reply, failure after the maximum, and no key in any output — through the CLI too.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixStrategy } from '../../src/agent/fix-loop';
import { generateStrategy } from '../../src/agent/generate';
import { JsonFileMemory } from '../../src/agent/memory';
import { KeyPool } from '../../src/ai/keys/key-pool';
import { GeminiModel } from '../../src/ai/providers/gemini';
import { fixCommand } from '../../src/cli/fix-command';
import { newCommand } from '../../src/cli/new-command';
import { Runner } from '../../src/runner/run';
import { captureOutput } from '../helpers/capture-output';
import { type FakeGemini, type FakeReply, startFakeGemini } from '../helpers/fake-gemini';
import { fence } from './scripted-model';
import { GOOD, NEEDS_MODEL } from './strategies';

const KEYS = ['AIzaSy-fake-agent-key-0000000001', 'AIzaSy-fake-agent-key-0000000002'];

const SPEC = {
  name: 'RSI dip', description: 'buy when RSI(14) crosses below 30, sell when it rises above 70', symbols: [], timeframe: '1d', direction: 'long',
  indicators: [{ id: 'rsi14', type: 'rsi', params: { period: 14 } }],
  entry: { all: [{ left: 'rsi14', op: 'crossesBelow', right: 30 }] },
  exit: { all: [{ left: 'rsi14', op: '>', right: 70 }] },
  risk: { stopLossPct: 8 }, sizing: { type: 'allIn' },
};

describe('agent with Gemini (real client, fake server, real runner)', function () {
  this.timeout(60_000);
  let fake: FakeGemini;
  let dir: string;
  let runner: Runner;
  let replies: FakeReply[];
  before(() => (runner = new Runner({ maxParallel: 1, timeoutMs: 20_000 })));
  after(() => runner.dispose());
  beforeEach(async () => {
    replies = [];
    fake = await startFakeGemini(() => replies.shift() ?? { status: 500, message: 'script ran out' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-gemini-'));
  });
  afterEach(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const model = (extra: Partial<ConstructorParameters<typeof GeminiModel>[0]> = {}) =>
    new GeminiModel({ pool: new KeyPool(KEYS), baseUrl: fake.url, model: 'gemini-fake', retryBackoffMs: 5, maxTransientRetries: 0, ...extra });

  it('generates: the spec answer (streamed) becomes a file that runs; memory remembers it', async () => {
    const json = JSON.stringify(SPEC, null, 2);
    replies.push({ text: ['Sure! Here is the spec:\n```json\n', json.slice(0, 100), json.slice(100), '\n```\n'] });
    const memory = new JsonFileMemory(path.join(dir, 'memory.json'));
    const report = await generateStrategy({ description: SPEC.description, outDir: path.join(dir, 'strategies'), model: model(), memory, runWith: { data: { kind: 'sample' }, run: runner.run } });
    assert.equal(report.via, 'spec');
    assert.equal(report.provider, 'gemini');
    assert.equal(path.basename(report.file), 'rsi-dip.strategy.ts');
    assert.deepEqual(report.spec?.indicators.map((i) => i.id), ['rsi14']);
    const code = fs.readFileSync(report.file, 'utf8');
    assert.match(code, /export const spec = /);
    assert.match(code, /buy when RSI\(14\) crosses below 30/);
    assert.equal(report.agent?.finalStatus, 'not_needed');
    assert.ok((report.agent?.runMs ?? 0) > 0, 'a new strategy reports how long its run took');
    assert.ok(report.agent?.result && report.agent.result.trades.length > 0);
    assert.equal(fake.calls.length, 1);
    assert.match(fake.calls[0].prompt, /<description>\nbuy when RSI\(14\) crosses below 30/);
    assert.equal(fake.calls[0].stream, true);
    const remembered = await memory.all();
    assert.equal(remembered.length, 1);
    assert.equal(remembered[0].stats.trades, report.agent.result.trades.length);
    // The next similar idea carries the remembered one in its prompt.
    replies.push({ text: '```json\n' + JSON.stringify({ ...SPEC, name: 'RSI dip two' }) + '\n```' });
    const second = await generateStrategy({ description: 'buy the RSI dip below 25', outDir: path.join(dir, 'strategies'), model: model(), memory });
    assert.equal(path.basename(second.file), 'rsi-dip-two.strategy.ts');
    assert.match(fake.calls[1].prompt, /Strategies that worked before for similar ideas[\s\S]*buy when RSI\(14\) crosses below 30/);
  });

  it('generates: an invalid spec goes back to the model with the validator\'s errors; a CODE answer is taken as code', async () => {
    replies.push({ text: '```json\n' + JSON.stringify({ ...SPEC, entry: { all: [{ left: 'rsi14', op: '<', right: 130 }] } }) + '\n```' });
    replies.push({ text: 'CODE\n' + fence(GOOD) });
    const report = await generateStrategy({ description: 'an RSI idea', outDir: dir, name: 'My RSI', model: model(), runWith: { data: { kind: 'sample' }, run: runner.run } });
    assert.equal(report.via, 'code');
    assert.equal(path.basename(report.file), 'my-rsi.strategy.ts');
    assert.match(fake.calls[1].prompt, /That answer is not valid:\n- .*130/);
    assert.equal(report.agent?.success, true);
    assert.match(fs.readFileSync(report.file, 'utf8'), /^\/\*\n \* an RSI idea\n \*\//);
  });

  it('fix loop: a garbage reply, then a good one — fixed at attempt 2; the file untouched until then', async () => {
    const file = path.join(dir, 'dip.strategy.ts');
    fs.writeFileSync(file, NEEDS_MODEL);
    replies.push({ text: 'Sorry, I cannot see the problem. Maybe check the docs?' });
    replies.push({ text: [`The function does not exist; use ta.rsi.\n\n`, fence(GOOD)] });
    const seen: string[] = [];
    const report = await fixStrategy({
      file, data: { kind: 'sample' }, run: async (req, hooks) => (seen.push(fs.readFileSync(file, 'utf8')), runner.run(req, hooks)), model: model(),
    });
    assert.equal(report.finalStatus, 'fixed');
    assert.ok(report.runMs !== undefined && report.runMs > 0, `the fixed run's duration is reported: ${report.runMs}`);
    assert.deepEqual(report.attempts.map((a) => [a.number, a.outcome, a.provider, a.model]), [[1, 'unusable-reply', 'gemini', 'gemini-fake'], [2, 'fixed', 'gemini', 'gemini-fake']]);
    assert.deepEqual(seen, [NEEDS_MODEL, NEEDS_MODEL], 'every run saw the untouched file');
    assert.equal(fs.readFileSync(file, 'utf8'), GOOD);
    assert.deepEqual(fake.calls.map((c) => c.key), KEYS, 'the two requests went to the two keys in turn');
    assert.match(fake.calls[1].prompt, /Attempt 1 \(gemini\)/);
  });

  it('fix loop: fails after the maximum number of attempts', async () => {
    const file = path.join(dir, 'dip.strategy.ts');
    fs.writeFileSync(file, NEEDS_MODEL);
    for (let k = 0; k < 5; k++) replies.push({ text: k === 1 ? fence(NEEDS_MODEL.replace('relativeStrength', 'relStrength')) : 'no idea' });
    const report = await fixStrategy({ file, data: { kind: 'sample' }, run: runner.run, model: model(), maxAttempts: 2 });
    assert.equal(report.finalStatus, 'failed');
    assert.deepEqual(report.attempts.map((a) => a.outcome), ['unusable-reply', 'still-failing']);
    assert.equal(fake.calls.length, 2);
    assert.equal(fs.readFileSync(file, 'utf8'), NEEDS_MODEL);
  });

  it('CLI: `new --provider gemini --run --sample --json` and `fix`, with no key in any output', async () => {
    const env = { GEMINI_API_KEYS: KEYS.join(','), ALGOAGENT_GEMINI_BASE_URL: fake.url, ALGOAGENT_GEMINI_MODEL: 'gemini-fake' };
    replies.push({ status: 429, rpcStatus: 'RESOURCE_EXHAUSTED', message: `quota exceeded for ${KEYS[0]}`, retryDelay: '30s' });
    replies.push({ text: '```json\n' + JSON.stringify(SPEC) + '\n```' });
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
    const { value: code, output } = await captureOutput(() => newCommand([SPEC.description, '--provider', 'gemini', '--out', path.join(dir, 's'), '--run', '--sample', '--json'], io, { env }));
    assert.equal(code, 0, err);
    const printed = JSON.parse(out) as { file: string; spec: { name: string }; unparsed: string[]; result: { stats: { trades: number } }; agent: { finalStatus: string } };
    assert.equal(printed.spec.name, 'RSI dip');
    assert.ok(printed.result.stats.trades > 0);
    assert.equal(printed.agent.finalStatus, 'not_needed');
    assert.equal(fake.calls.length, 2, '429 on the first key, the second key served');

    const broken = path.join(dir, 'broken.strategy.ts');
    fs.writeFileSync(broken, NEEDS_MODEL);
    replies.push({ status: 403, rpcStatus: 'PERMISSION_DENIED', message: 'API key not valid' });
    replies.push({ text: fence(GOOD) });
    let out2 = '';
    const io2 = { out: (t: string) => void (out2 += t), err: (t: string) => void (out2 += t) };
    const second = await captureOutput(() => fixCommand([broken, '--provider', 'gemini', '--sample'], io2, { env }));
    assert.equal(second.value, 0, out2);
    assert.match(out2, /attempt 1 \(gemini\/gemini-fake, [\d.]+ s\) for reference at line 8: fixed/);
    assert.match(out2, /Fixed .*broken\.strategy\.ts/);
    assert.equal(fs.readFileSync(broken, 'utf8'), GOOD);
    for (const k of KEYS) {
      for (const text of [out, err, output, out2, second.output]) assert.ok(!text.includes(k), 'a key leaked into the output');
    }
  });
});
