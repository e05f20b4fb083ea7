/**
 * Child-process entry (dist/runner.js). Receives jobs over IPC (src/runner/protocol.ts), evaluates
 * the already-transpiled, already-checked strategy modules with only `algoagent` importable, runs the
 * engine and reports progress, console output, the Result or a located failure. One job at a time;
 * the parent may reuse this process for the next job when the last one left no trace (`clean`).
 */
import * as engine from '../engine';
import { Backtest, errorPhase } from '../engine/backtest';
import { portfolioBacktest } from '../engine/portfolio';
import { checkRobustness } from '../engine/robustness/check';
import type { Bars } from '../engine/bars';
import type { Strategy } from '../engine/strategy';
import { CsvError, loadCsv } from '../data/csv';
import { sampleBars } from '../data/sample';
import { sliceByTime } from '../data/slice';
import { evaluateStrategy, type LoadedStrategy } from './evaluate-strategy';
import { StrategyLoadError, type StrategyFailure } from './failure';
import { indicatorRanges } from './indicator-ranges';
import { referenceHint } from './hints';
import { takeSnapshot, sameSnapshot } from './global-snapshot';
import type { ChildJob, ChildMessage, ConsoleLine, DataSpec, ParentMessage } from './protocol';

const MAX_CONSOLE_LINES = 1000;
const MAX_LINE_CHARS = 2000;
const PROGRESS_MS = 100;

/** The API strategies import, frozen so one strategy cannot change what the next one sees. */
const API = Object.freeze({ ...engine, ta: Object.freeze({ ...engine.ta }) });

function send(msg: ChildMessage): void {
  try {
    process.send?.(msg);
  } catch {
    // Something the strategy put in the result cannot be cloned (e.g. a function as a trade tag).
    process.send?.(JSON.parse(JSON.stringify(msg)));
  }
}

function loadData(spec: DataSpec): Bars {
  let bars: Bars;
  if (spec.kind === 'sample') bars = sampleBars();
  else if (spec.kind === 'csv') bars = loadCsv(spec.path);
  else bars = spec.bars;
  if (spec.kind === 'sample' || (spec.from === undefined && spec.to === undefined)) return bars;
  return sliceByTime(bars, spec.from, spec.to);
}

function dataFailure(job: ChildJob, err: unknown): StrategyFailure {
  const e = err as Error;
  const csv = err instanceof CsvError ? err : undefined;
  return {
    kind: 'data',
    message: e.message,
    file: csv?.file ?? (job.data.kind === 'csv' ? job.data.path : job.file),
    line: csv?.line ?? 0,
    column: csv?.line ? 1 : 0,
    endLine: csv?.line ?? 0,
    endColumn: csv?.line ? 1 : 0,
    stack: '',
    hint: 'Fix the data file at that line, or choose other data (AlgoAgent: Select Data, or --data / --sample).',
  };
}

function formatArgs(args: unknown[]): string {
  const text = args
    .map((a) => (typeof a === 'string' ? a : (() => {
      try {
        return JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      } catch {
        return String(a);
      }
    })()))
    .join(' ');
  return text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) + '…' : text;
}

function runJob(job: ChildJob): void {
  let consoleLines = 0;
  let dropped = 0;
  const sink = (level: ConsoleLine['level'], args: unknown[]) => {
    if (consoleLines >= MAX_CONSOLE_LINES) return void dropped++;
    consoleLines++;
    send({ type: 'console', id: job.id, line: { level, text: formatArgs(args) } });
  };
  const before = takeSnapshot();
  const clean = () => sameSnapshot(before, takeSnapshot());
  const fail = (failure: StrategyFailure) => send({ type: 'error', id: job.id, failure, consoleDropped: dropped, clean: clean() });

  let bars: Bars;
  try {
    bars = job.portfolio ? Object.values(job.portfolio.bars)[0] : loadData(job.data);
  } catch (err) {
    return fail(dataFailure(job, err));
  }
  let loaded: LoadedStrategy;
  try {
    loaded = evaluateStrategy(job, API, sink);
  } catch (err) {
    if (err instanceof StrategyLoadError) return fail(err.failure);
    throw err;
  }
  let bt: Backtest;
  try {
    bt = new Backtest(bars, loaded.cls, job.options);
  } catch (err) {
    return fail({ ...loaded.locate(err), kind: 'api', file: job.file, line: 1, column: 1, endLine: 1, endColumn: 1 });
  }

  let strategy: Strategy | undefined;
  let lastSent = 0;
  const onProgress = (fraction: number) => {
    const now = Date.now();
    if (now - lastSent < PROGRESS_MS) return;
    lastSent = now;
    send({ type: 'progress', id: job.id, fraction });
  };
  const every = Math.max(64, Math.floor(bars.close.length / 200));
  const locate = (err: unknown): StrategyFailure => {
    const f = loaded.locate(err);
    const where = errorPhase(err);
    if (where?.phase === 'next') {
      f.bar = where.bar;
      f.time = engine.isoTime(bars.time[where.bar]);
    }
    if (f.kind === 'reference' && !f.hint) f.hint = referenceHint(f.message, strategy);
    return f;
  };

  try {
    if (job.portfolio) {
      const { bars: bySymbol, benchmark, allocation } = job.portfolio;
      const result = portfolioBacktest(bySymbol, loaded.cls, { ...job.options, params: job.params, allocation }, { benchmark });
      send({ type: 'portfolio', id: job.id, result, clean: clean() });
      return;
    }
    if (job.check) {
      const report = checkRobustness(bars, loaded.cls, job.options, job.params, job.check);
      send({ type: 'check', id: job.id, report, clean: clean() });
      return;
    }
    if (job.combos) {
      const stats = job.combos.map((params, k) => {
        onProgress(k / job.combos!.length);
        return bt.run(params).stats;
      });
      send({ type: 'combos', id: job.id, stats, clean: clean() });
      return;
    }
    const result = bt.run(job.params, { onProgress, progressEvery: every, onStrategy: (s) => (strategy = s) });
    const ranges = strategy ? indicatorRanges(strategy) : [];
    send({ type: 'result', id: job.id, result, ranges, consoleDropped: dropped, clean: clean() });
  } catch (err) {
    if (err instanceof engine.OptionError && !errorPhase(err)) {
      return fail({ ...loaded.locate(err), kind: 'api', file: job.file, line: 1, column: 1, endLine: 1, endColumn: 1 });
    }
    fail(locate(err));
  }
}

process.on('message', (msg: ParentMessage) => {
  if (msg.type === 'shutdown') process.exit(0);
  if (msg.type === 'run') runJob(msg);
});
// The parent went away: nothing left to report to.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
