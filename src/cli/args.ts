import { parseIsoUtc } from '../engine/bars';

/** Command-line parsing: flags are declared up front so a typo is a usage error, not ignored. */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface FlagSpec {
  /** Takes a value (`--cash 5000`), else a switch. */
  value?: boolean;
  /** May repeat (`--param a=1 --param b=2`). */
  repeat?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (!a.startsWith('--') || a === '--') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}`);
    let value = 'true';
    if (s.value) {
      if (eq > 0) value = a.slice(eq + 1);
      else if (k + 1 < argv.length && !argv[k + 1].startsWith('--')) value = argv[++k];
      else throw new UsageError(`--${name} needs a value`);
    } else if (eq > 0) throw new UsageError(`--${name} takes no value`);
    const list = flags.get(name) ?? [];
    if (list.length && !s.repeat) throw new UsageError(`--${name} given twice`);
    list.push(value);
    flags.set(name, list);
  }
  return { positionals, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

export function numberFlag(args: ParsedArgs, name: string, check: (n: number) => boolean = Number.isFinite, expect = 'a number'): number | undefined {
  const v = flag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${expect}, got "${v}"`);
  return n;
}

/** A parameter value as typed: number, true/false, or text. */
export function parseValue(v: string): number | boolean | string {
  if (v === 'true' || v === 'false') return v === 'true';
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : v;
}

/** `--param name=value` for a run. */
export function parseParam(text: string): [string, number | boolean | string] {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new UsageError(`--param must look like name=value, got "${text}"`);
  return [text.slice(0, eq).trim(), parseValue(text.slice(eq + 1).trim())];
}

/** `--param name=start:end:step` (end included) or `name=a,b,c` for the optimizer. */
export function parseRange(text: string): [string, (number | boolean | string)[]] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--param must look like name=start:end:step or name=a,b,c, got "${text}"`);
  const name = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  if (spec.includes(':')) {
    const parts = spec.split(':').map(Number);
    const [start, end, step = 1] = parts;
    if (parts.length < 2 || parts.length > 3 || !parts.every(Number.isFinite) || !(step > 0) || end < start) {
      throw new UsageError(`--param ${name}: a range is start:end:step with end ≥ start and step > 0, got "${spec}"`);
    }
    const out: number[] = [];
    const count = Math.floor((end - start) / step + 1e-9);
    if (count > 1_000_000) throw new UsageError(`--param ${name}: the range has more than a million values`);
    for (let k = 0; k <= count; k++) out.push(Number((start + k * step).toPrecision(12)));
    return [name, out];
  }
  const values = spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (!values.length) throw new UsageError(`--param ${name}: no values in "${spec}"`);
  return [name, values.map(parseValue)];
}

/** `YYYY-MM-DD` (or an ISO date-time) to ms, for --from/--to. */
export function parseDateFlag(args: ParsedArgs, name: string): number | undefined {
  const v = flag(args, name);
  if (v === undefined) return undefined;
  const t = parseIsoUtc(v);
  if (!Number.isFinite(t)) throw new UsageError(`--${name} must be a date like 2020-01-31, got "${v}"`);
  return t;
}
