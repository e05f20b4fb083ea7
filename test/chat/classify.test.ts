/** Plain-text classification, the conversation's strategy, followups, and offline follow-up changes merged into a spec. */
import * as assert from 'node:assert/strict';
import { parseDescription } from '../../src/ai/offline/parse';
import { specToCode } from '../../src/ai/codegen/generate';
import type { StrategySpec } from '../../src/ai/spec/types';
import { validateSpec } from '../../src/ai/spec/validate';
import { classifyPrompt } from '../../src/chat/classify';
import { PARTICIPANT_ID, followupsFor, namedStrategy, strategyUnderDiscussion, targetStrategy } from '../../src/chat/conversation';
import { mergeChange } from '../../src/chat/spec-change';
import { readEmbeddedSpec } from '../../src/chat/spec-file';

function specOf(text: string): StrategySpec {
  const c = validateSpec(parseDescription(text).spec);
  if (!c.ok) throw new Error(c.errors.join('; '));
  return c.spec;
}

describe('chat: classification of plain text', () => {
  const cases: [string, boolean, string][] = [
    ['buy AAPL when RSI drops below 30, sell above 70, 5 % stop', false, 'new'],
    ['buy AAPL when RSI drops below 30, sell above 70, 5 % stop', true, 'new'],
    ['buy when the 10 day SMA crosses above the 50 day SMA', true, 'new'],
    ['now add a 5 % trailing stop', true, 'change'],
    ['add a 10% take profit', true, 'change'],
    ['make the stop loss 3%', true, 'change'],
    ['remove the stop loss', true, 'change'],
    ['change the RSI period to 21', true, 'change'],
    ['also only buy when close is above the 200-day SMA', true, 'change'],
    ['sell when RSI is above 80 instead', true, 'change'],
    ['can you add a trailing stop?', true, 'change'],
    ['why did it lose money?', true, 'question'],
    ['what is the worst trade', true, 'question'],
    ['how does it compare with buy & hold?', true, 'question'],
    ['why did it lose money?', false, 'help'],
    ['run it again', true, 'run'],
    ['backtest it', true, 'run'],
    ['hello', false, 'help'],
    ['', true, 'help'],
  ];
  const commands: [string, string][] = [
    ['optimize it', 'optimize'],
    ['please optimize these parameters', 'optimize'],
    ['fix it', 'fix'],
    ['show me the history', 'history'],
    ['previous runs', 'history'],
    ['compare the last runs', 'compare'],
    ['which data does it use?', 'data'],
    ['change the data', 'data'],
  ];
  for (const [text, want] of commands) {
    it(`"${text}" → /${want}`, () => assert.deepEqual([classifyPrompt(text, true).intent, classifyPrompt(text, true).command], ['command', want]));
  }
  it('"compare with buy & hold" is a question, "fix the stop at 3 %" a change', () => {
    assert.equal(classifyPrompt('compare it with buy & hold', true).intent, 'question');
    assert.equal(classifyPrompt('fix the stop at 3 %', true).intent, 'change');
  });
  for (const [text, has, want] of cases) {
    it(`"${text}" (${has ? 'with' : 'without'} a strategy) → ${want}`, () => assert.equal(classifyPrompt(text, has).intent, want));
  }
});

describe('chat: the conversation', () => {
  const turn = (file?: string, participant = PARTICIPANT_ID) => ({ result: { metadata: { action: 'new', file } }, participant });
  it('the strategy under discussion is the newest file of this participant\'s answers', () => {
    const history = [{ prompt: 'a', participant: PARTICIPANT_ID }, turn('/w/a.strategy.ts'), { prompt: 'b', participant: PARTICIPANT_ID }, turn('/w/b.strategy.ts'), turn('/w/other.ts', 'someone.else'), turn(undefined)];
    assert.equal(strategyUnderDiscussion({ history }), '/w/b.strategy.ts');
    assert.equal(strategyUnderDiscussion({ history: [] }), undefined);
  });
  it('a named or attached file wins over the conversation and the editor', () => {
    const files = ['/w/strategies/rsi-dip.strategy.ts', '/w/strategies/sma-cross.strategy.ts'];
    assert.equal(namedStrategy('run sma-cross please', files), files[1]);
    assert.equal(namedStrategy('rsi-dip.strategy.ts', files), files[0]);
    assert.equal(namedStrategy('run it', files), undefined);
    const history = [turn('/w/strategies/rsi-dip.strategy.ts')];
    assert.equal(targetStrategy({ prompt: 'sma-cross' }, { history }, files, undefined), files[1]);
    assert.equal(targetStrategy({ prompt: '', files: ['/w/x.strategy.ts'] }, { history }, files, undefined), '/w/x.strategy.ts');
    assert.equal(targetStrategy({ prompt: '' }, { history }, files, '/w/y.strategy.ts'), files[0]);
    assert.equal(targetStrategy({ prompt: '' }, { history: [] }, files, '/w/y.strategy.ts'), '/w/y.strategy.ts');
    assert.equal(targetStrategy({ prompt: '' }, { history: [] }, files, '/w/notes.md'), undefined);
  });
  it('followups follow the outcome', () => {
    const stats = { returnPct: 3, buyHoldReturnPct: 10, sharpeRatio: 0.5, maxDrawdownPct: 12, trades: 9, winRatePct: 50 };
    assert.deepEqual(followupsFor({ action: 'new', file: '/f', stats, hasParams: true, hasStop: false }).map((f) => f.label), ['Add a 5 % stop loss', 'Optimize these parameters', 'Compare with buy & hold', 'Explain the worst trades']);
    assert.equal(followupsFor({ action: 'backtest', file: '/f', failed: true })[0].command, 'fix');
    assert.deepEqual(followupsFor({ action: 'error', error: 'no-data' }), []);
  });
});

describe('chat: offline follow-up changes', () => {
  const base = specOf('buy AAPL when RSI drops below 30, sell above 70, 5 % stop');
  it('adds, changes and removes risk rules', () => {
    assert.deepEqual(mergeChange(base, 'now add a 5 % trailing stop').spec.risk, { stopLossPct: 5, trailingStopPct: 5 });
    assert.deepEqual(mergeChange(base, 'make the stop loss 3%').changes, ['stop loss 5 % → 3 %']);
    assert.deepEqual(mergeChange(base, 'remove the stop loss').spec.risk, {});
    assert.deepEqual(mergeChange(base, 'remove the take profit').unparsed, ['there is no take profit to remove']);
  });
  it('changes a period and renames the indicator everywhere', () => {
    const m = mergeChange(base, 'change the RSI period to 21');
    assert.deepEqual(m.spec.indicators.map((i) => [i.id, i.params.period]), [['rsi21', 21]]);
    assert.equal(JSON.stringify(m.spec).includes('rsi14'), false);
  });
  it('adds an entry filter (and) and an exit alternative (or); "instead" replaces', () => {
    const f = mergeChange(base, 'also only buy when close is above the 200-day SMA');
    assert.deepEqual(f.spec.entry, { all: [{ left: 'rsi14', op: 'crossesBelow', right: 30 }, { left: 'close', op: '>', right: 'sma200' }] });
    assert.deepEqual(f.spec.indicators.map((i) => i.id), ['rsi14', 'sma200']);
    const x = mergeChange(base, 'sell when RSI is above 80 instead');
    assert.deepEqual(x.spec.exit, { all: [{ left: 'rsi14', op: '>', right: 80 }] });
    assert.deepEqual(x.spec.indicators.map((i) => i.id), ['rsi14'], 'the same RSI is shared, not duplicated');
  });
  it('sizing and symbols', () => {
    assert.deepEqual(mergeChange(base, 'use 50% of equity per trade').spec.sizing, { type: 'fraction', value: 50 });
    assert.deepEqual(mergeChange(base, 'trade MSFT instead').spec.symbols, ['MSFT']);
  });
  it('what it cannot read changes nothing and is reported', () => {
    const m = mergeChange(base, 'make it purple');
    assert.equal(m.spec, base);
    assert.deepEqual(m.changes, []);
    assert.deepEqual(m.unparsed, ['make it purple']);
  });
  it('the merged spec round-trips through the generated file', () => {
    const m = mergeChange(base, 'now add a 5 % trailing stop');
    const read = readEmbeddedSpec(specToCode(m.spec));
    assert.ok(read.ok && read.pristine);
    assert.deepEqual(read.spec, m.spec);
    assert.deepEqual(readEmbeddedSpec('export default class X {}'), { ok: false, reason: 'the file has no `export const spec` (it was not generated from a spec, or the spec was removed)' });
  });
});
