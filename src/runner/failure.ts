import { OptionError, StrategyApiError } from '../engine/errors';
import type { OriginalPosition } from './source-map';

export type FailureKind =
  | 'syntax' | 'import' | 'reference' | 'type' | 'value' | 'range' | 'key' | 'runtime'
  | 'timeout' | 'memory' | 'api' | 'validation' | 'data' | 'no-trades';

/** A strategy failure, located in the user's file: what the CLI prints and the editor underlines. */
export interface StrategyFailure {
  kind: FailureKind;
  message: string;
  file: string;
  /** 1-based; 0 when unknown. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  stack: string;
  hint: string;
  /** Bar index when it happened inside `next()`. */
  bar?: number;
  time?: string;
}

/** `file:line:col kind message` — one line, as the CLI prints it. */
export function formatFailure(f: StrategyFailure): string {
  return `${f.file}:${f.line}:${f.column} ${f.kind} ${f.message}`;
}

export class StrategyLoadError extends Error {
  readonly failure: StrategyFailure;
  constructor(failure: StrategyFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

const KIND_BY_NAME: Record<string, FailureKind> = {
  SyntaxError: 'syntax',
  ReferenceError: 'reference',
  TypeError: 'type',
  RangeError: 'range',
  StrategyApiError: 'api',
  OptionError: 'api',
};

/** Maps a 1-based generated position in a strategy module back to its original file and place. */
export interface FrameMapper {
  /** The strategy's module files, as their stack frames name them. */
  files: readonly string[];
  mapFrame(file: string, line: number, column: number): OriginalPosition | null;
}

/** `at fn (file:L:C)` / `at file:L:C` → the file among `files`, the position and the function. */
function parseFrame(raw: string, files: readonly string[]): { file: string; line: number; column: number; fn?: string } | null {
  const t = raw.trim();
  const m = /:(\d+):(\d+)\)?$/.exec(t);
  if (!m || !t.startsWith('at ')) return null;
  const head = t.slice(0, m.index);
  // The longest matching name, so a file whose path ends another's is not mistaken for it.
  const file = files.filter((f) => head.endsWith(f) && /[\s(]/.test(head[head.length - f.length - 1] ?? '')).sort((a, b) => b.length - a.length)[0];
  if (!file) return null;
  const fn = head.endsWith(`(${file}`) ? /^at (?:async )?(?:new )?(\S+) \(/.exec(t)?.[1] : undefined;
  return { file, line: Number(m[1]), column: Number(m[2]), fn };
}

/**
 * Turns an exception thrown by strategy code into a located failure: each stack frame in one of the
 * strategy's module files is mapped back through that file's source map; the first one locates it.
 */
export function failureFromError(err: unknown, mapper: FrameMapper | null, fallbackFile: string): StrategyFailure {
  const e = err instanceof Error ? err : new Error(String(err));
  const kind: FailureKind = e instanceof StrategyApiError ? 'api' : e instanceof OptionError ? 'api' : KIND_BY_NAME[e.name] ?? 'runtime';
  const frames: string[] = [];
  let where: { file: string; line: number; column: number } | null = null;
  for (const raw of mapper ? (e.stack ?? '').split('\n').slice(1) : []) {
    const f = parseFrame(raw, mapper!.files);
    const pos = f && mapper!.mapFrame(f.file, f.line, f.column);
    if (!pos) continue;
    frames.push(`    at ${f.fn ? f.fn + ' ' : ''}(${pos.source}:${pos.line}:${pos.column})`);
    where ??= { file: pos.source, line: pos.line, column: pos.column };
  }
  const hint = e instanceof StrategyApiError ? (e.hint ?? '') : '';
  return {
    kind,
    message: e.message,
    file: where?.file ?? fallbackFile,
    line: where?.line ?? 0,
    column: where?.column ?? 0,
    endLine: where?.line ?? 0,
    endColumn: where?.column ?? 0,
    stack: [`${e.name}: ${e.message}`, ...frames].join('\n'),
    hint,
  };
}
