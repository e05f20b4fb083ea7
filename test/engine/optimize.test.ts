/**
 * Grid search (gridCombos, metricValue, bestIndex, optimizeGrid) and the constraint expression
 * language (compileExpression).
 */
import assert from 'node:assert/strict';
import { Backtest } from '../../src/engine/backtest';
import { makeBars } from '../../src/engine/bars';
import { OptionError } from '../../src/engine/errors';
import { compileExpression } from '../../src/engine/expression';
import { bestIndex, gridCombos, metricValue, optimizeGrid } from '../../src/engine/optimize';
import type { Stats } from '../../src/engine/stats';
import { Strategy } from '../../src/engine/strategy';

/** Buys 10 units on bar `entry` and closes on bar `exit` (fills at the next bar's open). */
class Hold extends Strategy {
  static override params = { entry: 1, exit: 3 };
  next() {
    if (this.bar === this.params.entry) this.buy({ size: 10 });
    if (this.bar === this.params.exit) this.position.close();
  }
}

// Opens: bar 2: 100, bar 3: 105, bar 4: 103, bar 5: 110, bar 6: 108.
// Final equity = 10 000 + 10 · (Open[exit + 1] − Open[entry + 1]):
//   entry 1 (fill 100): exit 3 → 103: +30, exit 4 → 110: +100, exit 5 → 108: +80
//   entry 2 (fill 105): exit 3 → 103: −20, exit 4 → 110: +50,  exit 5 → 108: +30
const opens = [100, 100, 100, 105, 103, 110, 108];
const bars = makeBars({
  time: opens.map((_, k) => `2024-01-${String(k + 1).padStart(2, '0')}`),
  open: opens,
  high: opens.map((o) => o + 2),
  low: opens.map((o) => o - 2),
  close: opens.map((o) => o + 1),
});
const ranges = { entry: [1, 2], exit: [3, 4, 5] };

describe('optimize: grid search', () => {
  it('gridCombos: first parameter outermost, last fastest', () => {
    assert.deepEqual(gridCombos({ a: [1, 2], b: ['x', 'y', 'z'] }), [
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' },
      { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' },
    ]);
    const three = gridCombos({ a: [1, 2], b: [true, false], c: [5, 6] });
    assert.equal(three.length, 8); // 2 · 2 · 2
    assert.deepEqual(three.slice(0, 3), [{ a: 1, b: true, c: 5 }, { a: 1, b: true, c: 6 }, { a: 1, b: false, c: 5 }]);
    assert.deepEqual(three[7], { a: 2, b: false, c: 6 });
    assert.deepEqual(gridCombos({ only: [7] }), [{ only: 7 }]);
  });

  it('gridCombos: the constraint filters, keeping the order', () => {
    // a < b over {1,2,3}²: (1,2), (1,3), (2,3)
    assert.deepEqual(gridCombos({ a: [1, 2, 3], b: [1, 2, 3] }, (p) => (p.a as number) < (p.b as number)), [
      { a: 1, b: 2 }, { a: 1, b: 3 }, { a: 2, b: 3 },
    ]);
  });

  it('gridCombos: no range, an empty range, or a constraint rejecting everything is an OptionError', () => {
    assert.throws(() => gridCombos({}), OptionError);
    assert.throws(() => gridCombos({ a: [1], b: [] }), (e) => e instanceof OptionError && /"b" is empty/.test(e.message));
    assert.throws(() => gridCombos({ a: [1, 2] }, () => false), (e) => e instanceof OptionError && /rejects every/.test(e.message));
  });

  it('metricValue: a stat or a function; null and NaN count as −∞; unknown stat is an error', () => {
    const s = { sqn: null, returnPct: 5, sharpeRatio: 1.5 } as unknown as Stats;
    assert.equal(metricValue('returnPct', s), 5);
    assert.equal(metricValue('sqn', s), -Infinity);
    assert.equal(metricValue(() => null, s), -Infinity);
    assert.equal(metricValue(() => NaN, s), -Infinity);
    assert.equal(metricValue((x) => (x.sharpeRatio ?? 0) * 2, s), 3);
    assert.throws(() => metricValue('nope' as keyof Stats, s), OptionError);
  });

  it('metricValue: names inherited from Object.prototype are unknown statistics too', () => {
    // Regression: `metric in stats` was true for "constructor", "toString", …, so
    // optimizeGrid(…, { maximize: 'constructor' }) silently scored every run −∞ and returned the first.
    const s = { returnPct: 5 } as unknown as Stats;
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      assert.throws(() => metricValue(name as keyof Stats, s), OptionError, name);
    }
  });

  it('bestIndex: the first maximum wins ties', () => {
    assert.equal(bestIndex([1, 3, 3, 2]), 1);
    assert.equal(bestIndex([-Infinity, -Infinity, -Infinity]), 0);
    assert.equal(bestIndex([-Infinity, -5, -Infinity]), 1);
  });

  it('optimizeGrid: best by final equity is entry 1 / exit 4 (+100), equal to a direct run with those params', () => {
    const bt = new Backtest(bars, Hold);
    const opt = optimizeGrid(bt, ranges, { maximize: 'equityFinal' });
    assert.deepEqual(opt.best.params, { entry: 1, exit: 4 });
    assert.equal(opt.best.result.stats.equityFinal, 10_100);
    const direct = bt.run(opt.best.params);
    assert.deepEqual(JSON.parse(JSON.stringify(opt.best.result)), JSON.parse(JSON.stringify(direct)));
    // every combination, in grid order, with its own stats
    assert.equal(opt.combos.length, 6);
    assert.deepEqual(opt.combos.map((c) => c.params), gridCombos(ranges));
    assert.deepEqual(opt.combos.map((c) => c.stats.equityFinal), [10_030, 10_100, 10_080, 9_980, 10_050, 10_030]);
    assert.deepEqual(bt.optimize(ranges, { maximize: 'equityFinal' }).best.params, { entry: 1, exit: 4 });
  });

  it('optimizeGrid: the constraint limits the runs (combos count)', () => {
    const opt = optimizeGrid(new Backtest(bars, Hold), ranges, { maximize: 'equityFinal', constraint: (p) => p.entry === 2 });
    assert.equal(opt.combos.length, 3);
    assert.deepEqual(opt.best.params, { entry: 2, exit: 4 }); // +50
  });

  it('optimizeGrid: ties go to the first combination; a null metric loses to any number', () => {
    const bt = new Backtest(bars, Hold);
    // every run has one trade → tie → first combination
    assert.deepEqual(optimizeGrid(bt, ranges, { maximize: 'trades' }).best.params, { entry: 1, exit: 3 });
    // +30 appears twice (entry 1/exit 3 and entry 2/exit 5): the first is kept
    assert.deepEqual(optimizeGrid(bt, ranges, { maximize: (s) => (s.equityFinal === 10_030 ? 1 : 0) }).best.params, { entry: 1, exit: 3 });
    // the best run (+100) scores null (−∞), the others their return: +80 wins
    const opt = optimizeGrid(bt, ranges, { maximize: (s) => (s.equityFinal > 10_090 ? null : s.returnPct) });
    assert.deepEqual(opt.best.params, { entry: 1, exit: 5 });
    // null everywhere (SQN of one trade, the default metric): the first combination
    assert.deepEqual(optimizeGrid(bt, ranges).best.params, { entry: 1, exit: 3 });
  });
});

describe('compileExpression: constraint language', () => {
  const ev = (src: string, scope: Record<string, number | string | boolean> = { a: 2, b: 5, flag: true }) => compileExpression(src)(scope);

  it('arithmetic precedence and associativity', () => {
    assert.equal(ev('1 + 2 * 3 == 7'), true); // * before +
    assert.equal(ev('(1 + 2) * 3 == 9'), true);
    assert.equal(ev('10 - 4 - 3 == 3'), true); // (10 − 4) − 3, not 10 − (4 − 3) = 9
    assert.equal(ev('16 / 4 / 2 == 2'), true);
    assert.equal(ev('2 * 7 % 4 == 2'), true); // (2 · 7) % 4
    assert.equal(ev('-a + b == 3'), true);
    assert.equal(ev('b - a * 2 == 1'), true);
    assert.equal(ev('1e1 + .5 == 10.5'), true);
  });

  it('comparisons', () => {
    assert.equal(ev('a < b'), true);
    assert.equal(ev('a > b'), false);
    assert.equal(ev('a <= 2'), true);
    assert.equal(ev('b >= 6'), false);
    assert.equal(ev('a != b'), true);
    assert.equal(ev('a === 2'), true);
    assert.equal(ev('a !== 2'), false);
  });

  it('&& || ! with && binding tighter than ||, and parentheses', () => {
    assert.equal(ev('true || false && false'), true); // true || (false && false)
    assert.equal(ev('(true || false) && false'), false);
    assert.equal(ev('!(a > b) && b > 0'), true);
    assert.equal(ev('!flag || a == 2'), true);
    assert.equal(ev('!flag'), false);
    assert.equal(ev('a < b && b - a >= 3'), true); // 5 − 2 = 3
    assert.equal(ev('a < b && b - a >= 4'), false);
  });

  it('an unknown parameter is an error naming it; prototype names are not parameters', () => {
    assert.throws(() => ev('c > 1'), (e) => e instanceof OptionError && /unknown parameter "c"/.test(e.message));
    for (const name of ['constructor', '__proto__', 'toString', 'this', 'globalThis']) {
      assert.throws(() => ev(name), (e) => e instanceof OptionError && e.message.includes(`"${name}"`), name);
    }
  });

  it('refuses anything that is not an expression, naming the column', () => {
    const cases: [string, number][] = [
      ['process.exit()', 8], // the "."
      ['a.b', 2],
      ['f(1)', 2], // the "("
      ['a;b', 2],
      ['`x`', 1],
      ['a?1:0', 2],
      ['x=1', 2], // an assignment
      ['2 ** 3', 4], // the second "*"
    ];
    for (const [src, col] of cases) {
      assert.throws(() => compileExpression(src), (e) => e instanceof OptionError && new RegExp(`at column ${col}\\b`).test(e.message), src);
    }
    assert.throws(() => compileExpression('1 +'), /ends too early/);
    assert.throws(() => compileExpression('(a'), /missing "\)"/);
    assert.throws(() => compileExpression(''), OptionError);
  });

  it('an assignment is refused with the column of its "=" (x = 1 → column 3)', () => {
    // Regression: the lexer reported the column where it started skipping whitespace (2), not of the "=" (3).
    assert.throws(() => compileExpression('x = 1'), (e) => e instanceof OptionError && /at column 3\b/.test(e.message));
    assert.throws(() => compileExpression('a & b'), (e) => e instanceof OptionError && /at column 3\b/.test(e.message));
    assert.throws(() => compileExpression('a ? 1 : 0'), (e) => e instanceof OptionError && /at column 3\b/.test(e.message));
  });

  it('boolean parameters compare with the true / false literals (flag == true)', () => {
    // Regression: `true`/`false` compiled to the numbers 1/0 and == is ===, so a boolean never equalled them.
    assert.equal(ev('flag == true', { flag: true }), true);
    assert.equal(ev('flag != false', { flag: false }), false);
  });
});
