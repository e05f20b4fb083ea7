/** Deterministic repairs: each certain case is fixed (and then runs), each uncertain one is left alone. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deterministicRepair, importPath, indicatorName, missingThis, nearestIndicator } from '../../src/agent/repairs';
import type { StrategyFailure } from '../../src/runner/failure';
import { Runner } from '../../src/runner/run';
import { GOOD, MISSING_THIS, TYPO, WRONG_IMPORT } from './strategies';

const fail = (kind: StrategyFailure['kind'], message: string): StrategyFailure => ({ kind, message, file: 'x.strategy.ts', line: 1, column: 1, endLine: 1, endColumn: 1, stack: '', hint: '' });

describe('agent: deterministic repairs', function () {
  this.timeout(60_000);

  it('adds a missing `this.` before a registered indicator, everywhere it is bare', () => {
    const code = MISSING_THIS.replace('crossover(30, this.rsi)', 'crossover(30, rsi)');
    const r = missingThis(code, fail('reference', 'rsi is not defined'));
    assert.ok(r);
    assert.equal(r.code, GOOD);
    assert.match(r.summary, /2 uses of `rsi`/);
  });

  it('leaves a name alone when it is not a member, or is declared somewhere (not certain)', () => {
    assert.equal(missingThis(MISSING_THIS, fail('reference', 'rsx is not defined')), undefined);
    const local = MISSING_THIS.replace('next() {', 'next() {\n    const rsi = this.rsi;');
    assert.equal(missingThis(local, fail('reference', 'rsi is not defined')), undefined);
    assert.equal(missingThis(MISSING_THIS, fail('type', 'rsi is not defined')), undefined);
  });

  it('renames an indicator one edit away from exactly one real one', () => {
    const r = indicatorName(TYPO, fail('type', 'import_algoagent.ta.rsl is not a function'));
    assert.ok(r);
    assert.equal(r.code, GOOD);
    assert.equal(r.summary, 'renamed ta.rsl → ta.rsi');
    assert.equal(nearestIndicator('RSI'), 'rsi');
    assert.equal(nearestIndicator('xma'), undefined, 'sma, ema and wma are all one edit away: ambiguous');
    assert.equal(nearestIndicator('sma'), undefined, 'a real name needs no repair');
    assert.equal(indicatorName(TYPO, fail('type', 'something else entirely')), undefined, 'only when the error names it');
  });

  it('points a wrong import path at \'algoagent\' when every imported name is part of the API', () => {
    const r = importPath(WRONG_IMPORT, fail('import', "import of package 'algoagent/indicators' is not allowed"));
    assert.ok(r);
    assert.equal(r.code, GOOD);
    for (const spec of ['../algoagent', 'backtesting', '@algoagent/core']) {
      assert.equal(importPath(GOOD.replace("from 'algoagent'", `from '${spec}'`), fail('import', 'x'))?.code, GOOD, spec);
    }
    assert.equal(importPath(GOOD.replace("from 'algoagent'", "from 'lodash'"), fail('import', 'x')), undefined, 'not API-like');
    const other = GOOD.replace("import { Strategy, crossover, ta, type Series } from 'algoagent';", "import { Strategy, debounce } from 'algoagent/x';");
    assert.equal(importPath(other, fail('import', 'x')), undefined, 'imports a name the API does not have');
    const star = GOOD.replace("import { Strategy, crossover, ta, type Series } from 'algoagent';", "import * as A from 'algoagent/x';");
    assert.equal(importPath(star, fail('import', 'x')), undefined);
  });

  it('each repaired file runs in the real runner where the broken one failed with that kind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-repairs-'));
    const runner = new Runner({ maxParallel: 1, timeoutMs: 20_000 });
    try {
      for (const [name, code, kind] of [['this', MISSING_THIS, 'reference'], ['typo', TYPO, 'type'], ['import', WRONG_IMPORT, 'import']] as const) {
        const file = path.join(dir, `${name}.strategy.ts`);
        fs.writeFileSync(file, code);
        const before = await runner.run({ strategyPath: file, data: { kind: 'sample' } });
        assert.ok(!before.ok && before.failure.kind === kind, `${name}: expected ${kind}, got ${JSON.stringify(before.ok || before.failure)}`);
        const r = deterministicRepair(code, before.failure);
        assert.ok(r, `${name}: a repair applies`);
        const after = await runner.run({ strategyPath: file, data: { kind: 'sample' }, source: r.code });
        assert.ok(after.ok, `${name}: ${JSON.stringify(!after.ok && after.failure)}`);
      }
    } finally {
      runner.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
