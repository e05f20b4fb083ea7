/**
 * One strategy child process: how it is started (memory cap, runtime guards, its own process
 * group, an empty environment), watched (resident memory on Linux) and killed (the whole group).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ChildMessage, ParentMessage } from './protocol';

/** Where the child entry is: dist/runner.js beside this bundle, or the repo's dist when run from source. */
export function childEntry(): string {
  const candidates = [path.join(__dirname, 'runner.js'), path.resolve(__dirname, '..', '..', 'dist', 'runner.js')];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`runner child not found (looked for ${candidates.join(', ')}); build first: npm run build`);
  return found;
}

/** Node's permission-model flag for this runtime, if it has one (not under Electron). */
export function permissionFlag(): string | undefined {
  if (process.versions.electron) return undefined;
  const flags = process.allowedNodeEnvironmentFlags;
  if (flags.has('--permission')) return '--permission';
  if (flags.has('--experimental-permission')) return '--experimental-permission';
  return undefined;
}

/**
 * Flags for the child: heap cap, no code generation from strings, and — where the runtime has the
 * permission model — read-only file access, no child processes, no workers, no native addons.
 */
export function childExecArgv(memoryLimitMb: number): string[] {
  const argv = [`--max-old-space-size=${memoryLimitMb}`, '--disallow-code-generation-from-strings', '--stack-size=2000'];
  const perm = permissionFlag();
  if (perm) argv.push(perm, '--allow-fs-read=*');
  return argv;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the child wrote to stderr (V8 prints its out-of-memory report there). */
  stderr: string;
}

const STDERR_TAIL = 8192;

export class RunnerChild {
  readonly proc: ChildProcess;
  readonly memoryLimitMb: number;
  readonly ready: Promise<void>;
  readonly exited: Promise<ChildExit>;
  private stderrTail = '';
  private alive = true;

  constructor(memoryLimitMb: number, entry = childEntry()) {
    this.memoryLimitMb = memoryLimitMb;
    const env: NodeJS.ProcessEnv = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
    this.proc = fork(entry, [], {
      execArgv: childExecArgv(memoryLimitMb),
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      detached: process.platform !== 'win32',
      env,
    });
    this.proc.stderr?.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-STDERR_TAIL);
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.alive = false;
        // Let the last stderr chunk arrive before reporting.
        setImmediate(() => resolve({ code, signal, stderr: this.stderrTail }));
      });
    });
    this.ready = new Promise((resolve, reject) => {
      const onMsg = (m: ChildMessage) => {
        if (m.type === 'ready') {
          this.proc.off('message', onMsg);
          resolve();
        }
      };
      this.proc.on('message', onMsg);
      this.proc.once('error', reject);
      void this.exited.then((e) => reject(new Error(`runner child exited before it was ready (code ${e.code}, signal ${e.signal}): ${e.stderr.trim().slice(-500)}`)));
    });
    // Children do not keep the parent alive; a pending job keeps its own timers.
    this.proc.unref();
    this.proc.channel?.unref();
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** Keeps the parent's event loop alive while a job is pending (the IPC channel is unref'd otherwise). */
  hold(on: boolean): void {
    if (on) this.proc.channel?.ref();
    else this.proc.channel?.unref();
  }

  send(msg: ParentMessage): void {
    this.proc.send(msg);
  }

  /** Resident memory in MB (Linux); undefined where it cannot be read. */
  residentMb(): number | undefined {
    if (process.platform !== 'linux' || !this.alive) return undefined;
    try {
      const pages = Number(readFileSync(`/proc/${this.pid}/statm`, 'utf8').split(' ')[1]);
      return (pages * 4096) / 2 ** 20;
    } catch {
      return undefined;
    }
  }

  /** Kills the child and everything it started (its process group). */
  kill(): void {
    if (!this.alive) return;
    try {
      if (process.platform === 'win32') spawn('taskkill', ['/pid', String(this.pid), '/T', '/F'], { stdio: 'ignore' });
      else process.kill(-this.pid, 'SIGKILL');
    } catch {
      try {
        this.proc.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}
