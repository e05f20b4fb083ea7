/**
 * Child side of loading (also the optimizer's workers and the CLI's in-process backends): links a
 * prepared module table (src/runner/module-table.ts) with only `algoagent` importable, runs it and
 * picks the strategy class. No compiler here: everything was transpiled and checked by the parent.
 */
import type { StrategyClass } from '../engine/backtest';
import { Strategy } from '../engine/strategy';
import { type StrategyFailure, StrategyLoadError, failureFromError } from './failure';
import { decodeTable, linkModules } from './module-table';

export interface LoadedStrategy {
  cls: StrategyClass;
  /** Maps an exception from strategy code to a located failure. */
  locate(err: unknown): StrategyFailure;
}

/** A strategy prepared by the parent (see StrategyBundle in src/runner/load-strategy.ts). */
export interface PreparedCode {
  /** Absolute path of the strategy file. */
  file: string;
  root: string;
  /** The encoded module table. */
  code: string;
}

/** What a strategy's `console` writes to (the runner forwards it to the parent). */
export type ConsoleSink = (level: 'log' | 'info' | 'warn' | 'error' | 'debug', args: unknown[]) => void;

/**
 * Evaluates prepared code with only `algoagent` (= `api`) importable and returns its strategy
 * class. Throws StrategyLoadError, located in the file and line that failed.
 */
export function evaluateStrategy(b: PreparedCode, api: object, sink?: ConsoleSink): LoadedStrategy {
  const abs = b.file;
  const linked = linkModules(decodeTable(b.code), api, sink ? consoleFor(sink) : console);
  const locate = (err: unknown) => failureFromError(err, linked, abs);
  let exports: Record<string, unknown>;
  try {
    exports = linked.evaluate();
  } catch (err) {
    if (err instanceof StrategyLoadError) throw err;
    throw new StrategyLoadError(locate(err));
  }
  const cls = pickStrategyClass(exports);
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
