/**
 * What the dashboard shows, computed from the agent's snapshot (pure; the webview and the tests
 * import it): cards, the filter tabs and their counts, figures as text.
 */
import { type Card, type DashboardState, type DashboardViewState, FILTERS, type Filter, PAGES } from './dashboard-protocol';
import type { AgentSnapshot } from './service';
import type { StrategyRecord } from './state';

export function toCard(s: StrategyRecord): Card {
  const p = s.paper;
  return {
    id: s.id, name: s.name, symbol: s.symbol, status: s.status, kind: s.kind, file: s.file, indicators: s.indicators,
    components: (s.components ?? []).map((c) => ({ name: c.name, kind: c.kind, weight: c.weight })),
    winRatePct: s.figures?.winRatePct ?? null, profitFactor: s.figures?.profitFactor ?? null, trades: s.figures?.trades ?? null, returnPct: s.figures?.returnPct ?? null,
    outOfSample: s.outOfSample?.reason ?? null,
    paper: p ? { trades: p.trades.filter((t) => t.entryBar >= p.liveFromBar).length, equity: p.equity.length ? p.equity[p.equity.length - 1] : null, lastBar: p.lastBarTime, openPositions: p.openTrades.length } : null,
    created: s.created, promoted: s.promoted ?? null, retired: s.retired ?? null, reason: s.reason,
  };
}

export function toDashboardState(s: AgentSnapshot, progress: string | null = null): DashboardState {
  return {
    status: s.status, running: s.running, mode: s.mode, cycles: s.cycles, lastCycle: s.lastCycle ?? null,
    nextWake: s.nextWake !== undefined ? new Date(s.nextWake).toISOString() : null, error: s.lastError ?? null,
    // Newest first.
    cards: s.strategies.map(toCard).reverse(),
    events: s.events.slice(-50).reverse().map((e) => ({ at: e.at, step: e.step, strategyId: e.strategyId, reason: e.reason })),
    progress,
  };
}

/** The saved view of the webview (anything, from an older version or none at all) as a valid one. */
export function viewStateFrom(saved: unknown): DashboardViewState {
  const s = (saved && typeof saved === 'object' ? saved : {}) as Partial<Record<keyof DashboardViewState, unknown>>;
  return {
    filter: (FILTERS as readonly unknown[]).includes(s.filter) ? (s.filter as Filter) : 'all',
    page: (PAGES as readonly unknown[]).includes(s.page) ? (s.page as DashboardViewState['page']) : 'strategies',
  };
}

export function matches(card: Card, filter: Filter): boolean {
  return filter === 'all' || card.status === filter;
}

export function filterCounts(cards: readonly Card[]): Record<Filter, number> {
  return {
    all: cards.length,
    paper: cards.filter((c) => c.status === 'paper').length,
    backtested: cards.filter((c) => c.status === 'backtested').length,
    ready: cards.filter((c) => c.status === 'ready').length,
    retired: cards.filter((c) => c.status === 'retired').length,
  };
}

export function pct(v: number | null, digits = 1): string {
  return v === null || !Number.isFinite(v) ? '—' : `${v.toFixed(digits)} %`;
}

export function ratio(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : v.toFixed(2);
}

export function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** The status bar text of the agent: `$(robot) Agent: idle · 3 paper`. */
export function statusBarText(s: Pick<DashboardState, 'status' | 'cards' | 'error'>): { text: string; tooltip: string } {
  const paper = s.cards.filter((c) => c.status === 'paper').length;
  const ready = s.cards.filter((c) => c.status === 'ready').length;
  const icon = s.status === 'cycle' || s.status === 'paper' ? '$(sync~spin)' : s.status === 'error' ? '$(error)' : s.status === 'off' ? '$(circle-slash)' : '$(robot)';
  const word = { off: 'stopped', idle: 'running', cycle: 'cycle', paper: 'paper trading', error: s.error?.code ?? 'error' }[s.status];
  const counts = [paper ? `${paper} paper` : '', ready ? `${ready} ready` : ''].filter(Boolean).join(', ');
  const tooltip = s.error ? `${s.error.code}: ${s.error.message}\n${s.error.action}` : `AlgoAgent agent: ${word}${counts ? ` — ${counts}` : ''}. Click for the dashboard.`;
  return { text: `${icon} Agent: ${word}${counts ? ` · ${counts}` : ''}`, tooltip };
}
