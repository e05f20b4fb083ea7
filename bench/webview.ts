/**
 * Results panel benchmark: time from a `result` message to charts painted in headless Chromium
 * (Debian's /usr/bin/chromium), for the reference run (2 148 bars) and a 100 000-bar run of the
 * same strategy on synthetic daily data. Target: 100 000 bars under 1 s.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Backtest, makeBars, type Bars } from '../src/engine';
import { loadCsv } from '../src/data/csv';
import type { RunView } from '../src/results/protocol';
import { toRunView } from '../src/results/run-view';
import { buildWebview } from '../src/results/webview-build';
import { SmaCross } from './sma-cross';

const CHROMIUM = '/usr/bin/chromium';

function dailyBars(n: number): Bars {
  let x = 100;
  let s = 987654321;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const cols = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const open = x;
    x *= 1 + (rnd() - 0.5) * 0.03;
    cols.open[i] = open;
    cols.close[i] = x;
    cols.high[i] = Math.max(open, x) * (1 + rnd() * 0.01);
    cols.low[i] = Math.min(open, x) * (1 - rnd() * 0.01);
    cols.volume[i] = 1e5 + rnd() * 1e6;
    cols.time[i] = Date.UTC(1700, 0, 1) + i * 86_400_000;
  }
  return makeBars({ ...cols, symbol: 'SYN', interval: '1d' });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

export async function benchWebview(say: (line: string) => void): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    say(`webview: skipped (${CHROMIUM} not installed)`);
    return;
  }
  const root = path.resolve(__dirname, '..');
  const shared = path.resolve(root, '..', 'shared', 'data', 'GOOG.csv');
  const runs: [string, RunView][] = [];
  if (fs.existsSync(shared)) {
    const goog = loadCsv(shared);
    runs.push(['reference run, 2 148 bars', toRunView({ result: new Backtest(goog, SmaCross, { cash: 10_000, commission: 0.002 }).run(), bars: goog, strategyPath: 'sma-cross.strategy.ts' })]);
  }
  const big = dailyBars(100_000);
  const bigResult = new Backtest(big, SmaCross, { cash: 1e6, commission: 0.0005 }).run();
  runs.push([`100 000 bars, ${bigResult.trades.length} trades`, toRunView({ result: bigResult, bars: big, strategyPath: 'sma-cross.strategy.ts' })]);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-bench-webview-'));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    await buildWebview(root, dir);
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${fs.readFileSync(path.join(dir, 'main.css'), 'utf8')}</style></head>` +
      `<body class="vscode-dark"><main id="root"></main><script>${fs.readFileSync(path.join(dir, 'main.js'), 'utf8').replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
    fs.writeFileSync(path.join(dir, 'bench.html'), html);
    const figures: Record<string, number> = {};
    for (const [label, run] of runs) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`file://${path.join(dir, 'bench.html')}`);
      // The view is handed to the page once; each timed round dispatches it as a `result` message.
      await page.evaluate((r) => ((window as unknown as { __run: unknown }).__run = r), run as unknown as Record<string, unknown>);
      const times: number[] = [];
      for (let k = 0; k < 9; k++) {
        const ms = await page.evaluate(async (round) => {
          // A new id each round: the app skips a run it already shows.
          const run = { ...(window as unknown as { __run: object }).__run, id: `bench-${round}` };
          const t0 = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'result', run } }));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          if ((window as unknown as { algoagent: { view?: { run?: { id: string } } } }).algoagent.view?.run?.id !== run.id) throw new Error('the run was not shown');
          return performance.now() - t0;
        }, k);
        if (k >= 2) times.push(ms);
      }
      const canvases = await page.evaluate(() => document.querySelectorAll('canvas').length);
      await page.close();
      figures[label] = median(times);
      say(`webview render (${label}): ${median(times).toFixed(0)} ms median of ${times.length}, message → charts painted (${canvases} canvases)${label.startsWith('100 000') ? ' — target < 1000 ms' : ''}`);
    }
    const [small, large] = Object.values(figures);
    if (small && large) say(`webview render 100 000 bars / 2 148 bars = ${(large / small).toFixed(1)}× for ${(100_000 / 2148).toFixed(0)}× the bars (drawing is bucketed to ≤ 5 000 points)`);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

