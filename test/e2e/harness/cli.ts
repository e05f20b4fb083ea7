/** The repository's CLI, for the figures the UI must show. */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './env';

export interface CliStats {
  returnPct: number | null;
  sharpeRatio: number | null;
  trades: number;
}

/** `node dist/cli.js backtest <file> --sample --json`: the whole statistics object (NaN as null). */
export function cliBacktest(file: string): { stats: CliStats & Record<string, unknown> } {
  const out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'backtest', file, '--sample', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out);
}

/** The status bar's wording of a return (see src/vscode/run-loop.ts). */
export function pctText(v: number | null): string {
  return v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}%`;
}
