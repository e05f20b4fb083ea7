/**
 * The description being parsed: the original text, a same-length normalized copy for matching, and
 * which characters have been understood ("consumed"). Whatever is left unconsumed at the end and
 * holds a meaningful word is reported back as unparsed — nothing is dropped silently.
 */

/** Words that carry no rule on their own. */
const FILLER = new Set(
  ('a an the and or but then also when whenever if once as soon after on at in of to for with by from is are be it its this that ' +
    'buy sell trade trades trading enter exit position positions strategy strategies please use using go get should will would ' +
    'i we you my our me us want like let do only just bars bar candles candle chart data time frame timeframe day days each every ' +
    'per there their so which where while any all').split(' '),
);

/** Joining words trimmed from the ends of a reported fragment. */
const EDGE_START = /^(?:when|if|and|or|then|but|once|whenever|also|so|while)\b\s*/i;
const EDGE_END = /\s*\b(?:when|if|and|or|then|but|once|whenever|also|so|while|the|a|an)$/i;

/** True when the text holds no word beyond joining words and articles (so nothing would be lost). */
export function onlyFiller(text: string): boolean {
  return (text.toLowerCase().match(/[a-z0-9%$^+]+/g) ?? []).every((w) => FILLER.has(w));
}

export interface Match {
  start: number;
  end: number;
  groups: (string | undefined)[];
  text: string;
}

export class Marked {
  readonly original: string;
  readonly norm: string;
  private readonly used: Uint8Array;

  constructor(text: string) {
    this.original = text;
    this.norm = normalize(text);
    this.used = new Uint8Array(text.length);
  }

  consume(start: number, end: number): void {
    this.used.fill(1, start, end);
  }

  isFree(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.used[i]) return false;
    return true;
  }

  /** Matches of `re` (global flag added) inside [from, to) that touch no consumed character. */
  find(re: RegExp, from = 0, to = this.norm.length, source: 'norm' | 'original' = 'norm'): Match[] {
    const text = (source === 'norm' ? this.norm : this.original).slice(0, to);
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
    g.lastIndex = from;
    const out: Match[] = [];
    let m: RegExpExecArray | null;
    while ((m = g.exec(text))) {
      if (m[0].length === 0) {
        g.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (this.isFree(start, end)) out.push({ start, end, groups: m.slice(1), text: m[0] });
    }
    return out;
  }

  /** Unconsumed stretches (split at sentence and clause breaks and at understood words) holding a meaningful word. */
  leftovers(): string[] {
    const out: string[] = [];
    let piece = '';
    const flush = () => {
      let t = piece.replace(/\s+/g, ' ').trim();
      for (let prev = ''; prev !== t; ) {
        prev = t;
        t = t.replace(EDGE_START, '').replace(EDGE_END, '').replace(/^[\s,:;()\u2013\u2014-]+|[\s,:;()\u2013\u2014-]+$/g, '');
      }
      const words = t.toLowerCase().match(/[a-z0-9%$^]+/g) ?? [];
      if (words.some((w) => !FILLER.has(w))) out.push(t);
      piece = '';
    };
    const o = this.original;
    for (let i = 0; i < o.length; i++) {
      if (this.used[i]) {
        let j = i;
        while (j < o.length && this.used[j]) j++;
        if (j - i >= 3) flush();
        else piece += ' ';
        i = j - 1;
        continue;
      }
      const c = o[i];
      if (/[;!?\n,]/.test(c) || (c === '.' && !/\d/.test(o[i + 1] ?? ''))) flush();
      else piece += c;
    }
    flush();
    return out;
  }
}

/** Lower case, one ASCII form for dashes, minus signs and "percent" — keeping every index in place. */
export function normalize(text: string): string {
  let s = '';
  for (const c of text) {
    const l = c.toLowerCase();
    s += l.length === c.length ? l : c;
  }
  s = s.replace(/[\u2212\u2013\u2014]/g, '-').replace(/[\u2018\u2019]/g, "'").replace(/\u00d7/g, 'x').replace(/\u00a0/g, ' ');
  s = s.replace(/(\d\s*)(per ?cent|pct)\b/g, (_m, num: string, word: string) => num + '%' + ' '.repeat(word.length - 1));
  return s;
}
