/**
 * Where a relative import of a strategy or helper file points: the file as written (a script or a
 * `.json` file), an extension-less specifier with a script extension added, `./x.js` meaning
 * `./x.ts` (as TypeScript writes it), or a folder's index file — and only inside the workspace root.
 */
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Script extensions a strategy may import, in the order extension-less specifiers try them. */
export const SCRIPT_EXTENSIONS = ['.ts', '.js', '.mts', '.cts', '.mjs', '.cjs'] as const;

/** What a JavaScript extension in a specifier may stand for in TypeScript sources. */
const TS_FOR_JS: Record<string, string> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts' };

export type Resolution = { ok: true; file: string } | { ok: false; message: string };

export function isRelativeSpecifier(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../');
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isScript(p: string): boolean {
  return (SCRIPT_EXTENSIONS as readonly string[]).includes(path.extname(p).toLowerCase());
}

function inside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The candidates for `target` (an absolute path without resolution), most specific first. */
function candidates(target: string): string[] {
  const out: string[] = [];
  const ext = path.extname(target).toLowerCase();
  if (isScript(target) || ext === '.json') out.push(target);
  if (TS_FOR_JS[ext]) out.push(target.slice(0, -ext.length) + TS_FOR_JS[ext]);
  for (const e of SCRIPT_EXTENSIONS) out.push(target + e);
  for (const e of SCRIPT_EXTENSIONS) out.push(path.join(target, 'index' + e));
  return out;
}

/** Resolves a relative specifier written in `fromFile`; refuses what leaves `root` or is missing. */
export function resolveImport(spec: string, fromFile: string, root: string): Resolution {
  const target = path.resolve(path.dirname(fromFile), spec);
  if (!inside(root, target)) {
    return { ok: false, message: `import of "${spec}" leaves the workspace; only files inside ${root} can be imported` };
  }
  const file = candidates(target).find(isFile);
  if (!file) {
    const base = path.basename(target);
    const ext = path.extname(target).toLowerCase();
    const tried = TS_FOR_JS[ext] ? `${base} or ${base.slice(0, -ext.length)}${TS_FOR_JS[ext]}`
      : isScript(target) ? base : `${base}.ts, ${base}.js (or .mts .cts .mjs .cjs) or ${base}/index.*`;
    return { ok: false, message: `import of "${spec}" could not be resolved: no file ${tried} in ${path.dirname(target)}` };
  }
  // A link inside the workspace must not lead out of it either.
  if (!inside(real(root), real(file))) {
    return { ok: false, message: `import of "${spec}" leaves the workspace (through a link); only files inside ${root} can be imported` };
  }
  return { ok: true, file };
}
