/**
 * The agent's lifecycle in the history store: appending 1 000 events (one commit each, and as one
 * batch), loading a workspace's state of 200 strategies (100 with paper accounts of 250 bars) and
 * 5 000 events, and saving it after a step. Every commit is the store's whole commit: lock file,
 * export of the in-memory database, temporary file, fsync, rename. Baseline in the same process:
 * the same state as the JSON file earlier versions wrote and read (agent-state.json).
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PaperAccount } from '../src/autopilot/paper/account';
import { type AgentState, type LifecycleEvent, type StrategyRecord, emptyState } from '../src/autopilot/state';
import { Store } from '../src/store/store';
import { measure, measureAsync } from './harness';

function account(k: number): PaperAccount {
  const equity = Array.from({ length: 250 }, (_, i) => 10_000 + Math.sin(i / 7 + k) * 300 + i);
  const trades = Array.from({ length: 20 }, (_, i) => ({
    size: 10, entryBar: i * 12, exitBar: i * 12 + 6, entryPrice: 100 + i, exitPrice: 101 + i, pnl: 10, returnPct: 1, entryTime: new Date(Date.UTC(2025, 0, 1 + i * 12)).toISOString(),
    exitTime: new Date(Date.UTC(2025, 0, 7 + i * 12)).toISOString(), duration: 6, tag: null, commissions: 0.2, sl: null, tp: null,
  }));
  const fills = trades.flatMap((t) => [
    { bar: t.entryBar, time: t.entryTime, side: 'buy' as const, size: 10, price: t.entryPrice, reason: 'entry' as const, replayed: false },
    { bar: t.exitBar, time: t.exitTime, side: 'sell' as const, size: 10, price: t.exitPrice, reason: 'exit' as const, replayed: false },
  ]);
  return { from: '2025-01-01T00:00:00.000Z', liveFromBar: 0, processedBars: 250, lastBarTime: '2025-09-07T00:00:00.000Z', cash: 10_000, trades: trades as never, openTrades: [], equity, fills };
}

function bigState(): AgentState {
  const s = emptyState();
  for (let k = 0; k < 200; k++) {
    const rec: StrategyRecord = {
      id: `s${k}`, name: `SAMPLE strategy ${k}`, kind: 'trend', symbol: 'SAMPLE', status: k % 2 ? 'retired' : 'paper', file: `strategies/autopilot/s${k}.strategy.ts`,
      description: `Buy when the ${k}-day SMA crosses above the ${k + 20}-day SMA`, indicators: [`sma${k}`, `sma${k + 20}`], created: '2025-01-01T00:00:00.000Z',
      reason: k % 2 ? 'retired: profit factor 1.2 < 1.5' : 'promoted to paper: win rate 60 % > 55 %, profit factor 2 > 1.5, 40 trades ≥ 30',
      figures: { trades: 40, winRatePct: 60, profitFactor: 2, returnPct: 12.5 }, outOfSample: { passed: true, profitFactor: 1.8, returnPct: 4, trades: 12, folds: 3, reason: 'out-of-sample profit factor 1.8 > 1' },
    };
    if (!(k % 2)) rec.paper = account(k);
    s.strategies.push(rec);
  }
  s.events = events(5000, 0);
  return s;
}

function events(n: number, from: number): LifecycleEvent[] {
  return Array.from({ length: n }, (_, k) => ({ at: new Date(Date.UTC(2025, 0, 1, 0, 0, from + k)).toISOString(), step: 'fill' as const, strategyId: `s${(from + k) % 200}`, reason: `paper buy 10 @ ${(100 + k / 10).toFixed(2)} (entry) on 2025-01-01` }));
}

const r = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

export async function benchAgentStore(say: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'algoagent-bench-agent-'));
  const ws = path.join(dir, 'ws');
  try {
    // Appending: 1 000 single-event commits into an empty log, then one batch of 1 000.
    const store = await Store.open(path.join(dir, 'append.db'));
    const one = events(1000, 0);
    let k = 0;
    const t0 = process.hrtime.bigint();
    const single = await measureAsync('append one event (one commit)', () => store.appendAgentEvents(ws, [one[k++ % one.length]]), 997, 3);
    const total = Number(process.hrtime.bigint() - t0) / 1e6;
    const batch = await measureAsync('append 1 000 events (one commit)', () => store.appendAgentEvents(ws, events(1000, 5000)), 10, 2);
    await store.close();
    say(`agent store: append 1 event ${r(single.medianMs)} ms median (1 000 commits: ${r(total)} ms in all); a batch of 1 000 in one commit ${r(batch.medianMs)} ms`);

    // A big workspace: 200 strategies (100 paper accounts) and 5 000 events.
    const state = bigState();
    const file = path.join(dir, 'state.db');
    const big = await Store.open(file);
    await big.saveAgentState(ws, { strategies: state.strategies, running: true, cycles: 10, events: state.events });
    const load = measure('load 200 strategies + 5 000 events', () => big.loadAgentState(ws), 20, 3);
    // A step: one strategy's account moved on, 10 new events.
    let step = 0;
    const save = await measureAsync('save after a step', () => {
      const s = state.strategies[0];
      s.paper!.equity.push(10_000 + step);
      s.paper!.processedBars++;
      return big.saveAgentState(ws, { strategies: state.strategies, cycles: 10, events: events(10, 10_000 + 10 * step++) });
    }, 20, 3);
    await big.close();
    const dbBytes = statSync(file).size;

    // Baseline: the JSON file of earlier versions (pretty-printed with indent 1, written via a temporary file).
    const json = path.join(dir, 'agent-state.json');
    const writeJson = () => {
      writeFileSync(`${json}.tmp`, JSON.stringify(state, null, 1));
      renameSync(`${json}.tmp`, json);
    };
    writeJson();
    const jsonLoad = measure('JSON load', () => JSON.parse(readFileSync(json, 'utf8')) as AgentState, 20, 3);
    const jsonSave = measure('JSON save', writeJson, 20, 3);
    const jsonBytes = statSync(json).size;
    say(`agent store: load 200 strategies (100 paper accounts) + 5 000 events ${r(load.medianMs)} ms median (JSON file ${r(jsonLoad.medianMs)} ms, ×${(load.medianMs / jsonLoad.medianMs).toFixed(2)})`);
    say(`agent store: save after a step (200 upserts, 1 changed; 10 events appended) ${r(save.medianMs)} ms median (JSON file rewrite without fsync ${r(jsonSave.medianMs)} ms, ×${(save.medianMs / jsonSave.medianMs).toFixed(2)}); database ${(dbBytes / 1e6).toFixed(2)} MB, JSON ${(jsonBytes / 1e6).toFixed(2)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Alone: `npx tsx bench/agent-store.ts`. Inside dist/bench.js `require.main === module` holds for
// every bundled module, so the file name decides (it used to run a second time, alongside main()).
if (require.main === module && path.basename(process.argv[1] ?? '').startsWith('agent-store')) void benchAgentStore((line) => console.log(line));
