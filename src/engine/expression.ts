/**
 * A tiny, safe expression language for optimizer constraints such as `n1 < n2 && n2 - n1 >= 5`:
 * numbers, parameter names, + − × ÷ %, comparisons, `&&` `||` `!`, parentheses. No calls, no
 * property access, nothing that can reach the outside world — so a constraint typed in a chat or
 * a setting can be evaluated anywhere.
 */
import { OptionError } from './errors';

type Node =
  | { t: 'num'; v: number | boolean }
  | { t: 'var'; name: string; at: number }
  | { t: 'un'; op: '!' | '-'; a: Node }
  | { t: 'bin'; op: string; a: Node; b: Node };

const BINARY: [string[], number][] = [
  [['||'], 1],
  [['&&'], 2],
  [['==', '!=', '===', '!=='], 3],
  [['<', '<=', '>', '>='], 4],
  [['+', '-'], 5],
  [['*', '/', '%'], 6],
];
const PREC = new Map<string, number>(BINARY.flatMap(([ops, p]) => ops.map((o) => [o, p] as [string, number])));
const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_$][\w$]*)|(===|!==|==|!=|<=|>=|&&|\|\||[-+*/%<>!()]))/y;

export type Scope = Record<string, number | string | boolean>;

/** Compiles `source` once; the returned function evaluates it for a parameter set. */
export function compileExpression(source: string): (scope: Scope) => boolean {
  const tokens: { s: string; kind: 'num' | 'id' | 'op'; at: number }[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < source.length) {
    if (/^\s*$/.test(source.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(source);
    if (!m) {
      const at = pos + (source.slice(pos).length - source.slice(pos).trimStart().length);
      throw new OptionError(`constraint "${source}": unexpected "${source[at]}" at column ${at + 1}`);
    }
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3]).length;
    tokens.push(m[1] !== undefined ? { s: m[1], kind: 'num', at } : m[2] !== undefined ? { s: m[2], kind: 'id', at } : { s: m[3], kind: 'op', at });
    pos = TOKEN.lastIndex;
  }
  let k = 0;
  const fail = (what: string): never => {
    const at = tokens[k]?.at ?? source.length;
    throw new OptionError(`constraint "${source}": ${what} at column ${at + 1}`);
  };
  const primary = (): Node => {
    const tok = tokens[k];
    if (!tok) return fail('expression ends too early');
    if (tok.kind === 'num') return k++, { t: 'num', v: Number(tok.s) };
    if (tok.kind === 'id') {
      k++;
      if (tok.s === 'true' || tok.s === 'false') return { t: 'num', v: tok.s === 'true' };
      return { t: 'var', name: tok.s, at: tok.at };
    }
    if (tok.s === '(') {
      k++;
      const e = binary(0);
      if (tokens[k]?.s !== ')') fail('missing ")"');
      k++;
      return e;
    }
    if (tok.s === '!' || tok.s === '-') {
      k++;
      return { t: 'un', op: tok.s, a: primary() };
    }
    if (tok.s === '+') return k++, primary();
    return fail(`unexpected "${tok.s}"`);
  };
  const binary = (min: number): Node => {
    let left = primary();
    for (;;) {
      const tok = tokens[k];
      const p = tok && tok.kind === 'op' ? PREC.get(tok.s) : undefined;
      if (p === undefined || p <= min) return left;
      k++;
      left = { t: 'bin', op: tok.s, a: left, b: binary(p) };
    }
  };
  const tree = binary(0);
  if (k < tokens.length) fail(`unexpected "${tokens[k].s}"`);
  return (scope) => Boolean(evaluate(tree, scope, source));
}

function evaluate(n: Node, scope: Scope, source: string): number | string | boolean {
  switch (n.t) {
    case 'num':
      return n.v;
    case 'var':
      if (!Object.prototype.hasOwnProperty.call(scope, n.name)) {
        throw new OptionError(`constraint "${source}": unknown parameter "${n.name}" (known: ${Object.keys(scope).join(', ')})`);
      }
      return scope[n.name];
    case 'un': {
      const a = evaluate(n.a, scope, source);
      return n.op === '!' ? !a : -Number(a);
    }
    case 'bin': {
      if (n.op === '&&') return evaluate(n.a, scope, source) ? evaluate(n.b, scope, source) : false;
      if (n.op === '||') return evaluate(n.a, scope, source) || evaluate(n.b, scope, source);
      const a = evaluate(n.a, scope, source);
      const b = evaluate(n.b, scope, source);
      switch (n.op) {
        case '+': return Number(a) + Number(b);
        case '-': return Number(a) - Number(b);
        case '*': return Number(a) * Number(b);
        case '/': return Number(a) / Number(b);
        case '%': return Number(a) % Number(b);
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
        case '==': case '===': return a === b;
        default: return a !== b;
      }
    }
  }
}
