/**
 * What an export writes for a shown view and a chosen format: the file's text and a default
 * file name. Runs export every format; comparisons and optimizations export HTML or JSON.
 */
import { equityCsv, statsJson, tradesCsv } from './exports';
import { buildHtmlReport, type ReportOptions } from './html-report';
import type { ExportFormat, PanelView } from './protocol';

import { EXPORT_LABELS, exportFormats } from './export-formats';

export { EXPORT_LABELS, exportFormats };

export interface ExportFile {
  text: string;
  /** Suggested file name, e.g. `SmaCross-GOOG-trades.csv`. */
  fileName: string;
  /** For save dialogs: { 'CSV': ['csv'] }. */
  filters: Record<string, string[]>;
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'results';
}

function baseName(view: PanelView): string {
  if (view.mode === 'run') return slug(`${view.run.name}-${view.run.result.data.symbol}`);
  if (view.mode === 'compare') return slug(`compare-${view.runs.map((r) => r.name).filter((n, i, a) => a.indexOf(n) === i).join('-')}`);
  return slug(`optimization-${view.optimization.name}`);
}

export async function exportFile(view: PanelView, format: ExportFormat, report: ReportOptions = {}): Promise<ExportFile> {
  if (!exportFormats(view).includes(format)) throw new Error(`Export: ${EXPORT_LABELS[format]} is not available for a ${view.mode} view`);
  const base = baseName(view);
  switch (format) {
    case 'html':
      return { text: await buildHtmlReport(view, report), fileName: `${base}.html`, filters: { HTML: ['html'] } };
    case 'trades-csv':
      if (view.mode !== 'run') break;
      return { text: tradesCsv(view.run), fileName: `${base}-trades.csv`, filters: { CSV: ['csv'] } };
    case 'equity-csv':
      if (view.mode !== 'run') break;
      return { text: equityCsv(view.run), fileName: `${base}-equity.csv`, filters: { CSV: ['csv'] } };
    case 'stats-json': {
      const text = view.mode === 'run' ? statsJson(view.run)
        : view.mode === 'compare' ? `[\n${view.runs.map((r) => statsJson(r).trimEnd()).join(',\n')}\n]\n`
        : JSON.stringify(view.optimization, null, 2) + '\n';
      return { text, fileName: `${base}-stats.json`, filters: { JSON: ['json'] } };
    }
  }
  throw new Error(`Export: unknown format "${format}"`);
}
