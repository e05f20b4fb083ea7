/**
 * `ta`: the indicator library. Every function takes Series or number arrays plus plain number parameters and returns
 * a Float64Array of exactly the input's length, NaN during warm-up (multi-output indicators return an object of
 * such arrays). See README.md in this folder for defaults, warm-ups and how each one was validated.
 */
import { sma } from './sma';
import { ema, rma, wma } from './moving-averages';
import { cci, mom, roc, rsi, stoch, stochRsi, williamsR } from './oscillators';
import { atr, bbands, stdev, trueRange } from './volatility';
import { adx, macd, psar } from './trend';
import { mfi, obv, vwap } from './volume';
import { highest, lowest } from './rolling';
import { patterns, patternWindows } from './patterns';
import { memoized } from './memo';

export { sma, ema, rma, wma, rsi, stoch, stochRsi, williamsR, cci, roc, mom, atr, bbands, stdev, trueRange };
export { adx, macd, psar, mfi, obv, vwap, highest, lowest, patterns, patternWindows };
export type { PatternFn, PatternName } from './patterns';

export const ta = {
  sma,
  ema,
  wma,
  rma,
  rsi,
  macd,
  bbands,
  atr,
  trueRange,
  stoch,
  stochRsi,
  adx,
  cci,
  roc,
  mom,
  obv,
  mfi,
  williamsR,
  psar,
  vwap,
  stdev,
  highest,
  lowest,
  patterns,
} as const;

// Each function on `ta` goes through the indicator memo of the running optimization, if any
// (./memo.ts); the named exports above are the plain functions.
for (const name of Object.keys(ta) as (keyof typeof ta)[]) {
  if (name !== 'patterns') (ta as Record<string, unknown>)[name] = memoized(name, ta[name] as (...args: never[]) => unknown);
}
