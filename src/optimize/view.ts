/** What the editor needs around an optimization, without vscode: the bars of a DataSpec and the results panel's view. */
import type { Bars } from '../engine/bars';
import type { Stats } from '../engine/stats';
import { loadCsv } from '../data/csv';
import { sampleBars } from '../data/sample';
import { sliceByTime } from '../data/slice';
import type { OptimizationView } from '../results/protocol';
import type { DataSpec } from '../runner/protocol';
import type { OptimizeReport } from './session';

/** The bars a DataSpec stands for (the optimizer needs them for windows and statistics). */
export function barsOf(spec: DataSpec): Bars {
  if (spec.kind === 'sample') return sampleBars();
  const bars = spec.kind === 'csv' ? loadCsv(spec.path) : spec.bars;
  return spec.from === undefined && spec.to === undefined ? bars : sliceByTime(bars, spec.from, spec.to);
}

/** The results panel's view of a report; `runAt` is the ISO time it finished. */
export function optimizationView(file: string, report: OptimizeReport, runAt: string, dataLabel?: string): OptimizationView {
  return {
    strategyPath: file,
    name: report.strategy,
    metric: report.maximize as keyof Stats,
    paramNames: Object.keys(report.combos[0]?.params ?? {}),
    combos: report.combos,
    runAt,
    dataLabel,
  };
}
