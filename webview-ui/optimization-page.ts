/**
 * Optimization results: a heatmap of the chosen metric over two chosen parameters (the others
 * reduced by max or mean), and the top combinations.
 */
import type { Stats } from '../src/engine/stats';
import { DASH, STATS, STAT_BY_KEY, formatParam, formatValue } from '../src/results/format';
import type { OptimizationView } from '../src/results/protocol';
import { heatmapCells, topCombos, type Reduce } from '../src/results/heatmap';
import { h, icon } from './dom';
import { readColors, withAlpha } from './theme';

export interface OptimizationPage {
  readonly element: HTMLElement;
  redraw(): void;
  destroy(): void;
}

function select(label: string, options: [string, string][], value: string, onChange: (v: string) => void): HTMLElement {
  const sel = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  sel.setAttribute('aria-label', label);
  for (const [v, text] of options) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', v);
    if (v === value) o.setAttribute('selected', '');
    o.textContent = text;
    sel.append(o);
  }
  sel.addEventListener('change', () => onChange(sel.value));
  return h('label', { class: 'field' }, h('span', null, label), sel);
}

export function optimizationPage(opt: OptimizationView): OptimizationPage {
  const names = opt.paramNames;
  let x = names[0];
  let y = names[1] ?? names[0];
  let reduce: Reduce = 'max';
  let metric: keyof Stats = opt.metric;
  const heat = h('div', { class: 'heatmap-box' });
  const top = h('div', { class: 'top-box' });
  const unit = () => STAT_BY_KEY.get(metric)?.unit ?? 'ratio';

  const drawHeat = () => {
    const c = readColors();
    const m = heatmapCells(opt.combos, x, y, metric, reduce);
    const finite = m.cells.flat().filter((v): v is number => v !== null);
    const lo = Math.min(...finite), hi = Math.max(...finite);
    const table = h('table', { class: 'heatmap', 'aria-label': `${STAT_BY_KEY.get(metric)?.label ?? metric} by ${y} (rows) and ${x} (columns), ${reduce} over other parameters` },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, `${y} \\ ${x}`), ...m.xs.map((v) => h('th', { scope: 'col' }, formatParam(v))))),
      h('tbody', null, ...m.ys.map((yv, r) => h('tr', null, h('th', { scope: 'row' }, formatParam(yv)), ...m.xs.map((_xv, k) => {
        const v = m.cells[r][k];
        const td = h('td', { tabindex: 0, 'data-value': v ?? '', title: v === null ? 'no run' : `${x}=${formatParam(m.xs[k])}, ${y}=${formatParam(yv)}: ${formatValue(v, unit())}` }, v === null ? DASH : formatValue(v, unit()));
        if (v !== null) {
          const f = hi > lo ? (v - lo) / (hi - lo) : 1;
          td.style.backgroundColor = withAlpha(f >= 0.5 ? c.up : c.down, 0.15 + 0.7 * Math.abs(f - 0.5) * 2);
        }
        return td;
      })))));
    heat.replaceChildren(table);
  };
  const drawTop = () => {
    const best = topCombos(opt.combos, metric, 20);
    top.replaceChildren(h('table', { class: 'stats top-combos' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, '#'), ...names.map((n) => h('th', { scope: 'col' }, n)), ...['returnPct', 'sharpeRatio', 'maxDrawdownPct', 'trades', metric].filter((k, i, a) => a.indexOf(k) === i).map((k) => h('th', { scope: 'col' }, STAT_BY_KEY.get(k)?.label ?? k)))),
      h('tbody', null, ...best.map((cmb, r) => h('tr', null, h('td', null, String(r + 1)), ...names.map((n) => h('td', null, formatParam(cmb.params[n]))),
        ...(['returnPct', 'sharpeRatio', 'maxDrawdownPct', 'trades', metric] as (keyof Stats)[]).filter((k, i, a) => a.indexOf(k) === i).map((k) => h('td', null, formatValue(cmb.stats[k], STAT_BY_KEY.get(k)?.unit ?? 'ratio'))))))));
  };
  const redraw = () => {
    drawHeat();
    drawTop();
  };
  const paramOpts = names.map((n): [string, string] => [n, n]);
  const controls = h('div', { class: 'controls' },
    select('Metric', STATS.filter((d) => d.unit !== 'date').map((d): [string, string] => [d.key, d.label]), metric, (v) => { metric = v as keyof Stats; redraw(); }),
    select('Columns', paramOpts, x, (v) => { x = v; drawHeat(); }),
    select('Rows', paramOpts, y, (v) => { y = v; drawHeat(); }),
    select('Other parameters', [['max', 'max'], ['mean', 'mean']], reduce, (v) => { reduce = v as Reduce; drawHeat(); }));
  const element = h('div', { class: 'optimization-page' },
    h('header', { class: 'run-header' }, h('h1', null, icon('symbol-numeric'), ` Optimization of ${opt.name}`),
      h('div', { class: 'meta' }, `${opt.combos.length.toLocaleString('en-US')} combinations of ${names.join(', ')} · maximizing ${STAT_BY_KEY.get(opt.metric)?.label ?? opt.metric}${opt.dataLabel ? ` · ${opt.dataLabel}` : ''}`)),
    controls,
    h('h2', null, 'Heatmap'), heat,
    h('h2', null, 'Top combinations'), top);
  return { element, redraw, destroy: () => undefined };
}
