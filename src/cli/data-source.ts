import type { Bars } from '../engine/bars';
import { loadCsv } from '../data/csv';
import { sampleBars } from '../data/sample';
import { type ParsedArgs, UsageError, flag, parseDateFlag } from './args';

/** The bars a command runs on: `--data file.csv` or `--sample` (the default), cut to `--from`/`--to`. */
export function barsFromArgs(args: ParsedArgs): Bars {
  const file = flag(args, 'data');
  if (file && args.flags.has('sample')) throw new UsageError('give either --data <csv> or --sample, not both');
  const bars = file ? loadCsv(file) : sampleBars();
  const from = parseDateFlag(args, 'from');
  const to = parseDateFlag(args, 'to');
  if (from === undefined && to === undefined) return bars;
  return sliceByTime(bars, from ?? -Infinity, to === undefined ? Infinity : to + (/\d{4}-\d\d-\d\d$/.test(flag(args, 'to')!) ? 86_400_000 - 1 : 0));
}

/** Bars with from ≤ time ≤ to (both inclusive). */
export function sliceByTime(bars: Bars, from: number, to: number): Bars {
  let a = 0;
  while (a < bars.time.length && bars.time[a] < from) a++;
  let b = bars.time.length;
  while (b > a && bars.time[b - 1] > to) b--;
  if (b - a < 2) throw new UsageError(`--from/--to leave ${b - a} bar(s); a backtest needs at least 2`);
  const cut = (x: Float64Array) => x.slice(a, b);
  return { ...bars, time: cut(bars.time), open: cut(bars.open), high: cut(bars.high), low: cut(bars.low), close: cut(bars.close), volume: cut(bars.volume) };
}
