/** `algoagent history` and the recording helper, called directly with a captured Io. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { HISTORY_FLAGS, historyCommand, recordCliRun } from '../../src/cli/history-command';
import { Store } from '../../src/store/store';
import { failure, okOutcome, realResult, tempDir } from './fixtures';

function io() {
  const o = { out: '', err: '' };
  return { o, io: { out: (s: string) => void (o.out += s), err: (s: string) => void (o.err += s) } };
}

describe('cli: history', function () {
  this.timeout(60_000);
  let t: ReturnType<typeof tempDir>;
  let db: string;
  const a = realResult(1, { fast: 5 });
  const b = realResult(2);
  let ids: number[];
  beforeEach(async () => {
    t = tempDir();
    db = path.join(t.dir, 'h.db');
    const store = await Store.open(db);
    ids = [
      await store.recordRun({ strategyPath: path.join(t.dir, 'strategies/a.strategy.ts'), workspaceRoot: t.dir, outcome: okOutcome(a) }),
      await store.recordRun({ strategyPath: path.join(t.dir, 'strategies/b.strategy.ts'), workspaceRoot: t.dir, outcome: okOutcome(b) }),
      await store.recordRun({ strategyPath: path.join(t.dir, 'strategies/a.strategy.ts'), workspaceRoot: t.dir, failure: failure() }),
    ];
    await store.close();
  });
  afterEach(() => t.cleanup());

  it('lists every run as JSON, newest first, with full statistics', async () => {
    const c = io();
    assert.equal(await historyCommand(['--db', db, '--json'], c.io), 0);
    const list = JSON.parse(c.o.out) as { id: number; strategy: string; started: string; status: string; symbol: string; stats: unknown }[];
    assert.deepStrictEqual(list.map((r) => [r.id, r.strategy, r.status]), [
      [ids[2], 'strategies/a.strategy.ts', 'failed'],
      [ids[1], 'strategies/b.strategy.ts', 'ok'],
      [ids[0], 'strategies/a.strategy.ts', 'ok'],
    ]);
    assert.deepStrictEqual(Object.keys(list[0]).sort(), ['id', 'started', 'stats', 'status', 'strategy', 'symbol']);
    assert.deepStrictEqual(list[1].stats, JSON.parse(JSON.stringify(b.stats)));
    assert.equal(list[0].stats, null);
    assert.equal(list[1].symbol, 'SAMPLE');
  });

  it('lists one strategy file’s runs (path relative to --root), as a table, with --limit; the database may come from ALGOAGENT_DB', async () => {
    const c = io();
    const file = path.join(t.dir, 'strategies/a.strategy.ts');
    assert.equal(await historyCommand([file, '--root', t.dir, '--json'], c.io, { ALGOAGENT_DB: db }), 0);
    assert.deepStrictEqual((JSON.parse(c.o.out) as { id: number }[]).map((r) => r.id), [ids[2], ids[0]]);
    const h = io();
    assert.equal(await historyCommand(['--db', db, '--limit', '2'], h.io), 0);
    const lines = h.o.out.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^run\s+started \(UTC\)\s+status\s+strategy/);
    assert.match(lines[1], new RegExp(`^#${ids[2]} .* failed +strategies/a\\.strategy\\.ts`));
    assert.match(lines[2], new RegExp(`^#${ids[1]} .* ok +strategies/b\\.strategy\\.ts +SAMPLE +[+-]\\d+\\.\\d\\d%`));
  });

  it('--show <id> --json prints the run’s full Result JSON; a failed run prints its failure and exits 1', async () => {
    const c = io();
    assert.equal(await historyCommand(['--db', db, '--show', String(ids[1]), '--json'], c.io), 0);
    assert.equal(c.o.out, JSON.stringify(b) + '\n');
    const h = io();
    assert.equal(await historyCommand(['--db', db, '--show', String(ids[1])], h.io), 0);
    assert.match(h.o.out, /Return \[%\]|Sharpe/);
    const f = io();
    assert.equal(await historyCommand(['--db', db, '--show', String(ids[2]), '--json'], f.io), 1);
    assert.equal(JSON.parse(f.o.out).failure.kind, 'reference');
    assert.match(f.o.err, /bad\.strategy\.ts:12:5 reference x is not defined/);
  });

  it('says clearly what is wrong: no database set, no such file, unknown or malformed id, unknown flag', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--json'], {}, /no database; give --db <file> or set ALGOAGENT_DB/],
      [['--db', path.join(t.dir, 'none.db')], {}, /no history database at .*none\.db/],
      [['--db', db, '--show', '999'], {}, /no run #999/],
      [['--db', db, '--show', 'abc'], {}, /--show must be a run id/],
      [['--db', db, '--limit', '0'], {}, /--limit must be a whole number ≥ 1/],
      [['--db', db, '--bogus'], {}, /unknown option --bogus/],
    ];
    for (const [argv, env, message] of cases) {
      const c = io();
      assert.equal(await historyCommand(argv, c.io, env), 2, argv.join(' '));
      assert.match(c.o.err, message);
    }
  });

  it('recordCliRun records when a database is set, is silent when none is, and only warns when it cannot record', async () => {
    const file = path.join(t.dir, 'strategies/c.strategy.ts');
    const args = parseArgs(['--db', db, '--root', t.dir], { ...HISTORY_FLAGS, root: { value: true } });
    const c = io();
    const id = await recordCliRun(args, c.io, { strategyPath: file, outcome: okOutcome(a), dataSource: 'bundled sample data', source: 'code' });
    assert.ok(id);
    const store = await Store.open(db);
    const rec = store.getRun(id!)!;
    assert.equal(rec.strategy, 'strategies/c.strategy.ts');
    assert.equal(rec.source, 'code');
    assert.deepStrictEqual(rec.result, a);
    await store.close();
    assert.equal(c.o.err, '');

    assert.equal(await recordCliRun(parseArgs([], HISTORY_FLAGS), c.io, { strategyPath: file, outcome: okOutcome(a) }, {}), undefined);
    const blocked = path.join(t.dir, 'a-folder');
    mkdirSync(blocked);
    const w = io();
    assert.equal(await recordCliRun(parseArgs(['--db', blocked], HISTORY_FLAGS), w.io, { strategyPath: file, outcome: okOutcome(a) }), undefined);
    assert.match(w.o.err, /warning: the run was not recorded in .*a-folder/);
  });
});
