/**
 * The results app (dist/webview/main.js): in the VS Code webview it talks to the host by
 * messages (src/results/protocol.ts); in the standalone HTML report it reads the view embedded
 * in the page. It draws one run, a comparison of runs, or an optimization.
 */
import './styles.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { isPanelState, stateForSaving, type AppMessage, type HostMessage, type PanelState, type PanelView, type StoredRunState, type ThemeKind } from '../src/results/protocol';
import { comparePage } from './compare-page';
import { h } from './dom';
import { installCodicons } from './icons';
import { optimizationPage } from './optimization-page';
import { runPage, type RunPage } from './run-page';
import { onThemeChange } from './theme';

interface VsCodeApi {
  postMessage(m: AppMessage): void;
  getState(): unknown;
  setState(s: PanelState | StoredRunState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Page {
  element: HTMLElement;
  redraw(): void;
  destroy(): void;
}

/** What tests and the report can reach: the shown view and page. */
export interface AppHandle {
  view?: PanelView;
  page?: Page;
  /** Time from receiving a view to charts drawn, ms. */
  lastRenderMs?: number;
}

installCodicons();
const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const app: AppHandle = {};
(window as unknown as { algoagent: AppHandle }).algoagent = app;

function root(): HTMLElement {
  let el = document.getElementById('root');
  if (!el) {
    el = h('main', { id: 'root' });
    document.body.append(el);
  }
  return el;
}

/** TradingView's attribution notice for Lightweight Charts (its license asks for it and a link). */
function attribution(): HTMLElement {
  return h('footer', { class: 'attribution' }, 'Charts: TradingView Lightweight Charts™, Copyright (c) 2025 TradingView, Inc. ',
    h('a', { href: 'https://www.tradingview.com/', target: '_blank', rel: 'noopener' }, 'tradingview.com'));
}

function show(view: PanelView): void {
  const t0 = performance.now();
  app.page?.destroy();
  let page: Page;
  if (view.mode === 'run') page = runPage(view.run, { post: vscode ? (m) => vscode.postMessage(m) : undefined });
  else if (view.mode === 'compare') page = comparePage(view.runs);
  else page = optimizationPage(view.optimization);
  root().replaceChildren(page.element, attribution());
  page.redraw();
  app.view = view;
  app.page = page;
  app.lastRenderMs = performance.now() - t0;
  document.body.dataset.rendered = String(Date.now());
  vscode?.setState(stateForSaving(view));
}

function setTheme(kind: ThemeKind): void {
  const cls = { light: 'vscode-light', dark: 'vscode-dark', 'high-contrast': 'vscode-high-contrast', 'high-contrast-light': 'vscode-high-contrast-light' }[kind];
  document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
  document.body.classList.add(cls);
}

function onMessage(m: HostMessage): void {
  switch (m.type) {
    case 'result':
      // A panel shown again reloads, restores its saved state and says `ready`: the same run needs no second drawing.
      if (app.page && app.view?.mode === 'run' && app.view.run.id === m.run.id) break;
      show({ mode: 'run', run: m.run });
      break;
    case 'compare':
      show({ mode: 'compare', runs: m.runs });
      break;
    case 'optimization':
      show({ mode: 'optimization', optimization: m.optimization });
      break;
    case 'theme':
      setTheme(m.kind);
      break;
    case 'selectTrade':
      (app.page as RunPage | undefined)?.selectTrade?.(m.index);
      break;
  }
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  if (e.data && typeof e.data === 'object' && 'type' in e.data) onMessage(e.data);
});
onThemeChange(() => app.page?.redraw());

if (vscode) {
  const saved = vscode.getState();
  if (isPanelState(saved)) show(saved.view);
  vscode.postMessage({ type: 'ready' });
} else {
  // Standalone report: the view is embedded; the theme follows the system.
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const follow = () => { if (!document.body.dataset.fixedTheme) setTheme(media.matches ? 'dark' : 'light'); };
  follow();
  media.addEventListener('change', follow);
  const data = document.getElementById('algoagent-view');
  if (data?.textContent) {
    const parsed = JSON.parse(data.textContent) as unknown;
    if (isPanelState(parsed)) show(parsed.view);
  }
}
