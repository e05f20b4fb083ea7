/**
 * The agent's memory of strategies that worked (spec, code hash, key statistics), kept in the
 * history database: the store-backed implementation of the agent's `StrategyMemory`.
 */
import type { MemoryEntry, StrategyMemory } from '../agent/memory';
import { rankSimilar } from '../agent/memory';
import type { Store } from './store';

type SqlValue = number | string | Uint8Array | null;

export class StoreMemory implements StrategyMemory {
  constructor(
    private readonly store: Store,
    /** Entries kept (oldest dropped first). */
    private readonly limit = 200,
  ) {}

  async remember(e: MemoryEntry): Promise<void> {
    await this.store.write((db) => {
      db.run(
        `INSERT INTO memory (description, spec, code_hash, file, stats, saved_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (code_hash, file) DO UPDATE SET description = excluded.description, spec = excluded.spec,
           stats = excluded.stats, saved_at = excluded.saved_at`,
        [e.description, e.spec ? JSON.stringify(e.spec) : null, e.codeHash, e.file, JSON.stringify(e.stats), e.savedAt],
      );
      db.run('DELETE FROM memory WHERE id NOT IN (SELECT id FROM memory ORDER BY saved_at DESC, id DESC LIMIT ?)', [this.limit]);
    });
  }

  async all(): Promise<MemoryEntry[]> {
    return this.store.read((db) => {
      const rows = (db.exec('SELECT description, spec, code_hash, file, stats, saved_at FROM memory ORDER BY saved_at DESC, id DESC')[0]?.values ?? []) as SqlValue[][];
      return rows.map((v) => {
        const e: MemoryEntry = { description: String(v[0]), codeHash: String(v[2]), file: String(v[3]), stats: JSON.parse(String(v[4])) as MemoryEntry['stats'], savedAt: String(v[5]) };
        if (v[1] !== null) e.spec = JSON.parse(String(v[1])) as MemoryEntry['spec'];
        return e;
      });
    });
  }

  async similar(text: string, n = 3): Promise<MemoryEntry[]> {
    return rankSimilar(await this.all(), text, n);
  }

  async clear(): Promise<void> {
    await this.store.write((db) => db.run('DELETE FROM memory'));
  }
}
