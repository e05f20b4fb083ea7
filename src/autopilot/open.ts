/** One agent for a workspace, wired to the real runner, data and a model source (CLI and editor). */
import type { LanguageModel } from '../ai/provider';
import { Runner } from '../runner/run';
import type { AgentConfig } from './config';
import type { AgentClock } from './schedule';
import { AgentService, type AgentSnapshot } from './service';
import { JsonStateFile } from './state';
import { barsLoader, loadConfig, modelSource, stateFile } from './workspace';

export interface OpenAgentOptions {
  root: string;
  model: () => Promise<LanguageModel>;
  cacheDir: string;
  /** Serve market data from the cache only. */
  offline?: boolean;
  runnerEntry?: string;
  clock?: AgentClock;
  /** Re-read on every use (the dashboard edits it); default: the workspace file. */
  config?: () => AgentConfig;
  onChange?(s: AgentSnapshot): void;
  onProgress?(message: string): void;
}

export interface OpenAgent {
  service: AgentService;
  runner: Runner;
  dispose(): void;
}

export function openAgent(o: OpenAgentOptions): OpenAgent {
  const config = o.config ?? (() => loadConfig(o.root));
  const first = config();
  const runner = new Runner({ maxParallel: first.parallelRuns, entry: o.runnerEntry });
  const service = new AgentService({
    root: o.root,
    store: new JsonStateFile(stateFile(o.root)),
    config,
    run: (req, hooks) => runner.run(req, hooks),
    loadBars: barsLoader(o.cacheDir, { offline: o.offline }),
    model: modelSource(o.model),
    clock: o.clock,
    onChange: o.onChange,
    onProgress: o.onProgress,
  });
  return {
    service,
    runner,
    dispose() {
      service.dispose();
      runner.dispose();
    },
  };
}
