/**
 * For every rule: a strategy it must flag (with where, and the text after its quick fix when it has
 * one) and a close variant it must not flag (which must have no diagnostics at all).
 */

export interface RuleCase {
  code: string;
  title: string;
  bad: string;
  /** 1-based `line:column` where the diagnostic starts. */
  at: string;
  good: string;
  /** The quick fix's title and a fragment the fixed text must contain. */
  fix?: { title: string; contains: string };
  severity?: 'error' | 'warning';
}

interface Parts {
  header?: string;
  params?: string;
  fields?: string;
  init?: string;
  next?: string;
  extra?: string;
  exportKeyword?: string;
}

/** A strategy file; `init` and `next` bodies go on lines 8 and 11 (line 7 with no fields line). */
export function strategy(p: Parts = {}): string {
  return [
    p.header ?? "import { Strategy, ta, type Series } from 'algoagent';",
    '',
    `${p.exportKeyword ?? 'export default '}class T extends Strategy {`,
    `  static params = { ${p.params ?? 'n: 10'} };`,
    `  ${p.fields ?? 'ma!: Series;'}`,
    '  init() {',
    `    ${p.init ?? 'this.ma = this.I(ta.sma(this.data.close, this.params.n));'}`,
    '  }',
    '  next() {',
    `    ${p.next ?? 'if (!this.position.isOpen && this.data.close.at(-1)! > this.ma.at(-1)!) this.buy();'}`,
    '  }',
    `${p.extra ?? ''}}`,
    '',
  ].join('\n');
}

const NEXT = 'if (!this.position.isOpen && this.data.close.at(-1)! > this.ma.at(-1)!) this.buy();';
const withNext = (code: string) => strategy({ next: `${code} ${NEXT}` });
const withInit = (code: string) => strategy({ init: `${code} this.ma = this.I(ta.sma(this.data.close, this.params.n));` });

export const RULE_CASES: RuleCase[] = [
  // safety rules (shared with the runner)
  { code: 'forbidden-import', title: 'Node built-in import', bad: `import * as fs from 'fs';\n${strategy()}`, at: '1:21', good: `import { k } from './helpers';\n${withNext('void k;')}` },
  { code: 'unknown-import', title: 'package import', bad: `import _ from 'lodash';\n${strategy()}`, at: '1:15', good: `import { ta as t } from 'algoagent';\n${withNext('void t;')}` },
  { code: 'require', title: 'computed require', bad: withNext("const m = require('al' + 'go');"), at: '10:15', good: withNext("const m = { require: (x: string) => x }; m.require('x');") },
  { code: 'dynamic-import', title: 'dynamic import()', bad: withNext("void import('./other');"), at: '10:10', good: withNext("void ['./other'];") },
  { code: 'eval', title: 'eval', bad: withNext("eval('1');"), at: '10:5', good: withNext("this.log('eval');") },
  { code: 'function-constructor', title: 'new Function', bad: withNext("new Function('return 1');"), at: '10:5', good: withNext('new Map();') },
  { code: 'process', title: 'process', bad: withNext('process.exit(1);'), at: '10:5', good: withNext('const proc = { exit() {} }; proc.exit();') },
  { code: 'global-write', title: 'global write', bad: withNext('globalThis.seen = 1;'), at: '10:5', good: withNext('const g = { seen: 0 }; g.seen = 1;') },
  { code: 'builtin-write', title: 'built-in write', bad: withNext('Math.round = (x: number) => x;'), at: '10:5', good: withNext('const r = Math.round(1.5); void r;') },
  { code: 'non-deterministic', title: 'Math.random', bad: withNext('if (Math.random() > 2) return;'), at: '10:9', good: withNext('if (Math.round(2) > 2) return;'), severity: 'warning' },
  { code: 'non-deterministic', title: 'Date.now', bad: withNext('const t = Date.now(); void t;'), at: '10:15', good: withNext('const t = this.data.time.at(-1); void t;'), severity: 'warning' },

  // look-ahead
  { code: 'lookahead-at', title: 'at(0) with fix', bad: withNext('if (this.data.close.at(0)! > 1) return;'), at: '10:28', good: withNext('if ([1, 2].at(0)! > 1) return;'), fix: { title: 'Use at(-1) (the current bar)', contains: 'this.data.close.at(-1)! > 1' } },
  { code: 'lookahead-at', title: 'at(1) on an indicator', bad: withNext('if (this.ma.at(1)! > 1) return;'), at: '10:20', good: withNext('if (this.ma.at(-2)! > 1) return;') },
  { code: 'lookahead-index', title: 'values[this.bar + 1]', bad: withNext('const x = this.data.close.values[this.bar + 1]; void x;'), at: '10:38', good: withNext('const x = this.data.close.values[this.bar]; void x;') },
  { code: 'lookahead-index', title: 'full[length]', bad: withNext('const x = this.ma.full[this.data.length]; void x;'), at: '10:28', good: withNext('const x = this.ma.full[this.data.length - 1]; void x;') },
  {
    code: 'lookahead-shift', title: 'loop reading i + 1', at: '7:137',
    bad: withInit('const c = this.data.close.values; const out = new Float64Array(c.length).fill(NaN); for (let i = 0; i < c.length - 1; i++) out[i] = c[i + 1] - c[i]; this.I(out, "d");'.replace('this.I(out, "d");', 'this.d = this.I(out);')).replace('ma!: Series;', 'ma!: Series; d!: Series;'),
    good: withInit('const c = this.data.close.values; const out = new Float64Array(c.length).fill(NaN); for (let i = 1; i < c.length; i++) out[i] = c[i] - c[i - 1]; this.d = this.I(out);').replace('ma!: Series;', 'ma!: Series; d!: Series;'),
  },
  {
    code: 'lookahead-shift', title: 'map callback reading i + 2', at: '7:61',
    bad: withInit('this.d = this.I(this.data.close.values.map((v, i, a) => a[i + 2] - v));').replace('ma!: Series;', 'ma!: Series; d!: Series;'),
    good: withInit('this.d = this.I(this.data.close.values.map((v, i, a) => v - a[i - 2]));').replace('ma!: Series;', 'ma!: Series; d!: Series;'),
  },

  // indicators
  { code: 'unknown-indicator', title: 'ta.SMA with fix', bad: strategy({ init: 'this.ma = this.I(ta.SMA(this.data.close, this.params.n));' }), at: '7:25', good: strategy(), fix: { title: 'Change to ta.sma', contains: 'ta.sma(this.data.close' } },
  { code: 'unknown-indicator', title: 'ta.bollinger', bad: strategy({ init: 'this.ma = this.I(ta.bollinger(this.data.close, this.params.n).upper);' }), at: '7:25', good: strategy({ init: 'this.ma = this.I(ta.bbands(this.data.close, this.params.n).upper);' }) },
  { code: 'unknown-indicator', title: 'ta.patterns.typo', bad: strategy({ init: 'this.ma = this.I(ta.patterns.dojj(this.data.open, this.data.high, this.data.low, this.data.close));' }), at: '7:34', good: strategy({ params: '', init: 'this.ma = this.I(ta.patterns.doji(this.data.open, this.data.high, this.data.low, this.data.close));' }), fix: { title: 'Change to ta.patterns.doji', contains: 'ta.patterns.doji(' } },
  { code: 'indicator-arguments', title: 'sma without period', bad: strategy({ init: 'this.ma = this.I(ta.sma(this.data.close));' }), at: '7:22', good: strategy({ params: '', init: 'this.ma = this.I(ta.sma(this.data.close, 20));' }) },
  { code: 'indicator-arguments', title: 'rsi with too many', bad: strategy({ init: 'this.ma = this.I(ta.rsi(this.data.close, 14, this.params.n));' }), at: '7:50', good: strategy({ init: 'this.ma = this.I(ta.rsi(this.data.close, this.params.n));' }) },
  { code: 'indicator-parameter', title: 'rsi period 0', bad: strategy({ init: 'this.ma = this.I(ta.rsi(this.data.close, 0));', params: 'n: 1' }).replace('this.ma.at(-1)!', 'this.params.n'), at: '7:46', good: strategy({ init: 'this.ma = this.I(ta.rsi(this.data.close, 1));', params: 'n: 1' }).replace('this.ma.at(-1)!', 'this.params.n') },
  { code: 'indicator-parameter', title: 'sma period 2.5', bad: strategy({ init: 'this.ma = this.I(ta.sma(this.data.close, 2.5));', params: 'n: 1' }).replace('this.ma.at(-1)!', 'this.params.n'), at: '7:46', good: strategy({ init: 'this.ma = this.I(ta.sma(this.data.close, 2));', params: 'n: 1' }).replace('this.ma.at(-1)!', 'this.params.n') },
  { code: 'indicator-parameter', title: 'macd fast ≥ slow', bad: strategy({ init: 'this.ma = this.I(ta.macd(this.data.close, 26, 12, 9).macd);', params: 'n: 1' }).replace('this.ma.at(-1)!', 'this.params.n'), at: '7:22', good: strategy({ init: 'this.ma = this.I(ta.macd(this.data.close, 12, 26, 9).macd);', params: 'n: 1' }).replace('this.ma.at(-1)!', 'this.params.n') },
  { code: 'indicator-parameter', title: 'period default 0 in static params', bad: strategy({ params: 'n: 0' }), at: '7:46', good: strategy({ params: 'n: 5' }), severity: 'warning' },
  { code: 'indicator-discarded', title: 'this.I result dropped', bad: strategy({ init: 'this.I(ta.ema(this.data.close, 5)); this.ma = this.I(ta.sma(this.data.close, this.params.n));' }), at: '7:5', good: strategy({ init: 'this.ma = this.I(ta.ema(this.data.close, this.params.n));' }), severity: 'warning' },

  // structure
  { code: 'missing-next', title: 'no next()', bad: strategy({ next: 'this.buy();' }).replace('  next() {', '  go() {'), at: '3:22', good: strategy({ next: 'this.buy();' }).replace('  next() {', '  go() {').replace('  init() {', '  next() { this.go(); }\n  init() {'), fix: { title: 'Add next()', contains: '\n  next() {\n  }\n}' } },
  { code: 'misnamed-lifecycle', title: 'onBar instead of next', bad: strategy().replace('  next() {', '  onBar() {'), at: '9:3', good: strategy().replace('  next() {', '  next() { this.onBar(); }\n  onBar() {'), fix: { title: 'Rename to next()', contains: '  next() {' } },
  { code: 'misnamed-lifecycle', title: 'Init instead of init', bad: strategy().replace('  init() {', '  Init() {'), at: '6:3', good: strategy(), fix: { title: 'Rename to init()', contains: '  init() {' } },
  { code: 'no-strategy-export', title: 'class not exported', bad: strategy({ exportKeyword: '' }), at: '3:7', good: strategy(), fix: { title: 'Export T as default', contains: 'export default class T' } },
  { code: 'no-strategy-export', title: 'default export not a Strategy', bad: "export default class T {\n  next() {}\n}\n", at: '1:22', good: strategy() },
  {
    code: 'no-strategy-export', title: 'base class that is not a Strategy', at: '2:22',
    bad: "import { Strategy } from 'algoagent';\nexport default class T extends Map<string, number> {\n  next() {}\n}\nexport class U extends Strategy {\n  next() { this.buy(); }\n}\n",
    good: "import { Base } from './base';\nexport default class T extends Base {\n  next() { this.buy(); }\n}\n",
  },
  { code: 'no-strategy-export', title: 'no class at all (re-export is fine)', good: "export { default } from './other.strategy';\n", bad: "import { ta } from 'algoagent';\nexport const x = ta.sma([1, 2, 3], 2);\n", at: '1:1' },
  { code: 'no-orders', title: 'never buys or sells', bad: strategy({ next: 'if (this.position.isOpen) this.position.close();' }), at: '3:22', good: strategy({ next: 'if (this.position.isOpen) this.position.close(); else this.sell();' }), severity: 'warning' },

  // orders
  { code: 'order-size', title: 'size 1.5 with fix', bad: withNext('if (this.bar === 5) this.buy({ size: 1.5 });'), at: '10:42', good: withNext('if (this.bar === 5) this.buy({ size: 1 });'), fix: { title: 'Use 1 unit', contains: 'size: 1 }' } },
  { code: 'order-size', title: 'size 0', bad: withNext('if (this.bar === 5) this.sell({ size: 0 });'), at: '10:43', good: withNext('if (this.bar === 5) this.sell({ size: 0.5 });') },
  { code: 'order-size', title: 'size −10', bad: withNext('if (this.bar === 5) this.sell({ size: -10 });'), at: '10:43', good: withNext('if (this.bar === 5) this.sell({ size: 10 });') },
  { code: 'order-option', title: 'trailPct 5 with fix', bad: withNext('if (this.bar === 5) this.buy({ trailPct: 5 });'), at: '10:46', good: withNext('if (this.bar === 5) this.buy({ trailPct: 0.05 });'), fix: { title: 'Use 0.05 (5 %)', contains: 'trailPct: 0.05' } },
  { code: 'order-option', title: 'sl 0', bad: withNext('if (this.bar === 5) this.buy({ sl: 0 });'), at: '10:40', good: withNext('if (this.bar === 5) this.buy({ sl: this.data.low.at(-1)! });') },

  // params
  { code: 'unused-param', title: 'slow never read', bad: strategy({ params: 'n: 10, slow: 30' }), at: '4:28', good: strategy({ params: 'n: 10, slow: 30', next: `const { slow } = this.params; if (slow > 1) ${NEXT}` }), severity: 'warning' },
];
