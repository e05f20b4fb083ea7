import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INDICATOR_CATALOG } from '../../src/ai/spec/catalog';
import { DIRECTIONS, INDICATOR_TYPES, OPS, PRICE_FIELDS, SIZING_TYPES, TIMEFRAMES } from '../../src/ai/spec/types';
import { specSchemaText } from '../../src/ai/spec/schema';
import { RESERVED_IDS, validateSpec } from '../../src/ai/spec/validate';
import { parseDescription } from '../../src/ai/offline/parse';
import { ROOT } from '../helpers/paths';
import { CORPUS } from './offline-corpus';
import { CASES, base } from './spec-cases';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SCHEMA: Schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'strategy-spec.schema.json'), 'utf8'));

/** The draft-07 keywords the spec schema uses, checked the way the standard defines them. */
function conforms(x: unknown, s: Schema, root: Schema = SCHEMA): boolean {
  if (s.$ref) return conforms(x, root.definitions[s.$ref.replace('#/definitions/', '')], root);
  const isObj = typeof x === 'object' && x !== null && !Array.isArray(x);
  if (s.type) {
    const ok = { object: isObj, array: Array.isArray(x), string: typeof x === 'string', number: typeof x === 'number', integer: Number.isInteger(x), boolean: typeof x === 'boolean' }[s.type as string];
    if (!ok) return false;
  }
  if (s.enum && !s.enum.some((v: unknown) => v === x)) return false;
  if ('const' in s && s.const !== x) return false;
  if (typeof x === 'string') {
    if (s.minLength !== undefined && x.length < s.minLength) return false;
    if (s.maxLength !== undefined && x.length > s.maxLength) return false;
    if (s.pattern && !new RegExp(s.pattern, 'u').test(x)) return false;
  }
  if (typeof x === 'number') {
    if (s.minimum !== undefined && !(x >= s.minimum)) return false;
    if (s.maximum !== undefined && !(x <= s.maximum)) return false;
    if (s.exclusiveMinimum !== undefined && !(x > s.exclusiveMinimum)) return false;
    if (s.exclusiveMaximum !== undefined && !(x < s.exclusiveMaximum)) return false;
  }
  if (Array.isArray(x)) {
    if (s.minItems !== undefined && x.length < s.minItems) return false;
    if (s.items && !x.every((v) => conforms(v, s.items, root))) return false;
  }
  if (isObj) {
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined);
    if (s.required && !s.required.every((k: string) => keys.includes(k))) return false;
    for (const k of keys) {
      if (s.properties?.[k]) {
        if (!conforms(o[k], s.properties[k], root)) return false;
      } else if (s.additionalProperties === false) return false;
      else if (typeof s.additionalProperties === 'object' && !conforms(o[k], s.additionalProperties, root)) return false;
    }
  }
  if (s.allOf && !s.allOf.every((t: Schema) => conforms(x, t, root))) return false;
  if (s.anyOf && !s.anyOf.some((t: Schema) => conforms(x, t, root))) return false;
  if (s.oneOf && s.oneOf.filter((t: Schema) => conforms(x, t, root)).length !== 1) return false;
  if (s.not && conforms(x, s.not, root)) return false;
  if (s.if) {
    const branch = conforms(x, s.if, root) ? s.then : s.else;
    if (branch && !conforms(x, branch, root)) return false;
  }
  return true;
}

describe('strategy spec JSON Schema', () => {
  it('the checked-in file is the schema built from the catalog (regenerate it as src/ai/spec/schema.ts says)', () => {
    assert.equal(fs.readFileSync(path.join(ROOT, 'schemas', 'strategy-spec.schema.json'), 'utf8'), specSchemaText());
  });

  it('parses and declares draft-07', () => {
    assert.equal(SCHEMA.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(SCHEMA.type, 'object');
  });

  it('lists the same indicator types, operators, fields, timeframes, directions and sizing types as the validator', () => {
    const d = SCHEMA.definitions;
    assert.deepEqual(d.indicator.properties.type.enum, [...INDICATOR_TYPES]);
    assert.deepEqual(d.condition.properties.op.enum, [...OPS]);
    assert.deepEqual(d.indicator.properties.source.enum, [...PRICE_FIELDS]);
    assert.deepEqual(d.indicator.properties.id.not.enum, [...PRICE_FIELDS, ...RESERVED_IDS]);
    assert.deepEqual(SCHEMA.properties.timeframe.enum, [...TIMEFRAMES]);
    assert.deepEqual(SCHEMA.properties.direction.enum, [...DIRECTIONS]);
    assert.deepEqual(SCHEMA.properties.sizing.properties.type.enum, [...SIZING_TYPES]);
  });

  it('gives each indicator type the catalog\'s parameters, defaults and limits', () => {
    const branches: Schema[] = SCHEMA.definitions.indicator.allOf;
    assert.equal(branches.length, INDICATOR_TYPES.length);
    for (const type of INDICATOR_TYPES) {
      const b = branches.find((x) => x.if.properties.type.const === type)!;
      const props = b.then.properties.params.properties;
      const def = INDICATOR_CATALOG[type];
      assert.deepEqual(Object.keys(props), def.params.map((p) => p.name), type);
      for (const p of def.params) {
        assert.equal(props[p.name].default, p.default, `${type}.${p.name}`);
        assert.equal(p.real ? props[p.name].exclusiveMinimum : props[p.name].minimum, p.min, `${type}.${p.name}`);
      }
      assert.equal(!!b.then.not, def.inputs !== 'single', `${type} source`);
    }
  });

  it('accepts every spec the validator accepts: the base, each rule\'s passing case, and the corpus', () => {
    assert.ok(conforms(base(), SCHEMA));
    for (const c of CASES.slice(1)) {
      const s = base();
      c.pass(s);
      assert.ok(conforms(JSON.parse(JSON.stringify(s)), SCHEMA), c.rule);
    }
    for (const e of CORPUS.filter((x) => !x.errors)) {
      const v = validateSpec(parseDescription(e.description).spec);
      assert.ok(v.ok && conforms(v.spec, SCHEMA), e.description);
    }
  });

  it('refuses what the validator refuses, for every rule a schema can express', () => {
    const structural = CASES.slice(1).filter((c) => !c.semantic);
    assert.ok(structural.length >= 35, `${structural.length}`);
    assert.equal(conforms([base()], SCHEMA), false);
    for (const c of structural) {
      const s = base();
      c.fail(s);
      assert.equal(validateSpec(s).ok, false, c.rule);
      assert.equal(conforms(s, SCHEMA), false, `schema accepts the failing case of "${c.rule}"`);
    }
  });
});
