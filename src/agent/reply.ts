/**
 * Pulls code or JSON out of a model's reply, however it is dressed: a fenced block (```ts, ```json,
 * unlabelled, even unterminated), or bare code with prose around it.
 */

export type Extracted = { ok: true; text: string } | { ok: false; reason: string };

interface Fence {
  lang: string;
  body: string;
}

function fences(reply: string): Fence[] {
  const out: Fence[] = [];
  const re = /(^|\n)[ \t]*(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)(?:\n[ \t]*\2[ \t]*(?=\n|$)|$)/g;
  for (let m = re.exec(reply); m; m = re.exec(reply)) out.push({ lang: m[3].toLowerCase(), body: m[4] });
  return out;
}

const CODE_LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'tsx', '']);
const looksLikeStrategy = (s: string) => /\bclass\s+\w+\s+extends\s+Strategy\b/.test(s) || /export\s+default\s+class\b/.test(s);

/** The whole strategy file from a reply. */
export function extractCode(reply: string): Extracted {
  const text = reply.replace(/\r\n/g, '\n');
  const blocks = fences(text).filter((f) => CODE_LANGS.has(f.lang));
  const strategic = blocks.filter((b) => looksLikeStrategy(b.body));
  if (strategic.length) {
    const best = strategic.reduce((a, b) => (b.body.length > a.body.length ? b : a));
    return { ok: true, text: best.body.trimEnd() + '\n' };
  }
  if (blocks.length) return { ok: false, reason: 'the reply\'s code block is not a whole strategy file (no class extending Strategy)' };
  // No fence: the code starts at the first import/comment/class line and ends at the last closing brace.
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s*(import\s|\/\*\*?|\/\/|export\s|class\s)/.test(l));
  if (start >= 0 && looksLikeStrategy(text)) {
    let end = lines.length - 1;
    while (end > start && !/^\s*}\s*;?\s*$/.test(lines[end])) end--;
    const body = lines.slice(start, end + 1).join('\n');
    if (looksLikeStrategy(body)) return { ok: true, text: body.trimEnd() + '\n' };
  }
  return { ok: false, reason: text.trim() ? 'the reply holds no strategy code' : 'the reply was empty' };
}

/** The JSON object from a reply (fenced or the outermost `{…}`). */
export function extractJson(reply: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const text = reply.replace(/\r\n/g, '\n');
  const candidates = [...fences(text).filter((f) => f.lang === 'json' || f.lang === '').map((f) => f.body)];
  const a = text.indexOf('{');
  const b = text.lastIndexOf('}');
  if (a >= 0 && b > a) candidates.push(text.slice(a, b + 1));
  let lastError = 'the reply holds no JSON object';
  for (const c of candidates) {
    try {
      return { ok: true, value: JSON.parse(c) };
    } catch (e) {
      lastError = `the reply's JSON does not parse: ${(e as Error).message}`;
    }
  }
  return { ok: false, reason: lastError };
}

/** A reply that starts with CODE (the spec prompt's escape hatch) carries a strategy file instead. */
export function isCodeAnswer(reply: string): boolean {
  return /^\s*CODE\b/.test(reply);
}
