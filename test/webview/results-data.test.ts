/** The pure parts of the results panel: formatting, derived curves, buckets, heatmap, exports, page HTML. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Stats } from '../../src/engine/stats';
import { bucketColumn, bucketOhlcv, buyHoldCurve, makeBuckets, runWarnings } from '../../src/results/derive';
import { exportFile, exportFormats } from '../../src/results/export-file';
import { equityCsv, statsJson, tradesCsv } from '../../src/results/exports';
import { DASH, STATS, bestOf, formatValue, signClass } from '../../src/results/format';
import { heatmapCells, topCombos } from '../../src/results/heatmap';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../src/results/panel-html';
import { isPanelState, type OptimizationCombo, type RunView } from '../../src/results/protocol';
import { barsForSpec } from '../../src/results/run-bars';
import { toRunView } from '../../src/results/run-view';
import { SHARED_DATA, hasShared } from '../helpers/paths';
import { referenceRun } from './harness';

describe('results: formatting', () => {
  it('shows null, NaN and ±∞ as a dash, numbers by unit', () => {
    for (const u of ['pct', 'ratio', 'money', 'days', 'count'] as const) {
      assert.equal(formatValue(null, u), DASH);
      assert.equal(formatValue(NaN, u), DASH);
      assert.equal(formatValue(Infinity, u), DASH);
    }
    assert.equal(formatValue(1234.5678, 'pct'), '1,234.57 %');
    assert.equal(formatValue(-0.001, 'pct'), '0.00 %');
    assert.equal(formatValue(-0, 'ratio'), '0.000');
    assert.equal(formatValue(-0.6012, 'ratio'), '-0.601');
    assert.equal(formatValue(10563.954, 'money'), '10,563.95');
    assert.equal(formatValue(3.25, 'days'), '3.3 d');
    assert.equal(formatValue(3094, 'days'), '3,094 d');
    assert.equal(formatValue('2004-08-19T00:00:00.000Z', 'date'), '2004-08-19');
    assert.equal(formatValue('2024-01-02T09:30:00Z', 'date'), '2024-01-02 09:30');
  });

  it('colours by sign only the signed figures; finds the best run per statistic', () => {
    assert.equal(signClass('returnPct', 5), 'pos');
    assert.equal(signClass('returnPct', -5), 'neg');
    assert.equal(signClass('returnPct', null), '');
    assert.equal(signClass('trades', 5), '');
    assert.equal(bestOf('returnPct', [1, null, 3, 3]), 2, 'first of ties; null skipped');
    assert.equal(bestOf('volatilityAnnPct', [20, 10, 30]), 1, 'lower is better');
    assert.equal(bestOf('maxDrawdownPct', [-30, -12, -50]), 1, 'the shallowest drawdown');
    assert.equal(bestOf('beta', [1, 2]), -1, 'not comparable');
    assert.equal(bestOf('sharpeRatio', [null, null]), -1);
    assert.equal(new Set(STATS.map((d) => d.key)).size, 32, 'every statistic once');
  });
});

describe('results: derived figures and drawing buckets', () => {
  it('buckets 100 000 bars into 5 000 points; OHLCV and columns aggregate per bucket', () => {
    const b = makeBuckets(100_000, 5000);
    assert.equal(b.width, 20);
    assert.equal(b.starts.length, 5000);
    assert.equal(b.of(99_999), 4999);
    assert.equal(makeBuckets(10, 5000).width, 1);
    const small = makeBuckets(5, 2); // width 3: [0..2], [3..4]
    const bars = { time: [1, 2, 3, 4, 5], open: [10, 11, 12, 13, 14], high: [11, 15, 13, 14, 20], low: [9, 8, 11, 12, 13], close: [10.5, 12, 12.5, 13.5, null], volume: [100, null, 50, 10, 10] };
    assert.deepEqual(bucketOhlcv(bars, small), [{ open: 10, high: 15, low: 8, close: 12.5, volume: 150 }, { open: 13, high: 14, low: 12, close: 13.5, volume: 10 }]);
    assert.deepEqual(bucketColumn([1, 5, null, 2, NaN], small), [5, 2]);
    assert.deepEqual(bucketColumn([1, 5, 3, 2, 7], small, 'max'), [5, 7]);
  });

  it('buy & hold starts at the strategy’s start value and ends at the buy & hold return', async function () {
    if (!hasShared) this.skip();
    this.timeout(30_000);
    const { view, result } = await referenceRun();
    const bh = buyHoldCurve(view.bars.close, view.result.equity, view.result.startBar);
    assert.equal(bh[0], 10_000);
    assert.equal(bh[view.result.startBar - 1], 10_000);
    assert.ok(Math.abs((bh.at(-1)! / 10_000 - 1) * 100 - result.stats.buyHoldReturnPct!) < 1e-9);
  });

  it('warns about open trades, fewer than 30 trades, no trades, and engine warnings', () => {
    const base = { openTrades: [], trades: [], log: [] } as unknown as RunView['result'];
    assert.deepEqual(runWarnings(base).map((w) => w.id), ['no-trades']);
    const few = { ...base, trades: new Array(12).fill({}), openTrades: [{}], log: [{ level: 'warning', message: 'Broker canceled an order: insufficient margin', bar: 3, time: '' }, { level: 'warning', message: '1 trade remain open', bar: 9, time: '' }] } as unknown as RunView['result'];
    const w = runWarnings(few);
    assert.deepEqual(w.map((x) => x.id), ['open-trades', 'few-trades', 'engine']);
    assert.match(w[0].text, /1 trade still open at the end, excluded from trade statistics/);
    assert.match(w[1].text, /12 closed trades \(fewer than 30\)/);
    assert.deepEqual(runWarnings({ ...base, trades: new Array(30).fill({}) } as unknown as RunView['result']), []);
  });
});

describe('results: optimization heatmap', () => {
  const combos: OptimizationCombo[] = [];
  for (const a of [1, 2]) for (const b of [10, 20, 30]) for (const c of [0, 1]) combos.push({ params: { a, b, c }, stats: { sqn: a * 100 + b + c * 5 } as unknown as Stats });
  combos.push({ params: { a: 3, b: 10, c: 0 }, stats: { sqn: null } as unknown as Stats });

  it('reduces the other parameters by max or mean; missing cells are null', () => {
    const max = heatmapCells(combos, 'a', 'b', 'sqn', 'max');
    assert.deepEqual(max.xs, [1, 2, 3]);
    assert.deepEqual(max.ys, [10, 20, 30]);
    assert.deepEqual(max.cells, [[115, 215, null], [125, 225, null], [135, 235, null]]);
    const mean = heatmapCells(combos, 'a', 'b', 'sqn', 'mean');
    assert.deepEqual(mean.cells[0], [112.5, 212.5, null]);
  });

  it('lists the best combinations first, missing metrics last', () => {
    const top = topCombos(combos, 'sqn', 3);
    assert.deepEqual(top.map((c) => c.stats.sqn), [235, 230, 225]);
    assert.equal(topCombos(combos, 'sqn', 100).at(-1)!.stats.sqn, null);
  });
});

(hasShared ? describe : describe.skip)('results: run view and exports of the reference run', function () {
  this.timeout(30_000);
  let ref: Awaited<ReturnType<typeof referenceRun>>;
  before(async () => {
    ref = await referenceRun();
  });

  it('the run view carries JSON columns (NaN → null), the bars, and one log of engine, console and runner lines', () => {
    const v = ref.view;
    assert.equal(v.bars.time.length, ref.bars.close.length);
    assert.equal(v.result.equity.length, ref.bars.close.length);
    assert.ok(Array.isArray(v.result.equity));
    const sma = v.result.indicators[0].lines[Object.keys(v.result.indicators[0].lines)[0]];
    assert.equal(sma[0], null, 'warm-up NaN became null');
    assert.deepEqual(JSON.parse(JSON.stringify(v.result.stats)), JSON.parse(JSON.stringify(ref.result.stats)));
    assert.deepEqual(v.log.map((l) => l.source), ['engine', 'console']);
    assert.equal(v.name, 'SmaCross');
    assert.throws(() => toRunView({ result: ref.result, bars: { ...v.bars, time: v.bars.time.slice(1) }, strategyPath: 'x' }), /bars \(2147\) and the result's equity \(2148\) differ/);
  });

  it('trades CSV: a header, one row per closed trade, then the open trade; fields quoted when needed', () => {
    const run: RunView = JSON.parse(JSON.stringify(ref.view));
    run.result.trades[0].tag = 'a, "quoted" tag';
    const lines = tradesCsv(run).trimEnd().split('\r\n');
    assert.equal(lines.length, 1 + ref.result.trades.length + ref.result.openTrades.length);
    assert.equal(lines[0], 'entryBar,exitBar,entryTime,exitTime,side,size,entryPrice,exitPrice,pnl,returnPct,commission,sl,tp,durationDays,tag');
    assert.ok(lines[1].endsWith(',"a, ""quoted"" tag"'));
    const t = ref.result.trades[1];
    assert.equal(lines[2].split(',')[8], String(t.pnl));
    assert.match(lines.at(-1)!, /(long|short) \(open\)/);
  });

  it('equity CSV: one row per bar with drawdown and buy & hold; statistics JSON parses back', () => {
    const lines = equityCsv(ref.view).trimEnd().split('\r\n');
    assert.equal(lines.length, ref.bars.close.length + 1);
    assert.equal(lines[0], 'time,close,equity,drawdownPct,buyHoldEquity');
    const last = lines.at(-1)!.split(',');
    assert.equal(Number(last[2]), ref.result.equity.at(-1));
    const stats = JSON.parse(statsJson(ref.view));
    assert.equal(stats.stats.sharpeRatio, ref.result.stats.sharpeRatio);
    assert.equal(stats.openTrades, 1);
  });

  it('export files by view: names, formats; runs only formats that fit the view', async () => {
    const view = { mode: 'run' as const, run: ref.view };
    assert.deepEqual(exportFormats(view), ['html', 'trades-csv', 'equity-csv', 'stats-json']);
    const csv = await exportFile(view, 'trades-csv');
    assert.equal(csv.fileName, 'SmaCross-GOOG-trades.csv');
    const compare = { mode: 'compare' as const, runs: [ref.view, ref.view] };
    assert.deepEqual(exportFormats(compare), ['html', 'stats-json']);
    await assert.rejects(exportFile(compare, 'trades-csv'), /not available for a compare view/);
    assert.equal(JSON.parse((await exportFile(compare, 'stats-json')).text).length, 2);
  });
});

describe('results: panel page and state', () => {
  it('has a strict CSP: nonce-only scripts, no inline styles, no remote origin', () => {
    const nonce = makeNonce((n) => new Uint8Array(n).map((_v, k) => k * 7));
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', nonce);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const html = panelHtml({ cspSource: 'https://x.vscode-cdn.net', nonce, scriptUri: 'https://x/main.js?a=1&b="2"', styleUri: 'https://x/main.css', title: '<Results>' });
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="https://x/main.js\\?a=1&amp;b=&quot;2&quot;"></script>`));
    assert.match(html, /<title>&lt;Results&gt;<\/title>/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('accepts only a saved state it can show', () => {
    assert.equal(isPanelState(undefined), false);
    assert.equal(isPanelState({ version: 2, view: { mode: 'run' } }), false);
    assert.equal(isPanelState({ version: 1, view: { mode: 'other' } }), false);
    assert.equal(isPanelState({ version: 1, view: { mode: 'compare', runs: [] } }), true);
  });

  it('resolves the bars of a DataSpec like the runner (CSV with a from/to slice, sample)', function () {
    if (!hasShared) this.skip();
    const b = barsForSpec({ kind: 'csv', path: path.join(SHARED_DATA, 'GOOG.csv'), from: '2010-01-01', to: '2010-12-31' });
    assert.ok(b.close.length > 240 && b.close.length < 260);
    assert.ok(b.time[0] >= Date.parse('2010-01-01'));
    assert.ok(barsForSpec({ kind: 'sample' }).close.length > 100);
  });
});
