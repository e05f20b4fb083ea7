/**
 * The run's charts in one lightweight-charts instance, panes sharing the time axis: price
 * (candles, or a close line for very long data) with volume, overlay indicators and trade markers;
 * one pane per oscillator; equity vs buy & hold; drawdown. Long data is drawn one point per
 * bucket of bars (at most MAX_POINTS), so 100 000 bars cost what 5 000 do.
 */
import {
  AreaSeries, CandlestickSeries, ColorType, HistogramSeries, LineSeries, LineStyle, createChart, createSeriesMarkers,
  type IChartApi, type IPriceLine, type ISeriesApi, type SeriesMarker, type SeriesType, type Time, type UTCTimestamp,
} from 'lightweight-charts';
import { bucketColumn, bucketOhlcv, buyHoldCurve, makeBuckets, type Buckets } from '../src/results/derive';
import type { RunView } from '../src/results/protocol';
import { readColors, withAlpha, type ChartColors } from './theme';

export const MAX_POINTS = 5000;
/** Above this many bars the price is drawn as a close line instead of candles. */
export const LINE_ABOVE_BARS = 20_000;
const PRICE_HEIGHT = 320;
const PANE_HEIGHT = 120;

export interface RunChart {
  readonly chart: IChartApi;
  readonly points: number;
  readonly lineMode: boolean;
  /** Scrolls to the trade (index into result.trades) and shows its SL/TP. */
  selectTrade(index: number): void;
  /** The price levels shown now (entry, SL, TP of the hovered or selected trade). */
  levels(): { title: string; price: number }[];
  destroy(): void;
}

interface TradeSpan {
  entry: number;
  exit: number;
  long: boolean;
  entryPrice: number;
  sl: number | null;
  tp: number | null;
}

type AnySeries = ISeriesApi<SeriesType>;

function lineData(times: Time[], values: (number | null)[]) {
  return values.map((v, k) => (v === null ? { time: times[k] } : { time: times[k], value: v }));
}

export function drawRunChart(el: HTMLElement, run: RunView, onHoverTrade?: (index: number | null) => void): RunChart {
  const c: ChartColors = readColors();
  const r = run.result;
  const bars = run.bars;
  const n = bars.time.length;
  const b: Buckets = makeBuckets(n, MAX_POINTS);
  const times = Array.from(b.starts, (i) => Math.floor(bars.time[i] / 1000) as UTCTimestamp as Time);
  const lineMode = n > LINE_ABOVE_BARS;

  // Explicit sizes (not autoSize) so the panes get their heights and fitContent sees the real width now.
  const paneCount = 3 + r.indicators.filter((i) => !i.overlay).length;
  const height = PRICE_HEIGHT + PANE_HEIGHT * (paneCount - 1) + 28;
  el.style.height = `${height}px`;
  const chart = createChart(el, {
    width: Math.max(200, el.clientWidth),
    height,
    layout: {
      background: { type: ColorType.Solid, color: c.background },
      textColor: c.text,
      fontFamily: c.font,
      panes: { separatorColor: c.border, enableResize: true },
      // The built-in logo injects a <style> element, which the panel's CSP forbids; the page
      // footer carries the attribution and link instead (see main.ts).
      attributionLogo: false,
    },
    grid: { vertLines: { color: withAlpha(c.grid, 0.5) }, horzLines: { color: withAlpha(c.grid, 0.5) } },
    rightPriceScale: { borderColor: c.border },
    // Low minimum spacing so fitContent can show thousands of points in a narrow panel.
    timeScale: { minBarSpacing: 0.01, borderColor: c.border, timeVisible: !/^\d+(d|wk|mo)$/.test(r.data.interval), rightOffset: 2 },
    crosshair: { mode: 0 },
  });

  // Price pane.
  const ohlcv = bucketOhlcv(bars, b);
  let price: AnySeries;
  if (lineMode) {
    price = chart.addSeries(LineSeries, { color: c.line, lineWidth: 1, priceLineVisible: false, title: r.data.symbol });
    price.setData(lineData(times, bucketColumn(bars.close, b)));
  } else {
    price = chart.addSeries(CandlestickSeries, {
      upColor: c.up, downColor: c.down, borderUpColor: c.up, borderDownColor: c.down, wickUpColor: c.up, wickDownColor: c.down, priceLineVisible: false,
    });
    price.setData(ohlcv.map((o, k) => (o ? { time: times[k], open: o.open, high: o.high, low: o.low, close: o.close } : { time: times[k] })));
  }
  if (ohlcv.some((o) => o?.volume !== null && o?.volume !== undefined)) {
    const vol = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    vol.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    vol.setData(ohlcv.map((o, k) => (o && o.volume !== null ? { time: times[k], value: o.volume, color: withAlpha(o.close >= o.open ? c.up : c.down, 0.35) } : { time: times[k] })));
  }

  // Indicators: overlays on the price pane, the others one pane each.
  let pane = 1;
  let colorIndex = 0;
  for (const ind of r.indicators) {
    const target = ind.overlay ? 0 : pane++;
    for (const [key, values] of Object.entries(ind.lines)) {
      const color = ind.color ?? c.palette[colorIndex++ % c.palette.length];
      const s = chart.addSeries(LineSeries, {
        color, lineWidth: 1, priceLineVisible: false, lastValueVisible: false,
        lineVisible: !ind.scatter, pointMarkersVisible: ind.scatter, pointMarkersRadius: 2,
        title: key ? `${ind.name} ${key}` : ind.name,
      }, target);
      s.setData(lineData(times, bucketColumn(values, b)));
    }
  }

  // Equity vs buy & hold, then drawdown.
  const equityPane = pane++;
  const eq = chart.addSeries(LineSeries, { color: c.line, lineWidth: 2, priceLineVisible: false, title: 'Equity' }, equityPane);
  eq.setData(lineData(times, bucketColumn(r.equity, b)));
  const bh = chart.addSeries(LineSeries, { color: c.buyHold, lineWidth: 1, lineStyle: LineStyle.Dashed, priceLineVisible: false, title: 'Buy & hold' }, equityPane);
  bh.setData(lineData(times, bucketColumn(buyHoldCurve(bars.close, r.equity, r.startBar), b)));
  const ddPane = pane++;
  const dd = chart.addSeries(AreaSeries, {
    lineColor: c.drawdown, topColor: withAlpha(c.drawdown, 0.05), bottomColor: withAlpha(c.drawdown, 0.4), lineWidth: 1,
    priceLineVisible: false, title: 'Drawdown %', invertFilledArea: true,
  }, ddPane);
  dd.setData(lineData(times, bucketColumn(r.drawdown, b, 'max').map((v) => (v === null ? null : -v))));

  chart.panes().forEach((p, k) => p.setStretchFactor(k === 0 ? PRICE_HEIGHT : PANE_HEIGHT));
  const resize = new ResizeObserver(() => {
    if (el.clientWidth > 0) chart.resize(el.clientWidth, height);
  });
  resize.observe(el);

  // Trade markers: entry arrows (long up below, short down above), exit circles coloured by outcome.
  const spans: TradeSpan[] = r.trades.map((t) => ({ entry: t.entryBar, exit: t.exitBar, long: t.size > 0, entryPrice: t.entryPrice, sl: t.sl, tp: t.tp }));
  const markers: SeriesMarker<Time>[] = [];
  r.trades.forEach((t, k) => {
    const long = t.size > 0;
    markers.push({ time: times[b.of(t.entryBar)], position: long ? 'belowBar' : 'aboveBar', shape: long ? 'arrowUp' : 'arrowDown', color: long ? c.up : c.down, id: `e${k}` });
    markers.push({ time: times[b.of(t.exitBar)], position: long ? 'aboveBar' : 'belowBar', shape: 'circle', color: t.pnl >= 0 ? c.up : c.down, id: `x${k}`, size: 0.6 });
  });
  for (const t of r.openTrades) {
    const long = t.size > 0;
    markers.push({ time: times[b.of(t.entryBar)], position: long ? 'belowBar' : 'aboveBar', shape: long ? 'arrowUp' : 'arrowDown', color: c.line, text: 'open' });
    spans.push({ entry: t.entryBar, exit: n - 1, long, entryPrice: t.entryPrice, sl: t.sl, tp: t.tp });
  }
  markers.sort((x, y) => (x.time as number) - (y.time as number));
  createSeriesMarkers(price, markers);

  // SL / TP / entry of the hovered or selected trade.
  let levels: IPriceLine[] = [];
  let shown = -1;
  const showLevels = (k: number) => {
    if (k === shown) return;
    shown = k;
    levels.forEach((l) => price.removePriceLine(l));
    levels = [];
    const s = spans[k];
    if (!s) return;
    levels.push(price.createPriceLine({ price: s.entryPrice, color: c.line, lineStyle: LineStyle.Dotted, lineWidth: 1, axisLabelVisible: true, title: 'entry' }));
    if (s.sl !== null) levels.push(price.createPriceLine({ price: s.sl, color: c.down, lineStyle: LineStyle.Dashed, lineWidth: 1, axisLabelVisible: true, title: 'SL' }));
    if (s.tp !== null) levels.push(price.createPriceLine({ price: s.tp, color: c.up, lineStyle: LineStyle.Dashed, lineWidth: 1, axisLabelVisible: true, title: 'TP' }));
  };
  chart.subscribeCrosshairMove((p) => {
    if (p.logical === undefined || p.logical === null) return;
    const bucket = Math.round(p.logical);
    let hit = -1;
    for (let k = 0; k < spans.length; k++) {
      if (b.of(spans[k].entry) <= bucket && bucket <= b.of(spans[k].exit)) hit = k;
    }
    if (hit >= 0) showLevels(hit);
    onHoverTrade?.(hit >= 0 && hit < r.trades.length ? hit : null);
  });

  chart.timeScale().fitContent();

  return {
    chart,
    points: times.length,
    lineMode,
    selectTrade(index: number) {
      const t = r.trades[index];
      if (!t) return;
      const from = b.of(t.entryBar);
      const to = b.of(t.exitBar);
      const pad = Math.max(10, Math.round((to - from) * 0.6));
      chart.timeScale().setVisibleLogicalRange({ from: from - pad, to: to + pad });
      shown = -1;
      showLevels(index);
    },
    levels: () => price.priceLines().map((l) => ({ title: l.options().title, price: l.options().price })),
    destroy() {
      resize.disconnect();
      chart.remove();
    },
  };
}
