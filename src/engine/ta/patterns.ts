/**
 * Candlestick patterns, delegated to the technicalindicators package (v3.1.0): its detectors are used as they are,
 * including their thresholds and quirks; this module only slides them along the series.
 *
 * `patterns.<name>(open, high, low, close)` returns a Float64Array of the input's length with 1 on the bar where
 * the pattern completes and 0 elsewhere. Bar i is evaluated on the `window` bars ending at i (the count the detector
 * requires, see `patternWindows`), so the first window−1 bars are always 0. NaN inputs make the detectors answer false.
 * `bullish` / `bearish` are 1 where any of the library's bullish / bearish patterns completes.
 */
import * as ti from 'technicalindicators';
import { type Source } from '../series';
import { aligned } from './util';

interface Candles {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
}
type Detector = (data: Candles) => unknown;

/** name → [technicalindicators detector, bars it needs]. The bar counts are the detectors' `requiredCount`. */
const TABLE = {
  abandonedBaby: [ti.abandonedbaby, 3],
  bearishEngulfingPattern: [ti.bearishengulfingpattern, 2],
  bullishEngulfingPattern: [ti.bullishengulfingpattern, 2],
  darkCloudCover: [ti.darkcloudcover, 2],
  downsideTasukiGap: [ti.downsidetasukigap, 3],
  doji: [ti.doji, 1],
  dragonFlyDoji: [ti.dragonflydoji, 1],
  graveStoneDoji: [ti.gravestonedoji, 1],
  bullishHarami: [ti.bullishharami, 2],
  bearishHarami: [ti.bearishharami, 2],
  bullishHaramiCross: [ti.bullishharamicross, 2],
  bearishHaramiCross: [ti.bearishharamicross, 2],
  eveningDojiStar: [ti.eveningdojistar, 3],
  eveningStar: [ti.eveningstar, 3],
  morningDojiStar: [ti.morningdojistar, 3],
  morningStar: [ti.morningstar, 3],
  bullishMarubozu: [ti.bullishmarubozu, 1],
  bearishMarubozu: [ti.bearishmarubozu, 1],
  piercingLine: [ti.piercingline, 2],
  bullishSpinningTop: [ti.bullishspinningtop, 1],
  bearishSpinningTop: [ti.bearishspinningtop, 1],
  threeBlackCrows: [ti.threeblackcrows, 3],
  threeWhiteSoldiers: [ti.threewhitesoldiers, 3],
  bullishHammerStick: [ti.bullishhammerstick, 1],
  bearishHammerStick: [ti.bearishhammerstick, 1],
  bullishInvertedHammerStick: [ti.bullishinvertedhammerstick, 1],
  bearishInvertedHammerStick: [ti.bearishinvertedhammerstick, 1],
  hammerPattern: [ti.hammerpattern, 5],
  hammerPatternUnconfirmed: [ti.hammerpatternunconfirmed, 5],
  hangingMan: [ti.hangingman, 5],
  hangingManUnconfirmed: [ti.hangingmanunconfirmed, 5],
  shootingStar: [ti.shootingstar, 5],
  shootingStarUnconfirmed: [ti.shootingstarunconfirmed, 5],
  tweezerTop: [ti.tweezertop, 5],
  tweezerBottom: [ti.tweezerbottom, 5],
} as const satisfies Record<string, readonly [Detector, number]>;

type SingleName = keyof typeof TABLE;

/** The patterns technicalindicators' `bullish()` / `bearish()` combine (lib/candlestick/Bullish.js, Bearish.js). */
const BULLISH: readonly SingleName[] = [
  'bullishEngulfingPattern', 'downsideTasukiGap', 'bullishHarami', 'bullishHaramiCross', 'morningDojiStar', 'morningStar',
  'bullishMarubozu', 'piercingLine', 'threeWhiteSoldiers', 'bullishHammerStick', 'bullishInvertedHammerStick',
  'hammerPattern', 'hammerPatternUnconfirmed', 'tweezerBottom',
];
const BEARISH: readonly SingleName[] = [
  'bearishEngulfingPattern', 'bearishHarami', 'bearishHaramiCross', 'eveningDojiStar', 'eveningStar', 'bearishMarubozu',
  'threeBlackCrows', 'bearishHammerStick', 'bearishInvertedHammerStick', 'hangingMan', 'hangingManUnconfirmed',
  'shootingStar', 'shootingStarUnconfirmed', 'tweezerTop',
];

/** Names of the available patterns. */
export type PatternName = SingleName | 'bullish' | 'bearish';

/** A pattern detector over whole series: 1 where the pattern completes, else 0. */
export type PatternFn = (open: Source, high: Source, low: Source, close: Source) => Float64Array;

/** Slides `detect` over windows of `window` bars. */
function slide(name: string, detect: Detector, window: number): PatternFn {
  return (open, high, low, close) => {
    const [o, h, l, c] = aligned(`patterns.${name}`, ['open', 'high', 'low', 'close'], [open, high, low, close]);
    const n = c.length;
    const out = new Float64Array(n);
    // One window object, refilled per bar (the detectors only read it).
    const data: Candles = { open: new Array<number>(window), high: new Array<number>(window), low: new Array<number>(window), close: new Array<number>(window) };
    for (let i = window - 1; i < n; i++) {
      const a = i - window + 1;
      for (let j = 0; j < window; j++) {
        data.open[j] = o[a + j];
        data.high[j] = h[a + j];
        data.low[j] = l[a + j];
        data.close[j] = c[a + j];
      }
      if (detect(data)) out[i] = 1;
    }
    return out;
  };
}

/** How many bars each pattern looks at (bullish / bearish: up to 5). Single patterns are 0 on the first window−1 bars. */
export const patternWindows = Object.freeze({
  ...Object.fromEntries(Object.entries(TABLE).map(([name, [, w]]) => [name, w])),
  bullish: 5,
  bearish: 5,
}) as Readonly<Record<PatternName, number>>;

const singles = Object.fromEntries(Object.entries(TABLE).map(([name, [detect, w]]) => [name, slide(name, detect, w)])) as Record<SingleName, PatternFn>;

/**
 * 1 where any of `members` completes. Equal to technicalindicators' bullish() / bearish() judged on the bars up to
 * each bar, but without asking the 5-bar detectors about shorter histories (which makes the library log warnings).
 */
function anyOf(name: string, members: readonly SingleName[]): PatternFn {
  return (open, high, low, close) => {
    aligned(`patterns.${name}`, ['open', 'high', 'low', 'close'], [open, high, low, close]);
    const out = singles[members[0]](open, high, low, close);
    for (const m of members.slice(1)) {
      const r = singles[m](open, high, low, close);
      for (let i = 0; i < out.length; i++) if (r[i] === 1) out[i] = 1;
    }
    return out;
  };
}

/** Candlestick patterns from technicalindicators as whole-series detectors, e.g. `patterns.bullishEngulfingPattern(o, h, l, c)`. */
export const patterns = Object.freeze({ ...singles, bullish: anyOf('bullish', BULLISH), bearish: anyOf('bearish', BEARISH) }) as Readonly<Record<PatternName, PatternFn>>;
