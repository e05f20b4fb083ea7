import type { Bars } from '../engine/bars';
import { loadCsv } from '../data/csv';
import { sampleBars } from '../data/sample';
import { RangeSelectionError, sliceByTime } from '../data/slice';
import { type ParsedArgs, UsageError, flag } from './args';

/** The bars a command runs on: `--data file.csv` or `--sample` (the default), cut to `--from`/`--to`. */
export function barsFromArgs(args: ParsedArgs): Bars {
  const file = flag(args, 'data');
  if (file && args.flags.has('sample')) throw new UsageError('give either --data <csv> or --sample, not both');
  const bars = file ? loadCsv(file) : sampleBars();
  const from = flag(args, 'from');
  const to = flag(args, 'to');
  if (from === undefined && to === undefined) return bars;
  try {
    return sliceByTime(bars, from, to);
  } catch (e) {
    if (e instanceof RangeSelectionError) throw new UsageError(`--${e.message}`);
    throw e;
  }
}
