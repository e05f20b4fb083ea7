/**
 * The fix loop with a scripted model and the real child-process runner: attempts recorded, the
 * user's file untouched by bad replies, deterministic repairs before the model, the attempt limit,
 * no-trades offered not fixed, status events.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixStrategy, type FixLoopOptions } from '../../src/agent/fix-loop';
import type { StatusEvent } from '../../src/agent/types';
import { OfflineModel } from '../../src/ai/providers/offline';
import { ProviderError } from '../../src/ai/provider';
import type { RunBacktest, RunRequest } from '../../src/runner/protocol';
import { Runner } from '../../src/runner/run';
import { ScriptedModel, fence } from './scripted-model';
import { GOOD, MISSING_THIS, NEEDS_MODEL, NEVER_TRADES, SECOND_PROBLEM } from './strategies';

describe('agent: fix loop (scripted model, real runner)', function () {
  this.timeout(60_000);
  let runner: Runner;
  let dir: string;
  let runs: RunRequest[];
  let run: RunBacktest;
  before(() => (runner = new Runner({ maxParallel: 1, timeoutMs: 20_000 })));
  after(() => runner.dispose());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-loop-'));
    runs = [];
    run = (req, hooks) => (runs.push(req), runner.run(req, hooks));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const put = (code: string, name = 'dip.strategy.ts') => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, code);
    return file;
  };
  const loop = (file: string, extra: Partial<FixLoopOptions>) => fixStrategy({ file, data: { kind: 'sample' }, run, ...extra });

  it('a garbage reply is a failed attempt, the file stays untouched, attempt 2 fixes it', async () => {
    const file = put(NEEDS_MODEL);
    const model = new ScriptedModel(['I think you should use a different indicator. Good luck!', `Here you go:\n${fence(GOOD)}Hope this helps.`]);
    const events: StatusEvent[] = [];
    const writes: string[] = [];
    const report = await loop(file, {
      model,
      onStatus: (e) => events.push(e),
      write: async (f, c) => {
        assert.equal(fs.readFileSync(f, 'utf8'), NEEDS_MODEL, 'the file is untouched until the fix works');
        writes.push(c);
        await fs.promises.writeFile(f, c);
      },
    });
    assert.equal(report.success, true);
    assert.equal(report.finalStatus, 'fixed');
    assert.ok(report.result && report.result.trades.length > 0);
    assert.equal(report.attempts.length, 2);
    const [a1, a2] = report.attempts;
    assert.deepEqual([a1.number, a1.outcome, a1.provider, a1.model, a1.diff], [1, 'unusable-reply', 'vscode-lm', 'scripted', '']);
    assert.equal(a1.kind, 'reference');
    assert.match(a1.message, /relativeStrength is not defined/);
    assert.equal(a1.location.line, 8);
    assert.match(a1.detail ?? '', /no strategy code/);
    assert.equal(a2.outcome, 'fixed');
    assert.match(a2.diff, /^-.*relativeStrength\(/m);
    assert.match(a2.diff, /^\+.*ta\.rsi\(this\.data\.close/m);
    assert.ok(a2.durationMs > 0);
    assert.deepEqual(writes, [GOOD]);
    assert.equal(fs.readFileSync(file, 'utf8'), GOOD);
    // Runs: the original, then the candidate as unsaved source (never from a written file).
    assert.deepEqual(runs.map((r) => r.source === undefined ? 'file' : r.source === GOOD ? 'candidate' : 'other'), ['file', 'candidate']);
    assert.deepEqual(events.map((e) => e.status), ['queued', 'executing', 'analyzing', 'fixing', 'analyzing', 'fixing', 'executing', 'completed']);
    // The fix prompt carried the code, the error with kind, location and hint, and the API reference;
    // the second one also the failed first attempt.
    const p1 = model.prompt(0);
    assert.match(p1, /Error kind: reference/);
    assert.match(p1, /Location: line 8, column \d+/);
    assert.match(p1, /Hint: /);
    assert.match(p1, / 8 \| {5}this\.rsi = this\.I\(relativeStrength/);
    assert.match(p1, /API reference:\n\n\S/);
    assert.match(p1, /crossover/);
    assert.doesNotMatch(p1, /Earlier attempts/);
    assert.match(model.prompt(1), /Earlier attempts that did not work[\s\S]*Attempt 1 \(vscode-lm\)[\s\S]*unusable-reply/);
  });

  it('fails after the maximum number of attempts and never writes the file', async () => {
    const file = put(NEEDS_MODEL);
    const before = fs.statSync(file).mtimeMs;
    const model = new ScriptedModel([
      'no code here',
      fence('export default class X extends Strategy {\n  next() { this.buy( }\n}\n'),
      fence(GOOD.replace("ta.rsi(this.data.close, this.params.n)", 'stillMissing(this.data.close)')),
      fence(GOOD),
    ]);
    const report = await loop(file, { model, maxAttempts: 3 });
    assert.equal(report.success, false);
    assert.equal(report.finalStatus, 'failed');
    assert.deepEqual(report.attempts.map((a) => a.outcome), ['unusable-reply', 'does-not-compile', 'still-failing']);
    assert.match(report.attempts[1].detail ?? '', /does not compile: line 2:\d+/);
    assert.equal(report.attempts[2].newFailure?.kind, 'reference');
    assert.match(report.attempts[2].newFailure?.message ?? '', /stillMissing is not defined/);
    assert.match(report.reason ?? '', /still failing after 3 attempts \(algoagent\.agent\.maxFixAttempts = 3\)/);
    assert.equal(model.requests.length, 3, 'no fourth request');
    assert.equal(fs.readFileSync(file, 'utf8'), NEEDS_MODEL);
    assert.equal(fs.statSync(file).mtimeMs, before);
  });

  it('a certain repair goes first and needs no model', async () => {
    const file = put(MISSING_THIS);
    const model = new ScriptedModel([]);
    const report = await loop(file, { model });
    assert.equal(report.finalStatus, 'fixed');
    assert.equal(report.attempts.length, 1);
    assert.equal(report.attempts[0].provider, 'deterministic');
    assert.equal(report.attempts[0].model, 'missing-this');
    assert.equal(model.requests.length, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), GOOD);
  });

  it('offline: deterministic repairs only; otherwise it stops and says a model is needed', async () => {
    const fixed = await loop(put(MISSING_THIS, 'a.strategy.ts'), { model: new OfflineModel() });
    assert.equal(fixed.finalStatus, 'fixed');
    const file = put(NEEDS_MODEL, 'b.strategy.ts');
    const report = await loop(file, { model: new OfflineModel() });
    assert.equal(report.finalStatus, 'failed');
    assert.deepEqual(report.attempts, []);
    assert.match(report.reason ?? '', /no certain repair applies, and model fixes need Gemini or a VS Code language model/);
    assert.equal(report.failure?.kind, 'reference');
  });

  it('builds the next attempt on a candidate that got further, and tells the model', async () => {
    const file = put(NEEDS_MODEL);
    const model = new ScriptedModel([fence(SECOND_PROBLEM), fence(GOOD)]);
    const report = await loop(file, { model });
    assert.equal(report.finalStatus, 'fixed');
    assert.deepEqual(report.attempts.map((a) => a.outcome), ['still-failing', 'fixed']);
    assert.equal(report.attempts[1].kind, report.attempts[0].newFailure?.kind);
    assert.match(model.prompt(1), /this\.buy\(\{ size: -3 \}\)/, 'the second prompt shows the candidate code');
    assert.match(model.prompt(1), new RegExp(`Error kind: ${report.attempts[0].newFailure?.kind}`));
  });

  it('a run that never trades is reported, not fixed; fixing it is a separate request', async () => {
    const file = put(NEVER_TRADES);
    const model = new ScriptedModel([fence(GOOD)]);
    const report = await loop(file, { model });
    assert.equal(report.success, true);
    assert.equal(report.finalStatus, 'not_needed');
    assert.match(report.noTrades?.message ?? '', /never traded/);
    assert.equal(model.requests.length, 0);
    const asked = await loop(file, { model, fixNoTrades: true });
    assert.equal(asked.finalStatus, 'fixed');
    assert.equal(asked.attempts[0].kind, 'no-trades');
    assert.equal(asked.noTrades, undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), GOOD);
  });

  it('a provider error is recorded and stops the loop; data errors are not the code\'s to fix', async () => {
    const file = put(NEEDS_MODEL);
    const model = new ScriptedModel([new ProviderError('quota', 'all 2 usable Gemini API keys are cooling down; the first is ready in 20 s', 'gemini')]);
    const report = await loop(file, { model });
    assert.deepEqual(report.attempts.map((a) => a.outcome), ['provider-error']);
    assert.match(report.reason ?? '', /ready in 20 s/);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'Date,Open,High,Low,Close\n2020-01-01,1,0.5,1,1\n');
    const data = await fixStrategy({ file: put(GOOD, 'good.strategy.ts'), data: { kind: 'csv', path: bad }, run, model: new ScriptedModel([]) });
    assert.equal(data.finalStatus, 'failed');
    assert.match(data.reason ?? '', /market data is bad/);
  });

  it('does not overwrite a file the user changed while the agent worked', async () => {
    const file = put(NEEDS_MODEL);
    const model = new ScriptedModel([fence(GOOD)]);
    const slowRun: RunBacktest = async (req, hooks) => {
      const o = await run(req, hooks);
      if (req.source !== undefined) fs.writeFileSync(file, '// the user typed this\n' + NEEDS_MODEL);
      return o;
    };
    const report = await fixStrategy({ file, data: { kind: 'sample' }, run: slowRun, model });
    assert.equal(report.success, false);
    assert.match(report.reason ?? '', /file changed while the agent worked/);
    assert.ok(fs.readFileSync(file, 'utf8').startsWith('// the user typed this'));
  });

  it('a file that already works needs no fix', async () => {
    const report = await loop(put(GOOD), { model: new ScriptedModel([]) });
    assert.deepEqual([report.success, report.finalStatus, report.attempts.length], [true, 'not_needed', 0]);
    assert.ok(report.result);
  });
});
