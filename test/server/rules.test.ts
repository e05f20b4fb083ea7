/** Every rule over the real protocol: a file it must flag (where, how severe, its quick fix) and a close variant it must not. */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { RULE_CASES } from './rule-cases';
import { ServerSession, applyEdits, fileUri } from './session';

const show = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);

describe('language server: every rule flags its case and not the close variant', function () {
  this.timeout(60_000);
  let server: ServerSession;
  before(async () => {
    server = await ServerSession.start();
  });
  after(() => server.stop());

  RULE_CASES.forEach((c, i) => {
    it(`${c.code}: ${c.title}`, async () => {
      const uri = fileUri(`/ws/strategies/rule-${i}.strategy.ts`);
      const bad = await server.open(uri, c.bad);
      const hit = bad.find((d) => d.code === c.code);
      assert.ok(hit, `expected ${c.code} in:\n${c.bad}\ngot ${JSON.stringify(show(bad))}`);
      assert.equal(`${hit.range.start.line + 1}:${hit.range.start.character + 1}`, c.at, show(bad).join('\n'));
      assert.equal(hit.severity, (c.severity ?? 'error') === 'error' ? 1 : 2);
      assert.equal(hit.source, 'AlgoAgent');
      assert.ok(hit.message.length > 20);

      const actions = (await server.codeActions(uri, hit.range, [hit])) ?? [];
      if (c.fix) {
        assert.equal(actions.length, 1, JSON.stringify(actions));
        assert.equal(actions[0].title, c.fix.title);
        assert.equal(actions[0].kind, 'quickfix');
        const fixed = applyEdits(c.bad, actions[0].edit!.changes![uri]);
        assert.ok(fixed.includes(c.fix.contains), fixed);
        const after = await server.open(uri, fixed);
        assert.ok(!after.some((d) => d.code === c.code && d.message === hit.message), `fix did not remove it:\n${fixed}\n${show(after)}`);
      } else {
        assert.deepEqual(actions, [], 'no quick fix where the fix is not certain');
      }

      const goodUri = fileUri(`/ws/strategies/rule-${i}-good.strategy.ts`);
      assert.deepEqual(show(await server.open(goodUri, c.good)), [], c.good);
    });
  });
});
