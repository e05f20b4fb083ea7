/**
 * `algoagent paper`: paper trading of the agent's promoted strategies. `run` brings every paper
 * account up to date (catching up bars missed while nothing ran), then keeps going as new bars
 * are due (interval-aware) until Ctrl+C; `--once` stops after catching up. No real order is sent.
 */
import * as path from 'node:path';
import { sleep } from '../ai/provider';
import { defaultCacheDir } from '../data/cache';
import { type OpenAgent, openAgent } from '../autopilot/open';
import type { Store } from '../store/store';
import { MIN_POLL_MS } from '../autopilot/schedule';
import { StoreState } from '../autopilot/store-state';
import { HISTORY_FLAGS } from './history-command';
import { type FlagSpec, type ParsedArgs, UsageError, flag, parseArgs } from './args';
import type { Io } from './commands';
import { type AgentCommandDeps, agentFailure, modelOf, openAgentStore, rootOf } from './agent-command';
import { paperTable } from './agent-format';

export const HELP_PAPER = `algoagent paper run [--root <dir>] [--db <file>] [--once] [--offline] [--json]
algoagent paper status [--root <dir>] [--db <file>] [--json]

Paper trading of the strategies the agent promoted (algoagent agent cycle). run fetches new bars
for each account's symbol, advances the strategy from its saved state, books fills, positions and
equity in the agent's history database, and moves strategies to ready or retired by the
paper thresholds. Bars missed while nothing ran are caught up first. Without --once it waits for
the next bar of the timeframe and repeats until Ctrl+C. Simulation only: no order leaves this machine.
  --once                  catch up and stop
  --offline               market data from the cache only
  --cache-dir <dir>       market data cache
  --json                  one JSON line per pass: { newBars, fills, errors, accounts }
  --db <file>             the history database holding the agent's state (default: $ALGOAGENT_DB, else
                          the one the editor uses for this workspace, else <root>/.algoagent/history.db)
`;

const FLAGS: Record<string, FlagSpec> = { ...HISTORY_FLAGS, root: { value: true }, once: {}, offline: {}, 'cache-dir': { value: true }, json: {}, provider: { value: true }, help: {} };

export async function paperCommand(argv: string[], io: Io, deps: AgentCommandDeps = {}): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  const [sub, extra] = args.positionals;
  if (args.flags.has('help') || !sub) {
    io.out(HELP_PAPER);
    return sub || args.flags.has('help') ? 0 : 2;
  }
  if (extra) throw new UsageError(`paper ${sub}: unexpected argument "${extra}"`);
  const root = rootOf(args);
  const json = args.flags.has('json');
  if (sub !== 'status' && sub !== 'run') throw new UsageError(`paper: unknown subcommand "${sub}" (run, status)`);
  const store = await openAgentStore(args, io, deps, root);
  try {
    if (sub === 'status') {
      const state = (await StoreState.open(store, root, { onProgress: (m) => io.err(`… ${m}\n`) })).load();
      io.out(json ? JSON.stringify(state.strategies.filter((s) => s.paper).map((s) => ({ id: s.id, status: s.status, reason: s.reason, paper: s.paper }))) + '\n' : paperTable(state.strategies) + '\n');
      return 0;
    }
    return await run(args, io, deps, root, json, store);
  } finally {
    await store.close();
  }
}

async function run(args: ParsedArgs, io: Io, deps: AgentCommandDeps, root: string, json: boolean, store: Store): Promise<number> {
  let agent: OpenAgent | undefined;
  try {
    agent = await openAgent({
      store, root, model: modelOf(args, deps), cacheDir: path.resolve(flag(args, 'cache-dir') ?? defaultCacheDir(deps.env)), offline: args.flags.has('offline'), runnerEntry: deps.runnerEntry,
      clock: deps.now ? { now: deps.now, setTimer: () => undefined, clearTimer: () => undefined } : undefined,
      onProgress: json ? undefined : (m) => io.err(`… ${m}\n`),
    });
    for (;;) {
      const pass = await agent.service.paperTickNow();
      const snap = agent.service.snapshot(0);
      const accounts = snap.strategies.filter((s) => s.paper);
      if (json) io.out(JSON.stringify({ ...pass, accounts: accounts.map((s) => ({ id: s.id, status: s.status, processedBars: s.paper!.processedBars, lastBarTime: s.paper!.lastBarTime, equity: s.paper!.equity.at(-1) ?? null })) }) + '\n');
      else {
        io.out(`${new Date().toISOString()}  ${pass.strategies} account(s), ${pass.newBars} new bar(s), ${pass.fills} fill(s)\n`);
        for (const e of pass.errors) io.err(`  ${e}\n`);
      }
      if (!accounts.length) {
        if (!json) io.out('No paper accounts yet: run `algoagent agent cycle` to promote strategies.\n');
        return 0;
      }
      if (args.flags.has('once') || deps.signal?.aborted) {
        if (!json) io.out('\n' + paperTable(snap.strategies) + '\n');
        return pass.errors.length ? 1 : 0;
      }
      const wait = Math.max(MIN_POLL_MS, agent.service.nextBarTime() - Date.now());
      if (!json) io.out(`  next check ${new Date(Date.now() + wait).toISOString()} (Ctrl+C stops)\n`);
      try {
        await sleep(wait, deps.signal);
      } catch {
        return 0;
      }
    }
  } catch (err) {
    return agentFailure(io, err, json);
  } finally {
    await agent?.dispose();
  }
}
