/**
 * Python's float semantics where backtesting.py's results depend on them bit for bit.
 */

/** Python's `x // y` for floats (floor of the exact quotient, computed through fmod as CPython does). */
export function pyFloorDiv(x: number, y: number): number {
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod) {
    if (y < 0 !== mod < 0) {
      mod += y;
      div -= 1;
    }
  }
  if (div) {
    let floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
    return floordiv;
  }
  return x / y < 0 ? -0 : 0;
}

/** Python's `round(x)`: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}
