/**
 * Memory of strategies that worked: spec, code hash and key statistics, so prompts can include the
 * most similar ones. Behind a small interface; `JsonFileMemory` keeps it in one JSON file (the
 * store's table can implement the same interface).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { StrategySpec } from '../ai/spec/types';
import type { Stats } from '../engine/stats';

export interface MemoryEntry {
  description: string;
  /** The spec when the strategy came from one (code written by a model has none). */
  spec?: StrategySpec;
  codeHash: string;
  file: string;
  stats: Partial<Pick<Stats, 'returnPct' | 'sharpeRatio' | 'maxDrawdownPct' | 'trades' | 'winRatePct'>>;
  savedAt: string;
}

export interface StrategyMemory {
  remember(entry: MemoryEntry): Promise<void>;
  /** The `n` entries most similar to `text`, best first (only those sharing some words). */
  similar(text: string, n?: number): Promise<MemoryEntry[]>;
  all(): Promise<MemoryEntry[]>;
  clear(): Promise<void>;
}

export function codeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 16);
}

export function keyStats(s: Stats): MemoryEntry['stats'] {
  return { returnPct: s.returnPct, sharpeRatio: s.sharpeRatio, maxDrawdownPct: s.maxDrawdownPct, trades: s.trades, winRatePct: s.winRatePct };
}

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'when', 'if', 'it', 'is', 'to', 'of', 'on', 'in', 'at', 'by', 'with', 'for', 'buy', 'sell', 'then', 'than', 'below', 'above']);

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9%]+/).filter((w) => w.length > 1 && !STOP.has(w)));
}

function entryWords(e: MemoryEntry): Set<string> {
  const w = words(e.description);
  for (const ind of e.spec?.indicators ?? []) w.add(ind.type.toLowerCase());
  return w;
}

/** Jaccard similarity of the word sets. */
export function similarity(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const union = a.size + b.size - both;
  return union ? both / union : 0;
}

export function rankSimilar(entries: MemoryEntry[], text: string, n: number): MemoryEntry[] {
  const q = words(text);
  return entries
    .map((e) => ({ e, s: similarity(q, entryWords(e)) }))
    .filter((x) => x.s > 0)
    .sort((x, y) => y.s - x.s)
    .slice(0, n)
    .map((x) => x.e);
}

export class JsonFileMemory implements StrategyMemory {
  constructor(
    readonly file: string,
    private readonly limit = 200,
  ) {}

  private read(): MemoryEntry[] {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as { entries?: MemoryEntry[] };
      return Array.isArray(data.entries) ? data.entries : [];
    } catch {
      return [];
    }
  }

  private write(entries: MemoryEntry[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, entries }, null, 1));
    renameSync(tmp, this.file);
  }

  remember(entry: MemoryEntry): Promise<void> {
    const entries = this.read().filter((e) => e.codeHash !== entry.codeHash);
    entries.push(entry);
    this.write(entries.slice(-this.limit));
    return Promise.resolve();
  }

  similar(text: string, n = 3): Promise<MemoryEntry[]> {
    return Promise.resolve(rankSimilar(this.read(), text, n));
  }

  all(): Promise<MemoryEntry[]> {
    return Promise.resolve(this.read());
  }

  clear(): Promise<void> {
    this.write([]);
    return Promise.resolve();
  }
}
