/** Worker thread: runs a slice of the optimizer's combinations and posts their statistics. */
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../engine';
import { evaluateStrategy } from '../runner/load-strategy';
import type { WorkerInput, WorkerOutput } from './protocol';

const input = workerData as WorkerInput;
const loaded = evaluateStrategy(input.bundle, engine);
const bt = new engine.Backtest(input.bars, loaded.cls, input.options);
const stats: engine.Stats[] = [];
let out: WorkerOutput;
let current: engine.Params = {};
try {
  for (const params of input.combos) {
    current = params;
    stats.push(bt.run(params).stats);
  }
  out = { type: 'done', stats };
} catch (err) {
  out = { type: 'failed', failure: loaded.locate(err), params: current };
}
parentPort!.postMessage(out);
