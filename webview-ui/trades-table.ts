/**
 * The trades table: sortable by any column, filtered by a text query (side, tag, dates, win/loss),
 * virtualized (only the rows in view exist in the DOM), keyboard reachable (arrows, Home/End,
 * Enter). Choosing a trade calls `onSelect(index into result.trades)`.
 */
import type { TradeRecord } from '../src/engine/result';
import { formatNumber, formatValue } from '../src/results/format';
import { h } from './dom';

export const ROW_HEIGHT = 24;

interface Column {
  id: string;
  label: string;
  value: (t: TradeRecord, k: number) => number | string;
  text: (t: TradeRecord, k: number) => string;
  signed?: boolean;
}

const COLUMNS: Column[] = [
  { id: 'n', label: '#', value: (_t, k) => k + 1, text: (_t, k) => String(k + 1) },
  { id: 'side', label: 'Side', value: (t) => (t.size > 0 ? 'long' : 'short'), text: (t) => (t.size > 0 ? 'Long' : 'Short') },
  { id: 'entryTime', label: 'Entry', value: (t) => Date.parse(t.entryTime), text: (t) => formatValue(t.entryTime, 'date') },
  { id: 'exitTime', label: 'Exit', value: (t) => Date.parse(t.exitTime), text: (t) => formatValue(t.exitTime, 'date') },
  { id: 'size', label: 'Size', value: (t) => Math.abs(t.size), text: (t) => formatNumber(Math.abs(t.size), Number.isInteger(t.size) ? 0 : 4) },
  { id: 'entryPrice', label: 'Entry price', value: (t) => t.entryPrice, text: (t) => formatNumber(t.entryPrice) },
  { id: 'exitPrice', label: 'Exit price', value: (t) => t.exitPrice, text: (t) => formatNumber(t.exitPrice) },
  { id: 'pnl', label: 'P&L', value: (t) => t.pnl, text: (t) => formatNumber(t.pnl), signed: true },
  { id: 'returnPct', label: 'Return %', value: (t) => t.returnPct, text: (t) => formatNumber(t.returnPct), signed: true },
  { id: 'durationDays', label: 'Days', value: (t) => t.durationDays, text: (t) => formatNumber(t.durationDays, 1) },
  { id: 'tag', label: 'Tag', value: (t) => (t.tag === null || t.tag === undefined ? '' : String(t.tag)), text: (t) => (t.tag === null || t.tag === undefined ? '' : String(t.tag)) },
];

export interface TradesTable {
  readonly element: HTMLElement;
  /** Trade indices in display order (after filter and sort). */
  order(): number[];
  sortBy(column: string, dir?: 'asc' | 'desc'): void;
  filter(query: string): void;
  select(index: number, scroll?: boolean): void;
}

function searchText(t: TradeRecord, k: number): string {
  return [k + 1, t.size > 0 ? 'long' : 'short', t.pnl >= 0 ? 'win' : 'loss', t.entryTime, t.exitTime, t.tag ?? ''].join(' ').toLowerCase();
}

export function tradesTable(trades: TradeRecord[], onSelect: (index: number) => void): TradesTable {
  let sortCol = 'n';
  let sortDir: 'asc' | 'desc' = 'asc';
  let query = '';
  let view: number[] = trades.map((_t, k) => k);
  let selected = -1;
  const texts = trades.map(searchText);

  const headRow = h('div', { class: 'tt-row tt-head', role: 'row' });
  const headButtons = new Map<string, HTMLButtonElement>();
  for (const col of COLUMNS) {
    const btn = h('button', { class: 'tt-sort', type: 'button', 'data-col': col.id, title: `Sort by ${col.label}` }, col.label);
    btn.addEventListener('click', () => api.sortBy(col.id, sortCol === col.id && sortDir === 'asc' ? 'desc' : 'asc'));
    headButtons.set(col.id, btn);
    headRow.append(h('div', { class: `tt-cell tt-${col.id}`, role: 'columnheader', 'aria-sort': 'none' }, btn));
  }
  const spacer = h('div', { class: 'tt-spacer' });
  const body = h('div', { class: 'tt-body', role: 'rowgroup' });
  const viewport = h('div', { class: 'tt-viewport', tabindex: 0, 'aria-label': 'Trades; arrow keys move, Enter shows the trade on the chart' }, spacer, body);
  const grid = h('div', { class: 'tt', role: 'grid', 'aria-rowcount': trades.length + 1, 'aria-colcount': COLUMNS.length }, h('div', { role: 'rowgroup' }, headRow), viewport);
  const status = h('div', { class: 'tt-status', 'aria-live': 'polite' });
  const filterField = document.createElement('vscode-textfield') as HTMLElement & { value: string };
  filterField.setAttribute('placeholder', 'Filter trades: long, short, win, loss, 2013-…, tag');
  filterField.setAttribute('aria-label', 'Filter trades');
  filterField.className = 'tt-filter';
  filterField.addEventListener('input', () => api.filter(filterField.value ?? ''));
  const element = h('div', { class: 'trades' }, h('div', { class: 'tt-toolbar' }, filterField, status), grid);

  function render() {
    const total = view.length;
    spacer.style.height = `${total * ROW_HEIGHT}px`;
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - 5);
    const last = Math.min(total, Math.ceil((top + height) / ROW_HEIGHT) + 5);
    body.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    const rows: HTMLElement[] = [];
    for (let p = first; p < last; p++) {
      const k = view[p];
      const t = trades[k];
      const row = h('div', { class: `tt-row${k === selected ? ' selected' : ''}`, role: 'row', 'data-index': k, 'aria-rowindex': p + 2, 'aria-selected': k === selected ? 'true' : 'false' });
      for (const col of COLUMNS) {
        const cls = col.signed ? (t.pnl > 0 ? ' pos' : t.pnl < 0 ? ' neg' : '') : '';
        row.append(h('div', { class: `tt-cell tt-${col.id}${cls}`, role: 'gridcell' }, col.text(t, k)));
      }
      row.addEventListener('click', () => {
        api.select(k, false);
        onSelect(k);
      });
      rows.push(row);
    }
    body.replaceChildren(...rows);
    status.textContent = total === trades.length ? `${total} trades` : `${total} of ${trades.length} trades`;
  }

  function apply() {
    const col = COLUMNS.find((c) => c.id === sortCol) ?? COLUMNS[0];
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    view = trades.map((_t, k) => k).filter((k) => words.every((w) => texts[k].includes(w)));
    const key = view.map((k) => col.value(trades[k], k));
    const idx = view.map((_k, p) => p);
    idx.sort((a, z) => {
      const x = key[a], y = key[z];
      const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (sortDir === 'asc' ? d : -d) || view[a] - view[z];
    });
    view = idx.map((p) => view[p]);
    for (const [id, btn] of headButtons) {
      btn.parentElement!.setAttribute('aria-sort', id === sortCol ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none');
      btn.dataset.dir = id === sortCol ? sortDir : '';
    }
    render();
  }

  viewport.addEventListener('scroll', () => render(), { passive: true });
  viewport.addEventListener('keydown', (e) => {
    if (!view.length) return;
    const pos = Math.max(0, view.indexOf(selected));
    const page = Math.max(1, Math.floor(viewport.clientHeight / ROW_HEIGHT) - 1);
    const go: Record<string, number> = { ArrowDown: pos + 1, ArrowUp: pos - 1, PageDown: pos + page, PageUp: pos - page, Home: 0, End: view.length - 1 };
    if (e.key in go) {
      e.preventDefault();
      api.select(view[Math.min(view.length - 1, Math.max(0, go[e.key]))], true);
    } else if (e.key === 'Enter' && selected >= 0) {
      e.preventDefault();
      onSelect(selected);
    }
  });
  new ResizeObserver(() => render()).observe(viewport);

  const api: TradesTable = {
    element,
    order: () => view.slice(),
    sortBy(column, dir = 'asc') {
      sortCol = column;
      sortDir = dir;
      apply();
    },
    filter(q) {
      query = q;
      apply();
    },
    select(index, scroll = true) {
      selected = index;
      const p = view.indexOf(index);
      if (scroll && p >= 0) {
        const top = p * ROW_HEIGHT;
        if (top < viewport.scrollTop) viewport.scrollTop = top;
        else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
      }
      render();
    },
  };
  apply();
  return api;
}
