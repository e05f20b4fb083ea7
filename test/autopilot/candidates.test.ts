/** Candidates through a (scripted) language model: valid specs become strategies, bad replies are failures with their reason, every call counts against the budget. */
import assert from 'node:assert/strict';
import type { ChatMessage, LanguageModel } from '../../src/ai/provider';
import { parseDescription } from '../../src/ai/offline/parse';
import { CallBudget, generateCandidates } from '../../src/autopilot/candidates';
import { TEMPLATES } from '../../src/autopilot/templates';

/** Answers the spec prompt like a model would: the offline parse as JSON, except for RSI ideas (prose). */
class ScriptedModel implements LanguageModel {
  readonly provider = 'gemini' as const;
  readonly model = 'scripted';
  prompts: string[] = [];
  async *stream(messages: ChatMessage[]): AsyncIterable<string> {
    const user = messages.filter((m) => m.role === 'user').at(-1)!.content;
    this.prompts.push(user);
    const d = /<description>\s*([\s\S]*?)\s*<\/description>/.exec(user)?.[1] ?? '';
    if (/RSI/.test(d)) {
      yield 'I would rather not answer in JSON.';
      return;
    }
    yield 'Here is the spec:\n```json\n' + JSON.stringify(parseDescription(d).spec) + '\n```';
  }
}

describe('autopilot: candidates from a model', () => {
  it('turns replies into strategies, records bad replies, counts every call', async () => {
    const model = new ScriptedModel();
    const budget = new CallBudget(10);
    const out = await generateCandidates({ symbols: ['AAPL'], kinds: ['trend', 'meanReversion'], perKind: 2, timeframe: '1d', model, budget });
    assert.equal(budget.used, 4);
    assert.equal(model.prompts.length, 4);
    assert.ok(model.prompts.every((p) => p.includes('<description>')), 'the spec prompt carries the description');
    assert.deepEqual(out.candidates.map((c) => [c.kind, c.spec.name, c.spec.symbols, c.spec.timeframe]), [
      ['trend', 'AAPL trend following sma20 sma50', ['AAPL'], '1d'],
      ['trend', 'AAPL trend following ema10 ema30', ['AAPL'], '1d'],
      ['meanReversion', 'AAPL mean reversion bb', ['AAPL'], '1d'],
    ]);
    assert.equal(out.failures.length, 1);
    assert.equal(out.failures[0].description, TEMPLATES.meanReversion[0]);
    assert.match(out.failures[0].reason, /reply held no spec/);
    for (const c of out.candidates) assert.match(c.code, /export default class \w+ extends Strategy/);
    assert.equal(out.exhausted, undefined);
  });

  it('stops at the budget and skips ideas already explored without spending a call', async () => {
    const model = new ScriptedModel();
    const budget = new CallBudget(2);
    const out = await generateCandidates({
      symbols: ['AAPL'], kinds: ['trend', 'momentum'], perKind: 2, timeframe: '1h', model, budget,
      skip: (_s, d) => d === TEMPLATES.trend[0],
    });
    assert.equal(model.prompts.length, 2);
    assert.deepEqual(out.candidates.map((c) => c.description), [TEMPLATES.trend[1], TEMPLATES.momentum[0]]);
    assert.equal(out.exhausted?.code, 'BUDGET_EXHAUSTED');
    assert.match(out.exhausted!.message, /this cycle used its 2 model call\(s\)/);
  });
});
