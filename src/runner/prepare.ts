/**
 * Parent-side preparation of a run: the static safety check of the strategy and of every workspace
 * file it imports, and their transpilation with the TypeScript compiler into a module table for
 * the child. Nothing here executes strategy code. Prepared code is cached by source and by the
 * modification times of the helper files it includes.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as ts from 'typescript';
import { checkSafety, type Finding } from '../analysis/safety';
import { StrategyLoadError, type StrategyFailure } from './failure';
import { bundleStrategy } from './load-strategy';
import type { RunRequest } from './protocol';

export interface Prepared {
  ok: true;
  file: string;
  root: string;
  source: string;
  code: string;
  warnings: StrategyFailure[];
}

export interface PrepareFailed {
  ok: false;
  source: string;
  failures: StrategyFailure[];
  warnings: StrategyFailure[];
}

function findingToFailure(f: Finding, file: string): StrategyFailure {
  return {
    kind: f.code === 'unknown-import' ? 'import' : 'validation',
    message: f.message,
    file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    stack: '',
    hint: f.severity === 'warning'
      ? 'Results that depend on chance or the clock cannot be reproduced or compared.'
      : 'Strategies run sandboxed: import only from \'algoagent\' (ta.*, crossover, Strategy) and relative files in the workspace.',
  };
}

interface CacheEntry {
  code: string;
  helpers: { file: string; mtimeMs: number }[];
  warnings: StrategyFailure[];
}

const cache = new Map<string, CacheEntry>();
const MAX_CACHE = 64;

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Checks and transpiles; returns located failures instead of throwing for anything the user wrote. */
export async function prepareRun(req: RunRequest): Promise<Prepared | PrepareFailed> {
  const file = path.resolve(req.strategyPath);
  const root = path.resolve(req.root ?? path.dirname(file));
  const source = req.source ?? (await readFile(file, 'utf8'));
  const key = createHash('sha1').update(file).update('\0').update(root).update('\0').update(source).digest('hex');
  const hit = cache.get(key);
  if (hit && hit.helpers.every((h) => mtime(h.file) === h.mtimeMs)) {
    return { ok: true, file, root, source, code: hit.code, warnings: hit.warnings };
  }

  const findings = checkSafety(source, file).map((f) => ({ f, file }));
  const errors = findings.filter((x) => x.f.severity === 'error');
  if (errors.length) {
    return { ok: false, source, failures: errors.map((x) => findingToFailure(x.f, x.file)), warnings: [] };
  }
  let bundle;
  try {
    bundle = await bundleStrategy(file, { root, source });
  } catch (err) {
    if (err instanceof StrategyLoadError) return { ok: false, source, failures: [err.failure], warnings: [] };
    throw err;
  }
  // Imported .json files are data (their value is the module), not code to check.
  const helperFindings = bundle.helpers.flatMap((h, k) =>
    /\.json$/i.test(h) ? [] : checkSafety(bundle.helperSources[k], h).map((f) => ({ f, file: h })));
  const helperErrors = helperFindings.filter((x) => x.f.severity === 'error');
  if (helperErrors.length) {
    return { ok: false, source, failures: helperErrors.map((x) => findingToFailure(x.f, x.file)), warnings: [] };
  }
  const warnings = [...findings, ...helperFindings].map((x) => findingToFailure(x.f, x.file));
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value!);
  cache.set(key, { code: bundle.code, helpers: bundle.helpers.map((h) => ({ file: h, mtimeMs: mtime(h) })), warnings });
  return { ok: true, file, root, source, code: bundle.code, warnings };
}

/** Where the strategy class is declared (1-based line of its name), for failures with no better place. */
export function classLine(source: string, fileName: string): number {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  for (const st of sf.statements) {
    if (ts.isClassDeclaration(st) && st.heritageClauses?.length) {
      return sf.getLineAndCharacterOfPosition((st.name ?? st).getStart(sf)).line + 1;
    }
  }
  return 1;
}
