/** One agent for a workspace, wired to the real runner, data and a model source (CLI and editor). */
import type { LanguageModel } from '../ai/provider';
import type { RunBacktest } from '../runner/protocol';
import type { RecordRunInput } from '../store/types';
import { Runner } from '../runner/run';
import type { AgentConfig } from './config';
import type { AgentClock } from './schedule';
import { AgentService, type AgentSnapshot } from './service';
import { JsonStateFile } from './state';
import { barsLoader, loadConfig, lockFile, modelSource, stateFile } from './workspace';

export interface OpenAgentOptions {
  root: string;
  model: () => Promise<LanguageModel>;
  cacheDir: string;
  /** Serve market data from the cache only. */
  offline?: boolean;
  runnerEntry?: string;
  /** Use this runner (the editor shares its own) instead of starting one. */
  run?: RunBacktest;
  clock?: AgentClock;
  /** Re-read on every use (the dashboard edits it); default: the workspace file. */
  config?: () => AgentConfig;
  onChange?(s: AgentSnapshot): void;
  onProgress?(message: string): void;
  /** Records the agent's backtests in the history store. */
  recordRun?(input: RecordRunInput): Promise<number | undefined>;
}

export interface OpenAgent {
  service: AgentService;
  runner: Runner | undefined;
  dispose(): void;
}

export function openAgent(o: OpenAgentOptions): OpenAgent {
  const config = o.config ?? (() => loadConfig(o.root));
  const first = config();
  const runner = o.run ? undefined : new Runner({ maxParallel: first.parallelRuns, entry: o.runnerEntry });
  const run: RunBacktest = o.run ?? ((req, hooks) => runner!.run(req, hooks));
  const service = new AgentService({
    root: o.root,
    store: new JsonStateFile(stateFile(o.root)),
    config,
    run,
    loadBars: barsLoader(o.cacheDir, { offline: o.offline }),
    model: modelSource(o.model),
    clock: o.clock,
    onChange: o.onChange,
    onProgress: o.onProgress,
    recordRun: o.recordRun,
    lockFile: lockFile(o.root),
  });
  return {
    service,
    runner,
    dispose() {
      service.dispose();
      runner?.dispose();
    },
  };
}
