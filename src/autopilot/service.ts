/**
 * The agent as a long-lived service (editor, CLI): start/stop, one cycle on demand, paper trading on
 * an interval-aware schedule, and `always` mode resuming after a restart. State is saved (in the
 * history store) at the end of every step, under the workspace's agent lock, so stopping loses
 * nothing already booked and the next process starts from it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Bars } from '../engine/bars';
import { LockTimeoutError, withFileLock } from '../store/file-lock';
import type { LanguageModel } from '../ai/provider';
import type { RunBacktest } from '../runner/protocol';
import type { RecordRunInput } from '../store/types';
import type { AgentConfig } from './config';
import { type CycleReport, runCycle } from './cycle';
import { AgentError, alreadyRunning, asAgentError } from './errors';
import { type AdvanceSummary, advancePaper } from './paper/trader';
import { type AgentClock, MIN_POLL_MS, nextBarDue, nextCycleDue, systemClock } from './schedule';
import { type AgentState, type LifecycleEvent, type StateStore, type StrategyRecord, record } from './state';

/** Longest wait between wakes that keep failing. */
export const MAX_BACKOFF_MS = 6 * 3_600_000;

export type AgentStatus = 'off' | 'idle' | 'cycle' | 'paper' | 'error';

export interface AgentSnapshot {
  status: AgentStatus;
  running: boolean;
  mode: AgentConfig['runMode'];
  cycles: number;
  lastCycle?: string;
  /** When the agent wakes next (ms), while running. */
  nextWake?: number;
  lastError?: ReturnType<AgentError['toJSON']>;
  strategies: StrategyRecord[];
  /** Newest last. */
  events: LifecycleEvent[];
}

export interface AgentServiceDeps {
  root: string;
  store: StateStore;
  config(): AgentConfig;
  run: RunBacktest;
  loadBars(symbol: string, timeframe: string, signal?: AbortSignal): Promise<Bars>;
  model(): Promise<LanguageModel>;
  clock?: AgentClock;
  onChange?(snapshot: AgentSnapshot): void;
  onProgress?(message: string): void;
  recordRun?(input: RecordRunInput): Promise<number | undefined>;
  /**
   * A lock file held during every step, so two processes (the editor and `algoagent paper run`)
   * never run the agent of one workspace at once; each step starts from the saved state.
   */
  lockFile?: string;
}

export class AgentService {
  private state: AgentState;
  private readonly clock: AgentClock;
  private status: AgentStatus = 'off';
  private busy: Promise<unknown> | undefined;
  private abort: AbortController | undefined;
  private timer: unknown;
  private nextWake: number | undefined;
  private lastError: AgentError | undefined;
  /** Wakes in a row that ended in an error (the next one waits longer). */
  private failedWakes = 0;

  constructor(private readonly d: AgentServiceDeps) {
    this.clock = d.clock ?? systemClock;
    this.state = d.store.load();
    this.status = this.state.running ? 'idle' : 'off';
  }

  snapshot(eventCount = 200): AgentSnapshot {
    const s = this.state;
    return {
      status: this.status, running: s.running, mode: this.d.config().runMode, cycles: s.cycles, lastCycle: s.lastCycle,
      nextWake: this.nextWake, lastError: this.lastError?.toJSON(), strategies: s.strategies, events: s.events.slice(-eventCount),
    };
  }

  /** Re-reads the saved state (another process moved it on) unless a step is running; tells listeners. */
  reload(): boolean {
    if (this.busy) return false;
    const running = this.state.running;
    this.state = this.d.store.load();
    this.state.running = running;
    this.emit();
    return true;
  }

  /** Resolves when the current step (if any) is over. */
  async idle(): Promise<void> {
    while (this.busy || this.savesPending.size) {
      if (this.busy) await this.busy.catch(() => undefined);
      else await Promise.all(this.savesPending);
    }
  }

  /** At editor start: `always` resumes (and catches up what was missed); other modes wait. */
  async startup(): Promise<boolean> {
    const c = this.d.config();
    if (c.runMode !== 'always') return false;
    await this.start();
    return true;
  }

  /** Keeps the agent running: a cycle when due, paper trading as bars arrive. Resolves once the flag is saved. */
  start(): Promise<void> {
    const c = this.d.config();
    if (c.runMode === 'never') throw new AgentError('BAD_CONFIG', 'the agent is set to never run', 'Set the run mode to manual or always in the agent settings.', 'algoagent.agent.showDashboard');
    if (this.busy && this.state.running) throw alreadyRunning();
    this.state.running = true;
    const saved = this.saveRunning();
    this.setStatus('idle');
    this.schedule(0);
    return saved;
  }

  /** Stops (the current step is cancelled). Resolves once the flag is saved. */
  stop(): Promise<void> {
    this.state.running = false;
    this.abort?.abort();
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.nextWake = undefined;
    const saved = this.saveRunning();
    this.setStatus('off');
    return saved;
  }

  /** Saves the running flag (and any unsaved event); a failure is reported, never thrown. */
  private saveRunning(): Promise<void> {
    const job = this.d.store.saveRunning(this.state).catch((err: Error) => {
      this.lastError = new AgentError('BAD_STATE', `the agent state could not be saved: ${err.message}`, 'Check that the history database is writable; the agent keeps going in memory.');
      this.d.onProgress?.(this.lastError.describe());
      this.emit();
    });
    const tracked = job.finally(() => this.savesPending.delete(tracked));
    this.savesPending.add(tracked);
    return tracked;
  }
  private readonly savesPending = new Set<Promise<void>>();

  dispose(): void {
    this.abort?.abort();
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** One cycle now (manual mode or a button); ALREADY_RUNNING while another step runs. */
  runCycleNow(): Promise<CycleReport> {
    if (this.d.config().runMode === 'never') return Promise.reject(new AgentError('BAD_CONFIG', 'the agent is set to never run', 'Set the run mode to manual or always in the agent settings.', 'algoagent.agent.showDashboard'));
    const onProgress = (m: string) => {
      this.d.onProgress?.(m);
      this.checkpoint();
    };
    return this.exclusive('cycle', (signal) => runCycle(this.state, this.d.config(), { ...this.d, onProgress, now: () => this.clock.now() }, signal));
  }

  /**
   * At each phase of a cycle (still under the workspace's lock): what is booked so far goes to the
   * store, so other windows see the cycle progress and a crash keeps the steps already taken.
   */
  private checkpoint(): void {
    void this.d.store.save(this.state).catch((err: Error) => this.d.onProgress?.(`the agent state could not be saved: ${err.message}`));
  }

  /** Advances every paper account with the bars that arrived. */
  paperTickNow(): Promise<AdvanceSummary> {
    return this.exclusive('paper', (signal) => advancePaper(this.state, this.d.config(), { ...this.d, now: () => this.clock.now() }, signal));
  }

  private async exclusive<T>(status: AgentStatus, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.busy) throw alreadyRunning();
    const abort = (this.abort = new AbortController());
    this.setStatus(status);
    const job = (async () => {
      let recorded: unknown;
      let saved = false;
      const fail = (err: unknown): AgentError => {
        const e = asAgentError(err);
        if (err !== recorded && e !== recorded) record(this.state, this.clock.now(), 'error', e.describe(), undefined, e.code);
        recorded = e;
        this.lastError = e;
        return e;
      };
      try {
        // The step and its save happen under the workspace's lock: the next process to take it starts from this state.
        const out = await this.locked(async () => {
          try {
            return await fn(abort.signal);
          } catch (err) {
            throw fail(err);
          } finally {
            await this.d.store.save(this.state);
            saved = true;
          }
        });
        this.lastError = undefined;
        return out;
      } catch (err) {
        const e = fail(err);
        // Not saved (the lock was taken, or the save failed): at least the error goes into the log.
        if (!saved) await this.d.store.saveRunning(this.state).catch((why: Error) => this.d.onProgress?.(`the agent state could not be saved: ${why.message}`));
        throw e;
      } finally {
        this.busy = undefined;
        this.abort = undefined;
        this.setStatus(this.lastError && this.lastError.code !== 'CANCELLED' ? 'error' : this.state.running ? 'idle' : 'off');
      }
    })();
    this.busy = job;
    return job;
  }

  /** Runs `fn` holding the workspace's agent lock, on the state as saved (another process may have moved it on). */
  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.d.lockFile) return fn();
    mkdirSync(dirname(this.d.lockFile), { recursive: true });
    try {
      return await withFileLock(this.d.lockFile, async () => {
        const running = this.state.running;
        this.state = this.d.store.load();
        this.state.running = running;
        return fn();
      }, { timeoutMs: 0, staleMs: 12 * 3_600_000 });
    } catch (err) {
      if (err instanceof LockTimeoutError) throw new AgentError('ALREADY_RUNNING', `another AlgoAgent is running this workspace's agent (${err.message.replace(/^.*\((.*)\).*$/, '$1')})`, 'Wait for it to finish, or stop it (the editor\'s agent or `algoagent paper run`).');
      throw err;
    }
  }

  /** When the agent should wake next: the next cycle or the next bar of a paper account. */
  nextWakeTime(): number {
    const c = this.d.config();
    return Math.min(Math.max(this.clock.now(), nextCycleDue(this.state.lastCycle, c.cycleEveryHours)), this.nextBarTime());
  }

  /** When the next bar of any paper account should be there (Infinity without accounts). */
  nextBarTime(): number {
    const c = this.d.config();
    const now = this.clock.now();
    let t = Infinity;
    for (const s of this.state.strategies) {
      if ((s.status === 'paper' || s.status === 'ready') && s.paper) t = Math.min(t, nextBarDue(s.paper.lastBarTime ? Date.parse(s.paper.lastBarTime) : null, c.timeframe, now));
    }
    return t;
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.nextWake = this.clock.now() + ms;
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      void this.wake();
    }, ms);
    this.emit();
  }

  private async wake(): Promise<void> {
    if (!this.state.running) return;
    const c = this.d.config();
    try {
      if (nextCycleDue(this.state.lastCycle, c.cycleEveryHours) <= this.clock.now()) await this.runCycleNow();
      else await this.paperTickNow();
      this.failedWakes = 0;
    } catch {
      // Recorded in the log and shown as lastError; the schedule goes on, backing off while it fails.
      this.failedWakes++;
    }
    // At least a poll interval between wakes: bars that are late do not make the agent spin; after
    // k failures in a row, 2^(k−1) poll intervals (up to 6 h), so a missing key is not retried every minute.
    const floor = this.failedWakes ? Math.min(MAX_BACKOFF_MS, MIN_POLL_MS * 2 ** Math.min(this.failedWakes - 1, 16)) : MIN_POLL_MS;
    if (this.state.running) this.schedule(Math.max(floor, this.nextWakeTime() - this.clock.now()));
  }

  private setStatus(s: AgentStatus): void {
    this.status = s;
    this.emit();
  }

  private emit(): void {
    this.d.onChange?.(this.snapshot());
  }
}
