/**
 * The `@algo` handler end to end with a recording stream, the real offline generator, the real
 * child-process runner on the bundled sample data, and scripted models.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProviderError, type ChatMessage, type LanguageModel, type StreamOptions } from '../../src/ai/provider';
import { followupsFor } from '../../src/chat/handler';
import { readEmbeddedSpec } from '../../src/chat/spec-file';
import type { RunBacktest, RunRequest } from '../../src/runner/protocol';
import { Runner } from '../../src/runner/run';
import { ScriptedModel, fence } from '../agent/scripted-model';
import { GOOD, MISSING_THIS } from '../agent/strategies';
import { Conversation, TestToken, ask, testDeps, RecordingStream } from './chat-harness';

const IDEA = 'buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss';

describe('chat: @algo handler (real runner, sample data)', function () {
  this.timeout(90_000);
  let runner: Runner;
  let root: string;
  let runs: RunRequest[];
  let run: RunBacktest;
  before(() => (runner = new Runner({ maxParallel: 1, timeoutMs: 60_000 })));
  after(() => runner.dispose());
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-chat-'));
    runs = [];
    run = (req, hooks) => (runs.push(req), runner.run(req, hooks));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const strategyFiles = () => (fs.existsSync(path.join(root, 'strategies')) ? fs.readdirSync(path.join(root, 'strategies')).sort() : []);

  it('a new idea ends with the file, a backtest on the sample, the stats table, an anchor, references, buttons and followups', async () => {
    const deps = testDeps({ root, run, optimize: true });
    const { result, stream } = await ask(deps, { prompt: IDEA });
    assert.deepEqual(strategyFiles(), ['rsi-14-strategy.strategy.ts']);
    const file = path.join(root, 'strategies', 'rsi-14-strategy.strategy.ts');
    assert.equal(result.metadata.action, 'new');
    assert.equal(result.metadata.file, file);
    assert.equal(result.metadata.failed, false);
    // One real run, and its figures are the ones in the table.
    assert.equal(runs.length, 1);
    assert.equal(deps.results.length, 1);
    assert.deepEqual([deps.results[0].file, deps.results[0].kind, deps.results[0].ok, deps.results[0].status], [file, 'new', true, undefined]);
    const ret = deps.results[0].returnPct!;
    assert.equal(result.metadata.stats?.returnPct, ret);
    const text = stream.text;
    assert.match(text, /Wrote \*\*strategies\/rsi-14-strategy\.strategy\.ts\*\* from a spec \(offline rules\)/);
    assert.match(text, /\| Statistic \| Value \|/);
    assert.ok(text.includes(`| Return | ${ret >= 0 ? '+' : ''}${ret.toFixed(2)} % |`), text);
    assert.match(text, /\| Trades \| \d+ \|/);
    assert.match(text, /bundled sample data/);
    // Progress streamed while it worked.
    assert.ok(stream.progressLines.some((p) => /^Analyzing the idea \(offline rules\)/.test(p)), stream.progressLines.join('\n'));
    assert.ok(stream.progressLines.some((p) => /^Backtesting/.test(p)));
    assert.deepEqual(stream.anchors, [file]);
    assert.ok(stream.references.includes(file));
    const buttons = stream.buttons.map((b) => b.command);
    assert.deepEqual(buttons, ['algoagent.showResults', 'algoagent.optimizeParameters', 'algoagent.runBacktest', 'algoagent.addGeminiKey']);
    assert.deepEqual(stream.buttons[0].arguments, [file]);
    assert.deepEqual(stream.buttons[2].arguments, [{ file }]);
    // Offline with no key: it says so and how to add one.
    assert.match(text, /Worked offline/);
    // The answer ends with the buttons (nothing after them).
    assert.equal(stream.parts.at(-1)?.kind, 'button');
    const follow = followupsFor(result.metadata).map((f) => f.label);
    assert.ok(follow.includes('Optimize these parameters'));
    assert.ok(follow.includes('Compare with buy & hold'));
    assert.ok(!follow.includes('Add a 5 % stop loss'), 'it already has a stop loss');
  });

  it('a follow-up change edits the previous file in place (offline: spec merged and regenerated) and runs it again', async () => {
    const deps = testDeps({ root, run });
    const chat = new Conversation();
    const first = await ask(deps, { prompt: IDEA }, chat);
    chat.add(IDEA, first.result);
    const file = first.result.metadata.file!;
    const before = fs.readFileSync(file, 'utf8');
    const { result, stream } = await ask(deps, { prompt: 'now add a 5 % trailing stop' }, chat);
    assert.equal(result.metadata.action, 'change');
    assert.equal(result.metadata.file, file, 'the same file');
    assert.deepEqual(strategyFiles(), ['rsi-14-strategy.strategy.ts'], 'no new file');
    const after = fs.readFileSync(file, 'utf8');
    assert.notEqual(after, before);
    const spec = readEmbeddedSpec(after);
    assert.ok(spec.ok && spec.pristine);
    assert.deepEqual(spec.spec.risk, { stopLossPct: 5, trailingStopPct: 5 });
    assert.match(after, /trailPct: this\.params\.trailingStopPct \/ 100/);
    assert.match(stream.text, /Changed \*\*strategies\/rsi-14-strategy\.strategy\.ts\*\*: added a 5 % trailing stop/);
    assert.match(stream.text, /\| Return \|/);
    assert.equal(runs.length, 2);
    assert.equal(runs[1].strategyPath, file);
  });

  it('with a model, a follow-up change is an edit of the code the model returns', async () => {
    const chat = new Conversation();
    const offline = testDeps({ root, run });
    const first = await ask(offline, { prompt: IDEA }, chat);
    chat.add(IDEA, first.result);
    const file = first.result.metadata.file!;
    const edited = fs.readFileSync(file, 'utf8').replace('static override params = {', 'static override params = { maxBars: 20,');
    const model = new ScriptedModel([`Sure:\n${fence(edited)}`]);
    const deps = testDeps({ root, run, model });
    const { result, stream } = await ask(deps, { prompt: 'now add a max holding time of 20 bars' }, chat);
    assert.equal(result.metadata.file, file);
    assert.equal(fs.readFileSync(file, 'utf8'), edited);
    assert.equal(model.requests.length, 1);
    assert.match(model.prompt(0), /<change>\nnow add a max holding time of 20 bars\n<\/change>/);
    assert.match(model.prompt(0), /\d+ \| export default class RSI14Strategy/);
    assert.match(stream.text, /Changed \*\*strategies\/rsi-14-strategy\.strategy\.ts\*\* as asked \(vscode-lm\/scripted\)/);
    assert.match(stream.text, /\| Return \|/);
    assert.doesNotMatch(stream.text, /Worked offline/);
  });

  it('cancellation mid-run stops the backtest (the child is killed) and answers that it stopped', async () => {
    const dir = path.join(root, 'strategies');
    fs.mkdirSync(dir);
    const slow = path.join(dir, 'slow.strategy.ts');
    fs.writeFileSync(slow, `import { Strategy } from 'algoagent';\nexport default class Slow extends Strategy {\n  next() {\n    const until = Date.now() + 40;\n    while (Date.now() < until) { /* busy */ }\n  }\n}\n`);
    const deps = testDeps({ root, run });
    const token = new TestToken();
    const stream = new RecordingStream();
    let busyPid: number | undefined;
    stream.onProgress = (p) => {
      if (/^Backtesting… \d+ %/.test(p) && !token.isCancellationRequested) {
        busyPid = runner.pids[0]; // busy children are listed first
        token.cancel();
      }
    };
    const t0 = Date.now();
    const { result } = await ask(deps, { prompt: 'slow', command: 'backtest' }, new Conversation(), token, stream);
    const took = Date.now() - t0;
    assert.equal(result.metadata.action, 'cancelled');
    assert.match(stream.text, /Stopped: the request was cancelled/);
    assert.ok(took < 20_000, `stopped after ${took} ms (a full run takes over 80 s)`);
    assert.equal(deps.results.length, 0, 'no result reported');
    assert.ok(busyPid);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let k = 0; k < 50 && alive(busyPid); k++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(busyPid), false, 'the child running the strategy was killed');
  });

  it('cancellation during generation stops the model and writes no file', async () => {
    const waiting: LanguageModel = {
      provider: 'gemini',
      model: 'slow',
      async *stream(_m: ChatMessage[], o?: StreamOptions) {
        await new Promise((_, reject) => o?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
        yield '';
      },
    };
    const deps = testDeps({ root, run, model: waiting });
    const token = new TestToken();
    setTimeout(() => token.cancel(), 100);
    const { result, stream } = await ask(deps, { prompt: IDEA }, new Conversation(), token);
    assert.equal(result.metadata.action, 'cancelled');
    assert.match(stream.text, /Stopped/);
    assert.deepEqual(strategyFiles(), []);
    assert.equal(runs.length, 0);
  });

  it('offline fallback: no usable chat model → the offline rules write and run it, and say how to add a key', async () => {
    const deps = testDeps({ root, run, model: async () => { throw new ProviderError('not-found', 'no VS Code language model is available', 'vscode-lm'); } });
    const { result, stream } = await ask(deps, { prompt: IDEA, command: 'new' });
    assert.equal(result.metadata.action, 'new');
    assert.equal(strategyFiles().length, 1);
    assert.match(stream.text, /Worked offline \(rules, no model\): no VS Code language model is available\. That model is not available/);
    assert.ok(stream.buttons.some((b) => b.command === 'algoagent.addGeminiKey'));
  });

  it('all keys cooling down: the model\'s quota error falls back to the offline rules and says what to do', async () => {
    const model = new ScriptedModel([new ProviderError('quota', 'every Gemini key is cooling down (next in 42 s)', 'gemini')], 'gemini', 'gemini-2.5-flash');
    const deps = testDeps({ root, run, model });
    const { result, stream } = await ask(deps, { prompt: IDEA });
    assert.equal(result.metadata.action, 'new');
    assert.equal(strategyFiles().length, 1);
    assert.match(stream.text, /gemini: every Gemini key is cooling down \(next in 42 s\)\. All Gemini keys are cooling down after rate limits\. Wait a minute/);
    assert.ok(stream.buttons.some((b) => b.command === 'algoagent.addGeminiKey'));
  });

  it('/fix narrates each attempt and writes the repaired file', async () => {
    const dir = path.join(root, 'strategies');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'dip.strategy.ts');
    fs.writeFileSync(file, MISSING_THIS);
    const deps = testDeps({ root, run, active: file });
    const { result, stream } = await ask(deps, { prompt: '', command: 'fix' });
    assert.equal(result.metadata.action, 'fix');
    assert.equal(result.metadata.failed, false);
    assert.equal(fs.readFileSync(file, 'utf8'), GOOD);
    // The run recorded is the repaired candidate's.
    assert.deepEqual(deps.results.map((r) => [r.kind, r.status, r.ok, r.source === GOOD]), [['fix', 'fixed', true, true]]);
    assert.match(stream.text, /\*\*Fix attempts\*\*\n\n1\. reference at line 13 \(rsi is not defined\) → certain repair "[^"]+": \*\*fixed\*\*/);
    assert.match(stream.text, /Fixed and backtested RsiDip/);
    assert.ok(stream.progressLines.some((p) => p === 'Fixing 1/3…'), stream.progressLines.join('\n'));
  });

  it('/backtest of a failing strategy shows the error at its line and offers Fix', async () => {
    const dir = path.join(root, 'strategies');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'dip.strategy.ts');
    fs.writeFileSync(file, MISSING_THIS);
    const deps = testDeps({ root, run });
    const { result, stream } = await ask(deps, { prompt: 'dip', command: 'backtest' });
    assert.equal(result.metadata.failed, true);
    assert.match(stream.text, /The strategy does not run yet/);
    assert.match(stream.text, /reference/);
    const anchor = stream.parts.find((p) => p.kind === 'anchor') as { line?: number };
    assert.equal(anchor.line, 13);
    assert.ok(stream.buttons.some((b) => b.command === 'algoagent.fixWithAiLoop'));
    assert.ok(!stream.buttons.some((b) => b.command === 'algoagent.showResults'), 'no results to open');
    assert.equal(followupsFor(result.metadata)[0].command, 'fix');
  });
});
