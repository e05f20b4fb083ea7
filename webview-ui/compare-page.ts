/**
 * Compare mode (2–4 runs): statistics side by side with the best value per row marked, the
 * equity curves overlaid, and the parameters that differ.
 */
import { ColorType, LineSeries, createChart, type IChartApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { bucketColumn, makeBuckets } from '../src/results/derive';
import { STATS, bestOf, formatParam, formatStat, formatValue, signClass } from '../src/results/format';
import type { RunView } from '../src/results/protocol';
import { h, icon } from './dom';
import { MAX_POINTS } from './run-chart';
import { readColors, withAlpha } from './theme';

export interface ComparePage {
  readonly element: HTMLElement;
  redraw(): void;
  destroy(): void;
}

function runLabel(run: RunView, k: number): string {
  return `${k + 1}. ${run.name} (${formatValue(run.runAt, 'date')})`;
}

export function comparePage(runs: RunView[]): ComparePage {
  const c0 = readColors();
  const colors = (c = c0) => [c.line, ...c.palette];
  const head = h('tr', null, h('th', { scope: 'col' }, 'Statistic'), ...runs.map((r, k) => h('th', { scope: 'col', 'data-run': k }, runLabel(r, k))));
  const rows = STATS.map((d) => {
    const values = runs.map((r) => r.result.stats[d.key]);
    const best = runs.length > 1 ? bestOf(d.key, values) : -1;
    return h('tr', { 'data-key': d.key }, h('th', { scope: 'row' }, d.label), ...runs.map((r, k) =>
      h('td', { class: `${signClass(d.key, values[k])}${k === best ? ' best' : ''}`, 'data-run': k, title: k === best ? 'best of the compared runs' : undefined },
        formatStat(r.result.stats, d.key), k === best ? h('span', { class: 'best-mark', 'aria-label': 'best' }, ' ', icon('star-full')) : null)));
  });
  const statsTable = h('table', { class: 'stats compare-stats' }, h('thead', null, head), h('tbody', null, ...rows));

  // Parameters (and data) that differ between the runs.
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.result.params)))].sort();
  const diffRows = keys.map((key) => {
    const vals = runs.map((r) => formatParam(r.result.params[key]));
    const differs = new Set(vals).size > 1;
    return h('tr', { class: differs ? 'differs' : '', 'data-param': key }, h('th', { scope: 'row' }, key), ...vals.map((v) => h('td', null, v)));
  });
  const dataVals = runs.map((r) => `${r.result.data.symbol} ${r.result.data.interval} ${formatValue(r.result.data.from, 'date')}→${formatValue(r.result.data.to, 'date')}`);
  diffRows.push(h('tr', { class: new Set(dataVals).size > 1 ? 'differs' : '', 'data-param': '(data)' }, h('th', { scope: 'row' }, 'Data'), ...dataVals.map((v) => h('td', null, v))));
  const paramsTable = h('table', { class: 'stats params-diff' }, h('thead', null, head.cloneNode(true)), h('tbody', null, ...diffRows));

  const chartBox = h('div', { class: 'chart compare-chart', role: 'img', 'aria-label': 'Equity curves of the compared runs' });
  const legend = h('div', { class: 'legend' }, ...runs.map((r, k) => h('span', { class: 'legend-item', 'data-run': k }, h('span', { class: 'swatch', 'data-color': k }), runLabel(r, k))));
  let chart: IChartApi | undefined;
  const draw = () => {
    chart?.remove();
    const c = readColors();
    chart = createChart(chartBox, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: c.background }, textColor: c.text, fontFamily: c.font, attributionLogo: false },
      grid: { vertLines: { color: withAlpha(c.grid, 0.5) }, horzLines: { color: withAlpha(c.grid, 0.5) } },
      rightPriceScale: { borderColor: c.border },
      timeScale: { borderColor: c.border, minBarSpacing: 0.01 },
    });
    runs.forEach((run, k) => {
      const b = makeBuckets(run.bars.time.length, MAX_POINTS);
      const eq = bucketColumn(run.result.equity, b);
      const s = chart!.addSeries(LineSeries, { color: colors(c)[k % colors(c).length], lineWidth: 2, priceLineVisible: false, title: `${k + 1}` });
      const seen = new Set<number>();
      const data: { time: Time; value: number }[] = [];
      b.starts.forEach((i, j) => {
        const t = Math.floor(run.bars.time[i] / 1000);
        if (eq[j] !== null && !seen.has(t)) {
          seen.add(t);
          data.push({ time: t as UTCTimestamp, value: eq[j]! });
        }
      });
      s.setData(data);
    });
    chart.timeScale().fitContent();
    legend.querySelectorAll<HTMLElement>('.swatch').forEach((el, k) => (el.style.backgroundColor = colors(c)[k % colors(c).length]));
  };
  chartBox.style.height = '320px';
  const element = h('div', { class: 'compare-page' },
    h('header', { class: 'run-header' }, h('h1', null, icon('diff-multiple'), ` Compare ${runs.length} runs`)),
    h('section', { class: 'charts' }, chartBox, legend),
    h('h2', null, 'Statistics'), statsTable,
    h('h2', null, 'Parameters'), paramsTable);
  return { element, redraw: draw, destroy: () => chart?.remove() };
}
