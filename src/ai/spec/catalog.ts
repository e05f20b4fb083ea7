/**
 * What each spec indicator type takes and gives: parameters with defaults and limits, the output
 * lines rules can name (`macd.signal`), the value scale (for range and unit checks), and the input
 * columns. The validator, the offline parser, the code generator and the JSON Schema test read it.
 */
import type { IndicatorType, PriceField } from './types';

export interface ParamDef {
  name: string;
  default: number;
  /** Whole number ≥ min, or any finite number > min when `real`. */
  min: number;
  real?: boolean;
}

/** `price`: in the units of its source; `bounded`: stays within `range`; `free`: any number. */
export type Scale = 'price' | 'bounded' | 'free';

export interface IndicatorDef {
  params: ParamDef[];
  /** Output lines; the first is the one a bare id refers to. Empty: a single line. */
  outputs: string[];
  scale: Scale;
  /** Value range of a bounded indicator, e.g. RSI 0–100. */
  range?: [number, number];
  /** `single`: one column (`source`); `hlc` / `hlcv`: high, low, close (, volume). */
  inputs: 'single' | 'hlc' | 'hlcv';
  defaultSource?: PriceField;
  /** Human label for names and messages. */
  label: string;
}

const period = (d: number): ParamDef => ({ name: 'period', default: d, min: 1 });

export const INDICATOR_CATALOG: Record<IndicatorType, IndicatorDef> = {
  sma: { params: [period(20)], outputs: [], scale: 'price', inputs: 'single', defaultSource: 'close', label: 'SMA' },
  ema: { params: [period(20)], outputs: [], scale: 'price', inputs: 'single', defaultSource: 'close', label: 'EMA' },
  wma: { params: [period(20)], outputs: [], scale: 'price', inputs: 'single', defaultSource: 'close', label: 'WMA' },
  rsi: { params: [period(14)], outputs: [], scale: 'bounded', range: [0, 100], inputs: 'single', defaultSource: 'close', label: 'RSI' },
  macd: {
    params: [{ name: 'fast', default: 12, min: 1 }, { name: 'slow', default: 26, min: 1 }, { name: 'signal', default: 9, min: 1 }],
    outputs: ['macd', 'signal', 'histogram'], scale: 'free', inputs: 'single', defaultSource: 'close', label: 'MACD',
  },
  bbands: {
    params: [period(20), { name: 'mult', default: 2, min: 0, real: true }],
    outputs: ['middle', 'upper', 'lower'], scale: 'price', inputs: 'single', defaultSource: 'close', label: 'Bollinger Bands',
  },
  stoch: {
    params: [period(14), { name: 'smoothK', default: 3, min: 1 }, { name: 'smoothD', default: 3, min: 1 }],
    outputs: ['k', 'd'], scale: 'bounded', range: [0, 100], inputs: 'hlc', label: 'Stochastic',
  },
  cci: { params: [period(20)], outputs: [], scale: 'free', inputs: 'hlc', label: 'CCI' },
  williamsR: { params: [period(14)], outputs: [], scale: 'bounded', range: [-100, 0], inputs: 'hlc', label: 'Williams %R' },
  atr: { params: [period(14)], outputs: [], scale: 'free', inputs: 'hlc', label: 'ATR' },
  adx: { params: [period(14)], outputs: ['adx', 'plusDi', 'minusDi'], scale: 'bounded', range: [0, 100], inputs: 'hlc', label: 'ADX' },
  roc: { params: [period(10)], outputs: [], scale: 'free', inputs: 'single', defaultSource: 'close', label: 'ROC' },
  mfi: { params: [period(14)], outputs: [], scale: 'bounded', range: [0, 100], inputs: 'hlcv', label: 'MFI' },
  highest: { params: [period(20)], outputs: [], scale: 'price', inputs: 'single', defaultSource: 'high', label: 'highest' },
  lowest: { params: [period(20)], outputs: [], scale: 'price', inputs: 'single', defaultSource: 'low', label: 'lowest' },
};

/** Params with every default filled in, in catalog order. */
export function fullParams(type: IndicatorType, given: Record<string, number> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of INDICATOR_CATALOG[type].params) out[p.name] = given[p.name] ?? p.default;
  return out;
}
