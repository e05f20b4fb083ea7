/**
 * History store benchmark: recording a run with a 100 000-bar equity curve (target ≤ 50 ms) and
 * listing 10 000 runs (target ≤ 50 ms). Recording includes the whole commit: lock file, export of
 * the in-memory database, temporary file, fsync, rename. Baseline in the same process: the same
 * run serialised with JSON.stringify (what a JSON-file history would at least pay).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sampleBars } from '../src/data/sample';
import type { Bars } from '../src/engine/bars';
import { Backtest } from '../src/engine/backtest';
import { crossover } from '../src/engine/crossover';
import type { Result } from '../src/engine/result';
import type { Series } from '../src/engine/series';
import { Strategy } from '../src/engine/strategy';
import { ta } from '../src/engine/ta';
import { insertRun } from '../src/store/runs';
import { Store } from '../src/store/store';
import { measure } from './harness';

class SmaCross extends Strategy {
  static override params = { fast: 10, slow: 30 };
  fast!: Series;
  slow!: Series;
  override init(): void {
    this.fast = this.I(ta.sma(this.data.close, 10), 'SMA 10');
    this.slow = this.I(ta.sma(this.data.close, 30), 'SMA 30');
  }
  override next(): void {
    if (crossover(this.fast, this.slow)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.slow, this.fast)) {
      this.position.close();
      this.sell();
    }
  }
}

function barsOf(count: number): Bars {
  const data = sampleBars({ years: count / 261 + 1 });
  const n = Math.min(count, data.close.length);
  return { ...data, time: data.time.subarray(0, n), open: data.open.subarray(0, n), high: data.high.subarray(0, n), low: data.low.subarray(0, n), close: data.close.subarray(0, n), volume: data.volume.subarray(0, n) };
}

function resultWithBars(count: number): Result {
  return new Backtest(barsOf(count), SmaCross, { cash: 10_000, commission: 0.001 }).run();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function timeRecord(store: Store, result: Result, runs: number, bars?: Bars): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < runs + 3; k++) {
    const t0 = process.hrtime.bigint();
    const id = await store.recordRun({ strategyPath: '/ws/big.strategy.ts', workspaceRoot: '/ws', result, bars, source: 'x'.repeat(2000) });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (k >= 3) times.push(ms);
    await store.deleteRun(id); // keep the database at its starting size
  }
  return median(times);
}

export async function benchStore(say: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'algoagent-bench-store-'));
  try {
    const big = resultWithBars(100_000);
    const typical = resultWithBars(2_500);
    const store = await Store.open(path.join(dir, 'history.db'), { maxRunsPerStrategy: 100_000 });
    // A workspace that already has some history: 20 typical runs.
    for (let k = 0; k < 20; k++) await store.recordRun({ strategyPath: `/ws/s${k % 4}.strategy.ts`, workspaceRoot: '/ws', result: typical });
    const baseSize = store.sizeBytes();
    const recordBig = await timeRecord(store, big, 15);
    const recordTypical = await timeRecord(store, typical, 25);
    // With its bars (kept once per content: after the first run on them only hashed).
    const bigBars = barsOf(100_000);
    await store.recordRun({ strategyPath: '/ws/big.strategy.ts', workspaceRoot: '/ws', result: big, bars: bigBars });
    const recordWithBars = await timeRecord(store, big, 15, bigBars);
    const json = measure('JSON.stringify', () => JSON.stringify(big), 15, 3);
    // A full history: 5 strategies × 100 runs (the default retention) of 2 500 bars.
    await store.write((db) => {
      for (let k = 0; k < 480; k++) insertRun(db, { strategyPath: `/ws/s${k % 5}.strategy.ts`, workspaceRoot: '/ws', result: typical }, 100_000, store.dataDir);
    });
    const fullSize = store.sizeBytes();
    const recordFull = await timeRecord(store, big, 9);
    say(
      `store: record a run with ${big.equity.length} bars ${recordBig.toFixed(1)} ms (target ≤ 50; history of 20 runs, ${(baseSize / 1e6).toFixed(1)} MB), ` +
        `${recordFull.toFixed(1)} ms into a 500-run history (${(fullSize / 1e6).toFixed(1)} MB), ${recordWithBars.toFixed(1)} ms with its bars (already kept), ` +
        `a ${typical.equity.length}-bar run ${recordTypical.toFixed(1)} ms; JSON.stringify of the big Result alone ${json.medianMs.toFixed(1)} ms → record/JSON ${(recordBig / json.medianMs).toFixed(2)}×`,
    );
    await store.close();

    // 10 000 runs in 50 strategies: 50 recorded, then their rows copied (listing reads no per-bar data).
    const listStore = await Store.open(path.join(dir, 'list.db'), { maxRunsPerStrategy: 100_000 });
    const small = resultWithBars(250);
    for (let k = 0; k < 50; k++) await listStore.recordRun({ strategyPath: `/ws/s${k}.strategy.ts`, workspaceRoot: '/ws', result: small, status: k % 7 ? 'ok' : 'fixed' });
    await listStore.write((db) => {
      const cols = 'strategy_id, started, finished, status, data_source, symbol, interval, data_from, data_to, options, params, stats, duration_ms, kind, return_pct, sharpe, max_drawdown_pct, trade_count';
      for (let k = 0; k < 199; k++) {
        db.exec(`INSERT INTO runs (${cols}) SELECT ${cols} FROM runs ORDER BY id LIMIT 50`);
        db.exec('INSERT INTO run_data (run_id, data_file, source) SELECT r.id, d.data_file, d.source FROM runs r, run_data d WHERE r.id > (SELECT max(run_id) FROM run_data) AND d.run_id = ((r.id - 1) % 50) + 1');
      }
    });
    const list = measure('list 10k', () => listStore.listRuns(), 15, 3);
    const listStats = measure('list 10k with stats', () => listStore.listRuns({ withStats: true }), 10, 2);
    const one = measure('list 1 strategy', () => listStore.listRuns({ strategy: 's7.strategy.ts' }), 25, 5);
    if (listStore.listRuns().length !== 10_000) throw new Error('expected 10 000 runs');
    say(
      `store: list 10 000 runs ${list.medianMs.toFixed(1)} ms (target ≤ 50), with full statistics ${listStats.medianMs.toFixed(1)} ms, ` +
        `one strategy's 200 runs ${one.medianMs.toFixed(2)} ms; database ${(listStore.sizeBytes() / 1e6).toFixed(1)} MB`,
    );
    await listStore.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

