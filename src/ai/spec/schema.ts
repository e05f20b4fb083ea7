/**
 * The JSON Schema of StrategySpec, built from the same constants and catalog the validator uses.
 * `schemas/strategy-spec.schema.json` is this object written out (a test keeps the two equal);
 * regenerate it with
 * `npx tsx -e "require('fs').writeFileSync('schemas/strategy-spec.schema.json', require('./src/ai/spec/schema').specSchemaText())"`.
 */
import { compactJson } from './compact-json';
import { INDICATOR_CATALOG } from './catalog';
import { DIRECTIONS, INDICATOR_TYPES, OPS, PRICE_FIELDS, SIZING_TYPES, TIMEFRAMES } from './types';
import { RESERVED_IDS } from './validate';

const rules = (min: number) => ({
  oneOf: ['all', 'any'].map((k) => ({
    type: 'object', required: [k], additionalProperties: false,
    properties: { [k]: { type: 'array', minItems: min, items: { $ref: '#/definitions/condition' } } },
  })),
});

/** The schema as an object (draft-07). */
export function buildSpecSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'AlgoAgent strategy spec',
    description: 'What a strategy does, as data: indicators, entry and exit rules, risk and sizing. Percentages are in percent (5 = 5 %). Mirrors src/ai/spec/validate.ts, which also checks what a schema cannot (declared ids, threshold ranges, units). See docs/strategy-api.md.',
    type: 'object',
    required: ['name', 'description', 'symbols', 'timeframe', 'direction', 'indicators', 'entry', 'exit', 'risk', 'sizing'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S', description: 'Short name; the file is named after it.' },
      description: { type: 'string', description: 'The idea in plain words, as the user wrote it.' },
      symbols: { type: 'array', items: { type: 'string', pattern: '^\\S{1,20}$' }, description: 'Tickers the idea was written for (may be empty).' },
      timeframe: { enum: [...TIMEFRAMES], description: 'Bar size.' },
      direction: { enum: [...DIRECTIONS], description: 'long: entry/exit open and close longs; short: they open and close shorts; both: entry/exit are the long side, shortEntry/shortExit the short side.' },
      indicators: { type: 'array', items: { $ref: '#/definitions/indicator' } },
      entry: { $ref: '#/definitions/entryRules', description: 'Opens a position (for direction both: a long).' },
      exit: { $ref: '#/definitions/exitRules', description: 'Closes it; may be empty (then only risk rules, a reversal or the end of data close it).' },
      shortEntry: { $ref: '#/definitions/entryRules', description: 'direction both only: opens a short.' },
      shortExit: { $ref: '#/definitions/exitRules', description: 'direction both only: closes a short.' },
      risk: {
        type: 'object', additionalProperties: false,
        properties: {
          stopLossPct: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100, description: 'Stop loss from the signal bar close, in percent.' },
          takeProfitPct: { type: 'number', exclusiveMinimum: 0, description: 'Take profit from the signal bar close, in percent (below 100 when shorting).' },
          trailingStopPct: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 100, description: 'Trailing stop distance from the best close, in percent.' },
        },
      },
      sizing: {
        type: 'object', required: ['type'], additionalProperties: false,
        properties: { type: { enum: [...SIZING_TYPES] }, value: { type: 'number' } },
        allOf: [
          { if: { properties: { type: { const: 'allIn' } } }, then: { not: { required: ['value'] } } },
          { if: { properties: { type: { const: 'fraction' } } }, then: { required: ['value'], properties: { value: { exclusiveMinimum: 0, maximum: 100, description: 'Percent of available equity.' } } } },
          { if: { properties: { type: { const: 'units' } } }, then: { required: ['value'], properties: { value: { type: 'integer', minimum: 1, description: 'Whole units.' } } } },
        ],
      },
    },
    if: { properties: { direction: { const: 'both' } } },
    then: { required: ['shortEntry'] },
    else: { not: { anyOf: [{ required: ['shortEntry'] }, { required: ['shortExit'] }] } },
    definitions: {
      indicator: {
        type: 'object', required: ['id', 'type'], additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$', not: { enum: [...PRICE_FIELDS, ...RESERVED_IDS] }, description: 'Name used by rules, e.g. sma50.' },
          type: { enum: [...INDICATOR_TYPES] },
          params: { type: 'object', additionalProperties: { type: 'number' } },
          source: { enum: [...PRICE_FIELDS], description: 'Input column of single-input indicators (default close; highest: high; lowest: low).' },
        },
        allOf: INDICATOR_TYPES.map((t) => {
          const def = INDICATOR_CATALOG[t];
          const props: Record<string, unknown> = {};
          for (const p of def.params) props[p.name] = p.real ? { type: 'number', exclusiveMinimum: p.min, default: p.default } : { type: 'integer', minimum: p.min, default: p.default };
          const then: Record<string, unknown> = { properties: { params: { type: 'object', additionalProperties: false, properties: props } } };
          if (def.inputs !== 'single') then.not = { required: ['source'] };
          return { if: { properties: { type: { const: t } } }, then, description: `${def.label}${def.outputs.length ? `; lines: ${def.outputs.join(', ')} (a bare id means ${def.outputs[0]})` : ''}` };
        }),
      },
      entryRules: rules(1),
      exitRules: rules(0),
      condition: {
        type: 'object', required: ['left', 'op', 'right'], additionalProperties: false,
        properties: { left: { $ref: '#/definitions/operand' }, op: { enum: [...OPS] }, right: { $ref: '#/definitions/operand' } },
      },
      operand: {
        oneOf: [
          { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z]+)?$', description: 'An indicator id (id.line for multi-line ones) or a price field: open, high, low, close, volume.' },
          { type: 'number' },
          { type: 'object', required: ['ref', 'mult'], additionalProperties: false, properties: { ref: { type: 'string' }, mult: { type: 'number', exclusiveMinimum: 0 } }, description: 'ref × mult, e.g. { "ref": "sma20", "mult": 0.95 } = 5 % below the 20-bar SMA.' },
        ],
      },
    },
  };
}

/** The schema file's text. */
export function specSchemaText(): string {
  return compactJson(buildSpecSchema()) + '\n';
}

