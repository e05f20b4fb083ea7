/** What the History tree and quick pick show for runs (the vscode-free part of the views). */
import assert from 'node:assert/strict';
import { STATUS_ICON, formatSize, paramDifferences, quickPickLine, runDescription, runIdOfSnapshot, runLabel, runTooltip, snapshotPath } from '../../src/vscode/history-labels';
import type { RunSummary } from '../../src/store/types';

const run: RunSummary = {
  id: 12, strategy: 'strategies/sma-cross.strategy.ts', strategyName: 'SmaCross', started: '2026-03-04T05:06:07.000Z', finished: null,
  status: 'ok', kind: 'backtest', dataSource: 'bundled sample data', symbol: 'SAMPLE', interval: '1d', from: '2015-01-02T00:00:00Z', to: '2016-12-30T00:00:00Z',
  returnPct: 12.3456, sharpeRatio: 1.049, maxDrawdownPct: 8.5, trades: 14, durationMs: 1234,
};

describe('history views: labels', () => {
  it('labels a run by its date and describes it by return and Sharpe', () => {
    assert.equal(runLabel(run, 'utc'), '2026-03-04 05:06');
    assert.match(runLabel(run), /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.equal(runDescription(run), '+12.35% · Sharpe 1.05');
    assert.equal(runDescription({ ...run, returnPct: -3, sharpeRatio: null, status: 'fixed' }), '-3.00% · Sharpe — · fixed');
    assert.equal(runDescription({ ...run, returnPct: null, sharpeRatio: null, status: 'failed' }), 'failed');
  });

  it('has an icon for every status', () => {
    assert.deepStrictEqual(Object.keys(STATUS_ICON).sort(), ['cancelled', 'failed', 'fixed', 'ok']);
    assert.equal(STATUS_ICON.failed.icon, 'error');
    assert.equal(quickPickLine({ ...run, status: 'failed', returnPct: null }).label, '$(error) SmaCross');
    assert.deepStrictEqual(quickPickLine(run), {
      label: '$(pass) SmaCross',
      description: `#12 · ${runLabel(run)}`,
      detail: '+12.35% · Sharpe 1.05 · 14 trades · SAMPLE 1d · strategies/sma-cross.strategy.ts',
    });
  });

  it('writes a tooltip with data, period, figures and the failure', () => {
    const tip = runTooltip(run);
    assert.match(tip, /\*\*Run #12\*\* — strategies\/sma-cross\.strategy\.ts/);
    assert.match(tip, /Data: SAMPLE 1d \(bundled sample data\)/);
    assert.match(tip, /Period: 2015-01-02 … 2016-12-30/);
    assert.match(tip, /Return \+12\.35% · Sharpe 1\.05 · Max drawdown -8\.50% · 14 trades/);
    const failed = runTooltip({ ...run, returnPct: null, status: 'failed', failure: { kind: 'type', message: 'x is not a function', file: 'f', line: 9, column: 1, endLine: 9, endColumn: 2, stack: '', hint: '' }, warnings: [], console: [], source: null, options: {}, params: {} });
    assert.match(failed, /`type` x is not a function \(line 9\)/);
  });

  it('formats sizes, finds parameter differences and maps snapshot paths both ways', () => {
    assert.deepStrictEqual([0, 1023, 2048, 5 * 1024 * 1024 + 100].map(formatSize), ['0 B', '1023 B', '2 KB', '5.0 MB']);
    assert.deepStrictEqual(paramDifferences([{ params: { fast: 5, slow: 20 } }, { params: { fast: 8, slow: 20, extra: true } }]), ['extra', 'fast']);
    assert.equal(snapshotPath(run), '/12/sma-cross.strategy.ts');
    assert.equal(runIdOfSnapshot(snapshotPath(run)), 12);
    assert.equal(runIdOfSnapshot('/x/a.ts'), undefined);
  });
});
