import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repo root, and `shared/` beside the checkout (reference data; CI clones it there too). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const SHARED_DATA = path.join(SHARED, 'data');
export const hasShared = fs.existsSync(path.join(SHARED_DATA, 'GOOG.csv'));
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/** Relative difference, with an absolute floor for values near zero. */
export function close(a: number, b: number, rel = 1e-9, abs = 1e-9): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(abs, rel * Math.max(Math.abs(a), Math.abs(b)));
}
