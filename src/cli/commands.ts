import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as engine from '../engine';
import { resolveOptions } from '../engine/options';
import { Runner } from '../runner/run';
import { staticParams } from '../runner/static-params';
import type { Params } from '../engine/strategy';
import { type StrategyFailure, formatFailure } from '../runner/failure';
import { type ParsedArgs, UsageError, flag, numberFlag, parseArgs, parseParam } from './args';
import { HELP_DATA, SYMBOL_FLAGS, SYMBOL_FLAGS_HELP, barsForRun } from './data-command';
import { readStrategyMeta } from '../data/meta';
import { HELP_FIX } from './fix-command';
import { HELP_OPTIMIZE } from './optimize-command';
import { HELP_CHECK } from './check-command';
import { HELP_HISTORY, HISTORY_FLAGS, HISTORY_FLAGS_HELP, recordCliRun } from './history-command';
import { HELP_NEW } from './new-command';
import { HELP_AGENT } from './agent-command';
import { HELP_PAPER } from './paper-command';
import { statsTable, tradeSummary } from './format';
import { writeRunReport } from '../results/html-report';
import { portfolioCommand } from './portfolio-command';
import { COMMON_FLAGS, backtestOptions } from './options';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** A strategy failure: printed as `file:line:col kind message`, exit code 1. */
export class StrategyFailed extends Error {
  readonly failure: StrategyFailure;
  constructor(failure: StrategyFailure) {
    super(formatFailure(failure));
    this.failure = failure;
  }
}

function strategyFile(args: ParsedArgs, command: string): string {
  const [file, extra] = args.positionals;
  if (!file) throw new UsageError(`${command}: give a strategy file, e.g. algoagent ${command} strategies/sma-cross.strategy.ts`);
  if (extra) throw new UsageError(`${command}: unexpected argument "${extra}"`);
  return file;
}

/** Relative imports may reach anywhere under the current folder when the file is inside it. */
function defaultRoot(file: string): string {
  const abs = path.resolve(file);
  const cwd = process.cwd();
  return abs.startsWith(cwd + path.sep) ? cwd : path.dirname(abs);
}

function paramsFromArgs(args: ParsedArgs): Params {
  const params: Params = {};
  for (const p of args.flags.get('param') ?? []) {
    const [k, v] = parseParam(p);
    params[k] = v;
  }
  return params;
}

function emit(io: Io, args: ParsedArgs, json: unknown, human: () => string): void {
  const out = flag(args, 'out');
  if (out) writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
  if (args.flags.has('json')) io.out(JSON.stringify(json) + '\n');
  else io.out(human() + '\n' + (out ? `\nResult written to ${out}\n` : ''));
}

/** Runner limits from `--timeout <s>` and `--memory-limit <MB>`. */
export function runnerLimits(args: ParsedArgs): { timeoutMs: number; memoryLimitMb: number } {
  const timeout = numberFlag(args, 'timeout', (n) => n > 0, 'seconds > 0') ?? 300;
  const memory = numberFlag(args, 'memory-limit', (n) => Number.isInteger(n) && n >= 64, 'a whole number of MB ≥ 64') ?? 1024;
  return { timeoutMs: Math.round(timeout * 1000), memoryLimitMb: memory };
}

/** Prints every failure of an outcome as `file:line:col kind message` (+ hint) on stderr. */
export function printFailures(io: Io, failures: StrategyFailure[]): void {
  for (const f of failures) {
    io.err(formatFailure(f) + '\n');
    if (f.hint) io.err(`  hint: ${f.hint}\n`);
  }
}

/** Unknown --param names are usage errors, found statically before anything runs. */
function checkParamNames(file: string, params: Params): void {
  const declared = staticParams(readFileSync(file, 'utf8'), file);
  if (!declared) return;
  for (const name of Object.keys(params)) {
    if (!(name in declared)) {
      const known = Object.keys(declared);
      throw new UsageError(`no parameter "${name}" in static params${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
    }
  }
}

export async function backtestCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { ...COMMON_FLAGS, ...SYMBOL_FLAGS, ...HISTORY_FLAGS, symbols: { value: true }, benchmark: { value: true }, timeout: { value: true }, 'memory-limit': { value: true }, report: { value: true } });
  if (args.flags.has('help')) return io.out(HELP_BACKTEST), 0;
  const file = strategyFile(args, 'backtest');
  const limits = runnerLimits(args);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  if (flag(args, 'symbols') !== undefined) {
    const params = paramsFromArgs(args);
    checkParamNames(file, params);
    return portfolioCommand(args, io, { file, root: flag(args, 'root') ?? defaultRoot(file), options: backtestOptions(args), params, limits });
  }
  const { meta } = readStrategyMeta(readFileSync(file, 'utf8'), file);
  const { bars, warnings: dataWarnings, source: dataSource } = await barsForRun(args, meta);
  for (const w of dataWarnings) io.err(`warning: ${w}\n`);
  const options = backtestOptions(args);
  try {
    resolveOptions(options);
  } catch (e) {
    if (e instanceof engine.OptionError) throw new UsageError(e.message);
    throw e;
  }
  const params = paramsFromArgs(args);
  checkParamNames(file, params);
  const runner = new Runner({ maxParallel: 1, ...limits });
  let outcome;
  try {
    outcome = await runner.run({ strategyPath: file, root: flag(args, 'root') ?? defaultRoot(file), data: { kind: 'bars', bars }, options, params });
  } finally {
    runner.dispose();
  }
  for (const line of outcome.console) io.err(`[console.${line.level}] ${line.text}\n`);
  await recordCliRun(args, io, { strategyPath: file, outcome, source: readFileSync(file, 'utf8'), dataSource, bars, kind: 'backtest', params, options: options as Record<string, unknown> });
  if (!outcome.ok) {
    printFailures(io, [outcome.failure, ...(outcome.more ?? [])]);
    return 1;
  }
  const result = outcome.result;
  const name = result.strategy || path.basename(file);
  emit(io, args, result, () => {
    const head = `${name} on ${result.data.symbol || 'data'} ${result.data.interval} (${result.data.bars} bars, ${result.data.from.slice(0, 10)} .. ${result.data.to.slice(0, 10)})`;
    return [head, '', statsTable(result.stats), '', tradeSummary(result)].join('\n');
  });
  const report = flag(args, 'report');
  if (report) {
    await writeRunReport(report, { result, bars, strategyPath: path.resolve(file), extras: outcome, dataLabel: dataSource });
    io.err(`Report written to ${report}\n`);
  }
  for (const w of result.log.filter((l) => l.level === 'warning').slice(0, 5)) io.err(`warning: bar ${w.bar} (${w.time.slice(0, 10)}): ${w.message}\n`);
  printFailures(io, outcome.warnings);
  return 0;
}

export const HELP = `algoagent — backtest trading strategies written in TypeScript or JavaScript

Usage:
  algoagent backtest <strategy-file> [--data <csv> | --sample | --symbol SYM] [options] [--timeout s]
                     [--memory-limit MB] [--json] [--out file.json] [--report file.html] [--db file]
  algoagent optimize <strategy-file> [--data <csv> | --sample] --param n1=5:25:5 --param n2=10,20,30
                     [--constraint "n1 < n2"] [--maximize sqn] [--method grid|random|adaptive] [--budget N]
                     [--seed S] [--walk-forward K] [--monte-carlo N] [--workers N] [--json]
  algoagent check <strategy-file> [--lookahead] [--warmup] [--monte-carlo N] (--data <csv> | --sample)
  algoagent data download <SYMBOL> [--interval 1d] [--from D] [--to D] [--csv out.csv]
  algoagent data list | clear [SYMBOL] | check <csv>
  algoagent new "<description>" [--provider offline|gemini|auto] [--out dir] [--name n] [--run (--data <csv> | --sample)]
                [--max-attempts N] [--json]
  algoagent fix <strategy-file> [--provider gemini|offline] [--max-attempts N] (--data <csv> | --sample) [--json]
  algoagent history [<strategy-file>] [--json] [--limit n] [--db <file>]
  algoagent history --show <id> [--json] [--db <file>]
  algoagent agent cycle | status | config [--set key=value]
  algoagent paper run [--once] | status
  algoagent help [backtest|optimize|check|data|new|fix|history|agent|paper]
  algoagent --version

Exit codes: 0 success, 1 the strategy failed (file:line:col kind message), 2 usage or data error.
`;

const OPTIONS_HELP = `Data:
  --data <csv>            OHLC(V) CSV file (Date/Datetime/Time/Timestamp or unnamed first column)
  --sample                bundled synthetic daily data (the default when --data is absent)
  --from <date>           first bar to use (inclusive), e.g. 2010-01-01
  --to <date>             last bar to use (inclusive)
Broker:
  --cash <n>              starting cash (10000)
  --commission <f>        fraction of traded value per fill, e.g. 0.002 (0)
  --commission-fixed <n>  fixed amount per fill, added to --commission (0)
  --spread <f>            bid-ask spread as a fraction of price (0)
  --margin <f>            margin ratio, 1 = no leverage, 0.02 = 50:1 (1)
  --trade-on-close        fill market orders at the signal bar's close
  --hedging               allow long and short trades at the same time
  --exclusive-orders      each new order closes open trades and cancels pending orders
  --finalize-trades       close trades still open at the end so they count in the statistics
  --fractional            trade fractional units (crypto)
Strategy:
  --param name=value      override a parameter of \`static params\` (repeatable)
  --root <dir>            folder relative imports must stay in (default: current folder)
Output:
  --json                  print the Result JSON on stdout, nothing else
  --out <file.json>       also write the Result JSON to a file
`;

const HELP_BACKTEST = `algoagent backtest <strategy-file> [--symbol SYM | --data <csv> | --sample] [options]

Runs the strategy in a separate process (no file writes, no child processes, no require/process).
Portfolio:
  --symbols A,B,C         one strategy over several downloaded symbols, cash split equally
  --benchmark SYM         benchmark of alpha and beta (default: the equal-weight index of the symbols)
Report:
  --report <file.html>    also write a self-contained HTML report (charts, statistics, trades; opens offline)
Run limits:
  --timeout <seconds>     stop the run after this long (default 300)
  --memory-limit <MB>     heap limit of the run's process (default 1024)

${OPTIONS_HELP}
${SYMBOL_FLAGS_HELP}
${HISTORY_FLAGS_HELP}`;
export function helpFor(topic: string | undefined): string {
  return topic === 'backtest' ? HELP_BACKTEST : topic === 'optimize' ? HELP_OPTIMIZE : topic === 'check' ? HELP_CHECK : topic === 'data' ? HELP_DATA : topic === 'new' ? HELP_NEW : topic === 'fix' ? HELP_FIX : topic === 'history' ? HELP_HISTORY : topic === 'agent' ? HELP_AGENT : topic === 'paper' ? HELP_PAPER : HELP;
}
