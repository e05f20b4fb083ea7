/** Progress of an optimization: done / total, elapsed time and the estimated time left. */
export interface OptimizeProgress {
  done: number;
  total: number;
  elapsedMs: number;
  /** Elapsed ÷ done × (total − done); null before the first combination finishes. */
  etaMs: number | null;
}

/** A tracker fed the running count; `now` is injectable (tests). */
export function progressTracker(now: () => number = () => performance.now()): (done: number, total: number) => OptimizeProgress {
  const t0 = now();
  return (done, total) => {
    const elapsedMs = now() - t0;
    return { done, total, elapsedMs, etaMs: done > 0 ? (elapsedMs / done) * Math.max(0, total - done) : null };
  };
}

/** `12.3 s`, `4 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
