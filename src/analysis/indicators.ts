/**
 * What the analysis knows about every `ta.*` function: inputs, parameters with their defaults and
 * valid ranges, outputs, formula and warm-up. Kept as data (the language server must not load the
 * engine and its indicator package to answer a hover); test/server/catalog.test.ts checks every
 * entry against the real `ta` object: names, defaults, range checks and warm-up lengths.
 */
import { editDistance } from '../text/edit-distance';

export interface IndicatorParam {
  name: string;
  /** Undefined when the parameter is required. */
  default?: number;
  /** Smallest valid value (inclusive unless `strict`). */
  min: number;
  strict?: boolean;
  /** Must be a whole number. */
  whole: boolean;
}

export interface Indicator {
  name: string;
  /** Series arguments, in order. */
  inputs: readonly string[];
  params: readonly IndicatorParam[];
  /** Keys of a multi-output indicator's result; undefined for a single Float64Array. */
  outputs?: readonly string[];
  summary: string;
  formula: string;
  typical: string;
  /** Leading NaNs of each output for NaN-free input (key '' for a single output). */
  warmup: (p: readonly number[]) => Record<string, number>;
  warmupText: string;
  /** A check across parameters (all given as literals); returns the problem or undefined. */
  relation?: (p: readonly number[]) => string | undefined;
}

const period = (def: number | undefined, name = 'period'): IndicatorParam => ({ name, default: def, min: 1, whole: true });
const one = (n: number) => ({ '': n });
const HLC = ['high', 'low', 'close'] as const;

const list: Indicator[] = [
  {
    name: 'sma', inputs: ['src'], params: [period(undefined)],
    summary: 'Simple moving average.', formula: 'SMA[i] = mean(x[i−n+1 … i])', typical: 'n = 10, 20, 50, 200',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
  },
  {
    name: 'ema', inputs: ['src'], params: [period(20)],
    summary: 'Exponential moving average (SMA seed).', formula: 'EMA[i] = EMA[i−1] + α·(x[i] − EMA[i−1]), α = 2/(n+1)', typical: 'n = 12, 26, 50',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
  },
  {
    name: 'wma', inputs: ['src'], params: [period(20)],
    summary: 'Weighted moving average with linear weights 1…n.', formula: 'WMA[i] = Σ j·x[i−n+j] / (n(n+1)/2)', typical: 'n = 10, 20',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
  },
  {
    name: 'rma', inputs: ['src'], params: [period(14)],
    summary: "Wilder's moving average (RMA / SMMA).", formula: 'RMA[i] = RMA[i−1] + (x[i] − RMA[i−1])/n', typical: 'n = 14',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
  },
  {
    name: 'rsi', inputs: ['src'], params: [period(14)],
    summary: 'Relative Strength Index (Wilder), 0…100.', formula: 'RSI = 100 − 100/(1 + avgGain/avgLoss), Wilder-smoothed gains and losses', typical: 'n = 14; levels 30 / 70',
    warmup: (p) => one(p[0]), warmupText: 'n bars',
  },
  {
    name: 'macd', inputs: ['src'], params: [period(12, 'fast'), period(26, 'slow'), period(9, 'signal')], outputs: ['macd', 'signal', 'histogram'],
    summary: 'Moving Average Convergence Divergence.', formula: 'macd = EMA(x, fast) − EMA(x, slow); signal = EMA(macd, signal); histogram = macd − signal',
    typical: 'fast 12, slow 26, signal 9',
    warmup: (p) => ({ macd: p[1] - 1, signal: p[1] + p[2] - 2, histogram: p[1] + p[2] - 2 }), warmupText: 'macd slow − 1; signal and histogram slow + signal − 2 bars',
    relation: (p) => (p[0] >= p[1] ? `fast (${p[0]}) must be less than slow (${p[1]})` : undefined),
  },
  {
    name: 'bbands', inputs: ['src'], params: [period(20), { name: 'mult', default: 2, min: 0, whole: false }], outputs: ['upper', 'middle', 'lower'],
    summary: 'Bollinger Bands.', formula: 'middle = SMA(x, n); upper/lower = middle ± mult·σ (population σ over n bars)', typical: 'n 20, mult 2',
    warmup: (p) => ({ upper: p[0] - 1, middle: p[0] - 1, lower: p[0] - 1 }), warmupText: 'n − 1 bars',
  },
  {
    name: 'stdev', inputs: ['src'], params: [{ name: 'period', default: 20, min: 1, whole: true }, { name: 'ddof', default: 1, min: 0, whole: true }],
    summary: 'Rolling standard deviation (ddof 1 = sample, 0 = population).', formula: 'σ = sqrt(Σ(x − mean)² / (n − ddof)) over the last n bars', typical: 'n 20',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
    relation: (p) => (p[0] < p[1] + 1 ? `period (${p[0]}) must be at least ddof + 1 (${p[1] + 1})` : undefined),
  },
  {
    name: 'atr', inputs: HLC, params: [period(14)],
    summary: 'Average true range (Wilder).', formula: 'ATR[i] = ATR[i−1] + (TR[i] − ATR[i−1])/n, TR = max(high − low, |high − prevClose|, |low − prevClose|)', typical: 'n = 14',
    warmup: (p) => one(p[0]), warmupText: 'n bars',
  },
  {
    name: 'trueRange', inputs: HLC, params: [],
    summary: 'True range.', formula: 'TR[i] = max(high[i] − low[i], |high[i] − close[i−1]|, |low[i] − close[i−1]|)', typical: '—',
    warmup: () => one(1), warmupText: '1 bar',
  },
  {
    name: 'stoch', inputs: HLC, params: [period(14), period(3, 'smoothK'), period(3, 'smoothD')], outputs: ['k', 'd'],
    summary: 'Stochastic oscillator (slow form), 0…100.', formula: 'raw = 100·(close − lowest(low, n))/(highest(high, n) − lowest(low, n)); k = SMA(raw, smoothK); d = SMA(k, smoothD)',
    typical: '14, 3, 3; levels 20 / 80',
    warmup: (p) => ({ k: p[0] + p[1] - 2, d: p[0] + p[1] + p[2] - 3 }), warmupText: 'k n + smoothK − 2; d one more smoothD − 1 bars',
  },
  {
    name: 'stochRsi', inputs: ['src'], params: [period(14, 'rsiPeriod'), period(14, 'stochPeriod'), period(3, 'kPeriod'), period(3, 'dPeriod')], outputs: ['k', 'd'],
    summary: 'Stochastic RSI, 0…100.', formula: 'stochastic of rsi(x, rsiPeriod) over stochPeriod; k = SMA(raw, kPeriod); d = SMA(k, dPeriod)', typical: '14, 14, 3, 3',
    warmup: (p) => ({ k: p[0] + p[1] + p[2] - 2, d: p[0] + p[1] + p[2] + p[3] - 3 }), warmupText: 'k rsiPeriod + stochPeriod + kPeriod − 2; d + dPeriod − 1 bars',
  },
  {
    name: 'adx', inputs: HLC, params: [period(14)], outputs: ['adx', 'plusDi', 'minusDi'],
    summary: 'Average Directional Index with +DI and −DI (Wilder).', formula: 'DX = 100·|+DI − −DI|/(+DI + −DI); ADX = Wilder average of DX', typical: 'n = 14; trend when ADX > 25',
    warmup: (p) => ({ adx: 2 * p[0] - 1, plusDi: p[0], minusDi: p[0] }), warmupText: 'adx 2n − 1; DIs n bars',
  },
  {
    name: 'cci', inputs: HLC, params: [period(20)],
    summary: 'Commodity Channel Index.', formula: 'tp = (h + l + c)/3; CCI = (tp − SMA(tp, n))/(0.015 · meanDeviation(tp, n))', typical: 'n = 20; levels −100 / +100',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
  },
  {
    name: 'roc', inputs: ['src'], params: [period(10)],
    summary: 'Rate of change in percent.', formula: 'ROC[i] = 100·(x[i] − x[i−n])/x[i−n]', typical: 'n = 10, 12',
    warmup: (p) => one(p[0]), warmupText: 'n bars',
  },
  {
    name: 'mom', inputs: ['src'], params: [period(10)],
    summary: 'Momentum.', formula: 'MOM[i] = x[i] − x[i−n]', typical: 'n = 10',
    warmup: (p) => one(p[0]), warmupText: 'n bars',
  },
  {
    name: 'obv', inputs: ['close', 'volume'], params: [],
    summary: 'On-balance volume.', formula: 'OBV[i] = OBV[i−1] ± volume[i] as the close rose / fell (OBV[0] = 0)', typical: '—',
    warmup: () => one(0), warmupText: 'none',
  },
  {
    name: 'mfi', inputs: ['high', 'low', 'close', 'volume'], params: [period(14)],
    summary: 'Money Flow Index, 0…100.', formula: 'MFI = 100 − 100/(1 + Σ positive flow / Σ negative flow), flow = tp·volume', typical: 'n = 14; levels 20 / 80',
    warmup: (p) => one(p[0]), warmupText: 'n bars',
  },
  {
    name: 'williamsR', inputs: HLC, params: [period(14)],
    summary: 'Williams %R, −100…0.', formula: '%R = −100·(highest(high, n) − close)/(highest(high, n) − lowest(low, n))', typical: 'n = 14; levels −80 / −20',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
  },
  {
    name: 'psar', inputs: ['high', 'low'], params: [{ name: 'step', default: 0.02, min: 0, strict: true, whole: false }, { name: 'max', default: 0.2, min: 0, whole: false }],
    summary: 'Parabolic SAR (Wilder).', formula: 'SAR += AF·(EP − SAR); AF grows by step up to max on each new extreme; flips when price crosses SAR', typical: 'step 0.02, max 0.2',
    warmup: () => one(1), warmupText: '1 bar',
    relation: (p) => (p[1] < p[0] ? `max (${p[1]}) must be at least step (${p[0]})` : undefined),
  },
  {
    name: 'vwap', inputs: ['high', 'low', 'close', 'volume'], params: [],
    summary: 'Volume-weighted average price, cumulative from the first bar (no session resets).', formula: 'VWAP[i] = Σ tp·volume / Σ volume, tp = (h + l + c)/3', typical: '—',
    warmup: () => one(0), warmupText: 'none',
  },
  {
    name: 'highest', inputs: ['src'], params: [period(14)],
    summary: 'Highest value over the last n bars.', formula: 'max(x[i−n+1 … i])', typical: 'n = 20 (Donchian), 55',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
  },
  {
    name: 'lowest', inputs: ['src'], params: [period(14)],
    summary: 'Lowest value over the last n bars.', formula: 'min(x[i−n+1 … i])', typical: 'n = 20 (Donchian), 55',
    warmup: (p) => one(p[0] - 1), warmupText: 'n − 1 bars',
  },
];

export const INDICATORS: ReadonlyMap<string, Indicator> = new Map(list.map((i) => [i.name, i]));

/** Candlestick detectors under `ta.patterns`, with the bars each looks at. */
export const PATTERNS: Readonly<Record<string, number>> = {
  abandonedBaby: 3, bearishEngulfingPattern: 2, bullishEngulfingPattern: 2, darkCloudCover: 2, downsideTasukiGap: 3,
  doji: 1, dragonFlyDoji: 1, graveStoneDoji: 1, bullishHarami: 2, bearishHarami: 2, bullishHaramiCross: 2,
  bearishHaramiCross: 2, eveningDojiStar: 3, eveningStar: 3, morningDojiStar: 3, morningStar: 3, bullishMarubozu: 1,
  bearishMarubozu: 1, piercingLine: 2, bullishSpinningTop: 1, bearishSpinningTop: 1, threeBlackCrows: 3,
  threeWhiteSoldiers: 3, bullishHammerStick: 1, bearishHammerStick: 1, bullishInvertedHammerStick: 1,
  bearishInvertedHammerStick: 1, hammerPattern: 5, hammerPatternUnconfirmed: 5, hangingMan: 5,
  hangingManUnconfirmed: 5, shootingStar: 5, shootingStarUnconfirmed: 5, tweezerTop: 5, tweezerBottom: 5,
  bullish: 5, bearish: 5,
};

export const PATTERN_INPUTS = ['open', 'high', 'low', 'close'] as const;

/** Default argument text for a Series input in snippets and fixes. */
export function inputArgument(input: string): string {
  return `this.data.${input === 'src' ? 'close' : input}`;
}

/** `sma(src, period)` style signature with defaults. */
export function signature(ind: Indicator): string {
  const params = ind.params.map((p) => (p.default === undefined ? p.name : `${p.name} = ${p.default}`));
  const out = ind.outputs ? ` → { ${ind.outputs.join(', ')} }` : ' → Float64Array';
  return `ta.${ind.name}(${[...ind.inputs, ...params].join(', ')})${out}`;
}

/** The problem with one literal parameter value, or undefined when it is valid. */
export function paramProblem(p: IndicatorParam, v: number): string | undefined {
  if (!Number.isFinite(v)) return `${p.name} must be a finite number, got ${v}`;
  if (p.whole && !Number.isInteger(v)) return `${p.name} must be a whole number ≥ ${p.min}, got ${v}`;
  if (p.strict ? !(v > p.min) : !(v >= p.min)) return `${p.name} must be ${p.whole ? 'a whole number ' : ''}${p.strict ? '>' : '≥'} ${p.min}, got ${v}`;
  return undefined;
}

/** Closest known name (case-insensitive equal or at most 2 edits, and unique), for "did you mean". */
export function closestName(name: string, names: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = 3;
  let tie = false;
  for (const n of names) {
    const d = n.toLowerCase() === lower ? 0 : editDistance(lower, n.toLowerCase());
    if (d < bestD) { best = n; bestD = d; tie = false; } else if (d === bestD) tie = true;
  }
  return best && !tie && bestD <= Math.min(2, Math.max(0, Math.floor(name.length / 3))) ? best : undefined;
}

