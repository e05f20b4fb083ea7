/** Tiny benchmark harness: median of N timed runs after warm-up, in one process. */
export interface Measure {
  name: string;
  medianMs: number;
  runs: number;
}

export function measure(name: string, fn: () => unknown, runs = 25, warmup = 5): Measure {
  for (let k = 0; k < warmup; k++) fn();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[times.length >> 1], runs };
}

export async function measureAsync(name: string, fn: () => Promise<unknown>, runs = 20, warmup = 3): Promise<Measure> {
  for (let k = 0; k < warmup; k++) await fn();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[times.length >> 1], runs };
}
