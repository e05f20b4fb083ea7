/**
 * `algoagent optimize`: grid, random or adaptive search over parameter ranges on every core
 * (child processes through the runner by default), with the robustness checks: walk-forward or a
 * train/test split, Monte Carlo over the best run's trades, overfitting warnings. `--json` prints
 * one object with the best run, the top combinations, heatmap data and the robustness section.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as engine from '../engine';
import { compileExpression } from '../engine/expression';
import { type ParamRanges, localEvaluate } from '../engine/optimize';
import { localWindowBackend } from '../engine/robustness/local-backend';
import { SEARCH_METHODS, type SearchMethod } from '../engine/search/run';
import type { Stats } from '../engine/stats';
import type { Params } from '../engine/strategy';
import { ThreadPool, workerCount } from '../optimize/parallel';
import { formatDuration, progressTracker } from '../optimize/progress';
import { runnerBackend } from '../optimize/runner-backend';
import { type OptimizeBackend, type OptimizeReport, runOptimization } from '../optimize/session';
import { StrategyLoadError } from '../runner/failure';
import { Runner } from '../runner/run';
import { staticParams } from '../runner/static-params';
import { type ParsedArgs, UsageError, flag, numberFlag, parseArgs, parseRange } from './args';
import { monteCarloLines } from './robustness-text';
import { loadChecked } from './in-process';
import { type Io, StrategyFailed, runnerLimits } from './commands';
import { barsFromArgs } from './data-source';
import { combosTable, formatNumber, statsTable } from './format';
import { COMMON_FLAGS, backtestOptions } from './options';

export interface OptimizeDeps {
  /** Child entry for the runner (tests); default dist/runner.js. */
  runnerEntry?: string;
  /** Cancels the optimization (the CLI wires SIGINT to it). */
  signal?: AbortSignal;
}

/** The `--json` output (see src/optimize/session.ts). */
export type OptimizeJson = OptimizeReport;

const FLAGS = {
  ...COMMON_FLAGS,
  constraint: { value: true }, maximize: { value: true }, workers: { value: true },
  method: { value: true }, budget: { value: true }, seed: { value: true }, backend: { value: true },
  'walk-forward': { value: true }, anchored: {}, 'in-sample-ratio': { value: true }, split: { value: true },
  'monte-carlo': { value: true }, heatmap: { value: true }, top: { value: true },
  timeout: { value: true }, 'memory-limit': { value: true },
};

const STAT_KEYS = new Set<string>(Object.keys(engine.computeStats({
  time: Float64Array.of(0, 86_400_000), close: Float64Array.of(1, 1), equity: Float64Array.of(1, 1), trades: [], warmup: 0,
})));

export async function optimizeCommand(argv: string[], io: Io, deps: OptimizeDeps = {}): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.has('help')) return io.out(HELP_OPTIMIZE), 0;
  const [file, extra] = args.positionals;
  if (!file) throw new UsageError('optimize: give a strategy file, e.g. algoagent optimize strategies/sma-cross.strategy.ts --param fast=5:30:5');
  if (extra) throw new UsageError(`optimize: unexpected argument "${extra}"`);
  const s = settings(args);
  const bars = barsFromArgs(args);
  const options = backtestOptions(args);
  try {
    engine.resolveOptions(options);
  } catch (e) {
    if (e instanceof engine.OptionError) throw new UsageError(e.message);
    throw e;
  }
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const declared = staticParams(readFileSync(file, 'utf8'), file);
  if (declared) for (const n of Object.keys(s.ranges)) if (!(n in declared)) throw new UsageError(`no parameter "${n}" in static params (it has: ${Object.keys(declared).join(', ')})`);
  const root = flag(args, 'root') ?? defaultRoot(file);
  const controller = new AbortController();
  deps.signal?.addEventListener('abort', () => controller.abort(), { once: true });

  let backend: OptimizeBackend;
  const size = workerCount(Number.MAX_SAFE_INTEGER, s.workers);
  if (s.backend === 'process') {
    const runner = new Runner({ maxParallel: size, entry: deps.runnerEntry, ...runnerLimits(args) });
    const rb = runnerBackend(runner, { strategyPath: file, root, bars, options, signal: controller.signal });
    backend = { ...rb, dispose: () => runner.dispose(), name: `${size} child process(es)` };
  } else {
    const { bundle, loaded } = await loadChecked(file, root);
    try {
      engine.resolveParams(loaded.cls, engine.gridCombos(s.ranges, s.constraint)[0]);
      if (s.backend === 'inline') {
        const local = localWindowBackend(bars, loaded.cls, options);
        // Strategy errors leave as located failures, as from the other backends.
        const located = <A extends unknown[], T>(fn: (...a: A) => Promise<T>) => async (...a: A): Promise<T> => {
          try {
            return await fn(...a);
          } catch (err) {
            if (err instanceof engine.OptionError && !engine.errorPhase(err)) throw err;
            const f = loaded.locate(err);
            const at = engine.errorPhase(err);
            if (at?.phase === 'next') f.bar = at.bar;
            throw new StrategyLoadError(f);
          }
        };
        const whole = localEvaluate(new engine.Backtest(bars, loaded.cls, options));
        backend = { bars, evaluate: located(local.evaluate), run: located(local.run), evaluator: () => located(whole), dispose: () => {}, name: 'this thread' };
      } else {
        const pool = new ThreadPool(bundle, bars, options, size);
        backend = { bars, evaluate: (c, w, d) => pool.evaluate(c, w, d, controller.signal), run: (p, w) => pool.run(p, w, controller.signal), evaluator: () => pool.evaluator(controller.signal), dispose: () => pool.dispose(), name: `${size} worker thread(s)` };
      }
    } catch (err) {
      if (err instanceof StrategyLoadError) throw new StrategyFailed(err.failure);
      if (err instanceof engine.OptionError || err instanceof engine.StrategyApiError) throw new UsageError(err.message);
      throw err;
    }
  }

  const track = progressTracker();
  let lastShown = 0;
  const onProgress = (done: number, total: number) => {
    const p = track(done, total);
    if (args.flags.has('json') || p.elapsedMs - lastShown < 2000 || done === total) return;
    lastShown = p.elapsedMs;
    io.err(`optimize: ${p.done}/${p.total} combinations, ${formatDuration(p.elapsedMs)} elapsed${p.etaMs !== null ? `, about ${formatDuration(p.etaMs)} left` : ''}\n`);
  };
  let json: OptimizeJson;
  try {
    json = await runOptimization(backend, {
      ranges: s.ranges, constraint: s.constraint, maximize: s.maximize, method: s.method, budget: s.budget, seed: s.seed, batch: Math.max(8, size * 4),
      walkForward: s.walkForward ? { folds: s.walkForward, mode: s.anchored ? 'anchored' : 'rolling', inSampleRatio: s.inSampleRatio } : undefined,
      split: s.split, monteCarlo: s.monteCarlo, heatmap: s.heatmap, top: s.top,
    }, { onProgress, signal: controller.signal });
    json.strategy ||= path.basename(file);
    const mc = json.robustness.monteCarlo;
    if (s.monteCarlo && !mc) io.err('warning: --monte-carlo skipped: the best run has no closed trades\n');
  } catch (err) {
    if (err instanceof StrategyLoadError) throw new StrategyFailed(err.failure);
    if ((err as Error).name === 'AbortError') {
      io.err('optimize: cancelled\n');
      return 130;
    }
    if (err instanceof engine.OptionError || err instanceof engine.StrategyApiError) throw new UsageError(err.message);
    throw err;
  } finally {
    backend.dispose();
  }
  const out = flag(args, 'out');
  if (out) writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  if (args.flags.has('json')) io.out(JSON.stringify(json) + '\n');
  else io.out(human(json, backend.name) + (out ? `\nResult written to ${out}\n` : ''));
  return 0;
}

interface Settings {
  ranges: ParamRanges;
  constraint?: (p: Params) => boolean;
  maximize: keyof Stats;
  maximizeName: string;
  method: SearchMethod;
  budget?: number;
  seed: number;
  workers?: number;
  backend: 'process' | 'thread' | 'inline';
  walkForward?: number;
  anchored: boolean;
  inSampleRatio?: number;
  split?: number;
  monteCarlo?: number;
  heatmap?: [string, string];
  top: number;
}

function settings(args: ParsedArgs): Settings {
  const ranges: ParamRanges = {};
  for (const p of args.flags.get('param') ?? []) {
    const [k, values] = parseRange(p);
    if (k in ranges) throw new UsageError(`--param ${k} given twice`);
    ranges[k] = values;
  }
  if (!Object.keys(ranges).length) throw new UsageError('optimize: give at least one --param name=start:end:step (or name=a,b,c)');
  const maximize = (flag(args, 'maximize') ?? 'sqn') as keyof Stats;
  if (!STAT_KEYS.has(maximize) || maximize === 'start' || maximize === 'end') throw new UsageError(`--maximize: unknown statistic "${maximize}"; use one of ${[...STAT_KEYS].filter((k) => k !== 'start' && k !== 'end').join(', ')}`);
  const text = flag(args, 'constraint');
  let constraint: ((p: Params) => boolean) | undefined;
  if (text !== undefined) {
    try {
      constraint = compileExpression(text);
      engine.gridCombos(ranges, constraint);
    } catch (e) {
      throw new UsageError(`--constraint: ${(e as Error).message}`);
    }
  }
  const method = (flag(args, 'method') ?? 'grid') as SearchMethod;
  if (!SEARCH_METHODS.includes(method)) throw new UsageError(`--method must be ${SEARCH_METHODS.join(', ')}; got "${method}"`);
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  const budget = numberFlag(args, 'budget', whole, 'a whole number ≥ 1');
  if (budget !== undefined && method === 'grid') throw new UsageError('--budget applies to --method random or adaptive (the grid runs every combination)');
  const backend = (flag(args, 'backend') ?? 'process') as Settings['backend'];
  if (!['process', 'thread', 'inline'].includes(backend)) throw new UsageError(`--backend must be process, thread or inline; got "${backend}"`);
  const walkForward = numberFlag(args, 'walk-forward', whole, 'a whole number of folds ≥ 1');
  const split = numberFlag(args, 'split', (n) => n > 0 && n < 1, 'a fraction in (0, 1), e.g. 0.7');
  if (walkForward && split) throw new UsageError('give either --walk-forward or --split, not both');
  if (args.flags.has('anchored') && !walkForward) throw new UsageError('--anchored applies to --walk-forward');
  const hm = flag(args, 'heatmap');
  let heatmapAxes: [string, string] | undefined;
  if (hm !== undefined) {
    const parts = hm.split(',').map((x) => x.trim());
    if (parts.length !== 2 || parts.some((p) => !(p in ranges)) || parts[0] === parts[1]) throw new UsageError(`--heatmap needs two different optimized parameters as x,y (have ${Object.keys(ranges).join(', ')}); got "${hm}"`);
    heatmapAxes = [parts[0], parts[1]];
  }
  return {
    ranges, constraint, maximize, maximizeName: maximize, method,
    budget: method === 'grid' ? undefined : budget ?? 100,
    seed: numberFlag(args, 'seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 1,
    workers: numberFlag(args, 'workers', whole, 'a whole number ≥ 1'),
    backend, walkForward, anchored: args.flags.has('anchored'),
    inSampleRatio: numberFlag(args, 'in-sample-ratio', (n) => n > 0, 'a number > 0'),
    split, monteCarlo: numberFlag(args, 'monte-carlo', whole, 'a whole number of runs ≥ 1'),
    heatmap: heatmapAxes, top: numberFlag(args, 'top', whole, 'a whole number ≥ 1') ?? 10,
  };
}

function defaultRoot(file: string): string {
  const abs = path.resolve(file);
  const cwd = process.cwd();
  return abs.startsWith(cwd + path.sep) ? cwd : path.dirname(abs);
}

function human(j: OptimizeJson, where: string): string {
  const p = (params: Params) => Object.entries(params).map(([n, v]) => `${n}=${v}`).join(' ');
  const lines = [
    `${j.strategy}: ${j.evaluated} combinations, best by ${j.maximize}: ${p(j.best.params)}`,
    `${j.method} search over a grid of ${j.gridSize} on ${where}${j.seed !== null ? `, seed ${j.seed}` : ''}`,
    '',
    statsTable(j.best.result.stats),
    '',
    'Top combinations:',
    combosTable(j.top.map((t) => ({ params: t.params, stats: t.stats })), j.maximize, (c) => {
      const v = j.top.find((t) => t.params === c.params)?.value;
      return v ?? -Infinity;
    }, j.top.length),
  ];
  const wf = j.robustness.walkForward;
  if (wf) {
    lines.push('', wf.mode === 'split' ? 'Train/test split:' : `Walk-forward (${wf.mode}, ${wf.folds.length} folds):`);
    for (const f of wf.folds) {
      lines.push(`  train ${f.train.start}..${f.train.end - 1}  test ${f.test.start}..${f.test.end - 1}  ${p(f.params)}  in-sample ${formatNumber(f.inSample.returnPct)} %  out-of-sample ${formatNumber(f.outOfSample.returnPct)} %  efficiency ${formatNumber(f.efficiency)}`);
    }
    lines.push(`  stitched out-of-sample return ${formatNumber(wf.stats.returnPct)} %, max drawdown ${formatNumber(wf.stats.maxDrawdownPct)} %, efficiency ${formatNumber(wf.efficiency)}`);
  }
  if (j.robustness.monteCarlo) lines.push('', ...monteCarloLines(j.robustness.monteCarlo));
  if (j.robustness.warnings.length) lines.push('', 'Overfitting warnings:', ...j.robustness.warnings.map((w) => `  ! ${w.message}`));
  return lines.join('\n');
}

export const HELP_OPTIMIZE = `algoagent optimize <strategy-file> --param name=start:end:step … [options]

Search:
  --method grid|random|adaptive  every combination (default); a seeded random sample; or a
                          TPE-style sampler that spends the budget near the best results
  --budget <n>            combinations to try with random / adaptive (default 100)
  --seed <n>              seed of random, adaptive and Monte Carlo (default 1)
  --constraint "<expr>"   keep combinations where it holds, e.g. "fast < slow"
  --maximize <stat>       statistic to maximize (default sqn; ties go to the first)
  --workers <n>           processes/threads to use (default: every core)
  --backend process|thread|inline  child processes (default, isolated), worker threads, or this thread
Robustness:
  --walk-forward <k>      k folds: optimize in-sample, test on the next window (rolling; --anchored)
  --in-sample-ratio <r>   in-sample windows r times the out-of-sample ones (default 3)
  --split <fraction>      one train/test split instead, e.g. 0.7
  --monte-carlo <n>       resample the best run's trades n times (5th/50th/95th percentiles)
Output:
  --heatmap x,y           the two parameters of the heatmap data (default: the first two)
  --top <n>               combinations in the top list (default 10)
  --json                  one JSON object: best, top, heatmap, combos, robustness
  --timeout <s>, --memory-limit <MB>  limits of each child process

Data, broker and --param as for backtest (algoagent help backtest).
`;
