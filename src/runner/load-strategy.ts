/**
 * Parent side of loading a strategy: transpile the file and the workspace files it imports
 * (src/runner/module-graph.ts) into a module table the child evaluates (evaluate-strategy.ts).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type LoadedStrategy, type PreparedCode, evaluateStrategy } from './evaluate-strategy';
import { collectModules } from './module-graph';
import { encodeTable } from './module-table';

export { type ConsoleSink, type LoadedStrategy, type PreparedCode, evaluateStrategy } from './evaluate-strategy';

export interface LoadOptions {
  /** Relative imports must stay inside this folder (the workspace). Default: the file's folder. */
  root?: string;
  /** The entry file's source when it differs from the disk (unsaved editor, a fix candidate). */
  source?: string;
}

export interface StrategyBundle extends PreparedCode {
  /**
   * The module table (src/runner/module-table.ts) as a string: the entry and its helper files,
   * each CommonJS with an inline source map, and how their relative imports resolve.
   */
  code: string;
  /** Absolute paths of the workspace files imported besides the entry (relative imports). */
  helpers: string[];
  /** Their sources as transpiled, in the same order. */
  helperSources: string[];
}

/**
 * Transpiles a TypeScript or JavaScript strategy file and the workspace files it imports (each with
 * its own inline source map), allowing only `algoagent` and relative files under `root`, and
 * evaluates them with nothing but `algoagent` importable. Throws StrategyLoadError (`syntax`,
 * `import`, `api`, or the kind of what its top level throws) with the exact location.
 */
export async function loadStrategy(file: string, api: object, opts: LoadOptions = {}): Promise<LoadedStrategy> {
  const b = await bundleStrategy(file, opts);
  return evaluateStrategy(b, api);
}

/** Transpiles the file and its helpers (see loadStrategy); throws StrategyLoadError for syntax and import errors. */
export async function bundleStrategy(file: string, opts: LoadOptions = {}): Promise<StrategyBundle> {
  const abs = path.resolve(file);
  const root = path.resolve(opts.root ?? path.dirname(abs));
  const source = opts.source ?? (await readFile(abs, 'utf8'));
  const { table, helpers } = collectModules(abs, root, source);
  return { file: abs, root, code: encodeTable(table), helpers: helpers.map((h) => h.file), helperSources: helpers.map((h) => h.source) };
}
