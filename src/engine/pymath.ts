/**
 * Python's float semantics where backtesting.py's results depend on them bit for bit.
 */

/** Python's `x // y` for floats (floor of the exact quotient, computed through fmod as CPython does). */
export function pyFloorDiv(x: number, y: number): number {
  let mod = x % y;
  let div = (x - mod) / y;
  // CPython tests `if (mod)` / `if (div)` in C, where NaN is true: hence `!== 0`.
  if (mod !== 0) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  }
  if (div !== 0) {
    let floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
    return floordiv;
  }
  const q = x / y;
  return q < 0 || Object.is(q, -0) ? -0 : 0;
}

/** Python's `round(x)`: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}
