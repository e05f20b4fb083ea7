/** One agent for a workspace, wired to the history store, the real runner, data and a model source (CLI and editor). */
import type { LanguageModel } from '../ai/provider';
import type { Bars } from '../engine/bars';
import type { RunBacktest } from '../runner/protocol';
import { Store, type StoreOptions } from '../store/store';
import type { RecordRunInput } from '../store/types';
import { Runner } from '../runner/run';
import type { AgentConfig } from './config';
import type { AgentClock } from './schedule';
import { AgentService, type AgentSnapshot } from './service';
import { StoreState } from './store-state';
import { barsLoader, loadConfig, lockFile, modelSource } from './workspace';

export interface OpenAgentOptions {
  root: string;
  /**
   * Where the lifecycle is kept: an open history Store (shared with its owner, who closes it), or
   * the path of a history database to open (closed by dispose()).
   */
  store: Store | string;
  storeOptions?: StoreOptions;
  model: () => Promise<LanguageModel>;
  cacheDir: string;
  /** Serve market data from the cache only. */
  offline?: boolean;
  /** Where bars come from; default: the bundled sample for SAMPLE, else the Yahoo cache in `cacheDir`. */
  loadBars?(symbol: string, timeframe: string, signal?: AbortSignal): Promise<Bars>;
  runnerEntry?: string;
  /** Use this runner (the editor shares its own) instead of starting one. */
  run?: RunBacktest;
  clock?: AgentClock;
  /** Re-read on every use (the dashboard edits it); default: the workspace file. */
  config?: () => AgentConfig;
  onChange?(s: AgentSnapshot): void;
  onProgress?(message: string): void;
  /** Records the agent's backtests in the history; default: the agent's store. */
  recordRun?(input: RecordRunInput): Promise<number | undefined>;
}

export interface OpenAgent {
  service: AgentService;
  runner: Runner | undefined;
  store: Store;
  state: StoreState;
  /** Stops timers and the runner it started; closes the store when it opened it (after pending saves). */
  dispose(): Promise<void>;
}

export async function openAgent(o: OpenAgentOptions): Promise<OpenAgent> {
  const owned = typeof o.store === 'string';
  const store = typeof o.store === 'string' ? await Store.open(o.store, o.storeOptions) : o.store;
  let state: StoreState;
  try {
    state = await StoreState.open(store, o.root, { onProgress: o.onProgress });
  } catch (err) {
    if (owned) await store.close();
    throw err;
  }
  const config = o.config ?? (() => loadConfig(o.root));
  const first = config();
  const runner = o.run ? undefined : new Runner({ maxParallel: first.parallelRuns, entry: o.runnerEntry });
  const run: RunBacktest = o.run ?? ((req, hooks) => runner!.run(req, hooks));
  const service = new AgentService({
    root: o.root,
    store: state,
    config,
    run,
    loadBars: o.loadBars ?? barsLoader(o.cacheDir, { offline: o.offline }),
    model: modelSource(o.model),
    clock: o.clock,
    onChange: o.onChange,
    onProgress: o.onProgress,
    recordRun: o.recordRun ?? ((input) => store.recordRun(input)),
    lockFile: lockFile(o.root),
  });
  let disposed: Promise<void> | undefined;
  return {
    service,
    runner,
    store,
    state,
    dispose() {
      disposed ??= (async () => {
        service.dispose();
        runner?.dispose();
        await service.idle();
        if (owned) await store.close();
      })();
      return disposed;
    },
  };
}
