/**
 * The run chart in Chromium: an oscillator gets its own pane, the hovered trade's entry/SL/TP
 * levels appear, and 100 000 bars draw as a bucketed close line with a virtualized trades table.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import * as api from '../../src/api';
import type { Series } from '../../src/engine/series';
import type { RunView } from '../../src/results/protocol';
import { toRunView } from '../../src/results/run-view';
import { SHARED_DATA, hasShared } from '../helpers/paths';
import { builtApp, canvasInk, hasChromium, launchChromium, post, preparePanelPage, servePanel, waitRendered, type PanelServer } from './harness';

/** Buys on RSI < 35 with a stop-loss 7 % below and a take-profit 8 % above the close. */
class RsiWithStops extends api.Strategy {
  static override params = { period: 14 };
  rsi!: Series;
  override init() {
    this.rsi = this.I(api.ta.rsi(this.data.close, this.params.period as number), 'RSI');
  }
  next() {
    const c = this.data.close.at(-1)!;
    if (!this.position.size && this.rsi.at(-1)! < 35) this.buy({ sl: c * 0.93, tp: c * 1.08 });
  }
}

function randomWalk(n: number) {
  let x = 100, s = 42;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const time: number[] = [], open: number[] = [], high: number[] = [], low: number[] = [], close: number[] = [], volume: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = x;
    x *= 1 + (rnd() - 0.5) * 0.02;
    time.push(Date.UTC(1800, 0, 1) + i * 86_400_000);
    open.push(o);
    close.push(x);
    high.push(Math.max(o, x) * 1.004);
    low.push(Math.min(o, x) * 0.996);
    volume.push(1000 + i);
  }
  return api.makeBars({ time, open, high, low, close, volume, symbol: 'SYN', interval: '1d' });
}

interface ChartProbe {
  algoagent: { page: { chart(): { points: number; lineMode: boolean; levels(): { title: string; price: number }[]; chart: { panes(): unknown[]; timeScale(): { logicalToCoordinate(l: number): number | null } } } } };
}

(hasShared && hasChromium ? describe : describe.skip)('run chart in Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: PanelServer;

  before(async () => {
    server = await servePanel(await builtApp());
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function show(run: RunView): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await preparePanelPage(page, 'light');
    await page.goto(server.origin + '/');
    await page.waitForFunction(() => (window as unknown as { __rec: { posted: unknown[] } }).__rec.posted.length > 0);
    await post(page, { type: 'result', run });
    await waitRendered(page);
    return page;
  }

  it('puts the RSI in its own pane and shows the hovered trade’s entry, SL and TP', async () => {
    const bars = api.loadCsv(path.join(SHARED_DATA, 'GOOG.csv'));
    const result = new api.Backtest(bars, RsiWithStops, { cash: 10_000 }).run();
    assert.equal(result.indicators[0].overlay, false, 'the engine judged RSI an oscillator');
    const t = result.trades.find((x) => x.exitBar - x.entryBar > 5)!;
    assert.ok(t && t.sl !== null && t.tp !== null);
    const page = await show(toRunView({ result, bars, strategyPath: 'rsi.strategy.ts' }));
    assert.equal(await page.evaluate(() => (window as unknown as ChartProbe).algoagent.page.chart().chart.panes().length), 4, 'price, RSI, equity, drawdown');
    const k = result.trades.indexOf(t);
    // Hover the middle of the trade on the price pane.
    const mid = Math.round((t.entryBar + t.exitBar) / 2);
    const x = await page.evaluate((m) => (window as unknown as ChartProbe).algoagent.page.chart().chart.timeScale().logicalToCoordinate(m), mid);
    assert.ok(x !== null);
    const box = (await page.locator('.chart').boundingBox())!;
    await page.mouse.move(box.x + x!, box.y + 120);
    await page.waitForFunction(() => (window as unknown as ChartProbe).algoagent.page.chart().levels().length > 0);
    const levels = await page.evaluate(() => (window as unknown as ChartProbe).algoagent.page.chart().levels());
    assert.deepEqual(levels, [{ title: 'entry', price: t.entryPrice }, { title: 'SL', price: t.sl }, { title: 'TP', price: t.tp }]);
    assert.match(await page.textContent('.legend') ?? '', new RegExp(`Trade ${k + 1}: long`));
    await page.close();
  });

  it('draws 100 000 bars as a close line of ≤ 5 000 points; the trades table stays virtualized', async () => {
    const bars = randomWalk(100_000);
    const result = new api.Backtest(bars, RsiWithStops, { cash: 10_000 }).run();
    assert.ok(result.trades.length > 200, `${result.trades.length} trades`);
    const page = await show(toRunView({ result, bars, strategyPath: 'rsi.strategy.ts' }));
    const probe = await page.evaluate(() => {
      const c = (window as unknown as ChartProbe).algoagent.page.chart();
      return { points: c.points, lineMode: c.lineMode, ms: (window as unknown as { algoagent: { lastRenderMs: number } }).algoagent.lastRenderMs };
    });
    assert.equal(probe.lineMode, true);
    assert.equal(probe.points, 5000);
    assert.ok((await canvasInk(page)).filter((n) => n > 2000).length >= 4, 'price, RSI, equity and drawdown drawn');
    const domRows = await page.locator('.tt-body .tt-row').count();
    assert.ok(domRows < 60, `${domRows} rows in the DOM for ${result.trades.length} trades`);
    assert.equal(await page.getAttribute('.tt', 'aria-rowcount'), String(result.trades.length + 1));
    await page.close();
  });
});
