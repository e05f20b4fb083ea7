/**
 * `algoagent check <strategy-file> [--lookahead] [--warmup]`: the look-ahead replay and the
 * warm-up sensitivity check on one parameter set (both when neither flag is given). Exit code 1
 * when the replay finds look-ahead; warm-up findings are warnings (exit 0).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as engine from '../engine';
import { type LookaheadReport, lookaheadReplay } from '../engine/robustness/lookahead';
import { type WarmupReport, warmupSensitivity } from '../engine/robustness/warmup';
import { type MonteCarloReport, monteCarlo } from '../engine/robustness/monte-carlo';
import type { Params } from '../engine/strategy';
import { StrategyLoadError } from '../runner/failure';
import { type LoadedStrategy, type StrategyBundle, evaluateStrategy } from '../runner/load-strategy';
import { prepareRun } from '../runner/prepare';
import { staticParams } from '../runner/static-params';
import { UsageError, flag, numberFlag, parseArgs, parseParam } from './args';
import { type Io, StrategyFailed } from './commands';
import { barsFromArgs } from './data-source';
import { formatNumber } from './format';
import { COMMON_FLAGS, backtestOptions } from './options';

export interface CheckJson {
  strategy: string;
  params: Params;
  lookahead: LookaheadReport | null;
  warmup: WarmupReport | null;
  monteCarlo: MonteCarloReport | null;
}

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { ...COMMON_FLAGS, lookahead: {}, warmup: {}, 'monte-carlo': { value: true }, seed: { value: true }, 'max-signals': { value: true }, 'compare-bars': { value: true }, tolerance: { value: true } });
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
  const abs = path.resolve(file);
  const root = flag(args, 'root') ?? (abs.startsWith(process.cwd() + path.sep) ? process.cwd() : path.dirname(abs));
  let json: CheckJson;
  try {
    const { loaded } = await loadChecked(file, root);
    try {
      json = {
        strategy: loaded.cls.name,
        params: engine.resolveParams(loaded.cls, params),
        lookahead: both || args.flags.has('lookahead') ? lookaheadReplay(bars, loaded.cls, options, params, { maxSignals }) : null,
        warmup: both || args.flags.has('warmup') ? warmupSensitivity(bars, loaded.cls, options, params, { compareBars, tolerancePct }) : null,
        monteCarlo: null,
      };
      if (runs !== undefined) {
        const trades = new engine.Backtest(bars, loaded.cls, options).run(params).trades;
        if (!trades.length) throw new UsageError('--monte-carlo: the run has no closed trades to resample');
        json.monteCarlo = monteCarlo(trades.map((t) => t.returnPct), { runs, seed });
      }
    } catch (err) {
      if (err instanceof engine.OptionError && !engine.errorPhase(err)) throw new UsageError(err.message);
      const f = loaded.locate(err);
      const where = engine.errorPhase(err);
      if (where?.phase === 'next') f.bar = where.bar;
      throw new StrategyFailed(f);
    }
  } catch (err) {
    if (err instanceof StrategyLoadError) throw new StrategyFailed(err.failure);
    throw err;
  }
  if (args.flags.has('json')) io.out(JSON.stringify(json) + '\n');
  else io.out(human(json) + '\n');
  return json.lookahead && !json.lookahead.ok ? 1 : 0;
}

function human(j: CheckJson): string {
  const lines: string[] = [`${j.strategy} (${Object.entries(j.params).map(([k, v]) => `${k}=${v}`).join(' ') || 'defaults'})`];
  const la = j.lookahead;
  if (la) {
    lines.push('', `Look-ahead replay: ${la.checked.length} of ${la.signals} signals replayed on data cut after their bar`);
    if (la.ok) lines.push('  ok: every signal was kept and no indicator changed when the later bars were removed');
    for (const b of la.biased) {
      lines.push(`  ✗ ${b.name} uses future bars: at bar ${b.firstBar} it is ${formatNumber(b.full)} with all the data but ${formatNumber(b.cut)} without the bars after it (differs in ${b.cuts} replay(s))`);
    }
    for (const s of la.changed.slice(0, 10)) {
      lines.push(`  ✗ ${s.kind} (${s.side}) decided at bar ${s.bar} (${s.time.slice(0, 10)}): ${s.detail}${s.columns.length ? `; blame ${s.columns.join(', ')}` : ''}`);
    }
    if (la.changed.length > 10) lines.push(`  … ${la.changed.length - 10} more changed signals (--json for all)`);
    if (la.errors) lines.push(`  ${la.errors} replay(s) failed on the shortened data (not counted as look-ahead)`);
  }
  const w = j.warmup;
  if (w) {
    lines.push('', `Warm-up sensitivity: the last ${w.comparedBars} bars compared with ${w.histories.join(', ')} bars of history (detected warm-up ${w.warmup})`);
    for (const c of w.columns) {
      const worst = c.diffs[0];
      const status = c.settlesAt === null ? 'never within the tolerance' : c.settlesAt <= Math.max(1, w.warmup) ? 'stable' : `needs ≥ ${c.settlesAt} bars of history`;
      lines.push(`  ${w.sensitive.includes(c.name) ? '!' : ' '} ${c.name}: ${status}${worst ? ` (off by up to ${formatNumber(worst.maxDiffPct)} % with ${worst.history} bars)` : ''}`);
    }
    if (!w.columns.length) lines.push('  no per-bar columns found on the strategy');
    for (const e of w.errors) lines.push(`  with ${e.history} bars of history the run failed: ${e.message}`);
  }
  if (j.monteCarlo) lines.push('', ...monteCarloLines(j.monteCarlo));
  return lines.join('\n');
}

/**
 * Bundles the strategy after the runner's safety rules (forbidden imports, eval, process, …) and
 * evaluates it in this process, for the commands that run strategy code here or in threads.
 * Throws StrategyFailed with the first finding.
 */
export async function loadChecked(file: string, root: string): Promise<{ bundle: Pick<StrategyBundle, 'file' | 'root' | 'code'>; loaded: LoadedStrategy }> {
  const prep = await prepareRun({ strategyPath: file, root, data: { kind: 'sample' } });
  if (!prep.ok) throw new StrategyFailed(prep.failures[0]);
  const bundle = { file: prep.file, root: prep.root, code: prep.code };
  try {
    return { bundle, loaded: evaluateStrategy(bundle, engine) };
  } catch (err) {
    if (err instanceof StrategyLoadError) throw new StrategyFailed(err.failure);
    throw err;
  }
}

/** The Monte Carlo section as printed by check and optimize. */
export function monteCarloLines(mc: MonteCarloReport): string[] {
  return [
    `Monte Carlo (${mc.runs} ${mc.mode} runs of ${mc.trades} trades, seed ${mc.seed}):  5th / 50th / 95th percentile`,
    `  return        ${formatNumber(mc.returnPct.p5)} / ${formatNumber(mc.returnPct.p50)} / ${formatNumber(mc.returnPct.p95)} %`,
    `  max drawdown  ${formatNumber(mc.maxDrawdownPct.p5)} / ${formatNumber(mc.maxDrawdownPct.p50)} / ${formatNumber(mc.maxDrawdownPct.p95)} %`,
    `  chance of a loss ${formatNumber(mc.lossProbabilityPct)} %`,
  ];
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
  --json                one JSON object { strategy, params, lookahead, warmup, monteCarlo }
Look-ahead and warm-up both run when no check is named. Exit code 1 when look-ahead is found.
`;
