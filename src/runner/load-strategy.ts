import * as esbuild from 'esbuild';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { StrategyClass } from '../engine/backtest';
import { Strategy } from '../engine/strategy';
import { type StrategyFailure, StrategyLoadError, failureFromError } from './failure';
import { SourceMapLookup } from './source-map';

export interface LoadedStrategy {
  cls: StrategyClass;
  /** Maps an exception from strategy code to a located failure. */
  locate(err: unknown): StrategyFailure;
}

export interface LoadOptions {
  /** Relative imports must stay inside this folder (the workspace). Default: the file's folder. */
  root?: string;
  /** The entry file's source when it differs from the disk (unsaved editor, a fix candidate). */
  source?: string;
}

/** What a strategy's `console` writes to (the runner forwards it to the parent). */
export type ConsoleSink = (level: 'log' | 'info' | 'warn' | 'error' | 'debug', args: unknown[]) => void;

/**
 * Bundles a TypeScript or JavaScript strategy file with esbuild (inline source map), allowing only
 * `algoagent` and relative files under `root`, and evaluates it with nothing but `algoagent`
 * importable. Throws StrategyLoadError (`syntax`, `import`, `validation`) with the exact location.
 */
export async function loadStrategy(file: string, api: object, opts: LoadOptions = {}): Promise<LoadedStrategy> {
  const b = await bundleStrategy(file, opts);
  return evaluateStrategy(b, api);
}

export interface StrategyBundle {
  /** Absolute path of the strategy file. */
  file: string;
  root: string;
  /** CommonJS code with an inline source map. */
  code: string;
  /** Absolute paths of the workspace files bundled besides the entry (relative imports). */
  helpers: string[];
}

/** Bundles the file (see loadStrategy); throws StrategyLoadError for syntax and import errors. */
export async function bundleStrategy(file: string, opts: LoadOptions = {}): Promise<StrategyBundle> {
  const abs = path.resolve(file);
  const root = path.resolve(opts.root ?? path.dirname(abs));
  const { code, helpers } = await bundle(abs, root, opts.source);
  return { file: abs, root, code, helpers };
}

/** Evaluates a bundle with only `algoagent` (= `api`) importable and returns its strategy class. */
export function evaluateStrategy(b: Pick<StrategyBundle, 'file' | 'root' | 'code'>, api: object, sink?: ConsoleSink): LoadedStrategy {
  const { file: abs, root, code } = b;
  const bundleName = `${abs}.bundle.js`;
  const map = SourceMapLookup.fromInline(code);
  const locate = (err: unknown) =>
    failureFromError(err, bundleName, map, abs, { lineOffset: 1, resolveSource: (s) => path.resolve(root, s) });
  const mod = { exports: {} as Record<string, unknown> };
  const requireAlgo = (id: string) => {
    if (id === 'algoagent') return api;
    throw new Error(`import of "${id}" is not allowed`);
  };
  try {
    // The wrapper starts on its own line so generated line numbers stay those of the bundle + 1.
    const fn = vm.runInThisContext(`(function (exports, require, module, process, global, __filename, __dirname, console) {\n${code}\n})`, {
      filename: bundleName,
    }) as (...a: unknown[]) => void;
    fn(mod.exports, requireAlgo, mod, undefined, undefined, undefined, undefined, sink ? consoleFor(sink) : console);
  } catch (err) {
    throw new StrategyLoadError(locate(err));
  }
  const cls = pickStrategyClass(mod.exports);
  if (!cls) {
    throw new StrategyLoadError({
      kind: 'api', message: 'no strategy class exported: export default a class that extends Strategy',
      file: abs, line: 1, column: 1, endLine: 1, endColumn: 1, stack: '',
      hint: "Write `export default class MyStrategy extends Strategy { … }` with `import { Strategy } from 'algoagent'`.",
    });
  }
  return { cls, locate };
}

function consoleFor(sink: ConsoleSink): Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'> {
  return {
    log: (...a: unknown[]) => sink('log', a),
    info: (...a: unknown[]) => sink('info', a),
    warn: (...a: unknown[]) => sink('warn', a),
    error: (...a: unknown[]) => sink('error', a),
    debug: (...a: unknown[]) => sink('debug', a),
  };
}

function pickStrategyClass(exports: Record<string, unknown>): StrategyClass | null {
  const isStrategy = (v: unknown): v is StrategyClass => typeof v === 'function' && v.prototype instanceof Strategy;
  if (isStrategy(exports.default)) return exports.default;
  const found = Object.values(exports).filter(isStrategy);
  return found.length === 1 ? found[0] : null;
}

async function bundle(abs: string, root: string, source?: string): Promise<{ code: string; helpers: string[] }> {
  const guard: esbuild.Plugin = {
    name: 'algoagent-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.path === 'algoagent') return { path: 'algoagent', external: true };
        if (args.path.startsWith('./') || args.path.startsWith('../')) {
          const target = path.resolve(args.resolveDir, args.path);
          if (target === root || target.startsWith(root + path.sep)) return undefined;
          return { errors: [{ text: `import of "${args.path}" leaves the workspace; only files inside ${root} can be imported` }] };
        }
        return { errors: [{ text: `import of "${args.path}" is not allowed: a strategy may import only 'algoagent' and relative files in the workspace` }] };
      });
    },
  };
  try {
    const entry: esbuild.BuildOptions = source === undefined
      ? { entryPoints: [abs] }
      : { stdin: { contents: source, sourcefile: abs, resolveDir: path.dirname(abs), loader: /\.[cm]?jsx?$/i.test(abs) ? 'js' : 'ts' } };
    const out = await esbuild.build({
      ...entry,
      metafile: true,
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2022',
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [guard],
      absWorkingDir: root,
    });
    const helpers = Object.keys(out.metafile.inputs)
      .map((f) => path.resolve(root, f))
      .filter((f) => f !== abs && !f.endsWith('<stdin>'));
    return { code: out.outputFiles[0].text, helpers };
  } catch (err) {
    const first = (err as esbuild.BuildFailure).errors?.[0];
    if (!first) throw err;
    const loc = first.location;
    const isImport = first.pluginName === 'algoagent-imports' || /Could not resolve/.test(first.text);
    const file = loc ? path.resolve(root, loc.file) : abs;
    throw new StrategyLoadError({
      kind: isImport ? 'import' : 'syntax',
      message: first.text,
      file,
      line: loc?.line ?? 0,
      column: loc ? loc.column + 1 : 0,
      endLine: loc?.line ?? 0,
      endColumn: loc ? loc.column + 1 + (loc.length || 1) : 0,
      stack: '',
      hint: isImport ? "Strategies run sandboxed: import indicators and helpers from 'algoagent' (ta.*, crossover) instead." : '',
    });
  }
}
