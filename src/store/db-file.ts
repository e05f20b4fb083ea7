/**
 * The database file on disk: read with an identity stamp, written atomically (temporary file in the
 * same folder, fsync, rename over the old file, fsync of the folder), and moved aside when corrupt.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';

/** Identifies one version of the file: any write by anyone replaces the file and so changes it. */
export interface FileStamp {
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export function stampOf(file: string): FileStamp | null {
  try {
    const s = statSync(file, { bigint: true });
    return { ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (!a || !b) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** The file's bytes and stamp (stamp taken before reading; a rename in between only forces a later re-read). */
export function readDbFile(file: string): { bytes: Uint8Array | null; stamp: FileStamp | null } {
  const stamp = stampOf(file);
  if (!stamp) return { bytes: null, stamp: null };
  try {
    return { bytes: readFileSync(file), stamp };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: null, stamp: null };
    throw e;
  }
}

function fsyncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported everywhere (Windows); the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Replaces `file` with `bytes` so that a crash at any moment leaves either the old or the new file. */
export function writeDbFileAtomic(file: string, bytes: Uint8Array): FileStamp {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkQuietly(tmp);
    throw e;
  } finally {
    try {
      closeSync(fd);
    } catch {
      /* closed above */
    }
  }
  renameWithRetry(tmp, file);
  fsyncFolder(path.dirname(file));
  const stamp = stampOf(file);
  if (!stamp) throw new Error(`${file}: vanished right after it was written`);
  return stamp;
}

// Windows refuses to replace a file another process is reading for a moment.
function renameWithRetry(from: string, to: string): void {
  for (let k = 0; ; k++) {
    try {
      renameSync(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (k >= 20 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) {
        unlinkQuietly(from);
        throw e;
      }
      const until = Date.now() + 10 * (k + 1);
      while (Date.now() < until) {
        /* brief synchronous back-off: the caller holds the lock */
      }
    }
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* not there */
  }
}

/** Moves a database that cannot be opened to `<file>.corrupt-<UTC timestamp>`; returns the new path. */
export function moveAside(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let k = 2; stampOf(target); k++) target = `${file}.corrupt-${stamp}-${k}`;
  renameSync(file, target);
  return target;
}

/** Removes temporary files a crashed writer left behind. Call only while holding the lock. */
export function removeLeftoverTemps(file: string): number {
  const dir = path.dirname(file);
  const prefix = path.basename(file) + '.';
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /^\d+-[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length))) {
      unlinkQuietly(path.join(dir, name));
      removed++;
    }
  }
  return removed;
}
