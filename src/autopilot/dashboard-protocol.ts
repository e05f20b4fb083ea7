/**
 * The one protocol between the agent dashboard webview (webview-ui/dashboard/main.ts) and its host
 * (src/vscode/autopilot-dashboard.ts). Plain JSON both ways.
 */
import type { AgentConfig, StrategyKind } from './config';
import type { StrategyStatus } from './state';

export const FILTERS = ['all', 'paper', 'backtested', 'ready', 'retired'] as const;
export type Filter = (typeof FILTERS)[number];
export const PAGES = ['strategies', 'log', 'settings'] as const;
export type Page = (typeof PAGES)[number];

/** What the webview keeps in its VS Code state, so a reload or a restored window shows the same tab and page. */
export interface DashboardViewState {
  filter: Filter;
  page: Page;
}

/** One strategy card. */
export interface Card {
  id: string;
  name: string;
  symbol: string;
  status: StrategyStatus;
  kind: StrategyKind | 'combination';
  file: string;
  indicators: string[];
  components: { name: string; kind: StrategyKind; weight: number }[];
  winRatePct: number | null;
  profitFactor: number | null;
  trades: number | null;
  returnPct: number | null;
  outOfSample: string | null;
  /** Paper account: live trades, equity now, last bar. */
  paper: { trades: number; equity: number | null; lastBar: string | null; openPositions: number } | null;
  created: string;
  promoted: string | null;
  retired: string | null;
  reason: string;
}

export interface DashboardState {
  status: 'off' | 'idle' | 'cycle' | 'paper' | 'error';
  running: boolean;
  mode: AgentConfig['runMode'];
  cycles: number;
  lastCycle: string | null;
  nextWake: string | null;
  error: { code: string; message: string; action: string; command?: string } | null;
  cards: Card[];
  events: { at: string; step: string; strategyId?: string; reason: string }[];
  /** Progress line while a step runs. */
  progress: string | null;
}

export type HostToDashboard =
  | { type: 'state'; state: DashboardState }
  | { type: 'config'; config: AgentConfig; error: string | null; saved: boolean };

export type DashboardToHost =
  | { type: 'ready' }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'cycle' }
  | { type: 'open'; file: string }
  | { type: 'command'; command: string }
  | { type: 'saveConfig'; config: unknown };
