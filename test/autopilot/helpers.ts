/** Shared by the agent tests: the runner bundle (built once), a fake clock, temp folders. */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Runner } from '../../src/runner/run';
import type { AgentClock } from '../../src/autopilot/schedule';

export const ROOT = path.resolve(__dirname, '..', '..');
export const RUNNER = path.join(ROOT, 'node_modules', '.cache', 'algoagent-autopilot-test', 'runner.js');

let built: Promise<void> | undefined;
export function buildRunner(): Promise<void> {
  built ??= esbuild
    .build({ entryPoints: [path.join(ROOT, 'src', 'runner', 'child.ts')], outfile: RUNNER, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'esbuild'], logLevel: 'silent' })
    .then(() => undefined);
  return built;
}

export function newRunner(): Runner {
  return new Runner({ maxParallel: 2, entry: RUNNER, idleMs: 5_000 });
}

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `algoagent-${tag}-`));
}

/** A clock that moves only when told; timers fire in time order as it moves. */
export class FakeClock implements AgentClock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  setTimer(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimer(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  get pending(): number {
    return this.timers.length;
  }
  /** When the earliest timer fires (undefined without timers). */
  get nextAt(): number | undefined {
    return this.timers.length ? Math.min(...this.timers.map((t) => t.at)) : undefined;
  }
  /** Moves to `t + ms`, firing due timers in order (each fired timer is removed). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = end;
  }
}
