/** Tabs from @vscode-elements (keyboard navigation and ARIA come with the element). */
import { h } from './dom';

export interface TabDef {
  id: string;
  label: string;
  /** Full name (tooltip and accessible name) when the label is short. */
  title?: string;
  body: HTMLElement;
}

export function tabs(defs: TabDef[]): HTMLElement {
  const el = document.createElement('vscode-tabs');
  el.setAttribute('selected-index', '0');
  el.className = 'tabs';
  for (const d of defs) {
    el.append(h('vscode-tab-header', { slot: 'header', 'data-tab': d.id, title: d.title, 'aria-label': d.title ? `${d.title} (${d.label})` : undefined }, d.label));
    el.append(h('vscode-tab-panel', { 'data-panel': d.id }, d.body));
  }
  return el;
}
