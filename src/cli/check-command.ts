/**
 * `algoagent check <strategy-file> [--lookahead] [--warmup] [--monte-carlo n]`: the look-ahead replay,
 * the warm-up sensitivity check and a Monte Carlo resampling on one parameter set (look-ahead and
 * warm-up when no check is named), run in the runner's child process like a backtest. Exit code 1
 * when the replay finds look-ahead; warm-up findings are warnings (exit 0).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { OptionError } from '../engine/errors';
import { resolveOptions } from '../engine/options';
import type { CheckReport, CheckRequest } from '../engine/robustness/check';
import type { Params } from '../engine/strategy';
import { robustnessText } from './robustness-text';
import { RunFailedError, Runner } from '../runner/run';
import { staticParams } from '../runner/static-params';
import { UsageError, flag, numberFlag, parseArgs, parseParam } from './args';
import { type Io, StrategyFailed, runnerLimits } from './commands';
import { barsFromArgs } from './data-source';
import { COMMON_FLAGS, backtestOptions } from './options';

/** What `--json` prints. */
export type CheckJson = CheckReport;

export interface CheckDeps {
  /** Child entry of the runner (tests); default dist/runner.js. */
  runnerEntry?: string;
}

export async function checkCommand(argv: string[], io: Io, deps: CheckDeps = {}): Promise<number> {
  const args = parseArgs(argv, { ...COMMON_FLAGS, lookahead: {}, warmup: {}, 'monte-carlo': { value: true }, seed: { value: true }, 'max-signals': { value: true }, 'compare-bars': { value: true }, tolerance: { value: true }, timeout: { value: true }, 'memory-limit': { value: true } });
  if (args.flags.has('help')) return io.out(HELP_CHECK), 0;
  const [file, extra] = args.positionals;
  if (!file) throw new UsageError('check: give a strategy file, e.g. algoagent check strategies/rsi.strategy.ts --lookahead --sample');
  if (extra) throw new UsageError(`check: unexpected argument "${extra}"`);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const runs = numberFlag(args, 'monte-carlo', (n) => Number.isInteger(n) && n >= 1, 'a whole number of runs ≥ 1');
  const seed = numberFlag(args, 'seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0') ?? 1;
  const both = !args.flags.has('lookahead') && !args.flags.has('warmup') && runs === undefined;
  const maxSignals = numberFlag(args, 'max-signals', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1') ?? 100;
  const compareBars = numberFlag(args, 'compare-bars', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  const tolerancePct = numberFlag(args, 'tolerance', (n) => n >= 0, 'a percentage ≥ 0');
  const params: Params = {};
  for (const p of args.flags.get('param') ?? []) {
    const [k, v] = parseParam(p);
    params[k] = v;
  }
  const declared = staticParams(readFileSync(file, 'utf8'), file);
  if (declared) for (const n of Object.keys(params)) if (!(n in declared)) throw new UsageError(`no parameter "${n}" in static params (it has: ${Object.keys(declared).join(', ')})`);
  const bars = barsFromArgs(args);
  const options = backtestOptions(args);
  try {
    resolveOptions(options);
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
  const abs = path.resolve(file);
  const root = flag(args, 'root') ?? (abs.startsWith(process.cwd() + path.sep) ? process.cwd() : path.dirname(abs));
  const check: CheckRequest = {
    ...(both || args.flags.has('lookahead') ? { lookahead: { maxSignals } } : {}),
    ...(both || args.flags.has('warmup') ? { warmup: { compareBars, tolerancePct } } : {}),
    ...(runs !== undefined ? { monteCarlo: { runs, seed } } : {}),
  };
  const runner = new Runner({ maxParallel: 1, entry: deps.runnerEntry, ...runnerLimits(args) });
  let json: CheckJson;
  try {
    json = await runner.runCheck({ strategyPath: abs, root, data: { kind: 'bars', bars }, options, params }, check);
  } catch (err) {
    if (!(err instanceof RunFailedError)) throw err;
    // A bad option or an empty Monte Carlo sample is the caller's mistake, not the strategy's.
    if (err.failure.kind === 'api' && /^Monte Carlo:/.test(err.failure.message)) throw new UsageError(`--monte-carlo: ${err.failure.message.replace(/^Monte Carlo: /, '')}`);
    throw new StrategyFailed(err.failure);
  } finally {
    runner.dispose();
  }
  if (args.flags.has('json')) io.out(JSON.stringify(json) + '\n');
  else io.out(robustnessText(json) + '\n');
  return json.lookahead && !json.lookahead.ok ? 1 : 0;
}

export const HELP_CHECK = `algoagent check <strategy-file> [--lookahead] [--warmup] [--data <csv> | --sample] [--param n=v]

  --lookahead           replay every entry and exit on data cut right after its bar; report signals that
                        change and the indicators (this.x properties, I() lines) whose values used later bars
  --max-signals <n>     signals to replay at most, evenly spread (default 100)
  --warmup              compare indicator values on the last bars with short and long histories
  --compare-bars <n>    bars compared (default min(100, bars / 5))
  --tolerance <pct>     relative difference still counted as equal (default 0.1)
  --monte-carlo <n>     resample the run's trades n times (5th/50th/95th percentiles of return, drawdown)
  --seed <n>            seed of the resampling (default 1)
  --timeout <seconds>   stop the check after this long (default 300)
  --memory-limit <MB>   heap limit of the check's process (default 1024)
  --json                one JSON object { strategy, params, lookahead, warmup, monteCarlo }
Look-ahead and warm-up both run when no check is named. Exit code 1 when look-ahead is found.
`;
