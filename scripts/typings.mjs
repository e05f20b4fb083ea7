// Declarations of `algoagent` for strategy files: TypeScript's declaration emit of src/api.ts and
// everything it reaches, into dist/types (api.d.ts is the entry the workspace tsconfig maps
// `algoagent` to), plus globals.d.ts (the few globals a strategy may use without @types/node).
// Usage: node scripts/typings.mjs [outDir]   (default dist/types)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What a strategy may use beyond ES2022 without Node's or the DOM's typings. */
export const GLOBALS_DTS = `// Globals available to AlgoAgent strategies (written by AlgoAgent; do not edit).
interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}
declare var console: Console;
// The engine's pattern table is typed from this package's detectors; strategies never import it.
declare module 'technicalindicators';
`;

/** Emits the declarations into `outDir`; returns the files written. Throws with the compiler's messages on failure. */
export function emitTypings(outDir) {
  const options = {
    declaration: true,
    emitDeclarationOnly: true,
    outDir,
    rootDir: path.join(ROOT, 'src'),
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    stripInternal: true,
    types: ['node'],
    lib: ['lib.es2022.d.ts'],
  };
  fs.rmSync(outDir, { recursive: true, force: true });
  const program = ts.createProgram([path.join(ROOT, 'src/api.ts')], options);
  const written = [];
  const result = program.emit(undefined, (file, text) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(file);
  });
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length || result.emitSkipped) {
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    throw new Error(`typings: declaration emit failed:\n${ts.formatDiagnostics(errors, host)}`);
  }
  fs.writeFileSync(path.join(outDir, 'globals.d.ts'), GLOBALS_DTS);
  written.push(path.join(outDir, 'globals.d.ts'));
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist/types'));
  const files = emitTypings(out);
  if (!process.argv.includes('--quiet')) console.log(`typings: ${files.length} declaration files in ${path.relative(ROOT, out) || out}`);
}
