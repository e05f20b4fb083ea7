/**
 * `algoagent agent`: the autonomous agent of a workspace from the command line —
 * `cycle` runs one cycle, `status` shows the strategies and the latest lifecycle steps,
 * `config` shows or changes the configuration.
 */
import * as path from 'node:path';
import { defaultCacheDir } from '../data/cache';
import { openAgent } from '../autopilot/open';
import { AgentError, noAiProvider } from '../autopilot/errors';
import { StoreState } from '../autopilot/store-state';
import { defaultAgentDb, loadConfig, saveConfig } from '../autopilot/workspace';
import type { LanguageModel, ProviderChoice } from '../ai/provider';
import { type FlagSpec, type ParsedArgs, UsageError, flag, parseArgs, parseValue } from './args';
import { modelFromEnv, providerFlag } from './ai-common';
import type { Io } from './commands';
import { HISTORY_FLAGS, historyDbPath } from './history-command';
import { Store } from '../store/store';
import { strategyTable } from './agent-format';

export interface AgentCommandDeps {
  runnerEntry?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Model override (tests). */
  model?: () => Promise<LanguageModel>;
  now?: () => number;
}

export const HELP_AGENT = `algoagent agent cycle [--root <dir>] [--db <file>] [--provider auto|gemini|offline] [--offline] [--json]
algoagent agent status [--root <dir>] [--db <file>] [--json] [--events n]
algoagent agent log [--root <dir>] [--db <file>] [--strategy <id>] [--events n] [--json]
algoagent agent config [--root <dir>] [--set key=value …] [--json]

The autonomous agent of a workspace. A cycle generates strategies of each configured kind for each
symbol, backtests them with an out-of-sample (walk-forward) check, combines the best ones by
weighted vote, promotes those above the thresholds to paper trading and retires the rest (with the
reason), then advances every paper account. Configuration: <root>/.algoagent/agent-config.json.
The strategies, paper accounts and the log of every step with its reason live in the history
database (the same one as \`algoagent history\`): --db, else $ALGOAGENT_DB, else the one the editor
uses for this workspace, else <root>/.algoagent/history.db. A <root>/.algoagent/agent-state.json of an
earlier version is imported on first use. No real order is ever sent.
  --root <dir>            the workspace (default: the current folder)
  --provider <p>          model for specs: auto (Gemini when a key is set, else offline rules), gemini, offline
  --offline               market data from the cache only
  --cache-dir <dir>       market data cache (default: $ALGOAGENT_CACHE_DIR or ~/.cache/algoagent)
  --set key=value         change a setting (JSON values: --set symbols='["AAPL","MSFT"]' --set minTrades=40)
  --events <n>            lifecycle steps shown by status and log (default 20; log: 0 = all kept)
  --strategy <id>         log: only the steps of this strategy (why it has its status)
  --db <file>             the history database holding the agent's state and its backtests
Errors print as CODE: what happened — what to do (NO_AI_PROVIDER, ALREADY_RUNNING, NO_DATA, BUDGET_EXHAUSTED, BAD_CONFIG).
`;

const FLAGS: Record<string, FlagSpec> = {
  ...HISTORY_FLAGS,
  root: { value: true }, provider: { value: true }, offline: {}, 'cache-dir': { value: true }, json: {}, set: { value: true, repeat: true }, events: { value: true }, strategy: { value: true }, help: {},
};

export function rootOf(args: ParsedArgs): string {
  return path.resolve(flag(args, 'root') ?? process.cwd());
}

export function modelOf(args: ParsedArgs, deps: AgentCommandDeps): () => Promise<LanguageModel> {
  if (deps.model) return deps.model;
  const choice = providerFlag(args, ['auto', 'gemini', 'offline'] as ProviderChoice[], 'auto');
  return async () => {
    try {
      return await modelFromEnv(choice, deps.env ?? process.env);
    } catch (err) {
      if (err instanceof UsageError) throw noAiProvider(err.message);
      throw err;
    }
  };
}

/** Prints an AgentError as `CODE: message — action`; returns the exit code. */
export function agentFailure(io: Io, err: unknown, json: boolean): number {
  if (!(err instanceof AgentError)) throw err;
  if (json) io.out(JSON.stringify({ error: err.toJSON() }) + '\n');
  io.err(`${err.describe()}\n`);
  return err.code === 'ALREADY_RUNNING' ? 3 : 1;
}

function parseSet(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects key=value, got "${text}"`);
  const key = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = parseValue(raw);
  }
  return [key, value];
}

export async function agentCommand(argv: string[], io: Io, deps: AgentCommandDeps = {}): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  const [sub, extra] = args.positionals;
  if (args.flags.has('help') || !sub) {
    io.out(HELP_AGENT);
    return sub || args.flags.has('help') ? 0 : 2;
  }
  if (extra) throw new UsageError(`agent ${sub}: unexpected argument "${extra}"`);
  const root = rootOf(args);
  const json = args.flags.has('json');
  try {
    switch (sub) {
      case 'cycle':
        return await cycle(args, io, deps, root, json);
      case 'status':
        return await status(args, io, deps, root, json);
      case 'config': {
        let c = loadConfig(root);
        const sets = args.flags.get('set') ?? [];
        if (sets.length) {
          const next: Record<string, unknown> = { ...c };
          for (const s of sets) {
            const [k, v] = parseSet(s);
            next[k] = v;
          }
          c = saveConfig(root, next);
        }
        io.out(json ? JSON.stringify(c) + '\n' : JSON.stringify(c, null, 2) + '\n');
        return 0;
      }
      case 'log':
        return await log(args, io, deps, root, json);
      default:
        throw new UsageError(`agent: unknown subcommand "${sub}" (cycle, status, log, config)`);
    }
  } catch (err) {
    return agentFailure(io, err, json);
  }
}

/** The history database of the agent: --db, $ALGOAGENT_DB, the editor's, else the workspace's own. */
export function agentDbPath(args: ParsedArgs, deps: AgentCommandDeps, root: string): string {
  return historyDbPath(args, deps.env ?? process.env) ?? defaultAgentDb(root);
}

export function openAgentStore(args: ParsedArgs, io: Io, deps: AgentCommandDeps, root: string): Promise<Store> {
  return Store.open(agentDbPath(args, deps, root), { onRecovered: (r) => io.err(`warning: history database ${r.file} could not be read (${r.reason}); it was moved to ${r.movedTo} and a new one started\n`) });
}

async function cycle(args: ParsedArgs, io: Io, deps: AgentCommandDeps, root: string, json: boolean): Promise<number> {
  const config = loadConfig(root);
  const store = await openAgentStore(args, io, deps, root);
  let agent: Awaited<ReturnType<typeof openAgent>> | undefined;
  const onAbort = () => void agent?.service.stop();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    agent = await openAgent({
      store, root, model: modelOf(args, deps), cacheDir: path.resolve(flag(args, 'cache-dir') ?? defaultCacheDir(deps.env)), offline: args.flags.has('offline'), runnerEntry: deps.runnerEntry,
      clock: deps.now ? { now: deps.now, setTimer: () => undefined, clearTimer: () => undefined } : undefined,
      onProgress: json ? undefined : (m) => io.err(`… ${m}\n`),
    });
    const report = await agent.service.runCycleNow();
    const snap = agent.service.snapshot();
    if (json) {
      io.out(JSON.stringify({ report, strategies: snap.strategies.map(({ paper, ...s }) => ({ ...s, paper: paper ? { processedBars: paper.processedBars, fills: paper.fills.length } : undefined })) }) + '\n');
    } else {
      io.out(`Cycle ${snap.cycles}: ${report.generated} generated, ${report.combinations} combination(s), ${report.promoted} promoted to paper, ${report.retired} retired, ${report.failed} failed; ${report.modelCalls} of ${config.modelCallsPerCycle} model calls.\n\n`);
      io.out(strategyTable(snap.strategies) + '\n');
      for (const e of report.errors) io.err(`${e.code}: ${e.message} — ${e.action}\n`);
    }
    return 0;
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
    await agent?.dispose();
    await store.close();
  }
}

function eventCount(args: ParsedArgs): number {
  const n = Number(flag(args, 'events') ?? 20);
  if (!(Number.isInteger(n) && n >= 0)) throw new UsageError('--events must be a whole number ≥ 0');
  return n;
}

/** The lifecycle log from the store: every step with its reason, optionally of one strategy. */
async function log(args: ParsedArgs, io: Io, deps: AgentCommandDeps, root: string, json: boolean): Promise<number> {
  const n = eventCount(args);
  const strategyId = flag(args, 'strategy');
  const store = await openAgentStore(args, io, deps, root);
  try {
    const st = await StoreState.open(store, root, { onProgress: (m) => io.err(`… ${m}\n`) });
    if (strategyId !== undefined && !st.load().strategies.some((s) => s.id === strategyId)) throw new UsageError(`agent log: no strategy "${strategyId}" in ${store.file} for ${root}`);
    const events = store.listAgentEvents(st.root, { strategyId, ...(n ? { limit: n } : {}) });
    if (json) io.out(JSON.stringify({ db: store.file, events }) + '\n');
    else if (!events.length) io.out('(no steps recorded yet: run `algoagent agent cycle`)\n');
    else for (const e of events) io.out(`${String(e.seq).padStart(6)}  ${e.at}  ${e.step.padEnd(10)} ${e.strategyId ? `${e.strategyId}: ` : ''}${e.code ? `[${e.code}] ` : ''}${e.reason}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function status(args: ParsedArgs, io: Io, deps: AgentCommandDeps, root: string, json: boolean): Promise<number> {
  const n = eventCount(args);
  const store = await openAgentStore(args, io, deps, root);
  try {
    const state = (await StoreState.open(store, root, { onProgress: (m) => io.err(`… ${m}\n`) })).load();
    const events = n ? state.events.slice(-n) : [];
    if (json) {
      io.out(JSON.stringify({ db: store.file, running: state.running, cycles: state.cycles, lastCycle: state.lastCycle ?? null, strategies: state.strategies.map(({ paper: _paper, ...s }) => s), events }) + '\n');
      return 0;
    }
    io.out(`${state.cycles} cycle(s)${state.lastCycle ? `, last ${state.lastCycle}` : ''}; ${state.running ? 'running' : 'stopped'} (state in ${store.file})\n\n`);
    io.out(strategyTable(state.strategies) + '\n');
    if (n) {
      io.out('\nLatest steps:\n');
      for (const e of events) io.out(`  ${e.at}  ${e.step.padEnd(10)} ${e.strategyId ? `${e.strategyId}: ` : ''}${e.reason}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
