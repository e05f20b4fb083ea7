/**
 * `algoagent backtest <file> --symbols AAPL,MSFT,GOOG [--benchmark SPY]`: one strategy over several
 * symbols (capital split equally), run in one runner child; combined and per-symbol statistics.
 */
import * as path from 'node:path';
import type { Bars } from '../engine/bars';
import type { BacktestOptions } from '../engine/options';
import type { Params } from '../engine/strategy';
import { loadBars, type LoadOptions } from '../data/market-data';
import { RunFailedError, Runner } from '../runner/run';
import { type ParsedArgs, UsageError, flag } from './args';
import { type Io, printFailures } from './commands';
import { cacheDirFromArgs } from './data-command';
import { statsTable } from './format';

function symbolList(text: string): string[] {
  const list = text.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (!list.length) throw new UsageError('--symbols: give symbols separated by commas, e.g. --symbols AAPL,MSFT');
  if (new Set(list).size !== list.length) throw new UsageError(`--symbols: a symbol is listed twice (${list.join(', ')})`);
  return list;
}

function pct(v: number | null): string {
  return v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}%`;
}

export interface PortfolioRun {
  file: string;
  root: string;
  options: BacktestOptions;
  params: Params;
  limits: { timeoutMs: number; memoryLimitMb: number };
}

export async function portfolioCommand(args: ParsedArgs, io: Io, run: PortfolioRun, extra: Partial<LoadOptions> = {}): Promise<number> {
  if (flag(args, 'symbol') || flag(args, 'data') || args.flags.has('sample')) throw new UsageError('--symbols runs on downloaded symbols: leave out --symbol, --data and --sample');
  const symbols = symbolList(flag(args, 'symbols')!);
  const interval = flag(args, 'interval') ?? '1d';
  const load = (symbol: string) =>
    loadBars({ kind: 'symbol', symbol, interval, from: flag(args, 'from'), to: flag(args, 'to') }, {
      cacheDir: cacheDirFromArgs(args), adjust: args.flags.has('no-adjust') ? false : undefined, offline: args.flags.has('offline'), ...extra,
    });
  const bars: Record<string, Bars> = {};
  for (const s of symbols) {
    const loaded = await load(s);
    for (const w of loaded.warnings) io.err(`warning: ${s}: ${w}\n`);
    bars[s] = loaded.bars;
  }
  const benchmarkSymbol = flag(args, 'benchmark')?.trim().toUpperCase();
  const benchmark = benchmarkSymbol ? (await load(benchmarkSymbol)).bars : undefined;
  const runner = new Runner({ maxParallel: 1, ...run.limits });
  try {
    const result = await runner.runPortfolio({ strategyPath: run.file, root: run.root, options: run.options, params: run.params }, { bars, benchmark });
    const json = {
      benchmark: result.benchmark,
      stats: result.stats,
      symbols: result.symbols.map((s) => ({ symbol: s.symbol, cash: s.cash, stats: s.result.stats, trades: s.result.trades.length })),
      time: Array.from(result.time, (t) => new Date(t).toISOString()),
      equity: Array.from(result.equity),
      drawdown: Array.from(result.drawdown),
    };
    if (args.flags.has('json')) io.out(JSON.stringify(json) + '\n');
    else {
      io.out(`${path.basename(run.file)} on ${symbols.join(', ')} (${interval}; benchmark ${result.benchmark})\n\n${statsTable(result.stats)}\n\n`);
      io.out('Symbol      cash     return   Sharpe  trades\n');
      for (const s of json.symbols) {
        io.out(`${s.symbol.padEnd(8)} ${s.cash.toFixed(0).padStart(7)} ${pct(s.stats.returnPct).padStart(10)} ${(s.stats.sharpeRatio === null ? '—' : s.stats.sharpeRatio.toFixed(2)).padStart(8)} ${String(s.trades).padStart(7)}\n`);
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof RunFailedError) {
      printFailures(io, [err.failure]);
      return 1;
    }
    throw err;
  } finally {
    runner.dispose();
  }
}
