/**
 * Deterministic code generator: a validated StrategySpec → a strategy file that uses the engine API
 * (`Strategy`, `this.I`, `ta.*`, `crossover`, `this.buy/sell`, `position.close`). The same spec
 * always gives the same text. The spec travels inside the file as `export const spec = …`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INDICATOR_CATALOG } from '../spec/catalog';
import { type Rules, type StrategySpec, conditionsOf } from '../spec/types';
import { validateSpec } from '../spec/validate';
import { compactJson } from '../spec/compact-json';
import { condExpr, condText, fieldType, indicatorCall, indicatorLabel, paramName } from './expressions';

/** PascalCase class name from the spec's name; always a valid identifier ending in "Strategy". */
export function className(spec: StrategySpec): string {
  const words = spec.name.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  let name = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  if (!name || /^[0-9]/.test(name)) name = `My${name}`;
  return /Strategy$/.test(name) ? (name === 'Strategy' ? 'MyStrategy' : name) : `${name}Strategy`;
}

/** `rsi-dip-buyer.strategy.ts` from the spec's name. */
export function strategyFileName(spec: StrategySpec): string {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'strategy'}.strategy.ts`;
}

/**
 * Writes the generated file into `dir` (created if needed) and returns its path. Never overwrites:
 * when the name is taken it tries `<slug>-2.strategy.ts`, `-3`, … (exclusive create, so two writers
 * cannot take the same name).
 */
export function writeStrategyFile(dir: string, spec: StrategySpec, description: string): string {
  const code = specToCode(spec, description);
  const base = strategyFileName(spec).replace(/\.strategy\.ts$/, '');
  fs.mkdirSync(dir, { recursive: true });
  for (let n = 1; n < 10_000; n++) {
    const file = path.join(dir, `${n === 1 ? base : `${base}-${n}`}.strategy.ts`);
    try {
      fs.writeFileSync(file, code, { flag: 'wx' });
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`writeStrategyFile: no free name for ${base}.strategy.ts in ${dir}`);
}

function commentLines(text: string, width = 96): string[] {
  const out: string[] = [];
  for (const para of text.replace(/\*\//g, '*\\/').split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  while (out.length && !out[out.length - 1]) out.pop();
  return out;
}

function rulesExpr(r: Rules, spec: StrategySpec, indent: string): string {
  const conds = conditionsOf(r);
  if (!conds.length) return 'false';
  const joiner = 'all' in r ? ' &&' : ' ||';
  const parts = conds.map((c) => condExpr(c, spec.indicators));
  if (parts.length === 1) return parts[0];
  return `(\n${parts.map((p, i) => `${indent}  ${p}${i < parts.length - 1 ? joiner : ''}`).join('\n')}\n${indent})`;
}

function rulesDoc(r: Rules): string {
  const conds = conditionsOf(r);
  if (!conds.length) return 'never (no conditions)';
  return conds.map(condText).join('all' in r ? ' and ' : ' or ');
}

/** The generated strategy source for a spec; an invalid spec throws an Error listing the validator's messages. */
export function specToCode(input: StrategySpec, description = input.description): string {
  const checked = validateSpec(input);
  if (!checked.ok) throw new Error(`specToCode: the spec is not valid:\n${checked.errors.map((e) => `  ${e}`).join('\n')}`);
  const spec = checked.spec;
  const cls = className(spec);
  const inds = spec.indicators;
  const { risk, sizing } = spec;
  const params: string[] = [];
  for (const ind of inds) for (const p of INDICATOR_CATALOG[ind.type].params) params.push(`${paramName(ind, p.name)}: ${ind.params[p.name] ?? p.default}`);
  if (risk.stopLossPct !== undefined) params.push(`stopLossPct: ${risk.stopLossPct}`);
  if (risk.takeProfitPct !== undefined) params.push(`takeProfitPct: ${risk.takeProfitPct}`);
  if (risk.trailingStopPct !== undefined) params.push(`trailingStopPct: ${risk.trailingStopPct}`);

  const usesBreakout = inds.some((i) => i.type === 'highest' || i.type === 'lowest');
  const allRules = [spec.entry, spec.exit, spec.shortEntry, spec.shortExit].filter((r): r is Rules => !!r);
  const codeOfRules = allRules.map((r) => rulesExpr(r, spec, '    ')).join('\n');
  const imports = ['Strategy', 'ta'];
  if (/\bcrossover\(/.test(codeOfRules)) imports.push('crossover');
  if (/\bcrossunder\(/.test(codeOfRules)) imports.push('crossunder');
  imports.push('type OrderOptions', 'type Series');

  const L: string[] = [];
  L.push('/**', ` * ${spec.name} — generated by AlgoAgent from this description:`, ' *');
  for (const line of commentLines(description || '(no description)')) L.push(line ? ` *   ${line}` : ' *');
  L.push(' *', ' * Edit freely: `spec` records what was generated; the class below is what runs.', ' */');
  L.push(`import { ${imports.join(', ')} } from 'algoagent';`, '');
  L.push(`export const spec = ${compactJson(spec, '', 'export const spec = '.length)};`, '');
  if (usesBreakout) {
    L.push('/** The values moved one bar later, so each bar sees the level of the bars before it. */');
    L.push('function barsBefore(values: Float64Array): Float64Array {');
    L.push('  const out = new Float64Array(values.length).fill(NaN);');
    L.push('  out.set(values.subarray(0, values.length - 1), 1);');
    L.push('  return out;', '}', '');
  }
  L.push(`export default class ${cls} extends Strategy {`);
  L.push(params.length ? `  static override params = { ${params.join(', ')} };` : '  static override params = {};');
  for (const ind of inds) L.push(`  ${ind.id}!: ${fieldType(ind)};`);
  L.push('', '  override init() {');
  for (const ind of inds) L.push(`    this.${ind.id} = this.I(${indicatorCall(ind)}, '${indicatorLabel(ind)}');`);
  L.push('  }', '');

  const longSide = spec.direction !== 'short';
  const shortSide = spec.direction !== 'long';
  const signal = (method: string, doc: string, r: Rules) => {
    L.push(`  /** ${doc}: ${rulesDoc(r)} */`, `  ${method}(): boolean {`, `    return ${rulesExpr(r, spec, '    ')};`, '  }', '');
  };
  if (spec.direction === 'both') {
    signal('longEntry', 'Opens a long', spec.entry);
    signal('longExit', 'Closes the long', spec.exit);
    signal('shortEntry', 'Opens a short', spec.shortEntry!);
    signal('shortExit', 'Closes the short', spec.shortExit ?? { all: [] });
  } else {
    const side = longSide ? 'long' : 'short';
    signal(`${side}Entry`, `Opens a ${side}`, spec.entry);
    signal(`${side}Exit`, `Closes the ${side}`, spec.exit);
  }

  const orderOpts = (isLong: boolean) => {
    const parts: string[] = [];
    if (sizing.type === 'fraction' && sizing.value! < 100) parts.push(`size: ${sizing.value! / 100}`);
    if (sizing.type === 'units') parts.push(`size: ${sizing.value}`);
    if (risk.stopLossPct !== undefined) parts.push(`sl: close * (1 ${isLong ? '-' : '+'} this.params.stopLossPct / 100)`);
    if (risk.takeProfitPct !== undefined) parts.push(`tp: close * (1 ${isLong ? '+' : '-'} this.params.takeProfitPct / 100)`);
    if (risk.trailingStopPct !== undefined) parts.push('trailPct: this.params.trailingStopPct / 100');
    return parts;
  };
  const orderMethod = (isLong: boolean) => {
    const parts = orderOpts(isLong);
    const name = isLong ? 'longOrder' : 'shortOrder';
    L.push(`  /** Size and exits of a new ${isLong ? 'long' : 'short'}; stop and target are measured from this bar's close. */`);
    L.push(`  ${name}(): OrderOptions {`);
    if (parts.some((p) => p.includes('close'))) L.push('    const close = this.data.close.at(-1)!;');
    L.push(`    return { ${parts.join(', ')} };`.replace('{  }', '{}'), '  }', '');
  };
  if (longSide) orderMethod(true);
  if (shortSide) orderMethod(false);

  L.push('  next() {', '    const position = this.position;');
  if (spec.direction === 'long') {
    L.push('    if (!position.isOpen) {', '      if (this.longEntry()) this.buy(this.longOrder());', '    } else if (this.longExit()) {', '      position.close();', '    }');
  } else if (spec.direction === 'short') {
    L.push('    if (!position.isOpen) {', '      if (this.shortEntry()) this.sell(this.shortOrder());', '    } else if (this.shortExit()) {', '      position.close();', '    }');
  } else {
    L.push('    if (position.isLong) {');
    L.push('      if (this.shortEntry()) {', '        position.close();', '        this.sell(this.shortOrder());', '      } else if (this.longExit()) position.close();');
    L.push('    } else if (position.isShort) {');
    L.push('      if (this.longEntry()) {', '        position.close();', '        this.buy(this.longOrder());', '      } else if (this.shortExit()) position.close();');
    L.push('    } else if (this.longEntry()) {', '      this.buy(this.longOrder());', '    } else if (this.shortEntry()) {', '      this.sell(this.shortOrder());', '    }');
  }
  L.push('  }', '}', '');
  return L.join('\n');
}
