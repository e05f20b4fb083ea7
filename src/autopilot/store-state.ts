/**
 * The agent's state in the history store (one database may hold several workspaces; each is keyed
 * by its resolved root folder). Saving upserts the strategy records and paper accounts and APPENDS
 * the events not saved yet — the log is never rewritten, so two processes (the editor and
 * `algoagent paper run`) appending at once lose no step.
 *
 * Events: the store keeps the newest `maxAgentEvents` per workspace (default 5000, the oldest are
 * pruned as new ones are appended); the state in memory holds the newest MAX_EVENTS of them.
 *
 * On first open of a workspace whose store has no agent state, a `.algoagent/agent-state.json` left
 * by an earlier version is imported and renamed to `agent-state.json.imported`.
 */
import * as path from 'node:path';
import type { Store } from '../store/store';
import { type AgentState, JsonStateFile, type LifecycleEvent, MAX_EVENTS, type StateStore, emptyState } from './state';
import { stateFile, workspaceKey } from './workspace';

export interface StoreStateOptions {
  /** Told, in words, of an import of the old JSON state file. */
  onProgress?(message: string): void;
  /** Events held in memory (default MAX_EVENTS). */
  maxEvents?: number;
}

export class StoreState implements StateStore {
  /** Events that are in the store (or on their way there). */
  private readonly saved = new WeakSet<LifecycleEvent>();
  /** What the import of the JSON file did, when one happened. */
  imported: { from: string; renamedTo?: string; strategies: number; events: number } | undefined;

  private constructor(
    readonly store: Store,
    /** The workspace's key in the store (its real path). */
    readonly root: string,
    private readonly maxEvents: number,
  ) {}

  /** The workspace `root`'s state in `store`, importing an old JSON state file first when the store has none. */
  static async open(store: Store, root: string, o: StoreStateOptions = {}): Promise<StoreState> {
    const s = new StoreState(store, workspaceKey(root), o.maxEvents ?? MAX_EVENTS);
    await s.importJson(stateFile(path.resolve(root)), o.onProgress);
    return s;
  }

  private async importJson(file: string, say?: (m: string) => void): Promise<void> {
    if (this.store.hasAgentState(this.root)) return;
    const json = new JsonStateFile(file);
    if (!json.exists()) return;
    const old = json.load();
    if (json.movedAside) {
      say?.(`the old agent state ${file} could not be read and was moved to ${json.movedAside}; the agent starts fresh`);
      return;
    }
    const done = await this.store.importAgentState(this.root, { running: old.running, cycles: old.cycles, lastCycle: old.lastCycle, strategies: old.strategies, events: old.events }, file);
    if (!done) return; // another process imported it first
    const renamedTo = json.markImported();
    this.imported = { from: file, renamedTo, strategies: old.strategies.length, events: old.events.length };
    say?.(`imported the agent state of ${file} (${old.strategies.length} strategies, ${old.events.length} events) into ${this.store.file}${renamedTo ? `; the old file is now ${renamedTo}` : ''}`);
  }

  load(): AgentState {
    const s = this.store.loadAgentState(this.root, this.maxEvents);
    if (!s) return emptyState();
    for (const e of s.events) this.saved.add(e);
    return { version: 1, running: s.running, cycles: s.cycles, ...(s.lastCycle !== undefined ? { lastCycle: s.lastCycle } : {}), strategies: s.strategies, events: s.events };
  }

  save(state: AgentState): Promise<void> {
    return this.append(state, (events) =>
      this.store.saveAgentState(this.root, { strategies: state.strategies, running: state.running, cycles: state.cycles, lastCycle: state.lastCycle, events }),
    );
  }

  saveRunning(state: AgentState): Promise<void> {
    return this.append(state, (events) => this.store.saveAgentState(this.root, { running: state.running, events }));
  }

  /** Hands the unsaved events to `write` (marked at once, so overlapping saves never append one twice; unmarked if it fails). */
  private async append(state: AgentState, write: (events: LifecycleEvent[]) => Promise<unknown>): Promise<void> {
    const fresh = state.events.filter((e) => !this.saved.has(e));
    for (const e of fresh) this.saved.add(e);
    try {
      await write(fresh);
    } catch (err) {
      for (const e of fresh) this.saved.delete(e);
      throw err;
    }
    if (state.events.length > this.maxEvents) {
      const drop = state.events.length - this.maxEvents;
      // Only events already in the store leave memory.
      if (state.events.slice(0, drop).every((e) => this.saved.has(e))) state.events.splice(0, drop);
    }
  }
}
