/**
 * The per-bar data of each run (trades, equity, drawdown, indicators, log, console) lives in one
 * small file per run beside the database (`<db>.data/<run id>-<random>.run`, packed, see codec.ts),
 * so the SQLite file that is rewritten on every change stays small however long the curves are.
 * A file is written (temporary file, fsync, rename) before the transaction that refers to it
 * commits; files no committed row refers to (deleted runs, crashed writers) are swept under the lock.
 * The market data a run used is kept once per content (`bars-<sha256>.bars`), shared by every run
 * on the same bars, so results reopen with their candles even after the CSV or cache changed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import type { Bars } from '../engine/bars';
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

const BAR_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Writes the bars unless a file with the same content exists; returns its name. */
export function writeBarsFile(dir: string, bars: Bars): string {
  const hash = createHash('sha256');
  for (const c of BAR_COLUMNS) {
    const a = bars[c];
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  hash.update(JSON.stringify([bars.symbol ?? null, bars.interval ?? null]));
  const name = `bars-${hash.digest('hex').slice(0, 32)}.bars`;
  if (stampOf(path.join(dir, name))) return name;
  mkdirSync(dir, { recursive: true });
  const plain: Record<string, unknown> = {};
  for (const c of BAR_COLUMNS) plain[c] = bars[c];
  if (bars.symbol !== undefined) plain.symbol = bars.symbol;
  if (bars.interval !== undefined) plain.interval = bars.interval;
  writeDbFileAtomic(path.join(dir, name), pack(plain));
  return name;
}

export function readBarsFile(dir: string, name: string): Bars | undefined {
  try {
    return unpack(readFileSync(path.join(dir, name))) as Bars;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
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
