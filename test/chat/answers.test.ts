/**
 * `@algo`'s error answers (no workspace, untrusted, no data, no strategy, a description it cannot
 * read, a crash below it) and its short answers (/explain with and without a model, /history and
 * /compare from a real history store, /optimize, /data, help) — real runner, sample data.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProviderError } from '../../src/ai/provider';
import type { ResultCache } from '../../src/chat/turn';
import type { RunBacktest, RunRequest } from '../../src/runner/protocol';
import { barsForSpec } from '../../src/results/run-bars';
import { Runner } from '../../src/runner/run';
import { Store } from '../../src/store';
import { ScriptedModel } from '../agent/scripted-model';
import { GOOD, NEEDS_MODEL } from '../agent/strategies';
import { Conversation, ask, testDeps } from './chat-harness';

const IDEA = 'buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss';

describe('chat: @algo errors and short answers', function () {
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

  const strategies = () => (fs.existsSync(path.join(root, 'strategies')) ? fs.readdirSync(path.join(root, 'strategies')) : []);
  const putGood = () => {
    fs.mkdirSync(path.join(root, 'strategies'), { recursive: true });
    const file = path.join(root, 'strategies', 'dip.strategy.ts');
    fs.writeFileSync(file, GOOD);
    return file;
  };

  describe('errors are answers', () => {
    it('no workspace folder: says to open one, writes and runs nothing', async () => {
      const { result, stream } = await ask(testDeps({ root: undefined, run }), { prompt: IDEA });
      assert.equal(result.metadata.error, 'no-workspace');
      assert.match(stream.text, /Open a folder first/);
      assert.equal(runs.length, 0);
    });

    it('untrusted workspace: the file is written but not run; the answer says how to trust it', async () => {
      const { result, stream } = await ask(testDeps({ root, run, trusted: false }), { prompt: IDEA });
      assert.equal(result.metadata.error, 'untrusted');
      assert.equal(strategies().length, 1);
      assert.equal(result.metadata.file, path.join(root, 'strategies', strategies()[0]));
      assert.equal(runs.length, 0, 'strategy code never runs untrusted');
      assert.match(stream.text, /not trusted, so the strategy was not run/);
      assert.ok(stream.buttons.some((b) => b.command === 'workbench.trust.manage'));
    });

    it('no data: the answer names the problem and offers Select Data', async () => {
      const deps = testDeps({ root, run, data: async () => { throw new Error('no cached data for AAPL 1d, and algoagent.data.offline is on'); } });
      const { result, stream } = await ask(deps, { prompt: IDEA });
      assert.equal(result.metadata.error, 'no-data');
      assert.match(stream.text, /No data to run strategies\/rsi-14-strategy\.strategy\.ts on: no cached data for AAPL 1d/);
      assert.deepEqual(stream.buttons.map((b) => b.command).slice(0, 2), ['algoagent.selectData', 'algoagent.downloadData']);
      assert.equal(runs.length, 0);
    });

    it('no strategy to act on: /backtest says how to name one', async () => {
      const { result, stream } = await ask(testDeps({ root, run }), { prompt: '', command: 'backtest' });
      assert.equal(result.metadata.error, 'no-strategy');
      assert.match(stream.text, /Which strategy\?/);
      assert.equal(runs.length, 0);
    });

    it('a description with no rule: says what is missing and gives an example', async () => {
      const { result, stream } = await ask(testDeps({ root, run }), { prompt: 'make me rich quickly', command: 'new' });
      assert.equal(result.metadata.error, 'generation');
      assert.match(stream.text, /No strategy yet: the description does not make a complete strategy yet/);
      assert.match(stream.text, /entry/);
      assert.match(stream.text, /Say when to buy and when to sell/);
      assert.deepEqual(strategies(), []);
    });

    it('a failure below the handler (the runner does not start) is an answer, not an exception', async () => {
      const file = putGood();
      const deps = testDeps({ root, run, active: file });
      deps.run = async () => { throw new Error('dist/runner.js is missing'); };
      const { result, stream } = await ask(deps, { prompt: '', command: 'backtest' });
      assert.equal(result.metadata.error, 'failed');
      assert.match(stream.text, /Something went wrong: dist\/runner\.js is missing/);
    });

    it('all keys cooling down during /fix: the attempt is reported with when to retry and the key buttons', async () => {
      fs.mkdirSync(path.join(root, 'strategies'));
      const file = path.join(root, 'strategies', 'dip.strategy.ts');
      fs.writeFileSync(file, NEEDS_MODEL);
      const cooling = new ProviderError('quota', 'all 2 usable Gemini API keys are cooling down after rate limits; the first (k-1a2b) is ready in 42 s, at 09:01:12 UTC', 'gemini');
      const model = new ScriptedModel([cooling], 'gemini', 'gemini-2.5-flash');
      const { result, stream } = await ask(testDeps({ root, run, model, active: file }), { prompt: '', command: 'fix' });
      assert.equal(result.metadata.error, 'quota');
      assert.equal(result.metadata.failed, true);
      assert.equal(fs.readFileSync(file, 'utf8'), NEEDS_MODEL, 'the file is untouched');
      assert.match(stream.text, /1\. reference at line 8 \(relativeStrength is not defined\) → gemini\/gemini-2\.5-flash: \*\*provider-error\*\* — all 2 usable Gemini API keys are cooling down/);
      assert.match(stream.text, /every Gemini key is cooling down after rate limits\. Wait until the first key is ready/);
      const buttons = stream.buttons.map((b) => b.command);
      assert.ok(buttons.includes('algoagent.addGeminiKey') && buttons.includes('algoagent.showAiKeyHealth') && buttons.includes('algoagent.fixWithAiLoop'));
    });

    it('a follow-up change the offline rules cannot read changes nothing and says so', async () => {
      const deps = testDeps({ root, run });
      const chat = new Conversation();
      const first = await ask(deps, { prompt: IDEA }, chat);
      chat.add(IDEA, first.result);
      const before = fs.readFileSync(first.result.metadata.file!, 'utf8');
      const { result, stream } = await ask(deps, { prompt: 'now make it purple' }, chat);
      assert.equal(result.metadata.error, 'generation');
      assert.match(stream.text, /Nothing was changed/);
      assert.equal(fs.readFileSync(first.result.metadata.file!, 'utf8'), before);
    });

    it('a hand-edited file is not regenerated over: the change goes to a new file', async () => {
      const deps = testDeps({ root, run });
      const chat = new Conversation();
      const first = await ask(deps, { prompt: IDEA }, chat);
      chat.add(IDEA, first.result);
      const file = first.result.metadata.file!;
      fs.appendFileSync(file, '\n// my note\n');
      const { result, stream } = await ask(deps, { prompt: 'make the stop loss 3 %' }, chat);
      assert.match(stream.text, /edited by hand since it was generated/);
      assert.notEqual(result.metadata.file, file);
      assert.match(fs.readFileSync(file, 'utf8'), /my note/);
      assert.match(fs.readFileSync(result.metadata.file!, 'utf8'), /stopLossPct: 3/);
    });
  });

  describe('/explain', () => {
    it('offline: an honest template with the rules, worst trades, exposure and drawdowns of a real run', async () => {
      const deps = testDeps({ root, run });
      const cache: ResultCache = new Map();
      const chat = new Conversation();
      const first = await ask(deps, { prompt: IDEA }, chat, undefined, undefined, cache);
      chat.add(IDEA, first.result);
      const r = cache.get(first.result.metadata.file!)!.result;
      const { result, stream } = await ask(deps, { prompt: 'which trades lost most, and why?', command: 'explain' }, chat, undefined, undefined, cache);
      assert.equal(result.metadata.action, 'explain');
      assert.equal(runs.length, 1, 'the result of this conversation is reused');
      const text = stream.text;
      assert.match(text, /\*\*Opens a long:\*\* rsi14 crossesBelow 30/);
      assert.match(text, /\*\*Risk:\*\* stop loss 5 %/);
      assert.ok(text.includes(`In the market ${r.stats.exposureTimePct.toFixed(1)} % of the time`), text);
      const worst = [...r.trades].sort((a, b) => a.returnPct - b.returnPct)[0];
      assert.ok(text.includes(`| ${worst.entryTime.slice(0, 10)} @ ${worst.entryPrice.toFixed(2)} |`), 'the worst trade is listed first');
      assert.ok(text.includes(`Deepest ${r.stats.maxDrawdownPct.toFixed(2)} %`));
      // Episode dates are the bars' own (the sample reloaded), not estimates.
      assert.doesNotMatch(text, /≈/);
      const times = barsForSpec({ kind: 'sample' }).time;
      const dd = Array.from(r.drawdown);
      const trough = dd.indexOf(Math.max(...dd));
      assert.ok(text.includes(`to the trough on ${new Date(times[trough]).toISOString().slice(0, 10)}`), text);
      assert.match(text, /a language model can say more/);
    });

    it('with a model: the question, code, statistics and worst trades go to it and its answer streams', async () => {
      const file = putGood();
      const model = new ScriptedModel(['The deepest loss came from buying into a falling market.']);
      const { result, stream } = await ask(testDeps({ root, run, model, active: file }), { prompt: 'why did it lose in 2018?', command: 'explain' });
      assert.equal(result.metadata.action, 'explain');
      assert.equal(runs.length, 1, 'no result yet: it ran once for the figures');
      assert.match(stream.text, /The deepest loss came from buying into a falling market\./);
      const p = model.prompt(0);
      assert.match(p, /<question>\nwhy did it lose in 2018\?\n<\/question>/);
      assert.match(p, /returnPct: -?\d/);
      assert.match(p, /\d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d: -?\d+\.\d\d %/);
      assert.match(p, /\d+ \| export default class RsiDip extends Strategy/);
    });

    it('a model that may not be used falls back to the template and says what to do', async () => {
      const file = putGood();
      const model = new ScriptedModel([new ProviderError('consent', 'AlgoAgent may not use the language model "copilot/gpt-4o" yet', 'vscode-lm')]);
      const { stream } = await ask(testDeps({ root, run, model, active: file }), { prompt: '', command: 'explain' });
      assert.match(stream.text, /has no embedded spec/);
      assert.match(stream.text, /\*\*Result\.\*\* Return/);
      assert.match(stream.text, /may not use the language model "copilot\/gpt-4o" yet\. VS Code has not allowed AlgoAgent to use this chat model yet/);
    });
  });

  describe('/history and /compare', () => {
    it('without the store: say so plainly', async () => {
      const h = await ask(testDeps({ root, run }), { prompt: '', command: 'history' });
      assert.match(h.stream.text, /execution history is not available/);
      const c = await ask(testDeps({ root, run }), { prompt: '', command: 'compare' });
      assert.match(c.stream.text, /execution history is not available/);
    });

    it('with a real store: lists the strategy\'s runs and compares the last two side by side', async () => {
      const file = putGood();
      const store = await Store.open(path.join(root, 'history.db'));
      try {
        const a = await runner.run({ strategyPath: file, root, data: { kind: 'sample' } });
        const b = await runner.run({ strategyPath: file, root, data: { kind: 'sample' }, params: { n: 10 } });
        assert.ok(a.ok && b.ok);
        await store.recordRun({ strategyPath: file, workspaceRoot: root, outcome: a, dataSource: 'bundled sample data' });
        await store.recordRun({ strategyPath: file, workspaceRoot: root, outcome: b, dataSource: 'bundled sample data' });
        const deps = testDeps({ root, run, active: file, history: async () => store });
        const h = await ask(deps, { prompt: '', command: 'history' });
        assert.match(h.stream.text, /Last runs of \*\*strategies\/dip\.strategy\.ts\*\* \(2 of 2\)/);
        assert.ok(h.stream.text.includes(`${a.result.stats.returnPct >= 0 ? '+' : ''}${a.result.stats.returnPct.toFixed(2)} %`));
        assert.ok(h.stream.buttons.some((x) => x.command === 'algoagent.showHistory'));
        const c = await ask(deps, { prompt: '', command: 'compare' });
        assert.match(c.stream.text, /\| \| #2 RsiDip \| #1 RsiDip \|/);
        assert.match(c.stream.text, /Parameters that differ: `n` \(10 \/ 14\)/);
        assert.ok(c.stream.text.includes(`| Trades | ${b.result.stats.trades} | ${a.result.stats.trades} |`));
        assert.deepEqual(c.stream.buttons.find((x) => x.command === 'algoagent.history.compareWith')?.arguments, [2]);
      } finally {
        await store.close();
      }
    });
  });

  describe('/optimize, /data, help', () => {
    it('/optimize before the optimization feature is wired says so plainly', async () => {
      const { stream } = await ask(testDeps({ root, run, active: putGood() }), { prompt: '', command: 'optimize' });
      assert.match(stream.text, /Optimization comes with the optimization feature/);
      assert.equal(runs.length, 0);
    });

    it('plain words for a command go to it: "optimize it" about the strategy under discussion', async () => {
      const file = putGood();
      const chat = new Conversation();
      chat.add('x', { metadata: { action: 'backtest', file } });
      const { result, stream } = await ask(testDeps({ root, run, optimize: true }), { prompt: 'optimize it' }, chat);
      assert.equal(result.metadata.action, 'optimize');
      assert.match(stream.text, /Proposed ranges for \*\*strategies\/dip\.strategy\.ts\*\*/);
    });

    it('/optimize proposes ranges from static params and offers the Optimize command on the file', async () => {
      const file = putGood();
      const { result, stream } = await ask(testDeps({ root, run, active: file, optimize: true }), { prompt: '', command: 'optimize' });
      assert.equal(result.metadata.hasParams, true);
      assert.match(stream.text, /Proposed ranges for \*\*strategies\/dip\.strategy\.ts\*\* \(\d+ combinations\)/);
      assert.match(stream.text, /^n=7:28:1$/m);
      assert.match(stream.text, /\(22 combinations\)/);
      assert.deepEqual(stream.buttons.find((b) => b.command === 'algoagent.optimizeParameters')?.arguments, [{ file }]);
    });

    it('an idea naming a ticker says the run used other data, and how to get that ticker', async () => {
      const { stream } = await ask(testDeps({ root, run }), { prompt: 'buy AAPL when RSI drops below 30, sell above 70' });
      assert.match(stream.text, /The idea names AAPL, but this run used bundled sample data \(synthetic prices\)\. To test it on AAPL, choose it with Select Data or put `export const meta = \{ symbol: 'AAPL', interval: '1d' \}`/);
      assert.ok(stream.buttons.some((b) => b.command === 'algoagent.selectData'));
    });

    it('"run it on MSFT" runs the strategy under discussion on the data choice and says how to get MSFT', async () => {
      const file = putGood();
      const chat = new Conversation();
      chat.add('x', { metadata: { action: 'backtest', file } });
      const { result, stream } = await ask(testDeps({ root, run }), { prompt: 'run it on MSFT' }, chat);
      assert.equal(result.metadata.action, 'backtest');
      assert.equal(runs.length, 1);
      assert.deepEqual(runs[0].data, { kind: 'sample' });
      assert.match(stream.text, /To run on MSFT, choose it with Select Data, or put `export const meta = \{ symbol: 'MSFT', interval: '1d' \}`/);
      assert.ok(stream.buttons.some((b) => b.command === 'algoagent.selectData'));
    });

    it('/data tells what the next run uses and how to change it', async () => {
      const { stream } = await ask(testDeps({ root, run }), { prompt: '', command: 'data' });
      assert.match(stream.text, /The next backtest runs on: \*\*each strategy's meta, else the bundled sample\*\*/);
      assert.ok(stream.buttons.some((b) => b.command === 'algoagent.selectData'));
    });

    it('a greeting gets the help text with examples and commands', async () => {
      const { result, stream } = await ask(testDeps({ root, run }), { prompt: 'hello' });
      assert.equal(result.metadata.action, 'help');
      assert.match(stream.text, /`\/backtest`/);
      assert.equal(runs.length, 0);
    });
  });
});
