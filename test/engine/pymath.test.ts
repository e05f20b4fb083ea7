/**
 * Python float semantics the sizing depends on: `x // y` (pyFloorDiv) and `round(x)` (roundHalfEven).
 * Every expected value below was printed by python3 (3.11) on this machine, e.g.
 * `python3 -c 'print(0.3 // 0.1)'` → 2.0.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pyFloorDiv, roundHalfEven } from '../../src/engine/pymath';

describe('pyFloorDiv: Python float //', () => {
  const cases: [number, number, number, string][] = [
    [7, 2, 3, '7.0 // 2.0'],
    [-7, 2, -4, 'floor, not truncation'],
    [7, -2, -4, ''],
    [-7, -2, 3, ''],
    [0.3, 0.1, 2, '0.3 // 0.1 = 2.0, not 3: 0.3 / 0.1 = 2.9999999999999996'],
    [1, 0.1, 9, '1 // 0.1 = 9.0 although 1 / 0.1 = 10 in floating point'],
    [-1, 0.1, -10, ''],
    [0.7, 0.1, 6, '0.7 / 0.1 = 6.999999999999999'],
    [0.6, 0.2, 2, '0.6 / 0.2 = 2.9999999999999996'],
    [4.35, 0.05, 86, '4.35 / 0.05 = 86.99999999999999'],
    [2, 0.4, 4, '2 / 0.4 = 5 in floating point, but 0.4 > 2/5'],
    [5.5, 0.5, 11, 'exact'],
    [9999.999999999998, 100, 99, 'the all-in budget 10 000·(1 − 2⁻⁵²) at price 100 buys 99 units'],
    [99999.99999999999, 101, 990, ''],
    [1e16, 3, 3333333333333333, ''],
    [1e16 + 2, 3, 3333333333333334, ''],
    [2 ** 53 + 2, 2, 4503599627370497, 'above 2⁵³: 9007199254740994 // 2'],
    [2 ** 53 + 2, 3, 3002399751580330, ''],
    [1e16, 0.1, 1e17, ''],
    [1, -5, -1, ''],
    [-0.5, 1, -1, ''],
    [-1e-320, 1e308, -1, 'a denormal below zero floors to −1'],
    [1e-320, 1e308, 0, ''],
    [1e300, 1e-10, Infinity, 'overflow: inf'],
    [3, 1e-320, Infinity, ''],
    [1, Infinity, 0, '1 // inf = 0.0'],
    [-1, Infinity, -1, '-1 // inf = -1.0'],
  ];
  for (const [x, y, want, note] of cases) {
    it(`${x} // ${y} = ${want}${note ? ` (${note})` : ''}`, () => {
      assert.equal(pyFloorDiv(x, y), want);
    });
  }

  it('agrees with python3 on 20 000 pseudo-random pairs over many magnitudes (skipped without python3)', function () {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
    const pairs: [number, number][] = [];
    while (pairs.length < 20_000) {
      const x = (rnd() - 0.3) * 10 ** Math.floor(rnd() * 12 - 3);
      const y = (rnd() - 0.2) * 10 ** Math.floor(rnd() * 6 - 3);
      if (y !== 0) pairs.push([x, y]);
    }
    const py = spawnSync('python3', ['-c', 'import sys, json\nfor x, y in json.load(sys.stdin): print(repr(float(x) // float(y)))'], {
      input: JSON.stringify(pairs),
      encoding: 'utf8',
    });
    if (py.error || py.status !== 0) this.skip();
    const want = py.stdout.trim().split('\n').map(Number);
    assert.equal(want.length, pairs.length);
    const bad = pairs.filter(([x, y], k) => pyFloorDiv(x, y) !== want[k]).slice(0, 5);
    assert.deepEqual(bad, []);
  });

  it('keeps the sign of a zero quotient as Python does (-0.0 // 5 = -0.0, 0.0 // -5 = -0.0, 0.0 // 5 = 0.0)', () => {
    // CPython: floordiv = copysign(0.0, vx / wx) when the quotient is 0.
    assert.ok(Object.is(pyFloorDiv(0, 5), 0));
    // Regression: pyFloorDiv returned +0 here (`x / y < 0 ? -0 : 0` is false for x / y = −0).
    assert.ok(Object.is(pyFloorDiv(-0, 5), -0), '-0.0 // 5.0');
    assert.ok(Object.is(pyFloorDiv(0, -5), -0), '0.0 // -5.0');
  });

  it('propagates NaN as Python does (inf // 1.0 = nan, nan // 1.0 = nan)', () => {
    // Regression: in C a NaN `mod`/`div` is truthy, in JS falsy; pyFloorDiv fell to its zero branch and returned 0.
    assert.ok(Number.isNaN(pyFloorDiv(Infinity, 1)), `inf // 1.0 gave ${pyFloorDiv(Infinity, 1)}`);
    assert.ok(Number.isNaN(pyFloorDiv(NaN, 1)), `nan // 1.0 gave ${pyFloorDiv(NaN, 1)}`);
  });
});

describe('roundHalfEven: Python round(x)', () => {
  const cases: [number, number][] = [
    [0.5, 0], // python3 -c 'print(round(0.5))' → 0
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [-0.5, 0],
    [-1.5, -2],
    [-2.5, -2],
    [-3.5, -4],
    [0.49999999999999994, 0], // largest double below .5
    [2.5000000000000004, 3],
    [1.4, 1],
    [1.6, 2],
    [-1.6, -2],
    [49.5, 50], // close(0.5) of 99 units → 50
    [4503599627370495.5, 4503599627370496], // 2⁵² − 0.5, the last representable .5
    [1e16, 1e16],
    [7, 7],
  ];
  for (const [x, want] of cases) {
    it(`round(${x}) = ${want}`, () => {
      assert.ok(roundHalfEven(x) === want, `got ${roundHalfEven(x)}`); // === so that −0 equals Python's int 0
    });
  }
});
