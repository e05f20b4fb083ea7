/**
 * Offline follow-up changes: "now add a 5 % trailing stop", "make the stop loss 3 %", "remove the
 * take profit", "change the RSI period to 21", "also only buy when close is above the 200-day SMA",
 * "sell when RSI is above 80 instead" — merged into the spec of the strategy under discussion. The
 * change text goes through the same offline parser as a new idea; what it names replaces or joins
 * the previous spec, and whatever it could not place is reported, never guessed.
 */
import { parseDescription } from '../ai/offline/parse';
import { type Cond, type IndicatorSpec, type Operand, type Rules, type StrategySpec, conditionsOf } from '../ai/spec/types';
import { validateSpec } from '../ai/spec/validate';

export interface SpecChange {
  spec: StrategySpec;
  /** What changed, in words ("trailing stop 5 %"). Empty: nothing was understood as a change. */
  changes: string[];
  /** Parts of the change text that were not understood. */
  unparsed: string[];
  /** Why the merged spec is not valid (then `spec` is the previous one). */
  errors: string[];
}

const RISK_WORDS: [RegExp, keyof StrategySpec['risk'], string][] = [
  [/trailing[- ]stop(?:[- ]loss)?/, 'trailingStopPct', 'trailing stop'],
  [/stop[- ]?loss|\bstop\b(?![- ]?(?:loss|trading))/, 'stopLossPct', 'stop loss'],
  [/take[- ]?profit|profit[- ]target|\btarget\b/, 'takeProfitPct', 'take profit'],
];
const REMOVE = /\b(?:remove|drop|delete|no|without|get\s+rid\s+of|disable)\s+(?:the\s+|a\s+|any\s+|its\s+)?(trailing[- ]stop(?:[- ]loss)?|stop[- ]?loss|stop|take[- ]?profit|profit[- ]target|target)\b/gi;
const PERIOD = /\b(rsi|sma|ema|wma|atr|adx|cci|roc|mfi|stoch(?:astic)?|williams\s*%?r|bollinger(?:\s+bands?)?)\s*(?:\(?\s*(\d+)\s*\)?\s*)?(?:'s\s+)?(?:period|length|lookback|window)?\s*(?:to|=|of|at|from\s+\d+\s+to)\s+(\d+)\b/gi;
const TYPE_OF: Record<string, IndicatorSpec['type']> = { rsi: 'rsi', sma: 'sma', ema: 'ema', wma: 'wma', atr: 'atr', adx: 'adx', cci: 'cci', roc: 'roc', mfi: 'mfi', stoch: 'stoch', stochastic: 'stoch', bollinger: 'bbands' };
/** Words that carry no rule of their own in a change request. */
const FILLER = /^(?:now|also|then|and|add|make|use|set|change|instead|please|ok|okay|plus|include|with|put|a|an|the|it|its|too|as well|to|of)(?:\s+(?:now|also|then|and|add|make|use|set|change|instead|please|ok|okay|plus|include|with|put|a|an|the|it|its|too|as well|to|of))*$/;

const refId = (o: Operand): string | undefined => (typeof o === 'string' ? o.split('.')[0] : typeof o === 'object' ? o.ref.split('.')[0] : undefined);

function renameOperand(o: Operand, from: string, to: string): Operand {
  const re = (s: string) => (s === from || s.startsWith(`${from}.`) ? to + s.slice(from.length) : s);
  if (typeof o === 'string') return re(o);
  if (typeof o === 'object') return { ...o, ref: re(o.ref) };
  return o;
}

function renameRules(r: Rules, from: string, to: string): Rules {
  const conds = conditionsOf(r).map((c) => ({ ...c, left: renameOperand(c.left, from, to), right: renameOperand(c.right, from, to) }));
  return 'all' in r ? { all: conds } : { any: conds };
}

function renameEverywhere(spec: StrategySpec, from: string, to: string): void {
  for (const k of ['entry', 'exit', 'shortEntry', 'shortExit'] as const) {
    const r = spec[k];
    if (r) spec[k] = renameRules(r, from, to);
  }
}

const sameIndicator = (a: IndicatorSpec, b: IndicatorSpec) => a.type === b.type && (a.source ?? 'close') === (b.source ?? 'close') && JSON.stringify(Object.entries(a.params).sort()) === JSON.stringify(Object.entries(b.params).sort());

const condWords = (c: Cond) => `${JSON.stringify(c.left)} ${c.op} ${JSON.stringify(c.right)}`.replace(/"/g, '');

export function mergeChange(previous: StrategySpec, changeText: string): SpecChange {
  const spec: StrategySpec = structuredClone(previous);
  const changes: string[] = [];
  const unparsed: string[] = [];
  let text = changeText;

  // Removals first, so "remove the stop loss" is not read as "add a stop loss".
  text = text.replace(REMOVE, (_m, what: string) => {
    const hit = RISK_WORDS.find(([re]) => re.test(what.toLowerCase()));
    if (hit && spec.risk[hit[1]] !== undefined) {
      delete spec.risk[hit[1]];
      changes.push(`removed the ${hit[2]}`);
    } else if (hit) unparsed.push(`there is no ${hit[2]} to remove`);
    return ' ';
  });

  // Period changes: "change the RSI period to 21", "RSI(14) to 21".
  text = text.replace(PERIOD, (m, w: string, old: string | undefined, to: string) => {
    const word = w.toLowerCase();
    const type = TYPE_OF[word.replace(/\s.*$/, '')] ?? (word.startsWith('williams') ? 'williamsR' : undefined);
    const n = Number(to);
    const target = spec.indicators.find((i) => i.type === type && (old === undefined || i.params.period === Number(old)) && 'period' in i.params);
    if (!target) {
      unparsed.push(`"${m.trim()}": the strategy has no ${word.toUpperCase()}${old ? `(${old})` : ''} with a period`);
      return ' ';
    }
    const before = target.params.period;
    target.params.period = n;
    const newId = target.id.replace(new RegExp(`${before}$`), String(n));
    if (newId !== target.id && !spec.indicators.some((i) => i.id === newId)) {
      renameEverywhere(spec, target.id, newId);
      target.id = newId;
    }
    changes.push(`${word.toUpperCase()} period ${before} → ${n}`);
    return ' ';
  });

  const parsedAll = parseDescription(text);
  const parsed = parsedAll.spec;
  const leftovers = parsedAll.unparsed.filter((u) => !FILLER.test(u.trim().toLowerCase().replace(/[.,!]+$/, '')));
  unparsed.push(...leftovers);

  for (const [, key, label] of RISK_WORDS) {
    const v = parsed.risk[key];
    if (v !== undefined && v !== spec.risk[key]) {
      changes.push(spec.risk[key] === undefined ? `added a ${v} % ${label}` : `${label} ${spec.risk[key]} % → ${v} %`);
      spec.risk[key] = v;
    }
  }
  if (parsed.sizing.type !== 'allIn' || /\ball[- ]in\b|\bfull (?:position|equity)\b/i.test(text)) {
    if (JSON.stringify(parsed.sizing) !== JSON.stringify(spec.sizing)) {
      spec.sizing = parsed.sizing;
      changes.push(parsed.sizing.type === 'allIn' ? 'all-in sizing' : parsed.sizing.type === 'fraction' ? `size ${parsed.sizing.value} % of equity` : `size ${parsed.sizing.value} units`);
    }
  }
  if (parsed.symbols.length && JSON.stringify(parsed.symbols) !== JSON.stringify(spec.symbols)) {
    spec.symbols = parsed.symbols;
    changes.push(`symbol ${parsed.symbols.join(', ')}`);
  }
  if (parsed.timeframe !== spec.timeframe && (parsed.timeframe !== '1d' || /\bdaily\b|\b1d\b|\bday bars\b/i.test(text))) {
    changes.push(`timeframe ${spec.timeframe} → ${parsed.timeframe}`);
    spec.timeframe = parsed.timeframe;
  }

  const lower = text.toLowerCase();
  // New rules: indicators are shared when identical, renamed when their id is taken.
  const idMap = new Map<string, string>();
  for (const ind of parsed.indicators) {
    const same = spec.indicators.find((i) => sameIndicator(i, ind));
    if (same) {
      idMap.set(ind.id, same.id);
      continue;
    }
    let id = ind.id;
    for (let k = 2; spec.indicators.some((i) => i.id === id); k++) id = `${ind.id}_${k}`;
    idMap.set(ind.id, id);
    spec.indicators.push({ ...ind, id });
  }
  const mapConds = (r: Rules) => conditionsOf(renameRulesAll(r, idMap));
  const replace = /\binstead\b|\breplace\b|\brather\b/.test(lower);
  const entryConds = mapConds(parsed.entry);
  const exitConds = mapConds(parsed.exit);
  if (parsed.direction !== 'long' || /\blong[- ]only\b/.test(lower)) {
    if (parsed.direction !== spec.direction && parsed.direction !== 'both') {
      changes.push(`direction ${spec.direction} → ${parsed.direction}`);
      spec.direction = parsed.direction;
    } else if (parsed.direction === 'both' && spec.direction !== 'both') unparsed.push('turning the strategy long/short needs the full rules for both sides: describe it as a new strategy');
  }
  if (entryConds.length) {
    const current = conditionsOf(spec.entry);
    if (replace) spec.entry = 'any' in parsed.entry ? { any: entryConds } : { all: entryConds };
    else if ('any' in spec.entry && current.length > 1) unparsed.push(`entry rules joined by "or" cannot take another condition (${entryConds.map(condWords).join(', ')}); describe the whole entry again`);
    else spec.entry = { all: [...current, ...entryConds] };
    if (spec.entry !== previous.entry) changes.push(`${replace ? 'entry now:' : 'entry also needs'} ${entryConds.map(condWords).join(' and ')}`);
  }
  if (exitConds.length) {
    const current = conditionsOf(spec.exit);
    if (replace || !current.length) spec.exit = 'any' in parsed.exit ? { any: exitConds } : { all: exitConds };
    else if ('all' in spec.exit && current.length > 1) unparsed.push(`exit rules joined by "and" cannot take an alternative (${exitConds.map(condWords).join(', ')}); describe the whole exit again`);
    else spec.exit = { any: [...current, ...exitConds] };
    changes.push(`${replace || !current.length ? 'exit now:' : 'also exits on'} ${exitConds.map(condWords).join(' or ')}`);
  }

  // Indicators no rule reads any more are dropped.
  const used = new Set<string>();
  for (const r of [spec.entry, spec.exit, spec.shortEntry, spec.shortExit]) for (const c of r ? conditionsOf(r) : []) for (const o of [c.left, c.right]) {
    const id = refId(o);
    if (id) used.add(id);
  }
  spec.indicators = spec.indicators.filter((i) => used.has(i.id));
  spec.description = `${previous.description.trim()}\nThen: ${changeText.trim()}`;

  if (!changes.length) return { spec: previous, changes, unparsed: unparsed.length ? unparsed : [changeText.trim()], errors: [] };
  const checked = validateSpec(spec);
  if (!checked.ok) return { spec: previous, changes: [], unparsed, errors: checked.errors };
  return { spec: checked.spec, changes, unparsed, errors: [] };
}

function renameRulesAll(r: Rules, ids: Map<string, string>): Rules {
  let out = r;
  // Two passes through temporary names, so a swap (a→b, b→a) cannot collide.
  const tmp = [...ids.keys()].map((from, k) => [from, `__chat${k}`, ids.get(from)!] as const);
  for (const [from, t] of tmp) out = renameRules(out, from, t);
  for (const [, t, to] of tmp) out = renameRules(out, t, to);
  return out;
}
