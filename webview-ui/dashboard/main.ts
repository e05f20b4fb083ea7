/**
 * The agent dashboard (a webview app of its own): strategy cards with status badges, filter tabs,
 * start/stop/run-a-cycle, the lifecycle log, and the settings page. Talks to the host only by the
 * messages of src/autopilot/dashboard-protocol.ts. No inline styles or handlers (strict CSP).
 */
import './dashboard.css';
import { type Card, type DashboardState, type DashboardToHost, FILTERS, type Filter, type HostToDashboard, PAGES, type Page } from '../../src/autopilot/dashboard-protocol';
import { day, filterCounts, matches, pct, ratio, viewStateFrom } from '../../src/autopilot/dashboard-view';
import { type AgentConfig, RUN_MODES, STRATEGY_KINDS, TIMEFRAMES } from '../../src/autopilot/config';
import { KIND_LABELS } from '../../src/autopilot/templates';

interface VsCodeApi {
  postMessage(m: DashboardToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const send = (m: DashboardToHost) => vscode?.postMessage(m);

const ui: { state: DashboardState | null; filter: Filter; page: Page; config: AgentConfig | null; configError: string | null; saved: boolean } = {
  state: null, ...viewStateFrom(vscode?.getState()), config: null, configError: null, saved: false,
};
/** Kept in the webview's state: a reload or a restored window opens on the same page and tab. */
const saveView = () => vscode?.setState({ filter: ui.filter, page: ui.page });

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

function button(label: string, action: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', action);
  return b;
}

const STATUS_WORDS: Record<DashboardState['status'], string> = { off: 'Stopped', idle: 'Running — waiting for the next bar or cycle', cycle: 'Running a cycle…', paper: 'Paper trading…', error: 'Error' };

function header(s: DashboardState): HTMLElement {
  const busy = s.status === 'cycle' || s.status === 'paper';
  const bar = h('header', { class: 'bar' },
    h('span', { class: `agent-status agent-${s.status}`, 'data-testid': 'agent-status' }, STATUS_WORDS[s.status]),
    h('span', { class: 'meta' }, `mode ${s.mode} · ${s.cycles} cycle(s)${s.lastCycle ? ` · last ${s.lastCycle.slice(0, 16).replace('T', ' ')}` : ''}${s.running && s.nextWake ? ` · next ${s.nextWake.slice(0, 16).replace('T', ' ')}` : ''}`),
  );
  const actions = h('span', { class: 'actions' });
  if (s.running) actions.append(button('Stop', () => send({ type: 'stop' }), { 'data-testid': 'stop' }));
  else actions.append(button('Start', () => send({ type: 'start' }), { 'data-testid': 'start', ...(s.mode === 'never' ? { disabled: '' } : {}) }));
  actions.append(button('Run a cycle now', () => send({ type: 'cycle' }), { 'data-testid': 'cycle', ...(busy || s.mode === 'never' ? { disabled: '' } : {}) }));
  bar.append(actions);
  return bar;
}

function errorBox(s: DashboardState): HTMLElement | null {
  if (!s.error) return null;
  const e = s.error;
  const box = h('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, h('strong', {}, e.code), ` ${e.message}`, h('div', { class: 'action' }, e.action));
  if (e.command) box.append(button(e.code === 'NO_AI_PROVIDER' ? 'Add a Gemini key' : 'Do it', () => send({ type: 'command', command: e.command! })));
  return box;
}

function figure(label: string, value: string): HTMLElement {
  return h('div', { class: 'fig' }, h('span', { class: 'fig-label' }, label), h('span', { class: 'fig-value' }, value));
}

function card(c: Card): HTMLElement {
  const el = h('article', { class: `card status-${c.status}`, 'data-id': c.id, 'data-status': c.status },
    h('div', { class: 'card-head' },
      h('span', { class: 'name' }, c.name),
      h('span', { class: `badge badge-${c.status}`, 'data-testid': 'badge' }, c.status),
    ),
    h('div', { class: 'sub' }, `${c.symbol} · ${c.kind === 'combination' ? 'combination' : KIND_LABELS[c.kind]}`),
  );
  if (c.components.length) {
    el.append(h('ul', { class: 'components' }, ...c.components.map((x) => h('li', {}, `${x.name} — ${Math.round(x.weight * 100)} %`))));
  } else if (c.indicators.length) {
    el.append(h('div', { class: 'indicators' }, c.indicators.join(' · ')));
  }
  el.append(h('div', { class: 'figs' }, figure('Win rate', pct(c.winRatePct)), figure('Profit factor', ratio(c.profitFactor)), figure('Trades', c.trades === null ? '—' : String(c.trades)), figure('Return', pct(c.returnPct))));
  if (c.paper) el.append(h('div', { class: 'paper' }, `Paper: ${c.paper.trades} live trade(s), ${c.paper.openPositions} open, equity ${c.paper.equity === null ? '—' : c.paper.equity.toFixed(2)}, last bar ${day(c.paper.lastBar)}`));
  el.append(h('div', { class: 'reason' }, c.reason));
  el.append(h('div', { class: 'dates' }, `created ${day(c.created)}${c.promoted ? ` · promoted ${day(c.promoted)}` : ''}${c.retired ? ` · retired ${day(c.retired)}` : ''}`));
  el.append(button('Open', () => send({ type: 'open', file: c.file }), { class: 'link' }));
  return el;
}

function strategiesPage(s: DashboardState): HTMLElement {
  const counts = filterCounts(s.cards);
  const tabs = h('nav', { class: 'tabs', role: 'tablist' }, ...FILTERS.map((f) => {
    const b = button(`${f[0].toUpperCase()}${f.slice(1)} (${counts[f]})`, () => {
      ui.filter = f;
      saveView();
      render();
    }, { role: 'tab', 'aria-selected': String(ui.filter === f), 'data-filter': f });
    return b;
  }));
  const shown = s.cards.filter((c) => matches(c, ui.filter));
  const grid = h('section', { class: 'cards', 'data-testid': 'cards' }, ...shown.map(card));
  if (!shown.length) grid.append(h('p', { class: 'empty' }, s.cards.length ? `No ${ui.filter} strategies.` : 'No strategies yet: start the agent or run a cycle.'));
  return h('div', {}, tabs, grid);
}

function logPage(s: DashboardState): HTMLElement {
  return h('table', { class: 'log', 'data-testid': 'log' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Step'), h('th', {}, 'Strategy'), h('th', {}, 'Reason'))),
    h('tbody', {}, ...s.events.map((e) => h('tr', {}, h('td', {}, e.at.slice(0, 19).replace('T', ' ')), h('td', {}, e.step), h('td', {}, e.strategyId ?? ''), h('td', {}, e.reason)))),
  );
}

function field(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

function settingsPage(): HTMLElement {
  const c = ui.config;
  if (!c) return h('p', {}, 'Loading settings…');
  const form = h('form', { class: 'settings', 'data-testid': 'settings' });
  const text = (name: string, value: string) => h('input', { name, value });
  const number = (name: string, value: number, step = 'any') => h('input', { name, type: 'number', value: String(value), step });
  const select = (name: string, options: readonly string[], value: string) => {
    const s = h('select', { name }, ...options.map((o) => h('option', { value: o, ...(o === value ? { selected: '' } : {}) }, o)));
    return s;
  };
  form.append(
    field('Symbols (comma-separated; SAMPLE = bundled data)', text('symbols', c.symbols.join(', '))),
    h('fieldset', {}, h('legend', {}, 'Strategy kinds'), ...STRATEGY_KINDS.map((k) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: `kind-${k}`, ...(c.kinds.includes(k) ? { checked: '' } : {}) }), KIND_LABELS[k]))),
    field('Timeframe', select('timeframe', TIMEFRAMES, c.timeframe)),
    field('Capital', number('capital', c.capital)),
    field('Backtest → paper: win rate above (%)', number('paperWin', c.promoteToPaper.winRatePct)),
    field('Backtest → paper: profit factor above', number('paperPf', c.promoteToPaper.profitFactor)),
    field('Paper → ready: win rate above (%)', number('readyWin', c.promoteToReady.winRatePct)),
    field('Paper → ready: profit factor above', number('readyPf', c.promoteToReady.profitFactor)),
    field('At least this many trades', number('minTrades', c.minTrades, '1')),
    field('Run mode', select('runMode', RUN_MODES, c.runMode)),
    field('Parallel runs', number('parallelRuns', c.parallelRuns, '1')),
    field('Model calls per cycle', number('modelCallsPerCycle', c.modelCallsPerCycle, '1')),
  );
  if (ui.configError) form.append(h('pre', { class: 'error', role: 'alert', 'data-testid': 'config-error' }, ui.configError));
  else if (ui.saved) form.append(h('p', { class: 'saved' }, 'Saved.'));
  form.append(h('button', { type: 'submit', 'data-testid': 'save' }, 'Save settings'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = (n: string) => (form.elements.namedItem(n) as HTMLInputElement).value;
    const n = (name: string) => Number(v(name));
    send({
      type: 'saveConfig',
      config: {
        ...c,
        symbols: v('symbols').split(',').map((s) => s.trim()).filter(Boolean),
        kinds: STRATEGY_KINDS.filter((k) => (form.elements.namedItem(`kind-${k}`) as HTMLInputElement).checked),
        timeframe: v('timeframe'), capital: n('capital'),
        promoteToPaper: { winRatePct: n('paperWin'), profitFactor: n('paperPf') },
        promoteToReady: { winRatePct: n('readyWin'), profitFactor: n('readyPf') },
        minTrades: n('minTrades'), runMode: v('runMode'), parallelRuns: n('parallelRuns'), modelCallsPerCycle: n('modelCallsPerCycle'),
      },
    });
  });
  return form;
}

function render(): void {
  const root = document.getElementById('root')!;
  const s = ui.state;
  if (!s) return;
  const pages = h('nav', { class: 'pages' }, ...PAGES.map((p) =>
    button(p === 'strategies' ? 'Strategies' : p === 'log' ? 'Lifecycle log' : 'Settings', () => {
      ui.page = p;
      saveView();
      render();
    }, { 'aria-current': String(ui.page === p), 'data-page': p }),
  ));
  const body = ui.page === 'strategies' ? strategiesPage(s) : ui.page === 'log' ? logPage(s) : settingsPage();
  root.replaceChildren(header(s), ...(s.progress ? [h('div', { class: 'progress' }, s.progress)] : []), ...[errorBox(s)].filter((x): x is HTMLElement => !!x), pages, body);
}

window.addEventListener('message', (ev: MessageEvent<HostToDashboard>) => {
  const m = ev.data;
  if (m?.type === 'state') ui.state = m.state;
  else if (m?.type === 'config') {
    ui.config = m.config;
    ui.configError = m.error;
    ui.saved = m.saved;
  } else return;
  render();
});
send({ type: 'ready' });
