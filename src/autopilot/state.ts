/**
 * The agent's state: strategies with their status and figures, paper accounts, and the lifecycle
 * log (every step with its reason). It lives in the history store (src/store, schema v6) behind
 * `StateStore`; the JSON file of earlier versions is only read to import it.
 */
import * as fs from 'node:fs';
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

/** Events kept in memory (oldest dropped first); the store keeps as many per workspace by default. */
export const MAX_EVENTS = 5000;

export function emptyState(): AgentState {
  return { version: 1, running: false, cycles: 0, strategies: [], events: [] };
}

/** Where the lifecycle is kept: the history store (store-state.ts). */
export interface StateStore {
  /** The saved state (synchronous: the store re-reads its file when another process wrote it). */
  load(): AgentState;
  /** Saves the strategies (with paper accounts) and counters, and appends the events not saved yet. */
  save(state: AgentState): Promise<void>;
  /** Saves the running flag and appends the events not saved yet; touches no strategy (start/stop, outside a step). */
  saveRunning(state: AgentState): Promise<void>;
}

/**
 * The JSON file earlier versions kept the state in (`.algoagent/agent-state.json`), read once to
 * import it into the store. An unreadable file is moved aside and reads as empty.
 */
export class JsonStateFile {
  /** Set when load() found an unreadable file (moved to this path). */
  movedAside: string | undefined;
  constructor(readonly file: string) {}

  exists(): boolean {
    return fs.existsSync(this.file);
  }

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

  /** Renames the file to `<file>.imported` once its content is in the store; the new name, or undefined when it was gone. */
  markImported(): string | undefined {
    const to = `${this.file}.imported`;
    try {
      fs.renameSync(this.file, to);
      return to;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}

/** Appends an event and returns it. */
export function record(state: AgentState, at: number, step: LifecycleStep, reason: string, strategyId?: string, code?: string): LifecycleEvent {
  const e: LifecycleEvent = { at: new Date(at).toISOString(), step, reason, ...(strategyId ? { strategyId } : {}), ...(code ? { code } : {}) };
  state.events.push(e);
  return e;
}
