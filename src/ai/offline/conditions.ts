/**
 * One condition phrase → one spec condition: "the 50-day crosses above the 200-day",
 * "RSI(14) drops below 30", "price is 5% below the 20-day SMA", "volume is above 2x its 20-day
 * average", "MACD crosses above the signal line", "price touches the lower Bollinger band",
 * "a golden cross", "makes a new 20-day high". Understood text is consumed; on failure nothing is.
 */
import type { Cond, Op, Operand } from '../spec/types';
import { type Found, IndicatorBook, type Tok, scanOperands } from './operands';
import { type Marked, onlyFiller } from './text';

/** The previous condition's sides, for "sell when it crosses below". */
export interface Context {
  left?: Operand;
  right?: Operand;
}

const PCT = String.raw`(?:(?:more\s+than|at\s+least|over|by)\s+)?(?<pct>\d+(?:\.\d+)?)\s*%\s+`;
const UP = String.raw`(?:cross(?:es|ed|ing)?|break(?:s|ing)?(?:\s+out)?|mov(?:es|ed|e|ing)|ris(?:es|e|ing)|climb(?:s|ed)?|jump(?:s|ed)?|go(?:es)?|get(?:s)?|push(?:es)?|pop(?:s)?|turn(?:s)?|bounce(?:s)?|recover(?:s)?)`;
const DOWN = String.raw`(?:cross(?:es|ed|ing)?|break(?:s|ing)?(?:\s+down)?|mov(?:es|ed|e|ing)|fall(?:s|ing)?|drop(?:s|ped|ping)?|dip(?:s|ped)?|go(?:es)?|get(?:s)?|sink(?:s)?|slip(?:s)?|slide(?:s)?|turn(?:s)?|plunge(?:s)?|decline(?:s)?)`;
const STATE = String.raw`(?:\b(?:is|are|stays?|remains?|trades?|trading|sits?|holds?|spikes?|surges?|(?<closes>closes?|closed|closing)|opens?)\s+)`;

interface Comparator {
  re: RegExp;
  op?: Op;
  kind?: 'touch' | 'turn';
  /** Direction of a percentage distance: "5% above" → ×1.05, "5% below" → ×0.95. */
  dir?: 1 | -1;
}

const COMPARATORS: Comparator[] = [
  { re: new RegExp(String.raw`\b${UP}\s+(?:back\s+)?(?:${PCT})?(?:above|over)\b`), op: 'crossesAbove', dir: 1 },
  { re: new RegExp(String.raw`\b${DOWN}\s+(?:back\s+)?(?:${PCT})?(?:below|under|beneath)\b`), op: 'crossesBelow', dir: -1 },
  { re: /\b(?:turns?|goes|becomes?|flips?|crosses\s+into)\s+(?<sign>positive|negative)\b/, kind: 'turn' },
  { re: new RegExp(String.raw`${STATE}?(?:\bat\s+or\s+above\b|\bgreater\s+than\s+or\s+equal\s+to\b|\bat\s+least\b|>=|≥)`), op: '>=' },
  { re: new RegExp(String.raw`${STATE}?(?:\bat\s+or\s+below\b|\bless\s+than\s+or\s+equal\s+to\b|\bat\s+most\b|<=|≤)`), op: '<=' },
  { re: new RegExp(String.raw`${STATE}?(?:${PCT})?(?:\babove\b|\bover\b|\bgreater\s+than\b|\bhigher\s+than\b|\bmore\s+than\b|\bexceeds?\b|\boutside\b|>)`), op: '>', dir: 1 },
  { re: new RegExp(String.raw`${STATE}?(?:${PCT})?(?:\bbelow\b|\bunder\b|\bbeneath\b|\bless\s+than\b|\blower\s+than\b|<)`), op: '<', dir: -1 },
  { re: /\b(?:touch(?:es|ed)?|tags?|hits?|reach(?:es)?|tests?)\b/, kind: 'touch' },
];

interface Hit {
  start: number;
  end: number;
  c: Comparator;
  pct?: number;
  closes: boolean;
  sign?: string;
}

function findComparator(t: Marked, from: number, to: number): Hit | null {
  let best: Hit | null = null;
  for (const c of COMPARATORS) {
    const g = new RegExp(c.re.source, 'g');
    g.lastIndex = from;
    const text = t.norm.slice(0, to);
    let m: RegExpExecArray | null;
    while ((m = g.exec(text))) {
      const start = m.index;
      const end = start + m[0].length;
      if (!t.isFree(start, end)) continue;
      if (!best || start < best.start || (start === best.start && end > best.end)) {
        const pct = m.groups?.pct;
        best = { start, end, c, pct: pct === undefined ? undefined : Number(pct), closes: !!m.groups?.closes, sign: m.groups?.sign };
      }
      break;
    }
  }
  return best;
}

/** Parses the phrase in [from, to); returns the condition (consuming its words) or null. */
export function parseCondition(t: Marked, book: IndicatorBook, ctx: Context, from: number, to: number): Cond | null {
  // indicators declared while reading a phrase that then fails are taken back
  const declared = book.indicators.length;
  const cond = readCondition(t, book, ctx, from, to);
  if (!cond) book.indicators.length = declared;
  return cond;
}

function readCondition(t: Marked, book: IndicatorBook, ctx: Context, from: number, to: number): Cond | null {
  const special = specialCondition(t, book, from, to);
  if (special) return special;
  const hit = findComparator(t, from, to);
  if (!hit) return volumeSpike(t, book, from, to);

  const lefts = scanOperands(t, from, hit.start).filter((f) => !(f.tok.k === 'pronoun' && !ctx.left));
  const leftFound: Found | undefined = lefts[lefts.length - 1];
  // words between the left operand and the comparator (or, without one, any words at all) are not ours to skip
  if (!onlyFiller(t.norm.slice(leftFound ? leftFound.end : from, hit.start))) return null;
  let left: Operand | undefined;
  if (leftFound && leftFound.tok.k === 'pronoun') left = ctx.left;
  else if (leftFound) left = resolve(leftFound.tok, book, undefined);
  else if (hit.closes) left = 'close';
  else left = ctx.left ?? 'close';
  if (left === undefined) return null;

  // right side: an optional "2x" / "150% of" multiplier, then the first operand
  let rightFrom = hit.end;
  let mult: number | undefined;
  const multMatch = /^\s*(?:the\s+|its\s+)?(?:(\d+(?:\.\d+)?)\s*(?:x|times)\b|(\d+(?:\.\d+)?)\s*%\s+of\b|(twice|double|triple))/.exec(t.norm.slice(hit.end, to));
  if (multMatch) {
    mult = multMatch[1] ? Number(multMatch[1]) : multMatch[2] ? Number(multMatch[2]) / 100 : multMatch[3] === 'triple' ? 3 : 2;
    rightFrom = hit.end + multMatch[0].length;
  }
  let op: Op;
  let right: Operand | undefined;
  const rights = scanOperands(t, rightFrom, to).filter((f) => f.tok.k !== 'pronoun');
  let rightFound: Found | undefined = rights[0];
  if (hit.c.kind === 'turn') {
    op = hit.sign === 'positive' ? 'crossesAbove' : 'crossesBelow';
    right = 0;
    rightFound = undefined;
  } else {
    if (!onlyFiller(t.norm.slice(rightFrom, rightFound ? rightFound.start : to))) return null;
    right = rightFound ? resolve(rightFound.tok, book, left) : mult === undefined ? ctx.right : undefined;
    if (right === undefined) return null;
    if (hit.c.kind === 'touch') {
      const r = String(right);
      const upper = /\.upper$/.test(r) || book.typeOf(right) === 'highest';
      const lower = /\.lower$/.test(r) || book.typeOf(right) === 'lowest';
      if (!upper && !lower) return null;
      op = upper ? '>=' : '<=';
      if (left === 'close' || left === 'high' || left === 'low') left = upper ? 'high' : 'low';
    } else op = hit.c.op!;
  }
  if (hit.pct !== undefined) {
    if (typeof right === 'number' || mult !== undefined) return null;
    mult = 1 + (hit.c.dir! * hit.pct) / 100;
  }
  if (mult !== undefined) {
    if (typeof right !== 'string') return null;
    right = { ref: right, mult: round(mult) };
  }
  // operands from their words: consume them (and the comparator), the rest stays for the report
  t.consume(hit.start, hit.end);
  if (leftFound) t.consume(leftFound.start, leftFound.end);
  if (multMatch) t.consume(hit.end, rightFrom);
  if (rightFound) t.consume(rightFound.start, rightFound.end);
  ctx.left = left;
  ctx.right = right;
  return { left, op, right };
}

function round(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}

/** Turns an operand token into a spec operand, declaring indicators as needed. */
export function resolve(tok: Tok, book: IndicatorBook, other: Operand | undefined): Operand | undefined {
  switch (tok.k) {
    case 'num': return tok.value;
    case 'price': return tok.field;
    case 'pronoun': return undefined;
    case 'ind': {
      const id = book.declare(tok.type, tok.params, tok.source);
      return tok.key && tok.type !== 'highest' && tok.type !== 'lowest' ? `${id}.${tok.key}` : id;
    }
    case 'macdLine': {
      const fromOther = book.typeOf(other) === 'macd' ? String(other).split('.')[0] : undefined;
      const id = fromOther ?? book.lastOf('macd')?.id ?? book.declare('macd');
      return `${id}.${tok.key}`;
    }
    case 'stochLine': return `${book.lastOf('stoch')?.id ?? book.declare('stoch')}.${tok.key}`;
    case 'band': return `${book.declare('bbands', tok.params)}.${tok.key}`;
    case 'avg': {
      if (book.sourceOf(other) === 'volume') return book.declare('sma', { period: tok.period ?? 20 }, 'volume');
      return tok.period === undefined ? undefined : book.declare('sma', { period: tok.period });
    }
    case 'bare': {
      const t = book.typeOf(other);
      return book.declare(t === 'ema' || t === 'wma' ? t : 'sma', { period: tok.period });
    }
  }
}

function specialCondition(t: Marked, book: IndicatorBook, from: number, to: number): Cond | null {
  const cross = t.find(/\b(?:a\s+)?(golden|death)\s+cross(?:\s+(?:occurs|happens|forms|appears))?\b(?:\s*\(\s*50\s*\/\s*200\s*\))?/, from, to)[0];
  if (cross) {
    t.consume(cross.start, cross.end);
    return { left: book.declare('sma', { period: 50 }), op: cross.groups[0] === 'golden' ? 'crossesAbove' : 'crossesBelow', right: book.declare('sma', { period: 200 }) };
  }
  const extreme = t.find(/\b(?:(?:the\s+)?(?:stock|price|close|it|market)\s+)?(?:makes?|sets?|hits?|reach(?:es)?|prints?|closes\s+at|breaks?\s+out\s+to|posts?)\s+(?:a\s+)?(?:new\s+)?(\d+)[- ]?(day|bar|week|period|session)s?\s+(high|low)s?\b/, from, to)[0];
  if (extreme) {
    t.consume(extreme.start, extreme.end);
    const period = Number(extreme.groups[0]) * (extreme.groups[1] === 'week' ? 5 : 1);
    const high = extreme.groups[2] === 'high';
    return { left: 'close', op: high ? '>' : '<', right: book.declare(high ? 'highest' : 'lowest', { period }) };
  }
  return null;
}

/** "on a volume spike": volume above twice its 20-bar average (the documented default). */
function volumeSpike(t: Marked, book: IndicatorBook, from: number, to: number): Cond | null {
  const m = t.find(/\b(?:an?\s+)?(?:volume\s+(?:spikes?|surges?)|(?:spike|surge|jump)\s+in\s+volume)\b/, from, to)[0];
  if (!m) return null;
  t.consume(m.start, m.end);
  return { left: 'volume', op: '>', right: { ref: book.declare('sma', { period: 20 }, 'volume'), mult: 2 } };
}
