import { OptionError, StrategyApiError } from '../engine/errors';
import type { SourceMapLookup } from './source-map';

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

/**
 * Turns an exception thrown by strategy code into a located failure: the first stack frame in a
 * file of the bundle is mapped back through the source map to the original file, line and column.
 */
export function failureFromError(
  err: unknown,
  bundleFile: string,
  map: SourceMapLookup | null,
  fallbackFile: string,
  opts: { lineOffset?: number; resolveSource?: (source: string) => string } = {},
): StrategyFailure {
  const offset = opts.lineOffset ?? 0;
  const resolveSource = opts.resolveSource ?? ((s: string) => s);
  const e = err instanceof Error ? err : new Error(String(err));
  const kind: FailureKind = e instanceof StrategyApiError ? 'api' : e instanceof OptionError ? 'api' : KIND_BY_NAME[e.name] ?? 'runtime';
  const frames: string[] = [];
  let where: { file: string; line: number; column: number } | null = null;
  for (const raw of (e.stack ?? '').split('\n').slice(1)) {
    const m = /\(?([^()\s]+):(\d+):(\d+)\)?\s*$/.exec(raw.trim());
    if (!m || m[1] !== bundleFile) continue;
    const mapped = map?.originalPosition(Number(m[2]) - offset, Number(m[3]));
    if (!mapped) continue;
    const pos = { ...mapped, source: resolveSource(mapped.source) };
    const fn = /^\s*at (?:new )?([^\s(]+) \(/.exec(raw)?.[1];
    frames.push(`    at ${fn ? fn + ' ' : ''}(${pos.source}:${pos.line}:${pos.column})`);
    if (!where) where = { file: pos.source, line: pos.line, column: pos.column };
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
