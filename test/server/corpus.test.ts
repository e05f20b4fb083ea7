/**
 * Golden corpus over the real protocol: every snippet (expanded), every example, the reference
 * strategy, the good fixture strategies and the code generator's output for every valid spec of the
 * description corpus must get zero diagnostics.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { specToCode } from '../../src/ai/codegen/generate';
import type { StrategySpec } from '../../src/ai/spec/types';
import { CORPUS } from '../ai/offline-corpus';
import { ServerSession, fileUri } from './session';
import { loadSnippets, snippetAsFile } from './snippets';

const ROOT = path.resolve(__dirname, '../..');

interface Case {
  name: string;
  file: string;
  text: string;
}

function corpus(): Case[] {
  const cases: Case[] = [];
  for (const s of loadSnippets()) cases.push({ name: `snippet ${s.prefix}`, file: `/ws/strategies/${s.prefix}.strategy.ts`, text: snippetAsFile(s) });
  for (const f of fs.readdirSync(path.join(ROOT, 'examples')).filter((n) => /\.strategy\.[jt]s$/.test(n))) {
    cases.push({ name: `examples/${f}`, file: path.join(ROOT, 'examples', f), text: fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8') });
  }
  for (const f of ['sma-cross-ref.strategy.ts', 'buy-and-hold.strategy.js', 'never-trades.strategy.ts']) {
    const p = path.join(ROOT, 'test/fixtures/strategies', f);
    cases.push({ name: `fixture ${f}`, file: p, text: fs.readFileSync(p, 'utf8') });
  }
  CORPUS.filter((c) => !c.errors).forEach((c, i) => {
    const spec = { ...c.expect, description: c.description } as unknown as StrategySpec;
    cases.push({ name: `generated #${i} "${c.description.slice(0, 50)}"`, file: `/ws/strategies/generated-${i}.strategy.ts`, text: specToCode(spec) });
  });
  return cases;
}

describe('language server: golden corpus has no diagnostics', function () {
  this.timeout(60_000);
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start();
  });
  after(() => server.stop());

  const cases = corpus();
  it('covers every snippet, example, fixture and generated strategy', () => {
    assert.ok(cases.filter((c) => c.name.startsWith('snippet')).length >= 8);
    assert.ok(cases.filter((c) => c.name.startsWith('generated')).length >= 10, `only ${cases.filter((c) => c.name.startsWith('generated')).length} generated`);
  });
  for (const c of cases) {
    it(c.name, async () => {
      const diagnostics = await server.open(fileUri(c.file), c.text);
      assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`), [], c.text);
    });
  }
});
