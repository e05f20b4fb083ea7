/**
 * Operand phrases: "the 50-day SMA", "RSI(14)", "the signal line", "the lower Bollinger band",
 * "the 20-day high", "average volume", "close", "30". `scanOperands` finds them in a stretch of the
 * description; `IndicatorBook` turns them into spec operands, declaring each indicator once.
 */
import { INDICATOR_CATALOG, fullParams } from '../spec/catalog';
import type { IndicatorSpec, IndicatorType, Operand, PriceField } from '../spec/types';
import type { Marked } from './text';

export type Tok =
  | { k: 'ind'; type: IndicatorType; params?: Record<string, number>; source?: PriceField; key?: string }
  | { k: 'price'; field: PriceField }
  | { k: 'num'; value: number }
  | { k: 'pronoun' }
  | { k: 'macdLine'; key: 'signal' | 'histogram' }
  | { k: 'stochLine'; key: 'k' | 'd' }
  | { k: 'band'; key: 'upper' | 'lower' | 'middle'; params?: Record<string, number> }
  | { k: 'avg'; period?: number }
  | { k: 'bare'; period: number };

export interface Found {
  start: number;
  end: number;
  tok: Tok;
}

const UNIT = String.raw`(?:[- ]?(?:day|period|bar|session|candle|hour|minute)s?)`;
const N = String.raw`(\d+)`;
const int = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const maType = (s: string | undefined): IndicatorType => (s && /exp|ema/.test(s) ? 'ema' : s && /weigh|wma/.test(s) ? 'wma' : 'sma');

type Rule = [RegExp, (g: (string | undefined)[]) => Tok | null];

/** Indicators named with one optional period, e.g. `cci(20)`, `20-day cci`, `adx`. */
function simple(type: IndicatorType, names: string): Rule[] {
  return [
    [new RegExp(String.raw`\b${N}${UNIT}?\s+(?:${names})\b`), (g) => ({ k: 'ind', type, params: { period: int(g[0])! } })],
    [new RegExp(String.raw`(?<![\w%])(?:${names})(?:\s*\(\s*${N}\s*\)|[- ]?${N}\b(?!\s*%))?`), (g) => ({ k: 'ind', type, params: g[0] ?? g[1] ? { period: int(g[0] ?? g[1])! } : undefined })],
  ];
}

const RULES: Rule[] = [
  [/\bmacd\s*(?:\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\))?(?:\s+(histogram|signal(?:\s+line)?|line))?/, (g) => ({
    k: 'ind', type: 'macd', params: g[0] ? { fast: int(g[0])!, slow: int(g[1])!, signal: int(g[2])! } : undefined,
    key: g[3]?.startsWith('hist') ? 'histogram' : g[3]?.startsWith('signal') ? 'signal' : 'macd',
  })],
  [/\b(?:(?:its|the|macd's)\s+)?signal(?:\s+line)?\b/, () => ({ k: 'macdLine', key: 'signal' })],
  [/\b(?:(?:its|the)\s+)?histogram\b/, () => ({ k: 'macdLine', key: 'histogram' })],
  [/\b(?:the\s+)?zero(?:\s+line)?\b/, () => ({ k: 'num', value: 0 })],
  [/\b(?:the\s+)?(upper|lower|middle)\s+(?:bollinger\s+)?band\b/, (g) => ({ k: 'band', key: g[0] as 'upper' })],
  [/\bbollinger\s+(upper|lower|middle)\s+band\b/, (g) => ({ k: 'band', key: g[0] as 'upper' })],
  [/\b(?:(\d+)[- ]?(?:day|period|bar)s?\s+)?bollinger\s+bands?(?:\s*\(\s*(\d+)\s*,\s*(\d+(?:\.\d+)?)\s*\))?(?:\s+(?:with|at|of)\s+(\d+(?:\.\d+)?)\s+(?:standard\s+deviations?|std|sd|sigma))?(?:\s*(?:'s\s+)?(upper|lower|middle)(?:\s+band)?)?/, (g) => {
    const period = int(g[0] ?? g[1]);
    const mult = g[2] ?? g[3];
    const params = period !== undefined || mult !== undefined ? { ...(period !== undefined ? { period } : {}), ...(mult !== undefined ? { mult: Number(mult) } : {}) } : undefined;
    return { k: 'band', key: (g[4] as 'upper') ?? 'middle', params };
  }],
  ...simple('rsi', 'rsi|relative\\s+strength\\s+index'),
  [/\b(?:(?:full|slow|fast)\s+)?stoch(?:astics?)?(?:\s+oscillator)?(?:\s*\(\s*(\d+)(?:\s*,\s*(\d+))?(?:\s*,\s*(\d+))?\s*\))?(?:\s+(%?k|%?d)\b(?:\s+line)?)?/, (g) => ({
    k: 'ind', type: 'stoch',
    params: g[0] ? { period: int(g[0])!, ...(g[1] ? { smoothK: int(g[1])! } : {}), ...(g[2] ? { smoothD: int(g[2])! } : {}) } : undefined,
    key: g[3]?.endsWith('d') ? 'd' : 'k',
  })],
  [/(?<![\w%])(?:the\s+)?%(k|d)(?:\s+line)?\b/, (g) => ({ k: 'stochLine', key: g[0] as 'k' })],
  ...simple('cci', 'cci|commodity\\s+channel\\s+index'),
  ...simple('williamsR', "williams(?:'s)?\\s*%\\s*r|williams\\s+r|%r(?![a-z])"),
  ...simple('adx', 'adx'),
  [/(?<![\w+-])(?:(\+|-|plus\s+|minus\s+)di\b|di(\+|-)(?![\w]))/, (g) => ({ k: 'ind', type: 'adx', key: (g[0] ?? g[1])!.trim().startsWith('m') || (g[0] ?? g[1]) === '-' ? 'minusDi' : 'plusDi' })],
  ...simple('atr', 'atr|average\\s+true\\s+range'),
  ...simple('mfi', 'mfi|money\\s+flow\\s+index'),
  ...simple('roc', 'roc|rate\\s+of\\s+change'),
  [new RegExp(String.raw`\b(?:a\s+)?(?:new\s+)?${N}[- ]?(day|bar|week|period|session|candle)s?\s+(high|low)s?\b`), (g) => {
    const period = int(g[0])! * (g[1] === 'week' ? 5 : 1);
    return { k: 'ind', type: g[2] === 'high' ? 'highest' : 'lowest', params: { period } };
  }],
  [/\b(?:the\s+)?(highest\s+high|lowest\s+low|highest\s+close|lowest\s+close)\s+(?:of|over|in)\s+the\s+(?:last|past|previous|prior)\s+(\d+)\s+(?:days|bars|sessions|periods|candles)\b/, (g) => ({
    k: 'ind', type: g[0]!.startsWith('highest') ? 'highest' : 'lowest', params: { period: int(g[1])! },
    ...(g[0]!.endsWith('close') ? { source: 'close' as PriceField } : {}),
  })],
  [new RegExp(String.raw`\b(?:(?:its|the)\s+)?(?:${N}${UNIT}\s+)?(?:average|avg\.?|mean)\s+(?:daily\s+)?volume\b(?:\s+(?:of|over)\s+the\s+(?:last|past|previous)\s+(\d+)\s+(?:days|bars|sessions))?`), (g) => ({
    k: 'ind', type: 'sma', source: 'volume', params: { period: int(g[0] ?? g[1]) ?? 20 },
  })],
  [/\bvolume\s+(?:sma|ma|moving\s+average)\s*(?:\(\s*(\d+)\s*\)|(\d+))?/, (g) => ({ k: 'ind', type: 'sma', source: 'volume', params: { period: int(g[0] ?? g[1]) ?? 20 } })],
  [new RegExp(String.raw`\b(?:(?:its|the)\s+)?(?:${N}${UNIT}\s+)?(?:average|mean)\b(?!\s+(?:daily\s+)?volume|\s+true)`), (g) => ({ k: 'avg', period: int(g[0]) })],
  [/\b(sma|ema|wma)\s*(?:\(\s*(\d+)\s*\)|[- ]?(\d+)\b(?!\s*%))/, (g) => ({ k: 'ind', type: maType(g[0]), params: { period: int(g[1] ?? g[2])! } })],
  [new RegExp(String.raw`\b${N}${UNIT}?\s*(simple|exponential|weighted)?\s*(sma|ema|wma|ma|moving\s+average)\b`), (g) => ({
    k: 'ind', type: maType(g[2] === 'ma' || g[2]?.startsWith('moving') ? g[1] : g[2]), params: { period: int(g[0])! },
  })],
  [new RegExp(String.raw`\b(simple|exponential|weighted)\s+moving\s+average\s*\(\s*${N}\s*\)`), (g) => ({ k: 'ind', type: maType(g[0]), params: { period: int(g[1])! } })],
  [new RegExp(String.raw`\b${N}[- ](?:day|period|bar|week)s?\b(?!\s*%)`), (g) => ({ k: 'bare', period: int(g[0])! })],
  [/\b(?:the\s+)?(closing\s+price|close|closes|price|prices|stock|market|share\s+price|stock\s+price|opening\s+price|open|high|low|volume|last\s+price)\b/, (g) => {
    const w = g[0]!;
    const field: PriceField = w === 'open' || w.startsWith('opening') ? 'open' : w === 'high' ? 'high' : w === 'low' ? 'low' : w === 'volume' ? 'volume' : 'close';
    return { k: 'price', field };
  }],
  [/(?<![\w.])-?\d+(?:\.\d+)?(?![\w%]|\.\d|-[a-z])/, () => null],
  [/\b(?:it|its|they|their)\b/, () => ({ k: 'pronoun' })],
];

/** Operand phrases in [from, to), earliest first, longest at a tie, never overlapping. */
export function scanOperands(t: Marked, from: number, to: number): Found[] {
  const all: Found[] = [];
  for (const [re, make] of RULES) {
    for (const m of t.find(re, from, to)) {
      const tok = make(m.groups) ?? { k: 'num' as const, value: Number(m.text) };
      all.push({ start: m.start, end: m.end, tok });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: Found[] = [];
  let reach = -1;
  for (const f of all) {
    if (f.start < reach) continue;
    out.push(f);
    reach = f.end;
  }
  return out;
}

/** The indicators declared so far, and the defaults the description set (Bollinger, MACD). */
export class IndicatorBook {
  readonly indicators: IndicatorSpec[] = [];
  bandParams: Record<string, number> | undefined;

  /** The id of an indicator with these settings, declaring it on first use. */
  declare(type: IndicatorType, given?: Record<string, number>, source?: PriceField): string {
    const last = [...this.indicators].reverse().find((i) => i.type === type && (i.source ?? undefined) === source);
    const params = fullParams(type, given ?? (type === 'bbands' ? this.bandParams : undefined) ?? last?.params);
    const def = INDICATOR_CATALOG[type];
    const src = source && source !== def.defaultSource ? source : undefined;
    const same = this.indicators.find((i) => i.type === type && i.source === src && JSON.stringify(i.params) === JSON.stringify(params));
    if (same) return same.id;
    let id = idFor(type, params, src);
    for (let n = 2; this.indicators.some((i) => i.id === id); n++) id = `${idFor(type, params, src)}_${n}`;
    this.indicators.push({ id, type, params, ...(src ? { source: src } : {}) });
    return id;
  }

  lastOf(type: IndicatorType): IndicatorSpec | undefined {
    return [...this.indicators].reverse().find((i) => i.type === type);
  }

  typeOf(operand: Operand | undefined): IndicatorType | undefined {
    if (typeof operand !== 'string') return typeof operand === 'object' ? this.typeOf(operand.ref) : undefined;
    return this.indicators.find((i) => i.id === operand.split('.')[0])?.type;
  }

  sourceOf(operand: Operand | undefined): PriceField | undefined {
    if (typeof operand !== 'string') return undefined;
    if (['open', 'high', 'low', 'close', 'volume'].includes(operand)) return operand as PriceField;
    const ind = this.indicators.find((i) => i.id === operand.split('.')[0]);
    return ind ? ind.source ?? INDICATOR_CATALOG[ind.type].defaultSource : undefined;
  }
}

function idFor(type: IndicatorType, p: Record<string, number>, source?: PriceField): string {
  const num = (x: number) => String(x).replace('.', '_');
  const suffix = source ? source[0].toUpperCase() + source.slice(1) : '';
  const isDefault = JSON.stringify(p) === JSON.stringify(fullParams(type));
  switch (type) {
    case 'sma': case 'ema': case 'wma':
      return source === 'volume' ? `vol${type[0].toUpperCase()}${type.slice(1)}${p.period}` : `${type}${p.period}${suffix}`;
    case 'macd': return isDefault ? 'macd' : `macd_${p.fast}_${p.slow}_${p.signal}`;
    case 'bbands': return isDefault ? `bb${suffix}` : `bb${p.period}_${num(p.mult)}${suffix}`;
    case 'stoch': return isDefault ? 'stoch' : `stoch_${p.period}_${p.smoothK}_${p.smoothD}`;
    case 'williamsR': return `willr${p.period}`;
    case 'highest': return `hh${p.period}${suffix}`;
    case 'lowest': return `ll${p.period}${suffix}`;
    default: return `${type}${p.period}${suffix}`;
  }
}
