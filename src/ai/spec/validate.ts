/**
 * Hand-written validator for StrategySpec with messages that say where (a JSON path) and why.
 * Returns a normalized copy: every indicator's params complete with defaults.
 */
import { INDICATOR_CATALOG, type IndicatorDef, fullParams } from './catalog';
import {
  DIRECTIONS, INDICATOR_TYPES, OPS, PRICE_FIELDS, SIZING_TYPES, TIMEFRAMES,
  type IndicatorSpec, type IndicatorType, type PriceField, type StrategySpec,
} from './types';

export type SpecCheck = { ok: true; spec: StrategySpec } | { ok: false; errors: string[] };

const ID = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Names a generated strategy class already uses (Strategy members, signal and order methods). */
export const RESERVED_IDS: readonly string[] = [
  'params', 'data', 'position', 'indicators', 'ctx', 'init', 'next', 'I', 'buy', 'sell', 'trades', 'closedTrades', 'orders', 'equity', 'bar', 'log',
  'constructor', 'prototype', 'longEntry', 'longExit', 'shortEntry', 'shortExit', 'longOrder', 'shortOrder', 'spec',
];
const RESERVED = new Set(RESERVED_IDS);
const TOP_KEYS = ['name', 'description', 'symbols', 'timeframe', 'direction', 'indicators', 'entry', 'exit', 'shortEntry', 'shortExit', 'risk', 'sizing'];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const show = (x: unknown): string => (typeof x === 'string' ? JSON.stringify(x) : JSON.stringify(x) ?? String(x));
const list = (xs: readonly string[]): string => xs.join(', ');

/** What an operand is, for range and unit checks. */
interface OperandInfo {
  kind: 'number' | 'price' | 'volume' | 'indicator';
  /** For indicators: the type and the scale of the line. */
  type?: IndicatorType;
  scale?: 'price' | 'volume' | 'bounded' | 'free';
  range?: [number, number];
  value?: number;
}

export function validateSpec(x: unknown): SpecCheck {
  const errors: string[] = [];
  const err = (path: string, msg: string) => errors.push(`${path}: ${msg}`);
  if (!isObject(x)) return { ok: false, errors: [`spec: expected an object, got ${Array.isArray(x) ? 'an array' : show(x)}`] };
  for (const k of Object.keys(x)) if (!TOP_KEYS.includes(k)) err(k, `unknown field (allowed: ${list(TOP_KEYS)})`);

  if (typeof x.name !== 'string' || !x.name.trim()) err('name', `must be a non-empty string, got ${show(x.name)}`);
  else if (x.name.length > 100) err('name', `is ${x.name.length} characters long; keep it within 100`);
  if (typeof x.description !== 'string') err('description', `must be a string, got ${show(x.description)}`);
  if (!Array.isArray(x.symbols)) err('symbols', `must be an array of tickers, got ${show(x.symbols)}`);
  else x.symbols.forEach((s, i) => {
    if (typeof s !== 'string' || !/^\S{1,20}$/.test(s)) err(`symbols[${i}]`, `${show(s)} is not a ticker (1–20 characters, no spaces)`);
  });
  if (!TIMEFRAMES.includes(x.timeframe as never)) err('timeframe', `${show(x.timeframe)} is not one of ${list(TIMEFRAMES)}`);
  if (!DIRECTIONS.includes(x.direction as never)) err('direction', `${show(x.direction)} is not one of ${list(DIRECTIONS)}`);

  const { indicators, known } = checkIndicators(x.indicators, err);
  const byId = new Map(known.map((i) => [i.id, i]));
  const rules = (key: 'entry' | 'exit' | 'shortEntry' | 'shortExit', required: boolean, minConds: number) => {
    if (x[key] === undefined && !required) return;
    checkRules(x[key], key, minConds, byId, err);
  };
  rules('entry', true, 1);
  rules('exit', true, 0);
  if (x.direction === 'both') {
    if (x.shortEntry === undefined) err('shortEntry', 'is required when direction is "both" (the rules that open a short)');
    rules('shortEntry', false, 1);
    rules('shortExit', false, 0);
  } else {
    for (const k of ['shortEntry', 'shortExit'] as const) {
      if (x[k] !== undefined) err(k, `only applies when direction is "both"; with direction ${show(x.direction)}, entry and exit describe the ${x.direction === 'short' ? 'short' : 'long'} trades`);
    }
  }
  checkRisk(x.risk, x.direction, err);
  checkSizing(x.sizing, err);

  if (errors.length) return { ok: false, errors };
  const spec = structuredClone(x) as unknown as StrategySpec;
  spec.indicators = indicators.map((i) => ({ ...i, params: fullParams(i.type, i.params) }));
  return { ok: true, spec };
}

/** `indicators`: the fully valid ones; `known`: every one with a usable id and type (so rules that name an
 * indicator with a bad parameter are not reported a second time as unknown). */
function checkIndicators(raw: unknown, err: (p: string, m: string) => void): { indicators: IndicatorSpec[]; known: IndicatorSpec[] } {
  const out: IndicatorSpec[] = [];
  const known: IndicatorSpec[] = [];
  if (!Array.isArray(raw)) {
    err('indicators', `must be an array, got ${show(raw)}`);
    return { indicators: out, known };
  }
  const seen = new Set<string>();
  raw.forEach((ind, i) => {
    const p = `indicators[${i}]`;
    if (!isObject(ind)) return err(p, `must be an object { id, type, params, source? }, got ${show(ind)}`);
    for (const k of Object.keys(ind)) if (!['id', 'type', 'params', 'source'].includes(k)) err(`${p}.${k}`, 'unknown field (allowed: id, type, params, source)');
    let good = true;
    if (typeof ind.id !== 'string' || !ID.test(ind.id)) {
      err(`${p}.id`, `${show(ind.id)} must be an identifier (a letter, then letters, digits or _), e.g. "sma50"`);
      good = false;
    } else if (PRICE_FIELDS.includes(ind.id as PriceField)) {
      err(`${p}.id`, `"${ind.id}" is a price field; pick another id`);
      good = false;
    } else if (RESERVED.has(ind.id)) {
      err(`${p}.id`, `"${ind.id}" is a name the strategy class already uses; pick another id`);
      good = false;
    } else if (seen.has(ind.id)) {
      err(`${p}.id`, `"${ind.id}" is used by an earlier indicator; ids must be unique`);
      good = false;
    } else seen.add(ind.id);
    if (!INDICATOR_TYPES.includes(ind.type as never)) {
      err(`${p}.type`, `${show(ind.type)} is not a known indicator (known: ${list(INDICATOR_TYPES)})`);
      return;
    }
    const def = INDICATOR_CATALOG[ind.type as IndicatorType];
    const sourceOk = PRICE_FIELDS.includes(ind.source as never) && def.inputs === 'single';
    if (good) known.push({ id: ind.id as string, type: ind.type as IndicatorType, params: {}, ...(sourceOk ? { source: ind.source as PriceField } : {}) });
    const params = ind.params === undefined ? {} : ind.params;
    if (!isObject(params)) {
      err(`${p}.params`, `must be an object of numbers, got ${show(params)}`);
      return;
    }
    if (!checkParams(params, def, `${p}.params`, ind.type as IndicatorType, err)) good = false;
    if (ind.source !== undefined) {
      if (def.inputs !== 'single') {
        err(`${p}.source`, `${ind.type} reads high, low and close itself; remove source`);
        good = false;
      } else if (!PRICE_FIELDS.includes(ind.source as never)) {
        err(`${p}.source`, `${show(ind.source)} is not one of ${list(PRICE_FIELDS)}`);
        good = false;
      }
    }
    if (good) out.push({ id: ind.id as string, type: ind.type as IndicatorType, params: params as Record<string, number>, ...(ind.source !== undefined ? { source: ind.source as PriceField } : {}) });
  });
  return { indicators: out, known };
}

function checkParams(params: Record<string, unknown>, def: IndicatorDef, p: string, type: IndicatorType, err: (p: string, m: string) => void): boolean {
  let good = true;
  const names = def.params.map((d) => d.name);
  for (const [k, v] of Object.entries(params)) {
    const d = def.params.find((q) => q.name === k);
    if (!d) {
      err(`${p}.${k}`, `${type} has no parameter "${k}" (its parameters: ${list(names)})`);
      good = false;
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      err(`${p}.${k}`, `${show(v)} must be a number`);
      good = false;
    } else if (d.real ? !(v > d.min) : !(Number.isInteger(v) && v >= d.min)) {
      err(`${p}.${k}`, d.real ? `${v} must be a number > ${d.min}` : `${v} must be a whole number ≥ ${d.min}`);
      good = false;
    }
  }
  if (type === 'macd' && good) {
    const f = fullParams('macd', params as Record<string, number>);
    if (f.fast >= f.slow) {
      err(`${p}.fast`, `${f.fast} must be smaller than slow (${f.slow})`);
      good = false;
    }
  }
  return good;
}

function checkRules(raw: unknown, p: string, minConds: number, byId: Map<string, IndicatorSpec>, err: (p: string, m: string) => void): void {
  if (!isObject(raw)) return err(p, `must be { "all": [conditions] } or { "any": [conditions] }, got ${show(raw)}`);
  const keys = Object.keys(raw);
  if (keys.length !== 1 || (keys[0] !== 'all' && keys[0] !== 'any')) {
    return err(p, `must have exactly one of "all" or "any", got ${keys.length ? list(keys.map((k) => `"${k}"`)) : 'none'}`);
  }
  const key = keys[0];
  const conds = (raw as Record<string, unknown>)[key];
  if (!Array.isArray(conds)) return err(`${p}.${key}`, `must be an array of conditions, got ${show(conds)}`);
  if (conds.length < minConds) return err(`${p}.${key}`, 'needs at least one condition');
  conds.forEach((c, i) => checkCond(c, `${p}.${key}[${i}]`, byId, err));
}

function checkCond(c: unknown, p: string, byId: Map<string, IndicatorSpec>, err: (p: string, m: string) => void): void {
  if (!isObject(c)) return err(p, `must be a condition { left, op, right }, got ${show(c)}`);
  for (const k of Object.keys(c)) if (!['left', 'op', 'right'].includes(k)) err(`${p}.${k}`, 'unknown field (allowed: left, op, right)');
  if (!OPS.includes(c.op as never)) err(`${p}.op`, `${show(c.op)} is not one of ${list(OPS)}`);
  const left = operandInfo(c.left, `${p}.left`, byId, err);
  const right = operandInfo(c.right, `${p}.right`, byId, err);
  if (!left || !right) return;
  if (left.kind === 'number' && right.kind === 'number') return err(p, 'compares two numbers; one side must be a price field or an indicator');
  const side = (num: OperandInfo, other: OperandInfo, at: string) => {
    if (num.kind !== 'number' || !other.range) return;
    const [lo, hi] = other.range;
    if (num.value! < lo || num.value! > hi) err(`${p}.${at}`, `${other.type} threshold ${num.value} is outside ${lo}–${hi}`);
  };
  side(right, left, 'right');
  side(left, right, 'left');
  const units = (o: OperandInfo) => (o.kind === 'price' ? 'price' : o.kind === 'volume' ? 'volume' : o.kind === 'indicator' ? o.scale : undefined);
  const a = units(left);
  const b = units(right);
  const tangible = (u: string | undefined) => u === 'price' || u === 'volume';
  if (a && b && a !== b && (tangible(a) || tangible(b))) {
    const what = (o: OperandInfo, u: string) => (o.kind === 'indicator' ? `${o.type} (${u === 'bounded' ? `${o.range![0]}–${o.range![1]}` : u === 'free' ? 'not a price' : u})` : u);
    err(p, `compares ${what(left, a)} with ${what(right, b)}; both sides must be in the same units`);
  }
}

function operandInfo(o: unknown, p: string, byId: Map<string, IndicatorSpec>, err: (p: string, m: string) => void): OperandInfo | null {
  if (typeof o === 'number') {
    if (!Number.isFinite(o)) return err(p, `${o} is not a finite number`), null;
    return { kind: 'number', value: o };
  }
  if (typeof o === 'string') return refInfo(o, p, byId, err);
  if (isObject(o)) {
    for (const k of Object.keys(o)) if (k !== 'ref' && k !== 'mult') err(`${p}.${k}`, 'unknown field (allowed: ref, mult)');
    if (typeof o.mult !== 'number' || !(o.mult > 0) || !Number.isFinite(o.mult)) err(`${p}.mult`, `${show(o.mult)} must be a number > 0 (0.95 = 5 % below)`);
    if (typeof o.ref !== 'string') return err(`${p}.ref`, `${show(o.ref)} must be an indicator id or a price field`), null;
    return refInfo(o.ref, `${p}.ref`, byId, err);
  }
  err(p, `${show(o)} must be an indicator id, a price field (${list(PRICE_FIELDS)}), a number, or { ref, mult }`);
  return null;
}

function refInfo(s: string, p: string, byId: Map<string, IndicatorSpec>, err: (p: string, m: string) => void): OperandInfo | null {
  if (PRICE_FIELDS.includes(s as PriceField)) return { kind: s === 'volume' ? 'volume' : 'price' };
  const [id, key, ...more] = s.split('.');
  const ind = byId.get(id);
  if (!ind) {
    const known = [...byId.keys()];
    err(p, `"${s}" is not a declared indicator id or a price field (indicators: ${known.length ? list(known) : 'none'}; fields: ${list(PRICE_FIELDS)})`);
    return null;
  }
  const def = INDICATOR_CATALOG[ind.type];
  if (key !== undefined || more.length) {
    if (!def.outputs.length) return err(p, `${ind.type} "${id}" has a single line; write "${id}"`), null;
    if (more.length || !def.outputs.includes(key)) return err(p, `${ind.type} "${id}" has no line "${s.slice(id.length + 1)}" (lines: ${list(def.outputs)})`), null;
  }
  const source = ind.source ?? def.defaultSource;
  const scale = def.scale === 'price' ? (source === 'volume' ? 'volume' : 'price') : def.scale;
  return { kind: 'indicator', type: ind.type, scale, range: def.range };
}

function checkRisk(raw: unknown, direction: unknown, err: (p: string, m: string) => void): void {
  if (!isObject(raw)) return err('risk', `must be an object { stopLossPct?, takeProfitPct?, trailingStopPct? } (may be {}), got ${show(raw)}`);
  const keys = ['stopLossPct', 'takeProfitPct', 'trailingStopPct'];
  for (const [k, v] of Object.entries(raw)) {
    if (!keys.includes(k)) {
      err(`risk.${k}`, `unknown field (allowed: ${list(keys)})`);
      continue;
    }
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      err(`risk.${k}`, `${show(v)} must be a percentage > 0 (5 = 5 %)`);
      continue;
    }
    const shorts = direction === 'short' || direction === 'both';
    if (k !== 'takeProfitPct' && v >= 100) err(`risk.${k}`, `${v} % must be below 100 %`);
    if (k === 'takeProfitPct' && shorts && v >= 100) err(`risk.${k}`, `${v} % must be below 100 % for short trades (a price cannot fall below 0)`);
  }
}

function checkSizing(raw: unknown, err: (p: string, m: string) => void): void {
  if (!isObject(raw)) return err('sizing', `must be an object { type, value? }, got ${show(raw)}`);
  for (const k of Object.keys(raw)) if (k !== 'type' && k !== 'value') err(`sizing.${k}`, 'unknown field (allowed: type, value)');
  const v = raw.value;
  if (raw.type === 'allIn') {
    if (v !== undefined) err('sizing.value', 'allIn takes no value');
  } else if (raw.type === 'fraction') {
    if (typeof v !== 'number' || !(v > 0 && v <= 100)) err('sizing.value', `${show(v)} must be a percentage of equity in (0, 100]`);
  } else if (raw.type === 'units') {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) err('sizing.value', `${show(v)} must be a whole number of units ≥ 1`);
  } else err('sizing.type', `${show(raw.type)} is not one of ${list(SIZING_TYPES)}`);
}

