/** Expands snippets/strategy.code-snippets the way the editor does with every default accepted. */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface Snippet {
  name: string;
  prefix: string;
  body: string;
}

/** `${n:default}` → default, `${n|a,b|}` → a, `$n` → the default given to n elsewhere, `$0` → nothing. */
export function expand(body: string): string {
  const defaults = new Map<string, string>();
  const pass1 = body
    .replace(/\$\{(\d+):([^}]*)\}/g, (_, n: string, d: string) => {
      if (!defaults.has(n)) defaults.set(n, d);
      return d;
    })
    .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => {
      const first = choices.split(',')[0];
      if (!defaults.has(n)) defaults.set(n, first);
      return first;
    });
  return pass1.replace(/\$(\d+)/g, (_, n: string) => defaults.get(n) ?? '');
}

export function loadSnippets(): Snippet[] {
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets/strategy.code-snippets'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
  return Object.entries(json).map(([name, s]) => ({ name, prefix: s.prefix, body: expand(s.body.join('\n')) }));
}

/** A whole strategy file for a snippet: itself when it is one, else embedded where it belongs. */
export function snippetAsFile(s: Snippet): string {
  if (s.body.includes('extends Strategy')) return s.body;
  const indent = (text: string, by: string) => text.split('\n').map((l) => by + l).join('\n');
  if (s.body.includes('this.I(')) {
    return [
      "import { Strategy, type Series } from 'algoagent';",
      '',
      'export default class Snippet extends Strategy {',
      '  custom!: Series;',
      '',
      '  init() {',
      indent(s.body, '    '),
      '  }',
      '',
      '  next() {',
      '    if (!this.position.isOpen && this.custom.at(-1)! > 0) this.buy();',
      '  }',
      '}',
      '',
    ].join('\n');
  }
  return [
    "import { Strategy } from 'algoagent';",
    '',
    'export default class Snippet extends Strategy {',
    '  next() {',
    '    if (!this.position.isOpen) {',
    indent(s.body, '      '),
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}
