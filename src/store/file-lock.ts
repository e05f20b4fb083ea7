/**
 * A lock file serialising writers of one database across processes (two editor windows, the CLI).
 * The lock is created with O_EXCL and holds `{ pid, host, nonce, at }`. A lock whose process is gone
 * (same host) or that is older than `staleMs` is broken: it is renamed away first and only removed
 * when it is still the lock that was judged stale, so two processes breaking it at once cannot both
 * end up holding the lock.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockOptions {
  /** Give up after waiting this long. Default 15 s. */
  timeoutMs?: number;
  /** A lock older than this is taken to be abandoned. Default 60 s. */
  staleMs?: number;
}

export class LockTimeoutError extends Error {
  constructor(
    readonly lockFile: string,
    holder: string,
  ) {
    super(`${lockFile}: the history database stayed locked (${holder}); if no AlgoAgent is running, delete the lock file`);
    this.name = 'LockTimeoutError';
  }
}

interface LockContent {
  pid: number;
  host: string;
  nonce: string;
  at: number;
}

function readLock(file: string): { text: string; content: LockContent | null } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return { text, content: JSON.parse(text) as LockContent };
  } catch {
    return { text, content: null };
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(content: LockContent | null, firstSeen: number, staleMs: number): boolean {
  // A lock without content yet is being written; it is only stale when it stays that way.
  if (!content) return Date.now() - firstSeen > 2000;
  if (content.host === hostname() && content.pid !== process.pid && !processAlive(content.pid)) return true;
  return Date.now() - content.at > staleMs;
}

function tryCreate(file: string, content: LockContent): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(content));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Moves a stale lock away; puts it back when it turned out to be a fresh one. */
function breakLock(file: string, staleText: string): void {
  const moved = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, moved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  let movedText = '';
  try {
    movedText = readFileSync(moved, 'utf8');
  } catch {
    /* gone: nothing to restore */
  }
  if (movedText !== staleText && movedText !== '') {
    try {
      linkSync(moved, file);
    } catch {
      /* another writer already holds a new lock */
    }
  }
  try {
    unlinkSync(moved);
  } catch {
    /* already gone */
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Holds the lock while `fn` runs (it may be async); always releases it. */
export async function withFileLock<T>(file: string, fn: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 60_000;
  const mine: LockContent = { pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex'), at: Date.now() };
  const start = Date.now();
  const seen = new Map<string, number>();
  let wait = 1;
  for (;;) {
    mine.at = Date.now();
    if (tryCreate(file, mine)) break;
    const held = readLock(file);
    if (held) {
      const firstSeen = seen.get(held.text) ?? Date.now();
      seen.set(held.text, firstSeen);
      if (isStale(held.content, firstSeen, staleMs)) {
        breakLock(file, held.text);
        continue;
      }
      if (Date.now() - start > timeoutMs) {
        const c = held.content;
        throw new LockTimeoutError(file, c ? `process ${c.pid} on ${c.host} since ${new Date(c.at).toISOString()}` : 'unreadable lock');
      }
    }
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 40);
  }
  try {
    return await fn();
  } finally {
    const held = readLock(file);
    if (held?.content?.nonce === mine.nonce) {
      try {
        unlinkSync(file);
      } catch {
        /* already gone */
      }
    }
  }
}
