/**
 * Runner benchmark: spawn → result for the reference case, cold (new child) and warm (reused
 * child); preparing a new source (safety check + transpile, nothing cached); and a first run in a
 * fresh process (the CLI: Node start-up, loading the compiler, preparing, one child, the result).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Backtest } from '../src/engine';
import { loadCsv } from '../src/data/csv';
import { loadStrategy } from '../src/runner/load-strategy';
import * as engine from '../src/engine';
import { prepareRun } from '../src/runner/prepare';
import { Runner } from '../src/runner/run';
import type { RunRequest } from '../src/runner/protocol';
import { measure, measureAsync } from './harness';

export async function benchRunner(say: (line: string) => void, root: string, shared: string): Promise<void> {
  const csv = path.join(shared, 'GOOG.csv');
  const file = path.join(root, 'test', 'fixtures', 'strategies', 'sma-cross-ref.strategy.ts');
  const request: RunRequest = { strategyPath: file, data: { kind: 'csv', path: csv }, options: { cash: 10_000, commission: 0.002 } };
  // Baseline in this process: the same backtest in-process (CSV load + run), no child.
  const { cls } = await loadStrategy(file, engine);
  const inProcess = measure('in-process', () => new Backtest(loadCsv(csv), cls, request.options).run(), 50, 10);

  // A source never seen before (an edit, a fix candidate): the whole preparation, no cache hit.
  const source = readFileSync(file, 'utf8');
  let edit = 0;
  const prepare = await measureAsync('prepare', async () => {
    const p = await prepareRun({ ...request, source: `${source}\n// edit ${edit++}\n` });
    if (!p.ok) throw new Error(p.failures[0].message);
  }, 40, 5);

  const cold = await measureAsync('cold', async () => {
    const r = new Runner({ maxParallel: 1 });
    try {
      const o = await r.run(request);
      if (!o.ok) throw new Error(o.failure.message);
    } finally {
      r.dispose();
    }
  }, 15, 2);
  const runner = new Runner({ maxParallel: 1 });
  try {
    const warm = await measureAsync('warm', async () => {
      const o = await runner.run(request);
      if (!o.ok) throw new Error(o.failure.message);
    }, 40, 5);
    say(`runner, reference case: cold ${cold.medianMs.toFixed(1)} ms (target ≤ 300), warm ${warm.medianMs.toFixed(1)} ms (target ≤ 30); in-process ${inProcess.medianMs.toFixed(2)} ms → warm/in-process ${(warm.medianMs / inProcess.medianMs).toFixed(1)}×`);
  } finally {
    runner.dispose();
  }
  say(`runner, preparing a new source (safety check + transpile, uncached): ${prepare.medianMs.toFixed(1)} ms`);

  // The first run of a fresh process, as a user meets it: `algoagent backtest` from the built CLI.
  const cli = path.join(root, 'dist', 'cli.js');
  const first = await measureAsync('first run (CLI)', async () => {
    execFileSync(process.execPath, [cli, 'backtest', file, '--data', csv, '--commission', '0.002'], { stdio: 'ignore' });
  }, 7, 1);
  say(`runner, first run in a fresh process (node dist/cli.js backtest, wall time): ${first.medianMs.toFixed(0)} ms`);
}
