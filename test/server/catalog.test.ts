/**
 * The analysis' data about the API against the real engine: every `ta` function and pattern, each
 * parameter's default (same output with and without it), range (the engine throws exactly where the
 * catalog says), the warm-up lengths, and every documented Strategy / Position / Series member.
 */
import * as assert from 'node:assert/strict';
import { DATA_MEMBERS, FUNCTIONS, POSITION_MEMBERS, SERIES_MEMBERS, STRATEGY_MEMBERS } from '../../src/analysis/api-docs';
import { INDICATORS, PATTERNS, closestName, paramProblem } from '../../src/analysis/indicators';
import { sampleBars } from '../../src/data/sample';
import * as engine from '../../src/engine';
import { Position, Series, Strategy, ta } from '../../src/engine';

const bars = sampleBars({ years: 1 });
const inputsOf = (names: readonly string[]) => names.map((n) => (n === 'src' ? bars.close : (bars as unknown as Record<string, Float64Array>)[n]));
type Fn = (...args: unknown[]) => Float64Array | Record<string, Float64Array>;
const call = (name: string, args: unknown[]) => ((ta as unknown as Record<string, Fn>)[name])(...args);

function leadingNaNs(x: Float64Array): number {
  let i = 0;
  while (i < x.length && Number.isNaN(x[i])) i++;
  return i;
}

describe('analysis catalog matches the engine', () => {
  it('names every ta function and pattern, and no others', () => {
    assert.deepEqual([...INDICATORS.keys(), 'patterns'].sort(), Object.keys(ta).sort());
    assert.deepEqual(Object.keys(PATTERNS).sort(), Object.keys(ta.patterns).sort());
  });

  for (const ind of INDICATORS.values()) {
    describe(`ta.${ind.name}`, () => {
      const defaults = ind.params.map((p) => p.default ?? 10);
      const inputs = inputsOf(ind.inputs);

      it('takes the inputs and parameters the catalog lists, with those defaults', () => {
        const explicit = call(ind.name, [...inputs, ...defaults]);
        const required = ind.params.filter((p) => p.default === undefined).map(() => 10);
        const implicit = call(ind.name, [...inputs, ...required]);
        assert.deepEqual(implicit, explicit);
        if (ind.outputs) assert.deepEqual(Object.keys(explicit).sort(), [...ind.outputs].sort());
        else assert.ok(explicit instanceof Float64Array && explicit.length === bars.close.length);
      });

      it('has the warm-up the catalog states (two parameter sets)', () => {
        for (const scale of [1, 2]) {
          const params = ind.params.map((p, i) => (p.whole ? defaults[i] * scale : defaults[i]));
          if (ind.relation?.(params)) continue;
          const out = call(ind.name, [...inputs, ...params]);
          const got = out instanceof Float64Array ? { '': leadingNaNs(out) } : Object.fromEntries(Object.entries(out).map(([k, v]) => [k, leadingNaNs(v)]));
          assert.deepEqual(got, ind.warmup(params), `params ${params.join(', ')}`);
        }
      });

      it('refuses exactly the parameter values the catalog calls invalid', () => {
        ind.params.forEach((p, i) => {
          const probes = [p.min - 1, p.min, p.min + 0.5, p.min + 1, 0, -1, 1.5, 2, NaN];
          for (const v of probes) {
            const params = [...defaults];
            params[i] = v;
            const expectedError = paramProblem(p, v) ?? (ind.relation?.(params) || undefined);
            let thrown: unknown;
            try {
              call(ind.name, [...inputs, ...params]);
            } catch (e) {
              thrown = e;
            }
            assert.equal(!!thrown, !!expectedError, `${ind.name} ${p.name} = ${v}: catalog says ${expectedError ?? 'valid'}, engine ${thrown ? `threw ${String(thrown)}` : 'accepted it'}`);
          }
        });
      });
    });
  }

  it('documents only members that exist', () => {
    const s = Object.create(Strategy.prototype) as Strategy;
    for (const name of Object.keys(STRATEGY_MEMBERS)) {
      const exists = name in s || ['data', 'params', 'position', 'indicators', 'next'].includes(name);
      assert.ok(exists, `Strategy.${name}`);
    }
    for (const name of ['data', 'params', 'position', 'indicators', 'next']) assert.ok(STRATEGY_MEMBERS[name]);
    for (const name of Object.keys(POSITION_MEMBERS)) assert.ok(name in Position.prototype, `Position.${name}`);
    for (const name of Object.keys(SERIES_MEMBERS)) assert.ok(name in Series.prototype || name === 'name', `Series.${name}`);
    const keys: (keyof engine.StrategyData)[] = ['open', 'high', 'low', 'close', 'volume', 'time', 'symbol', 'length'];
    assert.deepEqual(Object.keys(DATA_MEMBERS).sort(), [...keys].sort());
    for (const name of Object.keys(FUNCTIONS)) assert.equal(typeof (engine as Record<string, unknown>)[name], 'function', name);
  });

  it('suggests names only when the match is unique and close', () => {
    assert.equal(closestName('SMA', INDICATORS.keys()), 'sma');
    assert.equal(closestName('rsl', INDICATORS.keys()), 'rsi');
    assert.equal(closestName('williamsr', INDICATORS.keys()), 'williamsR');
    assert.equal(closestName('bollinger', INDICATORS.keys()), undefined);
    assert.equal(closestName('xyz', INDICATORS.keys()), undefined);
  });
});
