/**
 * One run: header, warnings, KPI cards, charts, and the tabs (trades, statistics, run log,
 * fix attempts).
 */
import { runWarnings } from '../src/results/derive';
import { DASH, KPIS, STATS, formatParam, formatStat, formatValue, signClass } from '../src/results/format';
import type { AppMessage, ExportFormat, RunView } from '../src/results/protocol';
import { h, icon } from './dom';
import { drawRunChart, type RunChart } from './run-chart';
import { tabs } from './tabs';
import { tradesTable, type TradesTable } from './trades-table';

export interface RunPage {
  readonly element: HTMLElement;
  chart(): RunChart | undefined;
  readonly trades: TradesTable;
  selectTrade(index: number): void;
  /** Draws the charts again (theme change). */
  redraw(): void;
  destroy(): void;
}

export interface PageHost {
  /** Posts to the extension; undefined in the standalone report. */
  post?: (m: AppMessage) => void;
}

function kv(label: string, value: string): HTMLElement {
  return h('span', { class: 'kv' }, h('span', { class: 'k' }, label), ' ', h('span', { class: 'v' }, value));
}

export function header(run: RunView, host: PageHost): HTMLElement {
  const r = run.result;
  const d = r.data;
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${formatParam(v)}`).join(', ') || DASH;
  const options = Object.entries(r.options).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${formatParam(v)}`).join(', ') || DASH;
  const actions = h('div', { class: 'actions' });
  if (host.post) {
    const post = host.post;
    const exportSel = document.createElement('vscode-single-select') as HTMLElement & { value: string };
    exportSel.setAttribute('aria-label', 'Export');
    exportSel.className = 'export-select';
    for (const [v, label] of [['', 'Export…'], ['html', 'HTML report'], ['trades-csv', 'Trades CSV'], ['equity-csv', 'Equity CSV'], ['stats-json', 'Statistics JSON']]) {
      const o = document.createElement('vscode-option');
      o.setAttribute('value', v);
      o.textContent = label;
      exportSel.append(o);
    }
    exportSel.addEventListener('change', () => {
      if (exportSel.value) post({ type: 'export', format: exportSel.value as ExportFormat });
      exportSel.value = '';
    });
    const rerun = h('vscode-button', { 'data-action': 'rerun', secondary: true, title: 'Run the backtest again' }, icon('refresh'), ' Re-run');
    rerun.addEventListener('click', () => post({ type: 'rerun', strategyPath: run.strategyPath }));
    const open = h('vscode-button', { 'data-action': 'open', secondary: true, title: run.strategyPath }, icon('go-to-file'), ' Open');
    open.addEventListener('click', () => post({ type: 'openFile', strategyPath: run.strategyPath }));
    actions.append(exportSel, rerun, open);
  }
  return h('header', { class: 'run-header' },
    h('div', { class: 'title-row' }, h('h1', { class: 'strategy-name' }, icon('graph-line'), ' ', run.name), actions),
    h('div', { class: 'meta' },
      kv('Data', `${d.symbol}${d.interval ? ` ${d.interval}` : ''} · ${formatValue(d.from, 'date')} → ${formatValue(d.to, 'date')} · ${d.bars.toLocaleString('en-US')} bars${run.dataLabel ? ` (${run.dataLabel})` : ''}`),
      kv('Run', `${formatValue(run.runAt, 'date')}${run.durationMs !== undefined ? ` · ${Math.round(run.durationMs).toLocaleString('en-US')} ms` : ''}`),
      kv('Params', params),
      kv('Options', options)));
}

export function kpiCards(run: RunView): HTMLElement {
  const s = run.result.stats;
  return h('section', { class: 'kpis', 'aria-label': 'Key figures' }, ...KPIS.map((k) => {
    const values = k.keys.map((key) => h('span', { class: `kpi-value ${signClass(key, s[key])}`, 'data-key': key }, formatStat(s, key)));
    const body = values.length === 1 ? values[0] : h('span', { class: 'kpi-multi' }, values[0], h('span', { class: 'sep' }, ' / '), values[1]);
    return h('div', { class: 'kpi', 'data-kpi': k.id, tabindex: 0, role: 'group', 'aria-label': k.label }, h('div', { class: 'kpi-label' }, k.label), body);
  }));
}

export function statsTable(run: RunView): HTMLElement {
  const s = run.result.stats;
  return h('table', { class: 'stats' }, h('tbody', null, ...STATS.map((d) =>
    h('tr', { 'data-key': d.key }, h('th', { scope: 'row' }, d.label), h('td', { class: signClass(d.key, s[d.key]) }, formatStat(s, d.key))))));
}

function logView(run: RunView): HTMLElement {
  if (!run.log.length) return h('p', { class: 'empty' }, 'The run wrote nothing to its log.');
  return h('div', { class: 'log', role: 'log', tabindex: 0 }, ...run.log.map((l) =>
    h('div', { class: `log-line lvl-${l.level}` },
      h('span', { class: 'log-level' }, l.level), ' ',
      h('span', { class: 'log-source' }, l.bar !== undefined ? `${l.source} bar ${l.bar}${l.time ? ` ${formatValue(l.time, 'date')}` : ''}` : l.source), ' ',
      h('span', { class: 'log-text' }, l.text))));
}

function attemptsView(run: RunView): HTMLElement {
  if (!run.attempts.length) return h('p', { class: 'empty' }, 'No fix attempts: the strategy ran as written.');
  return h('ol', { class: 'attempts' }, ...run.attempts.map((a) => {
    const det = h('details', { class: `attempt ${a.outcome}` },
      h('summary', null, `#${a.number} ${a.kind}: ${a.message} — ${a.outcome} (${a.provider}${a.model ? ` ${a.model}` : ''}, ${Math.round(a.durationMs)} ms)`),
      a.detail ? h('p', null, a.detail) : null,
      a.diff ? h('pre', { class: 'diff' }, a.diff) : null);
    return h('li', null, det);
  }));
}

export function runPage(run: RunView, host: PageHost): RunPage {
  const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': `Price, indicators, trades, equity and drawdown of ${run.name}` });
  const legend = h('div', { class: 'legend', 'aria-live': 'polite' });
  let chart: RunChart | undefined;
  const draw = () => {
    const range = chart?.chart.timeScale().getVisibleLogicalRange();
    chart?.destroy();
    chart = drawRunChart(chartBox, run, (k) => {
      const t = k === null ? undefined : run.result.trades[k];
      legend.textContent = t ? `Trade ${k! + 1}: ${t.size > 0 ? 'long' : 'short'} ${formatValue(t.entryTime, 'date')} → ${formatValue(t.exitTime, 'date')}, ${t.returnPct.toFixed(2)} %${t.sl !== null ? `, SL ${t.sl}` : ''}${t.tp !== null ? `, TP ${t.tp}` : ''}` : '';
    });
    if (range) chart.chart.timeScale().setVisibleLogicalRange(range);
  };
  const trades = tradesTable(run.result.trades, (k) => {
    chart?.selectTrade(k);
    host.post?.({ type: 'tradeSelected', index: k });
    chartBox.scrollIntoView?.({ block: 'nearest' });
  });
  const warnings = runWarnings(run.result);
  const warnBox = warnings.length
    ? h('section', { class: 'warnings', 'aria-label': 'Warnings' }, ...warnings.map((w) => h('div', { class: 'warning', 'data-warning': w.id }, icon('warning'), ' ', w.text)))
    : null;
  const element = h('div', { class: 'run-page' },
    header(run, host),
    warnBox,
    kpiCards(run),
    h('section', { class: 'charts' }, chartBox, legend),
    tabs([
      { id: 'trades', label: `Trades ${run.result.trades.length}`, title: 'Closed trades', body: trades.element },
      { id: 'stats', label: 'Stats', title: 'All statistics', body: statsTable(run) },
      { id: 'log', label: `Log ${run.log.length}`, title: 'Run log', body: logView(run) },
      { id: 'attempts', label: `Fixes ${run.attempts.length}`, title: 'Fix attempts', body: attemptsView(run) },
    ]));
  return {
    element,
    chart: () => chart,
    trades,
    selectTrade(k) {
      trades.select(k, true);
      chart?.selectTrade(k);
    },
    redraw: draw,
    destroy() {
      chart?.destroy();
    },
  };
}

/** Called once the page is in the document (the chart needs its size). */
export function mountRunPage(page: RunPage): void {
  page.redraw();
}
