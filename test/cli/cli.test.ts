/** The `algoagent` CLI as a user runs it: the built dist/cli.js in a real Node process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT, SHARED_DATA, hasShared } from '../helpers/paths';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const S = (name: string) => path.join(FIXTURES, 'strategies', name);
const EXAMPLE = path.join(ROOT, 'examples', 'sma-cross.strategy.ts');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('algoagent CLI', function () {
  this.timeout(60_000);
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  });

  describe('backtest', () => {
    it('prints a statistics table and a trade summary for the bundled sample data', () => {
      const r = cli(['backtest', EXAMPLE, '--sample']);
      assert.equal(r.code, 0, r.stderr);
      for (const row of ['Return [%]', 'Sharpe Ratio', 'Max. Drawdown [%]', '# Trades', 'Kelly Criterion']) assert.match(r.stdout, new RegExp(row.replace(/[[\]().#]/g, '\\$&')));
      assert.match(r.stdout, /SmaCross on SAMPLE 1d/);
      assert.match(r.stdout, /Trades: \d+ closed/);
    });

    it('a reader that stops early (`| head`) ends the command quietly, with no EPIPE stack', () => {
      // The shell pipes stdout into a reader that closes after the first bytes.
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" backtest "${EXAMPLE}" --sample --json | head -c 20 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: ROOT, encoding: 'utf8' });
      assert.match(r.stderr, /status 0\b/, r.stderr);
      assert.doesNotMatch(r.stderr, /EPIPE|Unhandled/, r.stderr);
    });

    it('--json prints only the Result JSON, with every statistic key', () => {
      const r = cli(['backtest', EXAMPLE, '--sample', '--json', '--param', 'fast=5', '--param', 'slow=30']);
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout);
      for (const k of ['stats', 'trades', 'openTrades', 'equity', 'drawdown', 'indicators', 'params', 'options', 'data', 'log']) assert.ok(k in result, k);
      assert.equal(Object.keys(result.stats).length, 32);
      assert.deepEqual(result.params, { fast: 5, slow: 30 });
      assert.equal(result.equity.length, result.data.bars);
      assert.equal(result.drawdown.length, result.data.bars);
      assert.equal(result.indicators[0].name, 'SMA(5)');
      assert.equal(result.indicators[0].lines[''][0], null, 'NaN warm-up becomes null');
    });

    it('--out writes the same JSON to a file; --from/--to cut the data', () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'algo-')), 'r.json');
      const r = cli(['backtest', EXAMPLE, '--sample', '--from', '2016-01-01', '--to', '2016-12-31', '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(fs.readFileSync(out, 'utf8'));
      assert.equal(result.data.from, '2016-01-01T00:00:00Z');
      assert.ok(result.data.to.startsWith('2016-12-30'), result.data.to);
      assert.match(r.stdout, /Result written to/);
    });

    it('passes broker options through', () => {
      const r = cli(['backtest', EXAMPLE, '--sample', '--json', '--cash', '50000', '--commission', '0.001', '--commission-fixed', '2', '--margin', '0.5', '--hedging', '--finalize-trades']);
      assert.equal(r.code, 0, r.stderr);
      const o = JSON.parse(r.stdout).options;
      assert.deepEqual([o.cash, o.commission, o.margin, o.hedging, o.finalizeTrades], [50000, { fixed: 2, fraction: 0.001 }, 0.5, true, true]);
    });

    it('--report writes a self-contained HTML report of the run', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algo-report-'));
      const out = path.join(dir, 'report.html');
      const r = cli(['backtest', EXAMPLE, '--sample', '--json', '--report', out]);
      assert.equal(r.code, 0, r.stderr);
      const html = fs.readFileSync(out, 'utf8');
      assert.match(html, /^<!doctype html>/i);
      assert.doesNotMatch(html, /<script[^>]+src=/i, 'no external scripts');
      assert.ok(html.includes(String(JSON.parse(r.stdout).stats.equityFinal)), 'the run\'s data is inlined');
    });

    it('runs plain JavaScript strategies', () => {
      const r = cli(['backtest', S('buy-and-hold.strategy.js'), '--sample', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).openTrades.length, 1);
    });

    it('a strategy that never trades is a warning, exit 0', () => {
      const r = cli(['backtest', S('never-trades.strategy.ts'), '--sample']);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /never-trades\.strategy\.ts:3:1 no-trades /);
    });
  });

  describe('strategy failures exit 1 with file:line:col kind message', () => {
    it('syntax error at its line', () => {
      const r = cli(['backtest', S('syntax-error.strategy.ts'), '--sample']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /syntax-error\.strategy\.ts:5:\d+ syntax /);
      assert.equal(r.stdout, '');
    });

    it('import of a Node built-in is refused at the import line, and nothing runs', () => {
      const marker = '/tmp/algoagent-pwned.txt';
      fs.rmSync(marker, { force: true });
      const r = cli(['backtest', S('import-fs.strategy.ts'), '--sample']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /import-fs\.strategy\.ts:2:21 validation import of Node built-in 'fs' is not allowed/);
      assert.equal(fs.existsSync(marker), false);
    });

    it('ReferenceError inside next() is mapped to the original line', () => {
      const r = cli(['backtest', S('reference-error.strategy.ts'), '--sample']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /reference-error\.strategy\.ts:13:\d+ reference rsi is not defined/);
    });

    it('API misuse is an api error with a hint', () => {
      const r = cli(['backtest', S('bad-size.strategy.ts'), '--sample']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /bad-size\.strategy\.ts:6:\d+ api size 100\.5: use a fraction in \(0, 1\) or whole units ≥ 1/);
    });
  });

  describe('usage and data errors exit 2 with one clear line', () => {
    const cases: [string, string[], RegExp][] = [
      ['no command', [], /Usage:/],
      ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
      ['unknown option', ['backtest', EXAMPLE, '--cahs', '5'], /unknown option --cahs/],
      ['bad number', ['backtest', EXAMPLE, '--cash', 'lots'], /--cash must be a number > 0, got "lots"/],
      ['bad margin', ['backtest', EXAMPLE, '--margin', '2'], /--margin must be in \(0, 1\]/],
      ['missing strategy file', ['backtest'], /give a strategy file/],
      ['strategy file not found', ['backtest', 'nope.strategy.ts'], /nope\.strategy\.ts/],
      ['bad --param', ['backtest', EXAMPLE, '--param', 'fast'], /--param must look like name=value/],
      ['unknown parameter', ['backtest', EXAMPLE, '--param', 'fats=3'], /no parameter "fats"/],
      ['missing data file', ['backtest', EXAMPLE, '--data', 'missing.csv'], /no such file: .*missing\.csv/],
      ['bad date', ['backtest', EXAMPLE, '--from', 'yesterday'], /--from must be a date/],
      ['bad range', ['optimize', EXAMPLE, '--param', 'fast=10:5:1'], /a range is start:end:step/],
      ['bad constraint', ['optimize', EXAMPLE, '--param', 'fast=5,10', '--constraint', 'fast <'], /constraint "fast <"/],
      ['unknown metric', ['optimize', EXAMPLE, '--param', 'fast=5,10', '--maximize', 'profit'], /unknown statistic "profit"/],
    ];
    for (const [name, args, pattern] of cases) {
      it(name, () => {
        const r = cli(args);
        assert.equal(r.code, 2, `${name}: ${r.stderr}`);
        assert.match(r.stderr, pattern);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      });
    }

    it('bad CSV: file:line: reason', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algo-'));
      const csv = path.join(dir, 'bad.csv');
      fs.writeFileSync(csv, 'Date,Open,High,Low,Close\n2020-01-01,1,2,0.5,1.5\n2020-01-02,1,0.5,2,1.5\n');
      const r = cli(['backtest', EXAMPLE, '--data', csv]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /bad\.csv:3: high < low \(0\.5 < 2\)/);
    });
  });

  describe('optimize', () => {
    it('--json: best params and result, every combination in evaluation order, constraint applied', () => {
      const r = cli(['optimize', EXAMPLE, '--sample', '--param', 'fast=5:15:5', '--param', 'slow=10,20,30', '--constraint', 'fast < slow', '--maximize', 'equityFinal', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      const order = j.combos.map((c: { params: { fast: number; slow: number } }) => `${c.params.fast}/${c.params.slow}`);
      assert.deepEqual(order, ['5/10', '5/20', '5/30', '10/20', '10/30', '15/20', '15/30']);
      const finals = j.combos.map((c: { stats: { equityFinal: number } }) => c.stats.equityFinal);
      const max = Math.max(...finals);
      assert.equal(j.best.result.stats.equityFinal, max);
      assert.deepEqual(j.best.params, j.combos[finals.indexOf(max)].params, 'ties go to the first maximum');
    });

    it('worker threads give exactly the statistics of one thread', () => {
      const args = ['optimize', EXAMPLE, '--sample', '--param', 'fast=4:12:4', '--param', 'slow=15:35:10', '--json'];
      const one = JSON.parse(cli([...args, '--workers', '1']).stdout);
      const two = JSON.parse(cli([...args, '--workers', '2']).stdout);
      assert.equal(one.combos.length, 9);
      assert.deepEqual(two.combos, one.combos);
      assert.deepEqual(two.best.params, one.best.params);
    });

    it('human output names the best combination and a top list', () => {
      const r = cli(['optimize', EXAMPLE, '--sample', '--param', 'fast=5,10', '--param', 'slow=20,30']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /SmaCross: 4 combinations, best by sqn: fast=\d+ slow=\d+/);
      assert.match(r.stdout, /Top combinations:/);
    });
  });

  (hasShared ? it : it.skip)('reads the backtesting.py test files as they are (unnamed date column)', () => {
    const r = cli(['backtest', EXAMPLE, '--data', path.join(SHARED_DATA, 'EURUSD.csv'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).data.interval, '1h');
  });
});
