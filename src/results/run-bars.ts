/**
 * The bars a run used, from its DataSpec (the same resolution as the runner's child: sample, CSV
 * file, or inline bars, then the from/to slice), for the panel and the reports.
 */
import { loadCsv } from '../data/csv';
import { sampleBars } from '../data/sample';
import { sliceByTime } from '../data/slice';
import type { Bars } from '../engine/bars';
import type { DataSpec } from '../runner/protocol';

export function barsForSpec(spec: DataSpec): Bars {
  const bars = spec.kind === 'sample' ? sampleBars() : spec.kind === 'csv' ? loadCsv(spec.path) : spec.bars;
  if (spec.kind === 'sample' || (spec.from === undefined && spec.to === undefined)) return bars;
  return sliceByTime(bars, spec.from, spec.to);
}
