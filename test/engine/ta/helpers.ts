/**
 * Shared fixtures for the ta tests: a seeded OHLCV generator and comparison helpers.
 */
import assert from 'node:assert/strict';
import { mulberry32 } from '../../../src/data/sample';

/** mulberry32 (the sample data's generator): a small deterministic PRNG returning floats in [0, 1). */
export const rng = mulberry32;

export interface Ohlcv {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** A random-walk OHLCV series of `n` bars around 100 (deterministic for a given seed). */
export function makeOhlcv(n = 500, seed = 42): Ohlcv {
  const r = rng(seed);
  const open: number[] = [];
  const high: number[] = [];
  const low: number[] = [];
  const close: number[] = [];
  const volume: number[] = [];
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const o = prev * (1 + (r() - 0.5) * 0.004);
    const c = o * (1 + (r() - 0.5) * 0.03);
    const h = Math.max(o, c) * (1 + r() * 0.01);
    const l = Math.min(o, c) * (1 - r() * 0.01);
    open.push(o);
    high.push(h);
    low.push(l);
    close.push(c);
    volume.push(Math.round(1000 + r() * 9000));
    prev = c;
  }
  return { open, high, low, close, volume };
}

/** Number of leading NaNs. */
export function leadingNaNs(a: ArrayLike<number>): number {
  let i = 0;
  while (i < a.length && Number.isNaN(a[i])) i++;
  return i;
}

/** |a − b| ≤ rel · max(1, |a|, |b|). */
export function close(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Compares `ours` (full length) with a reference that is end-aligned (technicalindicators drops the warm-up):
 * ours[offset + k] ≈ theirs[k] with offset = ours.length − theirs.length, which must equal `expectedOffset`
 * when given. Values are compared with `close(…, rel)` or, when `abs` is given, |a − b| ≤ abs.
 */
export function assertEndAligned(
  ours: Float64Array,
  theirs: ArrayLike<number | undefined>,
  opts: { rel?: number; abs?: number; expectedOffset?: number; label?: string } = {},
): void {
  const label = opts.label ?? 'series';
  const offset = ours.length - theirs.length;
  assert.ok(theirs.length > 0, `${label}: the reference produced no values`);
  if (opts.expectedOffset !== undefined) assert.equal(offset, opts.expectedOffset, `${label}: reference starts at a different bar`);
  for (let k = 0; k < theirs.length; k++) {
    const a = ours[offset + k];
    const b = theirs[k];
    assert.ok(typeof b === 'number', `${label}[${offset + k}]: reference value missing`);
    const ok = opts.abs !== undefined ? Math.abs(a - b) <= opts.abs : close(a, b, opts.rel ?? 1e-9);
    if (!ok) assert.fail(`${label}[${offset + k}]: ours ${a} vs reference ${b}`);
  }
}
