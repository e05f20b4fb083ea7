import assert from 'node:assert/strict';
import { MetaError, chooseSelection, readStrategyMeta, selectionFromMeta } from '../../src/data/meta';

const CLASS = `\nexport default class S extends Strategy { next() {} }\n`;

function metaError(src: string, line: number, column: number, reason: RegExp): void {
  assert.throws(
    () => readStrategyMeta(src, 'strategies/x.strategy.ts'),
    (e: unknown) => {
      assert.ok(e instanceof MetaError, String(e));
      assert.equal(e.file, 'strategies/x.strategy.ts');
      assert.deepEqual([e.line, e.column], [line, column], e.message);
      assert.match(e.reason, reason);
      assert.equal(e.message, `strategies/x.strategy.ts:${line}:${column}: ${e.reason}`);
      return true;
    },
  );
}

describe('data/meta: a strategy\'s default data, read without running it', () => {
  it('reads symbol, interval, from and to', () => {
    const src = `import { Strategy } from 'algoagent';\nexport const meta = { symbol: 'aapl', interval: '1h', from: "2023-01-01", to: \`2024-06-30\` };${CLASS}`;
    const r = readStrategyMeta(src, 'a.strategy.ts');
    assert.deepEqual(r.meta, { symbol: 'AAPL', interval: '1h', from: '2023-01-01', to: '2024-06-30' });
    assert.equal(r.line, 2);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(selectionFromMeta(r.meta), { kind: 'symbol', symbol: 'AAPL', interval: '1h', from: '2023-01-01', to: '2024-06-30' });
  });

  it('accepts as const, satisfies, quoted keys and export { meta }; JavaScript too', () => {
    assert.deepEqual(readStrategyMeta(`export const meta = { 'symbol': 'BTC-USD' } as const;`).meta, { symbol: 'BTC-USD' });
    assert.deepEqual(readStrategyMeta(`export const meta = ({ symbol: '^GSPC', interval: '1wk' }) satisfies Record<string, string>;`).meta, { symbol: '^GSPC', interval: '1wk' });
    assert.deepEqual(readStrategyMeta(`const meta = { symbol: 'EURUSD=X' };\nexport { meta };`).meta, { symbol: 'EURUSD=X' });
    assert.deepEqual(readStrategyMeta(`export const meta = { symbol: 'MSFT' };\nmodule.exports = {};`, 's.strategy.js').meta, { symbol: 'MSFT' });
  });

  it('is never executed: code in the file does not run', () => {
    const src = `globalThis.__ran = true; throw new Error('ran');\nexport const meta = { symbol: 'IBM' };`;
    assert.deepEqual(readStrategyMeta(src).meta, { symbol: 'IBM' });
    assert.equal((globalThis as Record<string, unknown>).__ran, undefined);
  });

  it('no meta: nothing, and the user\'s choice or the fallback decides', () => {
    const r = readStrategyMeta(`export const params = { a: 1 };${CLASS}`);
    assert.equal(r.meta, undefined);
    assert.deepEqual(chooseSelection(undefined, r.meta, { kind: 'sample' }), { kind: 'sample' });
    const m = readStrategyMeta(`export const meta = { symbol: 'AAPL' };`).meta;
    assert.deepEqual(chooseSelection(undefined, m, { kind: 'sample' }), { kind: 'symbol', symbol: 'AAPL', interval: '1d', from: undefined, to: undefined });
    assert.deepEqual(chooseSelection({ kind: 'csv', path: 'x.csv' }, m, { kind: 'sample' }), { kind: 'csv', path: 'x.csv' });
  });

  it('unknown keys are warnings with their position', () => {
    const r = readStrategyMeta(`export const meta = {\n  symbol: 'AAPL',\n  interva: '1d',\n};`, 'm.ts');
    assert.deepEqual(r.meta, { symbol: 'AAPL' });
    assert.deepEqual(r.warnings, ['m.ts:3:3: meta.interva is not used (AlgoAgent reads symbol, interval, from, to)']);
  });

  it('invalid meta: a clear error with line and column', () => {
    metaError(`export const meta = {\n  symbol: 'AAPL',\n  interval: '2h',\n};`, 3, 13, /meta\.interval "2h" is not an interval Yahoo serves \(1m, 2m/);
    metaError(`export const meta = { symbol: 'AAPL', from: '2015-13-01' };`, 1, 45, /meta\.from "2015-13-01" is not a date like 2015-01-31/);
    metaError(`export const meta = { symbol: 'AAPL', from: '01/02/2015' };`, 1, 45, /is not a date/);
    metaError(`export const meta = { symbol: 'AA PL' };`, 1, 31, /meta\.symbol "AA PL" is not a ticker symbol/);
    metaError(`const s = 'AAPL';\nexport const meta = { symbol: s };`, 2, 31, /meta\.symbol must be a string literal, e\.g\. 'AAPL'/);
    metaError(`export const meta = { symbol: \`\${'A'}APL\` };`, 1, 31, /must be a string literal/);
    metaError(`export const meta = { ...base };`, 1, 23, /only hold plain/);
    metaError(`export let meta = { symbol: 'AAPL' };`, 1, 12, /must be declared with const/);
    metaError(`export const meta = loadMeta();`, 1, 21, /must be an object literal/);
    metaError(`export const meta = { symbol: 'AAPL', from: '2020-01-01', to: '2019-01-01' };`, 1, 21, /meta\.from \(2020-01-01\) must be before meta\.to \(2019-01-01\)/);
  });

  it('a syntax error elsewhere in the file does not stop the meta from being read', () => {
    assert.deepEqual(readStrategyMeta(`export const meta = { symbol: 'AAPL' };\nexport default class S extends Strategy { next( { }`).meta, { symbol: 'AAPL' });
  });
});
