/**
 * The agent's saved state: strategies with their status and figures, paper accounts, and the
 * lifecycle log (every step with its reason). One JSON file per workspace, written atomically
 * (temporary file + rename) so a crash leaves the previous or the next complete state. An
 * unreadable file is moved aside and the agent starts fresh (and says so).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StrategyKind } from './config';
import type { Figures, OutOfSample } from './judge';
import type { PaperAccount } from './paper/account';

export const STATUSES = ['generated', 'backtested', 'paper', 'ready', 'retired', 'failed'] as const;
export type StrategyStatus = (typeof STATUSES)[number];

export interface StrategyRecord {
  id: string;
  name: string;
  kind: StrategyKind | 'combination';
  symbol: string;
  status: StrategyStatus;
  /** Strategy file, relative to the workspace. */
  file: string;
  description: string;
  /** Indicator labels, e.g. `sma20`, `rsi14`. */
  indicators: string[];
  components?: { id: string; name: string; kind: StrategyKind; weight: number }[];
  figures?: Figures;
  outOfSample?: OutOfSample;
  created: string;
  promoted?: string;
  retired?: string;
  /** Why it has its status. */
  reason: string;
  /** Its full backtest in the history store, when one was recorded. */
  runId?: number;
  paper?: PaperAccount;
}

export type LifecycleStep = 'cycle' | 'generated' | 'backtested' | 'promoted' | 'retired' | 'ready' | 'paper' | 'fill' | 'error';

export interface LifecycleEvent {
  at: string;
  step: LifecycleStep;
  strategyId?: string;
  reason: string;
  code?: string;
}

export interface AgentState {
  version: 1;
  /** The user wants the agent running (kept across restarts for `always`). */
  running: boolean;
  cycles: number;
  lastCycle?: string;
  strategies: StrategyRecord[];
  events: LifecycleEvent[];
}

/** Events kept (oldest dropped first). */
export const MAX_EVENTS = 5000;

export function emptyState(): AgentState {
  return { version: 1, running: false, cycles: 0, strategies: [], events: [] };
}

/** Where the lifecycle is kept; the JSON file below is the one implementation. */
export interface StateStore {
  load(): AgentState;
  save(state: AgentState): void;
}

export class JsonStateFile implements StateStore {
  /** Set when load() found an unreadable file (moved to this path). */
  movedAside: string | undefined;
  constructor(readonly file: string) {}

  load(): AgentState {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw err;
    }
    try {
      const s = JSON.parse(text) as AgentState;
      if (s?.version !== 1 || !Array.isArray(s.strategies) || !Array.isArray(s.events)) throw new Error('not an agent state (version 1)');
      return s;
    } catch {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      fs.renameSync(this.file, aside);
      this.movedAside = aside;
      return emptyState();
    }
  }

  save(state: AgentState): void {
    if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 1));
    fs.renameSync(tmp, this.file);
  }
}

/** Appends an event and returns it. */
export function record(state: AgentState, at: number, step: LifecycleStep, reason: string, strategyId?: string, code?: string): LifecycleEvent {
  const e: LifecycleEvent = { at: new Date(at).toISOString(), step, reason, ...(strategyId ? { strategyId } : {}), ...(code ? { code } : {}) };
  state.events.push(e);
  return e;
}
