/**
 * Bars to CSV text in the layout the CSV loader reads back exactly:
 * `Date,Open,High,Low,Close,Volume`, dates as `YYYY-MM-DD` when every bar sits at 00:00 UTC, else
 * ISO times with `Z`; numbers in JavaScript's shortest round-trip form; a missing volume is empty.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Bars } from '../engine/bars';

export function formatCsv(bars: Bars): string {
  const n = bars.time.length;
  let daily = true;
  for (let i = 0; i < n; i++) if (bars.time[i] % 86_400_000 !== 0) daily = false;
  const lines = ['Date,Open,High,Low,Close,Volume'];
  for (let i = 0; i < n; i++) {
    const iso = new Date(bars.time[i]).toISOString();
    const t = daily ? iso.slice(0, 10) : iso.endsWith('.000Z') ? iso.slice(0, 19) + 'Z' : iso;
    const v = bars.volume[i];
    lines.push(`${t},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${v === v ? v : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** Writes the CSV atomically (temporary file + rename), creating the folder. */
export function writeCsv(file: string, bars: Bars): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, formatCsv(bars));
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
