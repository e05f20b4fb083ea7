/**
 * The offline generator's parser: a plain-words description → a StrategySpec, with every part it
 * could not place returned in `unparsed` (never dropped). Rule-based, deterministic, no network.
 * The spec it returns is not yet validated: run `validateSpec` on it (a description without an entry
 * rule, for instance, yields a spec that fails validation with a clear message).
 */
import { INDICATOR_CATALOG } from '../spec/catalog';
import { type Cond, type Direction, type Operand, type Rules, type StrategySpec } from '../spec/types';
import { type Context, parseCondition } from './conditions';
import { extractDirection, extractName, extractRisk, extractSizing, extractSymbols, extractTimeframe } from './extract';
import { IndicatorBook, scanOperands } from './operands';
import { type Match, Marked } from './text';

type Role = 'longEntry' | 'longExit' | 'shortEntry' | 'shortExit' | 'entry' | 'exit' | 'filter';

const WHEN = String.raw`(?=(?:\s+(?:it|[a-z0-9.=^$-]{1,12}))?(?:\s+(?:when|if|once|whenever|as\s+soon\s+as|on|after|only)\b|\s*[,:]))`;
const TRIGGERS: [RegExp, Role][] = [
  [/\b(?:buy\s+to\s+cover|cover(?:\s+(?:the\s+)?shorts?)?|exit\s+(?:the\s+|a\s+)?shorts?(?:\s+(?:position|trade)s?)?|close\s+(?:the\s+|a\s+)?shorts?(?:\s+(?:position|trade)s?)?)\b/, 'shortExit'],
  [/\b(?:exit\s+(?:the\s+|a\s+)?longs?(?:\s+(?:position|trade)s?)?|close\s+(?:the\s+|a\s+)?longs?(?:\s+(?:position|trade)s?)?)\b/, 'longExit'],
  [new RegExp(String.raw`\b(?:sell\s+short|short[- ]sell|go\s+short|enter\s+(?:a\s+)?short(?:\s+(?:position|trade))?|open\s+(?:a\s+)?short(?:\s+(?:position|trade))?|short${WHEN})`), 'shortEntry'],
  [new RegExp(String.raw`\b(?:buy|purchase|go\s+long|get\s+long|enter\s+(?:a\s+)?long(?:\s+(?:position|trade))?|open\s+(?:a\s+)?long(?:\s+(?:position|trade))?|long${WHEN})\b`), 'longEntry'],
  [new RegExp(String.raw`\b(?:only\s+(?:take\s+)?(?:trades?|entries|enter)|take\s+trades?\s+only|trade\s+only)\b`), 'filter'],
  [new RegExp(String.raw`\b(?:enter(?:\s+(?:a|the)\s+(?:position|trade))?${WHEN}|open\s+(?:a\s+)?(?:position|trade)|get\s+in)\b`), 'entry'],
  [/\b(?:sell|exit(?:\s+(?:the\s+|a\s+)?(?:position|trade)s?)?|close\s+(?:out\s+)?(?:the\s+|a\s+)?(?:position|trade)s?|close\s+out|get\s+out|take\s+profits?(?=\s+(?:when|if|once))|flatten)\b/, 'exit'],
];

interface Group {
  role: Role;
  conds: Cond[];
  any: boolean;
}

export interface ParsedDescription {
  spec: StrategySpec;
  unparsed: string[];
}

export function parseDescription(text: string): ParsedDescription {
  const t = new Marked(text);
  const notes: string[] = [];
  const name = extractName(t);
  const risk = extractRisk(t, notes);
  const sizing = extractSizing(t, notes);
  const timeframe = extractTimeframe(t, notes);
  const symbols = extractSymbols(t);
  const stated = extractDirection(t, notes);
  const book = new IndicatorBook();
  book.bandParams = bandDefaults(t);
  const ctx: Context = {};
  const groups: Group[] = [];

  for (const [s, e] of sentences(t.norm)) {
    const triggers: (Match & { role: Role })[] = [];
    const found = TRIGGERS.flatMap(([re, role]) => t.find(re, s, e).map((m) => ({ ...m, role })));
    for (const m of found.sort((a, b) => a.start - b.start || b.end - a.end)) {
      if (!triggers.length || m.start >= triggers[triggers.length - 1].end) triggers.push(m);
    }
    if (!triggers.length) continue;
    let sideSeen: 'long' | 'short' = 'long';
    triggers.forEach((tr, i) => {
      t.consume(tr.start, tr.end);
      const end = i + 1 < triggers.length ? triggers[i + 1].start : e;
      const group: Group = { role: tr.role, conds: [], any: false };
      if (i === 0 && tr.start > s) parsePieces(t, book, ctx, s, tr.start, group, notes);
      parsePieces(t, book, ctx, tr.end, end, group, notes);
      if (tr.role === 'longEntry' || tr.role === 'shortEntry') sideSeen = tr.role === 'longEntry' ? 'long' : 'short';
      if (tr.role === 'exit' && sideSeen === 'short' && groups.some((g) => g.role === 'shortEntry')) group.role = 'shortExit';
      if (group.conds.length) groups.push(group);
    });
  }
  consumeMentions(t, book);

  const has = (r: Role) => groups.some((g) => g.role === r);
  const direction: Direction = stated ?? (has('shortEntry') && (has('longEntry') || has('entry')) ? 'both' : has('shortEntry') ? 'short' : 'long');
  const shortSide = direction === 'short';
  const pick = (roles: Role[]) => combine(groups.filter((g) => roles.includes(g.role)), notes);
  const filters = groups.filter((g) => g.role === 'filter').flatMap((g) => g.conds);
  const withFilter = (r: Rules): Rules => {
    if (!filters.length) return r;
    if ('any' in r && r.any.length > 1) {
      notes.push('an "only when" filter could not be combined with entry rules joined by "or"; it was left out');
      return r;
    }
    return { all: [...('all' in r ? r.all : r.any), ...filters] };
  };
  const spec: StrategySpec = {
    name: '',
    description: text.trim(),
    symbols,
    timeframe,
    direction,
    indicators: book.indicators,
    entry: withFilter(pick(shortSide ? ['shortEntry', 'entry'] : ['longEntry', 'entry'])),
    exit: pick(shortSide ? ['shortExit', 'exit'] : ['longExit', 'exit']),
    risk,
    sizing,
  };
  if (direction === 'both') {
    spec.shortEntry = withFilter(pick(['shortEntry']));
    const shortExit = pick(['shortExit']);
    if ('all' in shortExit ? shortExit.all.length : shortExit.any.length) spec.shortExit = shortExit;
  } else if (direction === 'long' && has('shortEntry')) notes.push('short entry rules were given but the strategy is long only; they were left out');
  spec.name = name ?? defaultName(spec, book);
  return { spec, unparsed: [...t.leftovers(), ...notes] };
}

/** Sentence spans: split at . ; ! ? and line breaks (not at decimal points). */
function sentences(norm: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i <= norm.length; i++) {
    const c = norm[i];
    const end = i === norm.length || /[;!?\n]/.test(c) || (c === '.' && !/\d/.test(norm[i + 1] ?? ''));
    if (end) {
      if (i > start) out.push([start, i]);
      start = i + 1;
    }
  }
  return out;
}

/** Splits [from, to) at commas and "and" / "or" (outside brackets) and parses each piece. */
function parsePieces(t: Marked, book: IndicatorBook, ctx: Context, from: number, to: number, group: Group, notes: string[]): void {
  const cuts: { at: number; len: number; word: string }[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = t.norm[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (depth) continue;
    if (c === ',') cuts.push({ at: i, len: 1, word: ',' });
    const w = /^\b(and|or|but|then|while|when|if|whenever|once)\b|^\b(?:on|with)\s+(?=(?:a\s+|high\s+|rising\s+|strong\s+)?volume\b)/.exec(t.norm.slice(i, to));
    if (w && (i === 0 || /\W/.test(t.norm[i - 1])) && t.isFree(i, i + w[0].length)) {
      cuts.push({ at: i, len: w[1] ? w[0].length : 0, word: w[1] ?? 'and' });
      i += w[0].length - 1;
    }
  }
  let start = from;
  let sawOr = false;
  let sawAnd = false;
  let pendingJoin: 'and' | 'or' = 'and';
  for (const cut of [...cuts, { at: to, len: 0, word: '' }]) {
    const before = group.conds.length;
    const cond = parseCondition(t, book, ctx, start, cut.at);
    if (cond) group.conds.push(cond);
    if (cond && before > 0) {
      if (pendingJoin === 'or') sawOr = true;
      else sawAnd = true;
    }
    if (cut.word === 'or') pendingJoin = 'or';
    else if (cut.word === 'and' || cut.word === 'but' || cut.word === 'while') pendingJoin = 'and';
    start = cut.at + cut.len;
  }
  if (sawOr && sawAnd) notes.push(`"${t.original.slice(from, to).trim()}" mixes "and" with "or"; read as all of them ("and")`);
  group.any = sawOr && !sawAnd;
}

/** Several groups for one role: single conditions are alternatives ("any"); otherwise their conditions all apply. */
function combine(gs: Group[], notes: string[]): Rules {
  if (!gs.length) return { all: [] };
  if (gs.length === 1) return gs[0].any ? { any: gs[0].conds } : { all: gs[0].conds };
  const conds = gs.flatMap((g) => g.conds);
  if (gs.every((g) => g.conds.length === 1 || g.any)) return { any: conds };
  if (gs.some((g) => g.any && g.conds.length > 1)) notes.push('rules given in several sentences mix "or" with "and"; read as all of them ("and")');
  return { all: conds };
}

/** Bollinger settings stated anywhere: "Bollinger Bands (20, 2)", "20-day Bollinger Bands", "2.5 standard deviations". */
function bandDefaults(t: Marked): Record<string, number> | undefined {
  const n = t.norm;
  const paren = /bollinger\s+bands?\s*\(\s*(\d+)\s*,\s*(\d+(?:\.\d+)?)\s*\)/.exec(n);
  const period = paren?.[1] ?? /(\d+)[- ]?(?:day|period|bar)s?\s+bollinger/.exec(n)?.[1] ?? /bollinger\s+bands?\s+(?:of|with|using)\s+(?:period\s+)?(\d+)\b(?!\s*(?:standard|std|sd|sigma))/.exec(n)?.[1];
  const mult = paren?.[2] ?? /(\d+(?:\.\d+)?)\s*(?:standard\s+deviations?|std(?:dev)?|sd|sigma)\b/.exec(n)?.[1];
  if (period === undefined && mult === undefined) return undefined;
  return { period: Number(period ?? 20), mult: Number(mult ?? 2) };
}

/** Consumes leftover mentions of indicators the spec already uses ("Use Bollinger Bands (20, 2).") and their settings. */
function consumeMentions(t: Marked, book: IndicatorBook): void {
  const used = new Set(book.indicators.map((i) => i.type));
  for (const f of scanOperands(t, 0, t.norm.length)) {
    const type = f.tok.k === 'ind' ? f.tok.type : f.tok.k === 'band' ? 'bbands' : undefined;
    const given = f.tok.k === 'ind' || f.tok.k === 'band' ? f.tok.params : undefined;
    const same = book.indicators.some((i) => i.type === type && (!given || Object.entries(given).every(([k, v]) => i.params[k] === v)));
    if (type && used.has(type) && same) t.consume(f.start, f.end);
  }
  if (used.has('bbands')) for (const m of t.find(/\b(?:with\s+|at\s+|and\s+)?\d+(?:\.\d+)?\s*(?:standard\s+deviations?|std(?:dev)?|sd|sigma)\b/)) t.consume(m.start, m.end);
}

/** "RSI 14 / SMA 200 strategy" from the indicators the entry reads. */
function defaultName(spec: StrategySpec, book: IndicatorBook): string {
  const ids: string[] = [];
  const visit = (o: Operand) => {
    const ref = typeof o === 'object' ? o.ref : o;
    if (typeof ref === 'string' && book.indicators.some((i) => i.id === ref.split('.')[0]) && !ids.includes(ref.split('.')[0])) ids.push(ref.split('.')[0]);
  };
  for (const c of 'all' in spec.entry ? spec.entry.all : spec.entry.any) {
    visit(c.left);
    visit(c.right);
  }
  const words = ids.map((id) => {
    const ind = book.indicators.find((i) => i.id === id);
    if (!ind) return id;
    const def = INDICATOR_CATALOG[ind.type];
    const p = ind.params.period;
    if (ind.type === 'highest' || ind.type === 'lowest') return `${p}-bar ${ind.type === 'highest' ? 'high' : 'low'}`;
    return `${ind.source === 'volume' ? 'Volume ' : ''}${def.label}${p !== undefined && def.params.length === 1 ? ` ${p}` : ''}`;
  });
  const side = spec.direction === 'both' ? ' long/short' : spec.direction === 'short' ? ' short' : '';
  return `${words.length ? words.join(' / ') : 'Custom'}${side} strategy`;
}
