/** Real Results for store tests: an SMA-cross strategy run by the engine on the bundled sample data. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Backtest } from '../../src/engine/backtest';
import type { Result } from '../../src/engine/result';
import { Strategy } from '../../src/engine/strategy';
import { ta } from '../../src/engine/ta';
import { crossover } from '../../src/engine/crossover';
import type { Series } from '../../src/engine/series';
import { sampleBars } from '../../src/data/sample';
import type { StrategyFailure } from '../../src/runner/failure';
import type { RunOutcome } from '../../src/runner/protocol';

export class SmaCross extends Strategy {
  static override params = { fast: 10, slow: 30 };
  fastMa!: Series;
  slowMa!: Series;
  override init(): void {
    this.fastMa = this.I(ta.sma(this.data.close, Number(this.params.fast)), 'SMA fast');
    this.slowMa = this.I(ta.sma(this.data.close, Number(this.params.slow)), 'SMA slow');
  }
  override next(): void {
    if (crossover(this.fastMa, this.slowMa)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.slowMa, this.fastMa)) {
      this.position.close();
      this.sell({ sl: this.data.close.at(-1)! * 1.1 });
    }
  }
}

export function realResult(years = 2, params: Record<string, number> = {}): Result {
  return new Backtest(sampleBars({ years }), SmaCross, { cash: 10_000, commission: 0.001 }).run(params);
}

export function okOutcome(result: Result): RunOutcome {
  return { ok: true, result, console: [{ level: 'log', text: 'hello' }], truncated: false, warnings: [], durationMs: 42 };
}

export function failure(message = 'x is not defined'): StrategyFailure {
  return { kind: 'reference', message, file: '/ws/strategies/bad.strategy.ts', line: 12, column: 5, endLine: 12, endColumn: 6, stack: `ReferenceError: ${message}`, hint: '', bar: 40, time: '2015-03-02T00:00:00.000Z' };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'algoagent-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
