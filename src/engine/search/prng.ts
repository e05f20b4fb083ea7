/**
 * A seeded pseudo-random number generator: the engine's only source of randomness, so every
 * search and resampling is reproducible from its seed. A Weyl sequence (step 0x9E3779B9) mixed by
 * MurmurHash3's 32-bit finalizer; floats in [0, 1) with 32 bits of resolution.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  let s = Math.trunc(seed) >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n). */
export function randomIndex(rand: Random, n: number): number {
  return Math.min(n - 1, Math.floor(rand() * n));
}
