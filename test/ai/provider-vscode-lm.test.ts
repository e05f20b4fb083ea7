/** The VS Code language-model adapter against a structural fake of the vscode glue. */
import * as assert from 'node:assert/strict';
import { VscodeLmModel, lmError, toLmTurns } from '../../src/ai/providers/vscode-lm';
import { AbortError, ProviderError, complete } from '../../src/ai/provider';

async function* pieces(xs: string[], failAfter?: Error) {
  for (const x of xs) yield x;
  if (failAfter) throw failAfter;
}

describe('VS Code language-model provider', () => {
  it('folds system text into the first user turn and streams the reply', async () => {
    const seen: unknown[] = [];
    const model = new VscodeLmModel({ name: 'copilot/gpt-4o', send: (turns) => (seen.push(turns), Promise.resolve(pieces(['a', 'b']))) });
    assert.equal(model.model, 'copilot/gpt-4o');
    assert.equal(await complete(model, [{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }, { role: 'assistant', content: 'A' }, { role: 'user', content: 'U2' }]), 'ab');
    assert.deepEqual(seen[0], [{ role: 'user', content: 'S\n\nU' }, { role: 'assistant', content: 'A' }, { role: 'user', content: 'U2' }]);
    assert.deepEqual(toLmTurns([{ role: 'system', content: 'S' }, { role: 'assistant', content: 'A' }]), [{ role: 'user', content: 'S' }, { role: 'assistant', content: 'A' }]);
  });

  it('turns LanguageModelError codes into clear messages', async () => {
    const err = (code: string) => Object.assign(new Error('denied by user'), { name: `${code} (LanguageModelError)`, code });
    for (const [code, kind, text] of [['NoPermissions', 'consent', /may not use the language model "m" yet/], ['Blocked', 'blocked', /blocked this request/], ['NotFound', 'not-found', /not available any more/]] as const) {
      const model = new VscodeLmModel({ name: 'm', send: () => Promise.reject(err(code)) });
      await assert.rejects(complete(model, [{ role: 'user', content: 'x' }]), (e: ProviderError) => e.kind === kind && text.test(e.message) && /denied by user/.test(e.message));
    }
    const mid = new VscodeLmModel({ name: 'm', send: () => Promise.resolve(pieces(['a'], err('Blocked'))) });
    await assert.rejects(complete(mid, [{ role: 'user', content: 'x' }]), (e: ProviderError) => e.kind === 'blocked');
    assert.equal(lmError(new Error('weird'), 'm').message, 'the language model "m" failed: weird');
  });

  it('passes the AbortSignal to the glue and stops with an AbortError', async () => {
    const ac = new AbortController();
    let got: AbortSignal | undefined;
    const model = new VscodeLmModel({
      name: 'm',
      send: (_t, signal) => {
        got = signal;
        return Promise.resolve((async function* () {
          yield 'x';
          ac.abort();
          yield 'y';
        })());
      },
    });
    await assert.rejects(complete(model, [{ role: 'user', content: 'x' }], { signal: ac.signal }), AbortError);
    assert.equal(got, ac.signal);
  });
});
