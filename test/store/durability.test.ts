/**
 * Durability across processes: SIGKILL in the middle of a stream of writes loses no committed run;
 * two processes writing at once lose nothing; an unreadable file is moved aside and reported.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../src/store/store';
import type { Recovery } from '../../src/store/types';
import { realResult, tempDir } from './fixtures';

const REPO = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'writer-child.ts');

function writer(file: string, count: number | 'forever', tag: string): { child: ChildProcess; ids: number[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, file, String(count), tag], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ids: number[] = [];
  child.on('message', (m: { id: number }) => ids.push(m.id));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ids, exited };
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('store: durability', function () {
  this.timeout(180_000);
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => (t = tempDir()));
  afterEach(() => t.cleanup());

  it('keeps every committed run when the writing process is killed with SIGKILL mid-stream (three times)', async () => {
    const file = path.join(t.dir, 'history.db');
    const committed: number[] = [];
    for (let round = 0; round < 3; round++) {
      const w = writer(file, 'forever', `killed${round}`);
      const target = 8 + round * 5;
      await until(() => w.ids.length >= target, `${target} committed runs`);
      // Kill right after a commit was reported, or a moment later: the child is busy writing the next run.
      if (round) await new Promise((r) => setTimeout(r, round * 3));
      w.child.kill('SIGKILL');
      assert.equal(await w.exited, null);
      committed.push(...w.ids);
      const store = await Store.open(file);
      try {
        assert.equal(store.recovered, undefined);
        const present = new Set(store.listRuns().map((r) => r.id));
        for (const id of committed) assert.ok(present.has(id), `run ${id} was reported committed before the kill but is missing`);
        const some = store.getRun(committed[committed.length - 1])!;
        assert.equal(some.result?.equity.length, realResult(2).equity.length);
      } finally {
        await store.close();
      }
    }
    // The killed writers' lock and temporary files do not block the next writer.
    writeFileSync(`${file}.4242-0badf00d.tmp`, 'half a database'); // as a writer killed mid-write leaves it
    const store = await Store.open(file);
    const id = await store.recordRun({ strategyPath: '/ws/after.strategy.ts', workspaceRoot: '/ws', result: realResult(1) });
    assert.ok(store.getRun(id));
    // Data files the killed writers left for runs they never committed are swept: one file per run.
    assert.equal(readdirSync(store.dataDir).length, store.listRuns().length);
    await store.close();
    assert.deepStrictEqual(readdirSync(t.dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')), []);
  });

  it('two processes recording 100 runs each at the same time leave all 200', async () => {
    const file = path.join(t.dir, 'history.db');
    const a = writer(file, 100, 'alpha');
    const b = writer(file, 100, 'beta');
    assert.deepStrictEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
    assert.equal(a.ids.length, 100);
    assert.equal(b.ids.length, 100);
    const store = await Store.open(file);
    try {
      const runs = store.listRuns();
      assert.equal(runs.length, 200);
      assert.deepStrictEqual(new Set(runs.map((r) => r.id)), new Set([...a.ids, ...b.ids]));
      assert.equal(store.listRuns({ strategy: 'alpha.strategy.ts' }).length, 100);
      assert.equal(store.listRuns({ strategy: 'beta.strategy.ts' }).length, 100);
    } finally {
      await store.close();
    }
  });

  it('two stores on one file in one process see and keep each other’s runs', async () => {
    const file = path.join(t.dir, 'history.db');
    const [x, y] = await Promise.all([Store.open(file), Store.open(file)]);
    const r = realResult(1);
    const ids = await Promise.all(Array.from({ length: 20 }, (_, k) => (k % 2 ? x : y).recordRun({ strategyPath: `/ws/s${k % 3}.strategy.ts`, workspaceRoot: '/ws', result: r })));
    assert.equal(new Set(ids).size, 20);
    assert.deepStrictEqual(new Set(x.listRuns().map((s) => s.id)), new Set(ids));
    assert.deepStrictEqual(new Set(y.listRuns().map((s) => s.id)), new Set(ids));
    assert.equal(await x.deleteRun(ids[0]), true);
    assert.equal(y.getRun(ids[0]), undefined);
    await Promise.all([x.close(), y.close()]);
  });

  for (const [what, bytes] of [
    ['a file that is not a database', () => Buffer.from('this is not SQLite at all, just text '.repeat(200))],
    ['a truncated database', (good: Buffer) => good.subarray(0, Math.floor(good.length / 2))],
  ] as const) {
    it(`moves ${what} aside with a timestamp, starts fresh and reports it`, async () => {
      const file = path.join(t.dir, 'history.db');
      const seed = await Store.open(file);
      for (let k = 0; k < 5; k++) await seed.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: realResult(2) });
      await seed.close();
      const bad = bytes(readFileSync(file));
      writeFileSync(file, bad);
      const told: Recovery[] = [];
      const store = await Store.open(file, { onRecovered: (r) => told.push(r) });
      try {
        assert.equal(told.length, 1);
        assert.deepStrictEqual(store.recovered, told[0]);
        assert.match(path.basename(told[0].movedTo), /^history\.db\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
        assert.deepStrictEqual(readFileSync(told[0].movedTo), bad, 'the unreadable file is kept, not deleted');
        assert.equal(readdirSync(`${told[0].movedTo}.data`).length, 5, 'its run data files went with it');
        assert.ok(told[0].reason.length > 0);
        assert.deepStrictEqual(store.listRuns(), []);
        const id = await store.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: realResult(1) });
        assert.ok(store.getRun(id));
      } finally {
        await store.close();
      }
      assert.ok(existsSync(file));
    });
  }

  it('a corrupt file written while a store is open is recovered on the next write', async () => {
    const file = path.join(t.dir, 'history.db');
    const told: Recovery[] = [];
    const store = await Store.open(file, { onRecovered: (r) => told.push(r) });
    await store.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: realResult(1) });
    writeFileSync(file, 'garbage'.repeat(1000));
    assert.equal(store.listRuns().length, 1, 'reads keep the last good copy');
    await store.recordRun({ strategyPath: '/ws/a.strategy.ts', workspaceRoot: '/ws', result: realResult(1) });
    assert.equal(told.length, 1);
    assert.equal(store.listRuns().length, 1);
    await store.close();
  });
});
