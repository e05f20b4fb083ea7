/**
 * Process tests: real child processes (dist/runner.js) on real fixture files — good, broken and
 * hostile — asserting kind, line and column.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as engine from '../../src/engine';
import { sampleBars } from '../../src/data/sample';
import { loadStrategy } from '../../src/runner/load-strategy';
import { AbortError, Runner } from '../../src/runner/run';
import type { RunOutcome, RunRequest } from '../../src/runner/protocol';
import { ROOT } from '../helpers/paths';

const R = (f: string) => path.join(ROOT, 'test', 'fixtures', 'runner', f);
const S = (f: string) => path.join(ROOT, 'test', 'fixtures', 'strategies', f);
const EXAMPLE = path.join(ROOT, 'examples', 'sma-cross.strategy.ts');
const req = (file: string, extra: Partial<RunRequest> = {}): RunRequest => ({ strategyPath: file, data: { kind: 'sample' }, ...extra });

function failed(o: RunOutcome) {
  assert.equal(o.ok, false, 'expected a failure');
  if (o.ok) throw new Error('unreachable');
  return o.failure;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

describe('runner (real child processes)', function () {
  this.timeout(60_000);
  let runner: Runner;
  beforeEach(() => (runner = new Runner({ maxParallel: 2, timeoutMs: 20_000 })));
  afterEach(() => runner.dispose());

  it('a good strategy gives the same result as the in-process engine', async () => {
    const o = await runner.run(req(EXAMPLE, { params: { fast: 8 } }));
    assert.ok(o.ok, JSON.stringify(!o.ok && o.failure));
    const { cls } = await loadStrategy(EXAMPLE, engine);
    const local = new engine.Backtest(sampleBars(), cls).run({ fast: 8 });
    assert.deepEqual(JSON.parse(JSON.stringify(o.result)), JSON.parse(JSON.stringify(local)));
    assert.ok(o.result.equity instanceof Float64Array);
    assert.equal(o.result.strategy, 'SmaCross');
  });

  it('reports progress and the strategy\'s console output', async () => {
    const fractions: number[] = [];
    const o = await runner.run(req(R('chatty.strategy.ts')), { onProgress: (f) => fractions.push(f) });
    assert.ok(o.ok);
    assert.equal(o.console.length, 1000, 'console capped at 1000 lines');
    assert.equal(o.truncated, true);
    assert.match(o.console[0].text, /^bar \d+$/);
    assert.ok(fractions.every((f) => f >= 0 && f <= 1));
  });

  it('syntax error at its line and column', async () => {
    const f = failed(await runner.run(req(S('syntax-error.strategy.ts'))));
    assert.equal(f.kind, 'syntax');
    assert.equal(f.line, 5);
    assert.ok(f.column > 1);
  });

  it('an unknown package import is an import error at the import', async () => {
    const f = failed(await runner.run(req(R('unknown-import.strategy.ts'))));
    assert.deepEqual([f.kind, f.line, f.column], ['import', 2, 22]);
    assert.match(f.message, /lodash/);
  });

  it('ReferenceError in next() at its line, bar and time, with a this.-hint', async () => {
    const f = failed(await runner.run(req(S('reference-error.strategy.ts'))));
    assert.deepEqual([f.kind, f.line], ['reference', 13]);
    assert.ok(f.column > 0);
    assert.equal(typeof f.bar, 'number');
    assert.equal(f.time, engine.isoTime(sampleBars().time[f.bar!]));
    assert.match(f.hint, /did you mean `this\.rsi`\?/);
  });

  it('TypeError at a known bar', async () => {
    const f = failed(await runner.run(req(R('type-error.strategy.ts'))));
    assert.deepEqual([f.kind, f.line, f.bar], ['type', 6, 30]);
  });

  it('RangeError at a known bar', async () => {
    const f = failed(await runner.run(req(R('range-error.strategy.ts'))));
    assert.deepEqual([f.kind, f.line, f.bar], ['range', 6, 39]);
  });

  it('API misuse is an api error with the valid forms', async () => {
    const f = failed(await runner.run(req(S('bad-size.strategy.ts'))));
    assert.deepEqual([f.kind, f.line], ['api', 6]);
    assert.match(f.message, /use a fraction in \(0, 1\) or whole units ≥ 1/);
  });

  it('an infinite loop is stopped at the timeout and reported as timeout', async () => {
    const t0 = Date.now();
    const f = failed(await runner.run(req(R('infinite-loop.strategy.ts')), { timeoutMs: 1500 }));
    const took = Date.now() - t0;
    assert.equal(f.kind, 'timeout');
    assert.equal(f.line, 3);
    assert.ok(took < 1500 + 1000, `took ${took} ms`);
    assert.equal(await until(() => runner.pids.length === 0, 1000), true);
  });

  it('a memory bomb is stopped and reported as memory', async () => {
    const f = failed(await runner.run(req(R('memory-bomb.strategy.ts')), { memoryLimitMb: 96 }));
    assert.equal(f.kind, 'memory');
    assert.match(f.message, /96 MB/);
  });

  describe('hostile code is refused before anything runs', () => {
    const markers = ['/tmp/algoagent-import-pwned.txt', '/tmp/algoagent-eval-pwned.txt', '/tmp/algoagent-escape-pwned.txt'];
    beforeEach(() => markers.forEach((m) => fs.rmSync(m, { force: true })));

    it('import fs → validation at the import, nothing written', async () => {
      const f = failed(await runner.run(req(R('import-fs-write.strategy.ts'))));
      assert.deepEqual([f.kind, f.line, f.column], ['validation', 2, 31]);
      assert.equal(fs.existsSync(markers[0]), false);
    });

    it('process.exit() → validation at the call', async () => {
      const f = failed(await runner.run(req(R('process-exit.strategy.ts'))));
      assert.deepEqual([f.kind, f.line, f.column], ['validation', 5, 5]);
    });

    it('eval → validation, nothing written', async () => {
      const f = failed(await runner.run(req(R('eval-write.strategy.ts'))));
      assert.deepEqual([f.kind, f.line, f.column], ['validation', 5, 5]);
      assert.equal(fs.existsSync(markers[1]), false);
    });

    it('code that slips past the static rules is stopped by the runtime guards', async () => {
      const f = failed(await runner.run(req(R('escape-runtime.strategy.ts'))));
      assert.equal(f.line, 8);
      assert.match(f.message, /[Cc]ode generation from strings disallowed/);
      assert.equal(fs.existsSync(markers[2]), false);
    });
  });

  it('a strategy that never trades succeeds with a no-trades warning naming the input\'s range', async () => {
    const o = await runner.run(req(R('rsi-never.strategy.ts')));
    assert.ok(o.ok);
    const w = o.warnings.find((x) => x.kind === 'no-trades');
    assert.ok(w, JSON.stringify(o.warnings));
    assert.equal(w.line, 3);
    assert.match(w.hint, /^RSI\(14\) ranged \d+\.\d–\d+\.\d; the entry on line 12 needs < 1\.00\.$/);
  });

  it('runs unsaved source instead of the file on disk', async () => {
    const source = fs.readFileSync(S('reference-error.strategy.ts'), 'utf8').replace('rsi.at(-1)', 'this.rsi.at(-1)');
    const o = await runner.run(req(S('reference-error.strategy.ts'), { source }));
    assert.ok(o.ok, JSON.stringify(!o.ok && o.failure));
  });

  it('bad data is a data failure with the CSV line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algo-run-'));
    const csv = path.join(dir, 'bad.csv');
    fs.writeFileSync(csv, 'Date,Open,High,Low,Close\n2020-01-01,1,2,0.5,1.5\n2020-01-02,1,oops,1,1\n');
    const f = failed(await runner.run(req(EXAMPLE, { data: { kind: 'csv', path: csv } })));
    assert.deepEqual([f.kind, f.file, f.line], ['data', csv, 3]);
  });

  it('reuses a warm child, and retires one whose run changed shared state', async () => {
    const a = await runner.run(req(EXAMPLE));
    assert.ok(a.ok);
    const warm = runner.pids;
    assert.equal(warm.length, 1);
    const b = await runner.run(req(R('leak.strategy.ts')));
    assert.ok(b.ok);
    assert.equal(await until(() => !alive(warm[0]), 2000), true, 'the leaking child was retired');
    const c = await runner.run(req(R('sees-leak.strategy.ts')));
    assert.ok(c.ok, JSON.stringify(!c.ok && c.failure));
  });

  it('cancel kills the child: the promise rejects and the PID is gone', async () => {
    const ac = new AbortController();
    const p = runner.run(req(R('infinite-loop.strategy.ts')), { signal: ac.signal });
    assert.equal(await until(() => runner.pids.length === 1, 5000), true);
    const pid = runner.pids[0];
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(p, (e: Error) => e instanceof AbortError && e.name === 'AbortError');
    assert.equal(await until(() => !alive(pid), 1000), true, `pid ${pid} still alive`);
  });

  it('a queued run cancelled before it starts never runs', async () => {
    const one = new Runner({ maxParallel: 1, timeoutMs: 1000 });
    try {
      const first = one.run(req(R('infinite-loop.strategy.ts')));
      const ac = new AbortController();
      const second = one.run(req(EXAMPLE), { signal: ac.signal });
      ac.abort();
      await assert.rejects(second, AbortError);
      assert.equal(failed(await first).kind, 'timeout');
    } finally {
      one.dispose();
    }
  });

  it('20 concurrent runs all complete, no more than maxParallel at once', async () => {
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, runner.pids.length)), 5);
    const outs = await Promise.all(Array.from({ length: 20 }, (_, k) => runner.run(req(EXAMPLE, { params: { fast: 5 + (k % 5) } }))));
    clearInterval(timer);
    assert.equal(outs.filter((o) => o.ok).length, 20);
    assert.ok(peak <= 2, `peak ${peak}`);
    const returns = new Set(outs.map((o) => (o.ok ? o.result.stats.returnPct : NaN)));
    assert.equal(returns.size, 5);
  });

  it('disposing leaves no process behind', async () => {
    await runner.warm(2);
    const pids = runner.pids;
    assert.equal(pids.length, 2);
    runner.dispose();
    assert.equal(await until(() => pids.every((p) => !alive(p)), 2000), true);
  });
});
