/** The export formats a view offers and their names in the pickers (no export code: the panel loads that on use). */
import type { ExportFormat, PanelView } from './protocol';

export const EXPORT_LABELS: Record<ExportFormat, string> = {
  html: 'HTML report (self-contained, opens offline)',
  'trades-csv': 'Trades CSV',
  'equity-csv': 'Equity curve CSV',
  'stats-json': 'Statistics JSON',
};

export function exportFormats(view: PanelView): ExportFormat[] {
  return view.mode === 'run' ? ['html', 'trades-csv', 'equity-csv', 'stats-json'] : ['html', 'stats-json'];
}
