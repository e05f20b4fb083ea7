import * as assert from 'node:assert/strict';
import { validateSpec } from '../../src/ai/spec/validate';
import { CASES, base } from './spec-cases';

describe('spec validation', () => {
  it('accepts the base spec and fills in default params', () => {
    const v = validateSpec(base());
    assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
    assert.deepEqual(v.spec.indicators[2].params, { fast: 12, slow: 26, signal: 9 });
  });

  it('the spec is an object', () => {
    assert.deepEqual(validateSpec([base()]), { ok: false, errors: ['spec: expected an object, got an array'] });
    assert.deepEqual(validateSpec('{}'), { ok: false, errors: ['spec: expected an object, got "{}"'] });
  });

  for (const c of CASES.slice(1)) {
    it(c.rule, () => {
      const good = base();
      c.pass(good);
      const ok = validateSpec(good);
      assert.ok(ok.ok, `passing case refused: ${ok.ok ? '' : ok.errors.join('; ')}`);
      const bad = base();
      c.fail(bad);
      const v = validateSpec(bad);
      assert.equal(v.ok, false, 'failing case accepted');
      if (v.ok) return;
      if (typeof c.error === 'string') assert.ok(v.errors.includes(c.error), `expected "${c.error}", got:\n${v.errors.join('\n')}`);
      else assert.ok(v.errors.some((e) => (c.error as RegExp).test(e)), `expected ${c.error}, got:\n${v.errors.join('\n')}`);
    });
  }

  it('reports every problem at once', () => {
    const s = base() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    s.indicators[0].params.period = 0;
    s.entry.all[1] = { left: 'rsi14', op: '>', right: 130 };
    s.sizing = { type: 'units', value: 0 };
    const v = validateSpec(s);
    assert.equal(v.ok, false);
    if (!v.ok) {
      assert.deepEqual(v.errors, [
        'indicators[0].params.period: 0 must be a whole number ≥ 1',
        'entry.all[1].right: rsi threshold 130 is outside 0–100',
        'sizing.value: 0 must be a whole number of units ≥ 1',
      ]);
    }
  });

  it('does not change its input', () => {
    const s = base();
    const copy = structuredClone(s);
    validateSpec(s);
    assert.deepEqual(s, copy);
  });
});
