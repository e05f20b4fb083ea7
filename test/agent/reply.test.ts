/** Reply parsing, diffs, memory and prompt files. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unifiedDiff } from '../../src/agent/diff';
import { JsonFileMemory, type MemoryEntry } from '../../src/agent/memory';
import { extractCode, extractJson, isCodeAnswer } from '../../src/agent/reply';
import { fillPrompt, promptTemplate } from '../../src/ai/prompts/load';
import { GOOD } from './strategies';

describe('agent: replies, diffs, memory, prompts', () => {
  it('takes the whole file from a fenced block, whatever the label and the prose around it', () => {
    for (const reply of [
      'Here is the fix:\n```ts\n' + GOOD + '```\nThat should work.',
      '```typescript\n' + GOOD + '```',
      '```\n' + GOOD + '```',
      'Partial answer:\n```ts\nconst x = 1;\n```\nFull file:\n```ts\n' + GOOD + '```',
      '```ts\n' + GOOD, // unterminated
      'Sure. The fixed file:\n\n' + GOOD + '\nLet me know if you need more.', // no fence at all
    ]) {
      const got = extractCode(reply);
      assert.ok(got.ok, reply.slice(0, 40));
      assert.equal(got.text, GOOD);
    }
  });

  it('refuses excerpts, prose and empty replies with a reason', () => {
    assert.deepEqual(extractCode('```ts\nthis.rsi = this.I(ta.rsi(this.data.close, 14));\n```'), { ok: false, reason: 'the reply\'s code block is not a whole strategy file (no class extending Strategy)' });
    assert.deepEqual(extractCode('Use ta.rsi instead.'), { ok: false, reason: 'the reply holds no strategy code' });
    assert.deepEqual(extractCode('  '), { ok: false, reason: 'the reply was empty' });
  });

  it('takes JSON fenced or bare, and says why it does not parse', () => {
    assert.deepEqual(extractJson('Spec:\n```json\n{"a": 1}\n```'), { ok: true, value: { a: 1 } });
    assert.deepEqual(extractJson('The spec is {"a": [1, 2]} as asked.'), { ok: true, value: { a: [1, 2] } });
    const bad = extractJson('```json\n{"a": 1,}\n```');
    assert.ok(!bad.ok && /does not parse/.test(bad.reason));
    assert.ok(isCodeAnswer('CODE\n```ts\n```'));
    assert.ok(!isCodeAnswer('```json\n{}\n```'));
  });

  it('diffs: unified hunks with line numbers; empty when equal', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n');
    const b = a.replace('5', 'five').replace('9', 'nine\nnine and a half');
    assert.equal(unifiedDiff(a, a), '');
    assert.equal(unifiedDiff(a, b, 'f.ts'), ['--- a/f.ts', '+++ b/f.ts', '@@ -2,9 +2,10 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', '-9', '+nine', '+nine and a half', ' 10', ''].join('\n'));
  });

  it('memory: remembers in a JSON file, ranks similar descriptions, clears', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-mem-'));
    try {
      const mem = new JsonFileMemory(path.join(dir, 'sub', 'memory.json'));
      const entry = (description: string, codeHash: string): MemoryEntry => ({ description, codeHash, file: 'x', stats: { trades: 3 }, savedAt: '2025-01-01T00:00:00Z' });
      await mem.remember(entry('RSI dip buyer below 30', 'a'));
      await mem.remember(entry('golden cross of the 50 and 200 day moving averages', 'b'));
      await mem.remember(entry('RSI dip buyer below 30 (again)', 'a')); // same code: replaces
      assert.equal((await mem.all()).length, 2);
      assert.deepEqual((await mem.similar('buy the RSI dip', 3)).map((e) => e.codeHash), ['a']);
      assert.deepEqual((await mem.similar('moving averages cross', 3)).map((e) => e.codeHash), ['b']);
      assert.deepEqual(await mem.similar('weather', 3), []);
      await mem.clear();
      assert.deepEqual(await new JsonFileMemory(path.join(dir, 'sub', 'memory.json')).all(), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prompts are files with slots; a missing slot value is an error', () => {
    for (const name of ['system', 'spec', 'spec-format', 'code', 'fix', 'explain'] as const) assert.ok(promptTemplate(name).length > 50, name);
    assert.match(promptTemplate('fix'), /\{\{numberedCode\}\}[\s\S]*\{\{api\}\}/);
    assert.equal(fillPrompt('a {{x}} b', { x: '1' }), 'a 1 b');
    assert.throws(() => fillPrompt('a {{y}}', {}), /prompt slot \{\{y\}\} has no value/);
  });
});
