/**
 * Whole-description extractors: risk limits, position size, timeframe, symbols, direction words and
 * a stated name. Each consumes what it understood from the Marked text.
 */
import type { Direction, Risk, Sizing, Timeframe } from '../spec/types';
import type { Marked } from './text';

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const PCT = String.raw`${NUM}\s*%`;
const SEP = String.raw`\s*(?:of|at|to|:|=|is)?\s*(?:an?\s+)?`;

/** The number of the first phrase matching any pattern; a later phrase with another number is noted, not dropped. */
function firstNumber(t: Marked, patterns: string[], notes: string[]): number | undefined {
  const hits: { at: number; text: string; value: number }[] = [];
  for (const p of patterns) {
    for (const m of t.find(new RegExp(p))) {
      t.consume(m.start, m.end);
      hits.push({ at: m.start, text: t.original.slice(m.start, m.end).trim(), value: Number(m.groups.find((g) => g !== undefined && /^\d/.test(g))) });
    }
  }
  hits.sort((a, b) => a.at - b.at);
  for (const h of hits.slice(1)) {
    if (h.value !== hits[0].value) notes.push(`"${h.text}" conflicts with "${hits[0].text}"; the first is used`);
  }
  return hits[0]?.value;
}

export function extractRisk(t: Marked, notes: string[]): Risk {
  const risk: Risk = {};
  const trailing = firstNumber(t, [
    String.raw`\btrailing[- ]stop(?:[- ]loss)?${SEP}${PCT}`,
    String.raw`\b${PCT}\s+trailing[- ]stop(?:[- ]loss)?\b`,
    String.raw`\btrail(?:ing)?\s+(?:the\s+)?stop\s+(?:by\s+)?${PCT}`,
  ], notes);
  const stop = firstNumber(t, [
    String.raw`\bstop[- ]?loss${SEP}${PCT}(?:\s+(?:below|from|under)\s+(?:the\s+)?(?:entry|purchase)(?:\s+price)?)?`,
    String.raw`\b${PCT}\s+stop(?:[- ]?loss)?\b`,
    String.raw`\bstop(?:\s+out)?(?:${SEP}|\s+if\s+(?:it\s+|price\s+)?(?:falls|drops)\s+)${PCT}(?:\s+(?:below|from|under)\s+(?:the\s+)?(?:entry|purchase)(?:\s+price)?)?`,
  ], notes);
  const target = firstNumber(t, [
    String.raw`\btake[- ]?profits?${SEP}${PCT}(?:\s+(?:gain|profit|above\s+(?:the\s+)?entry))?`,
    String.raw`\b(?:profit[- ])?target${SEP}${PCT}`,
    String.raw`\b${PCT}\s+(?:take[- ]?profit|profit[- ]target|target|gain\s+target)\b`,
  ], notes);
  if (trailing !== undefined) risk.trailingStopPct = trailing;
  if (stop !== undefined) risk.stopLossPct = stop;
  if (target !== undefined) risk.takeProfitPct = target;
  return risk;
}

export function extractSizing(t: Marked, notes: string[]): Sizing {
  const equity = String.raw`(?:the\s+|my\s+|our\s+)?(?:available\s+|total\s+)?(?:account\s+)?(?:equity|capital|account|portfolio|cash|balance)`;
  const pct = firstNumber(t, [
    String.raw`(?:\b(?:use|using|invest(?:ing)?|allocate|allocating|put(?:ting)?|with|size|position\s+size|size\s+positions\s+at)\s+)?(?<!\brisk(?:ing)?\s+)${PCT}\s+of\s+${equity}(?:\s+(?:per|on\s+each|for\s+each|in\s+each)\s+(?:trade|position))?`,
    String.raw`\bposition\s+size${SEP}${PCT}`,
  ], notes);
  if (pct !== undefined) return pct >= 100 ? { type: 'allIn' } : { type: 'fraction', value: pct };
  const units = firstNumber(t, [String.raw`\b(\d+)\s+(?:shares|units|contracts|coins|lots)\b(?:\s+(?:per|each)\s+trade)?`], notes);
  if (units !== undefined) return { type: 'units', value: units };
  firstNumber(t, [String.raw`\ball[- ]in\b(?:\s+(?:each|per)\s+trade)?`], notes);
  return { type: 'allIn' };
}

const TIMEFRAME_WORDS: [string, Timeframe][] = [
  [String.raw`(?:1|one)[- ]?minute`, '1m'], [String.raw`(?:5|five)[- ]?minute`, '5m'], [String.raw`(?:15|fifteen)[- ]?minute`, '15m'],
  [String.raw`(?:30|thirty)[- ]?minute`, '30m'], [String.raw`(?:1|one)[- ]?hour|60[- ]?minute`, '1h'], [String.raw`(?:4|four)[- ]?hour`, '4h'],
];
const TF_TAIL = String.raw`(?:\s+(?:bars?|candles?|chart|timeframe|time\s+frame|data|candlesticks?))`;

export function extractTimeframe(t: Marked, notes: string[]): Timeframe {
  const found: { at: number; tf: Timeframe; text: string }[] = [];
  const take = (re: string, tf: Timeframe) => {
    for (const m of t.find(new RegExp(String.raw`\b(?:on\s+(?:the\s+)?|using\s+)?(?:${re})`))) {
      t.consume(m.start, m.end);
      found.push({ at: m.start, tf, text: t.original.slice(m.start, m.end).trim() });
    }
  };
  for (const [re, tf] of TIMEFRAME_WORDS) take(String.raw`\b(?:${re})${TF_TAIL}`, tf);
  take(String.raw`\b1m\b${TF_TAIL}?`, '1m');
  take(String.raw`\b5m\b${TF_TAIL}?`, '5m');
  take(String.raw`\b15m\b${TF_TAIL}?`, '15m');
  take(String.raw`\b30m\b${TF_TAIL}?`, '30m');
  take(String.raw`\b(?:1h|h1|60m)\b${TF_TAIL}?`, '1h');
  take(String.raw`\b(?:4h|h4)\b${TF_TAIL}?`, '4h');
  take(String.raw`\bhourly${TF_TAIL}?`, '1h');
  take(String.raw`\b(?:daily|1d|end[- ]of[- ]day)${TF_TAIL}?|\bday${TF_TAIL}`, '1d');
  take(String.raw`\b(?:weekly|1wk|1w)${TF_TAIL}?`, '1wk');
  take(String.raw`\b(?:monthly|1mo)${TF_TAIL}?`, '1mo');
  found.sort((a, b) => a.at - b.at);
  for (const f of found.slice(1)) {
    if (f.tf !== found[0].tf) notes.push(`"${f.text}" names a second timeframe; ${found[0].tf} ("${found[0].text}") is used`);
  }
  return found[0]?.tf ?? '1d';
}

const NOT_TICKERS = new Set(
  ('RSI SMA EMA WMA MA MACD CCI ADX ATR ROC MFI OBV VWAP BB SL TP AND OR THE IF WHEN BUY SELL LONG SHORT EXIT STOP USD EUR ETF ' +
    'OHLC OHLCV PM AM UTC EOD ATH DI II NOT NO ONLY ALL IN ON AT OF TO A I K D R N X THEN ENTRY ELSE AI API CSV JSON SAR ' +
    'PSAR DMI TA NYSE NASDAQ').split(' '),
);

/** Tickers written in capitals (`AAPL`, `BTC-USD`, `EURUSD=X`, `^GSPC`, `$TSLA`), in order of appearance. */
export function extractSymbols(t: Marked): string[] {
  const out: string[] = [];
  const re = /(?<![\w^$.-])(\$|\^)?([A-Z][A-Z0-9]{0,9}(?:[.-][A-Z]{1,4})?(?:=X)?)(?![\w-])/;
  for (const m of t.find(re, 0, t.original.length, 'original')) {
    const [prefix, sym] = m.groups as [string | undefined, string];
    if (!prefix && (sym.length < 2 || NOT_TICKERS.has(sym) || /^\d/.test(sym))) continue;
    if (!prefix && /\b(?:the|a|an|his|her|its|their|our|my)\s+$/i.test(t.original.slice(Math.max(0, m.start - 8), m.start))) continue; // "the CEO"
    if (/^[A-Z]+\d+$/.test(sym) && NOT_TICKERS.has(sym.replace(/\d+$/, ''))) continue; // RSI14, SMA50
    const name = prefix === '^' ? `^${sym}` : sym;
    // take a leading "on"/"for"/"trade" with it
    const before = t.norm.slice(0, m.start).match(/\b(?:on|for|in|trade|trading|of)\s+$/);
    t.consume(before ? m.start - before[0].length : m.start, m.end);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** "long only", "long and short", "both directions"… */
export function extractDirection(t: Marked, notes: string[]): Direction | undefined {
  const table: [string, Direction][] = [
    [String.raw`\b(?:trade\s+)?(?:both\s+)?long\s+and\s+short(?:\s+(?:trades|positions|sides))?\b|\bboth\s+(?:directions|ways|sides)\b|\blong\s*/\s*short\b`, 'both'],
    [String.raw`\blong[- ]only\b|\bonly\s+(?:go\s+)?long\b|\bno\s+shorts?(?:ing)?\b`, 'long'],
    [String.raw`\bshort[- ]only\b|\bonly\s+(?:go\s+)?short\b`, 'short'],
  ];
  let dir: Direction | undefined;
  for (const [re, d] of table) {
    for (const m of t.find(new RegExp(re))) {
      t.consume(m.start, m.end);
      if (dir && dir !== d) notes.push(`"${t.original.slice(m.start, m.end).trim()}" contradicts the direction stated first (${dir}); ${dir} is used`);
      dir ??= d;
    }
  }
  return dir;
}

/** A name the description gives itself: "A simple RSI strategy: …", "Strategy name: X". */
export function extractName(t: Marked): string | undefined {
  const named = t.find(/^\s*(?:strategy\s+)?name\s*[:=]\s*([^.\n;]{1,60})/);
  if (named.length) {
    t.consume(named[0].start, named[0].end);
    const g = named[0];
    const at = g.start + g.text.indexOf(':') + 1;
    return t.original.slice(at, g.end).trim();
  }
  const m = t.find(/^\s*(?:an?\s+|my\s+)?([a-z0-9][\w /&+'-]{1,50}?)\s+strategy\b\s*(?::|-|\.|,|\bfor\b|\bon\b|\bthat\b|\bwhich\b|\bwhere\b)?/);
  if (!m.length) return undefined;
  t.consume(m[0].start, m[0].end);
  const inner = m[0].groups[0]!;
  const at = t.norm.indexOf(inner, m[0].start);
  return titleCase(t.original.slice(at, at + inner.length).trim());
}

export function titleCase(s: string): string {
  return s.replace(/(^|\s)([a-z])/g, (_m, sp: string, c: string) => sp + c.toUpperCase());
}
