/**
 * `algoagent paper`: paper trading of the agent's promoted strategies. `run` brings every paper
 * account up to date (catching up bars missed while nothing ran), then keeps going as new bars
 * are due (interval-aware) until Ctrl+C; `--once` stops after catching up. No real order is sent.
 */
import * as path from 'node:path';
import { sleep } from '../ai/provider';
import { defaultCacheDir } from '../data/cache';
import { openAgent } from '../autopilot/open';
import { MIN_POLL_MS } from '../autopilot/schedule';
import { JsonStateFile } from '../autopilot/state';
import { stateFile } from '../autopilot/workspace';
import { type FlagSpec, UsageError, flag, parseArgs } from './args';
import type { Io } from './commands';
import { type AgentCommandDeps, agentFailure, modelOf, rootOf } from './agent-command';
import { paperTable } from './agent-format';

export const HELP_PAPER = `algoagent paper run [--root <dir>] [--once] [--offline] [--json]
algoagent paper status [--root <dir>] [--json]

Paper trading of the strategies the agent promoted (algoagent agent cycle). run fetches new bars
for each account's symbol, advances the strategy from its saved state, books fills, positions and
equity in <root>/.algoagent/agent-state.json, and moves strategies to ready or retired by the
paper thresholds. Bars missed while nothing ran are caught up first. Without --once it waits for
the next bar of the timeframe and repeats until Ctrl+C. Simulation only: no order leaves this machine.
  --once                  catch up and stop
  --offline               market data from the cache only
  --cache-dir <dir>       market data cache
  --json                  one JSON line per pass: { newBars, fills, errors, accounts }
`;

const FLAGS: Record<string, FlagSpec> = { root: { value: true }, once: {}, offline: {}, 'cache-dir': { value: true }, json: {}, provider: { value: true }, help: {} };

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
  if (sub === 'status') {
    const state = new JsonStateFile(stateFile(root)).load();
    io.out(json ? JSON.stringify(state.strategies.filter((s) => s.paper).map((s) => ({ id: s.id, status: s.status, reason: s.reason, paper: s.paper }))) + '\n' : paperTable(state.strategies) + '\n');
    return 0;
  }
  if (sub !== 'run') throw new UsageError(`paper: unknown subcommand "${sub}" (run, status)`);
  const agent = openAgent({
    root, model: modelOf(args, deps), cacheDir: path.resolve(flag(args, 'cache-dir') ?? defaultCacheDir(deps.env)), offline: args.flags.has('offline'), runnerEntry: deps.runnerEntry,
    clock: deps.now ? { now: deps.now, setTimer: () => undefined, clearTimer: () => undefined } : undefined,
  });
  try {
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
    agent.dispose();
  }
}
