/**
 * The per-bar data of each run (trades, equity, drawdown, indicators, log, console) lives in one
 * small file per run beside the database (`<db>.data/<run id>-<random>.run`, packed, see codec.ts),
 * so the SQLite file that is rewritten on every change stays small however long the curves are.
 * A file is written (temporary file, fsync, rename) before the transaction that refers to it
 * commits; files no committed row refers to (deleted runs, crashed writers) are swept under the lock.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import type { Result } from '../engine/result';
import type { ConsoleLine } from '../runner/protocol';
import { pack, unpack } from './codec';
import { stampOf, writeDbFileAtomic } from './db-file';

export interface RunDetail {
  strategy?: string;
  openTrades?: Result['openTrades'];
  indicators?: Result['indicators'];
  data?: Result['data'];
  startBar?: number;
  log?: Result['log'];
  console?: ConsoleLine[];
}

export interface RunPayload {
  trades?: Result['trades'];
  equity?: Float64Array;
  /** Absent when it is the engine's derivation from equity. */
  drawdown?: Float64Array;
  detail: RunDetail;
}

export function dataDirOf(dbFile: string): string {
  return `${dbFile}.data`;
}

/** Writes one run's data; returns the file name to store in the database. */
export function writeRunFile(dir: string, runId: number, payload: RunPayload): string {
  mkdirSync(dir, { recursive: true });
  const name = `${runId}-${randomBytes(4).toString('hex')}.run`;
  writeDbFileAtomic(path.join(dir, name), pack(payload));
  return name;
}

/** One run's data, or undefined when its file is gone. */
export function readRunFile(dir: string, name: string): RunPayload | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path.join(dir, name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return unpack(bytes) as RunPayload;
}

export function removeRunFile(dir: string, name: string): void {
  try {
    unlinkSync(path.join(dir, name));
  } catch {
    /* already gone */
  }
}

/** Removes every file in `dir` that `referenced` does not name. Call only while holding the lock. */
export function sweepRunFiles(dir: string, referenced: ReadonlySet<string>): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (referenced.has(name)) continue;
    removeRunFile(dir, name);
    removed++;
  }
  return removed;
}

/** Bytes used by the data files. */
export function runFilesSize(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      total += statSync(path.join(dir, name)).size;
    } catch {
      /* removed meanwhile */
    }
  }
  return total;
}

/** Moves the data folder along with a database that is moved aside. */
export function moveDataDirAside(dbFile: string, movedTo: string): void {
  const dir = dataDirOf(dbFile);
  if (!stampOf(dir)) return;
  renameSync(dir, dataDirOf(movedTo));
}
