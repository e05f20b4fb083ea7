/**
 * The files a strategy runs with: its entry and every workspace file it imports (transitively,
 * cycles included), each transpiled on its own (src/runner/transpile.ts). Refuses, located at the
 * import, everything but `algoagent` and relative files inside the workspace root. Parent only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { StrategyLoadError } from './failure';
import { type ModuleTable, type TableModule } from './module-table';
import { isRelativeSpecifier, resolveImport } from './resolve-import';
import { type ImportRef, type Transpiled, transpileFile } from './transpile';

export interface ModuleGraph {
  table: ModuleTable;
  /** The workspace files imported besides the entry, with the source that was transpiled. */
  helpers: { file: string; source: string }[];
}

/** Transpiled files by path and content: an edit of the entry does not transpile its helpers again. */
const transpiled = new Map<string, Transpiled>();
const MAX_TRANSPILED = 256;

function transpileCached(source: string, file: string): Transpiled {
  const key = createHash('sha1').update(file).update('\0').update(source).digest('hex');
  const hit = transpiled.get(key);
  if (hit) {
    // Most recently used last, so the oldest entry is the one dropped.
    transpiled.delete(key);
    transpiled.set(key, hit);
    return hit;
  }
  const t = transpileFile(source, file);
  if (transpiled.size >= MAX_TRANSPILED) transpiled.delete(transpiled.keys().next().value!);
  transpiled.set(key, t);
  return t;
}

const SANDBOX_HINT = "Strategies run sandboxed: import indicators and helpers from 'algoagent' (ta.*, crossover) instead.";

function importError(file: string, ref: ImportRef, message: string): StrategyLoadError {
  return new StrategyLoadError({
    kind: 'import', message, file, line: ref.line, column: ref.column, endLine: ref.endLine, endColumn: ref.endColumn,
    stack: '', hint: SANDBOX_HINT,
  });
}

function readHelper(file: string, from: string, ref: ImportRef): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw importError(from, ref, `import of "${ref.spec}" could not be read: ${(err as Error).message}`);
  }
}

/**
 * Walks the imports from `entry` (whose text is `source`) depth-first in source order. Throws
 * StrategyLoadError: `syntax` in the file that has it, `import` at the offending import.
 */
export function collectModules(entry: string, root: string, source: string): ModuleGraph {
  const modules = new Map<string, TableModule>();
  const helpers: ModuleGraph['helpers'] = [];
  const visit = (file: string, text: string): void => {
    const t = transpileCached(text, file);
    const mod: TableModule = { file, code: t.code, deps: {} };
    modules.set(file, mod);
    for (const ref of t.imports) {
      if (ref.spec === 'algoagent' || Object.prototype.hasOwnProperty.call(mod.deps, ref.spec)) continue;
      if (!isRelativeSpecifier(ref.spec)) {
        throw importError(file, ref, `import of "${ref.spec}" is not allowed: a strategy may import only 'algoagent' and relative files in the workspace`);
      }
      const r = resolveImport(ref.spec, file, root);
      if (!r.ok) throw importError(file, ref, r.message);
      mod.deps[ref.spec] = r.file;
      if (modules.has(r.file)) continue;
      const helperSource = readHelper(r.file, file, ref);
      helpers.push({ file: r.file, source: helperSource });
      visit(r.file, helperSource);
    }
  };
  visit(path.resolve(entry), source);
  return { table: { entry: path.resolve(entry), modules: [...modules.values()] }, helpers };
}
