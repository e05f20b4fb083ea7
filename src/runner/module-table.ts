/**
 * A strategy and its helper files as one string (what the parent sends the child) and their linking
 * in the child: each module is compiled under its own file name (stack frames name the real file)
 * with CommonJS semantics — `require('algoagent')` is the engine API, a relative specifier is
 * another module of the table (cycles see partial exports, as in Node), anything else throws.
 */
import * as vm from 'node:vm';
import { StrategyLoadError } from './failure';
import { type OriginalPosition, SourceMapLookup } from './source-map';

export interface TableModule {
  /** Absolute path: the module's name in stack frames. */
  file: string;
  /** CommonJS code with an inline source map of this file. */
  code: string;
  /** Each relative specifier the module requires → the `file` of the module it resolved to. */
  deps: Record<string, string>;
}

export interface ModuleTable {
  entry: string;
  modules: TableModule[];
}

const FORMAT = 'algoagent-modules/1';

export function encodeTable(t: ModuleTable): string {
  return JSON.stringify({ format: FORMAT, ...t });
}

export function decodeTable(code: string): ModuleTable {
  let t: { format?: unknown } & Partial<ModuleTable>;
  try {
    t = JSON.parse(code) as typeof t;
  } catch {
    throw new Error('runner: the prepared strategy is not a module table (prepare it with bundleStrategy)');
  }
  if (t.format !== FORMAT || typeof t.entry !== 'string' || !Array.isArray(t.modules)) {
    throw new Error('runner: the prepared strategy is not a module table (prepare it with bundleStrategy)');
  }
  return { entry: t.entry, modules: t.modules };
}

export interface LinkedTable {
  /** Runs the entry module (and what it requires) once; returns its exports. */
  evaluate(): Record<string, unknown>;
  /** The module files, as they appear in stack frames. */
  files: readonly string[];
  /** A 1-based generated position in one of `files` → the original position in that file. */
  mapFrame(file: string, line: number, column: number): OriginalPosition | null;
}

/** Globals a strategy module sees as parameters: no `process`, `global`, file names; our console. */
const WRAPPER_PARAMS = 'exports, require, module, process, global, __filename, __dirname, console';

/** The wrapper starts on its own line: generated line N of a module is line N + 1 of its script. */
const LINE_OFFSET = 1;

/** V8's compile-time SyntaxError names the script line (`file:N`) and marks the column with `^`. */
function compileErrorPosition(err: Error, file: string): { line: number; column: number } | null {
  const lines = (err.stack ?? '').split('\n');
  const m = /^(.*):(\d+)$/.exec(lines[0] ?? '');
  if (!m || m[1] !== file) return null;
  const caret = lines[2]?.indexOf('^') ?? -1;
  return { line: Number(m[2]), column: caret >= 0 ? caret + 1 : 1 };
}

/**
 * Links the table; `evaluate()` runs it from its entry. Errors thrown by module code propagate as
 * they are (locate them with `mapFrame`); code V8 refuses to compile is a StrategyLoadError
 * `syntax` at its place.
 */
export function linkModules(table: ModuleTable, api: object, console: unknown): LinkedTable {
  const byFile = new Map(table.modules.map((m) => [m.file, m]));
  const loaded = new Map<string, { exports: Record<string, unknown> }>();
  const maps = new Map<string, SourceMapLookup | null>();
  const mapFrame = (file: string, line: number, column: number): OriginalPosition | null => {
    const mod = byFile.get(file);
    if (!mod) return null;
    if (!maps.has(file)) maps.set(file, SourceMapLookup.fromInline(mod.code));
    const pos = maps.get(file)?.originalPosition(line - LINE_OFFSET, column);
    return pos ? { ...pos, source: file } : null;
  };

  const load = (file: string): Record<string, unknown> => {
    const done = loaded.get(file);
    if (done) return done.exports;
    const mod = byFile.get(file);
    if (!mod) throw new Error(`runner: module ${file} is missing from the prepared strategy`);
    const module = { exports: {} as Record<string, unknown> };
    loaded.set(file, module);
    let fn: (...a: unknown[]) => void;
    try {
      fn = vm.runInThisContext(`(function (${WRAPPER_PARAMS}) {\n${mod.code}\n})`, { filename: file }) as typeof fn;
    } catch (err) {
      const at = err instanceof SyntaxError ? compileErrorPosition(err, file) : null;
      const pos = at && mapFrame(file, at.line, at.column);
      if (!pos) throw err;
      throw new StrategyLoadError({
        kind: 'syntax', message: err instanceof Error ? err.message : String(err), file,
        line: pos.line, column: pos.column, endLine: pos.line, endColumn: pos.column + 1, stack: '', hint: '',
      });
    }
    const require = (id: string): unknown => {
      if (id === 'algoagent') return api;
      const target = Object.prototype.hasOwnProperty.call(mod.deps, id) ? mod.deps[id] : undefined;
      if (target === undefined) throw new Error(`import of "${id}" is not allowed`);
      return load(target);
    };
    fn.call(module.exports, module.exports, require, module, undefined, undefined, undefined, undefined, console);
    return module.exports;
  };

  let entryExports: Record<string, unknown> | undefined;
  return {
    evaluate: () => (entryExports ??= load(table.entry)),
    files: [...byFile.keys()],
    mapFrame,
  };
}
