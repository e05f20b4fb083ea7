/** Spec validation cases shared by the validator and JSON Schema tests: each rule with a passing and a failing edit. */
import type { StrategySpec } from '../../src/ai/spec/types';

/** A valid spec touching most features; each case below edits a copy. */
export function base(): StrategySpec {
  return {
    name: 'RSI dip with trend filter',
    description: 'Buy when RSI(14) drops below 30 above the 200-day SMA',
    symbols: ['AAPL'],
    timeframe: '1d',
    direction: 'long',
    indicators: [
      { id: 'rsi14', type: 'rsi', params: { period: 14 } },
      { id: 'sma200', type: 'sma', params: { period: 200 } },
      { id: 'macd', type: 'macd', params: {} },
      { id: 'volSma20', type: 'sma', params: { period: 20 }, source: 'volume' },
    ],
    entry: { all: [{ left: 'rsi14', op: 'crossesBelow', right: 30 }, { left: 'close', op: '>', right: 'sma200' }] },
    exit: { any: [{ left: 'rsi14', op: '>', right: 70 }] },
    risk: { stopLossPct: 5 },
    sizing: { type: 'allIn' },
  };
}

export type Edit = (s: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Case {
  rule: string;
  pass: Edit;
  fail: Edit;
  /** The exact error, or a pattern it must match. */
  error: string | RegExp;
  /** The rule needs more than a JSON Schema can say (declared ids, ranges, units, uniqueness). */
  semantic?: boolean;
}

export const CASES: Case[] = [
  { rule: 'the spec is an object', pass: () => {}, fail: () => {}, error: '' }, // handled separately below
  { rule: 'unknown top-level fields are refused', pass: (s) => (s.shortExit = undefined), fail: (s) => (s.entryRules = []), error: /^entryRules: unknown field/ },
  { rule: 'name is a non-empty string', pass: (s) => (s.name = 'x'), fail: (s) => (s.name = '  '), error: 'name: must be a non-empty string, got "  "' },
  { rule: 'name is at most 100 characters', pass: (s) => (s.name = 'n'.repeat(100)), fail: (s) => (s.name = 'n'.repeat(101)), error: 'name: is 101 characters long; keep it within 100' },
  { rule: 'description is a string', pass: (s) => (s.description = ''), fail: (s) => (s.description = 5), error: 'description: must be a string, got 5' },
  { rule: 'symbols is an array', pass: (s) => (s.symbols = []), fail: (s) => (s.symbols = 'AAPL'), error: 'symbols: must be an array of tickers, got "AAPL"' },
  { rule: 'each symbol is a ticker', pass: (s) => (s.symbols = ['BTC-USD', 'EURUSD=X', '^GSPC']), fail: (s) => (s.symbols = ['AAPL', 'NOT A TICKER']), error: 'symbols[1]: "NOT A TICKER" is not a ticker (1–20 characters, no spaces)' },
  { rule: 'timeframe is known', pass: (s) => (s.timeframe = '4h'), fail: (s) => (s.timeframe = '2h'), error: /^timeframe: "2h" is not one of 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1wk, 1mo$/ },
  { rule: 'direction is long, short or both', pass: (s) => ((s.direction = 'short'), (s.risk = {})), fail: (s) => (s.direction = 'sideways'), error: 'direction: "sideways" is not one of long, short, both' },
  { rule: 'indicators is an array', pass: (s) => ((s.indicators = []), (s.entry = { all: [{ left: 'close', op: '>', right: 100 }] }), (s.exit = { all: [] })), fail: (s) => (s.indicators = {}), error: 'indicators: must be an array, got {}' },
  { rule: 'each indicator is an object', pass: () => {}, fail: (s) => s.indicators.push('sma50'), error: 'indicators[4]: must be an object { id, type, params, source? }, got "sma50"' },
  { rule: 'indicator fields are known', pass: (s) => delete s.indicators[0].params, fail: (s) => (s.indicators[0].period = 14), error: 'indicators[0].period: unknown field (allowed: id, type, params, source)' },
  { rule: 'ids are identifiers', pass: (s) => ((s.indicators[1].id = 'trend_Filter2'), (s.entry.all[1].right = 'trend_Filter2')), fail: (s) => (s.indicators[1].id = '200sma'), error: 'indicators[1].id: "200sma" must be an identifier (a letter, then letters, digits or _), e.g. "sma50"' },
  { rule: 'ids are not price fields', pass: (s) => ((s.indicators[1].id = 'closeMa'), (s.entry.all[1].right = 'closeMa')), fail: (s) => (s.indicators[1].id = 'close'), error: 'indicators[1].id: "close" is a price field; pick another id' },
  { rule: 'ids do not clash with the strategy class', pass: (s) => ((s.indicators[1].id = 'trend'), (s.entry.all[1].right = 'trend')), fail: (s) => (s.indicators[1].id = 'position'), error: 'indicators[1].id: "position" is a name the strategy class already uses; pick another id' },
  { rule: 'ids are unique', semantic: true, pass: () => {}, fail: (s) => (s.indicators[1].id = 'rsi14'), error: 'indicators[1].id: "rsi14" is used by an earlier indicator; ids must be unique' },
  { rule: 'type is a known indicator', pass: (s) => (s.indicators[1].type = 'ema'), fail: (s) => (s.indicators[1].type = 'kama'), error: /^indicators\[1\]\.type: "kama" is not a known indicator \(known: sma, ema, / },
  { rule: 'params is an object', pass: (s) => (s.indicators[2].params = {}), fail: (s) => (s.indicators[2].params = [12, 26, 9]), error: 'indicators[2].params: must be an object of numbers, got [12,26,9]' },
  { rule: 'param names are the indicator\'s', pass: (s) => (s.indicators[2].params = { fast: 8, slow: 21, signal: 5 }), fail: (s) => (s.indicators[0].params = { length: 14 }), error: 'indicators[0].params.length: rsi has no parameter "length" (its parameters: period)' },
  { rule: 'param values are numbers', pass: (s) => (s.indicators[0].params.period = 2), fail: (s) => (s.indicators[0].params.period = '14'), error: 'indicators[0].params.period: "14" must be a number' },
  { rule: 'periods are whole numbers ≥ 1', pass: (s) => (s.indicators[0].params.period = 1), fail: (s) => (s.indicators[0].params.period = 0), error: 'indicators[0].params.period: 0 must be a whole number ≥ 1' },
  { rule: 'real params are > their minimum', pass: (s) => s.indicators.push({ id: 'bb', type: 'bbands', params: { period: 20, mult: 0.5 } }), fail: (s) => s.indicators.push({ id: 'bb', type: 'bbands', params: { mult: 0 } }), error: 'indicators[4].params.mult: 0 must be a number > 0' },
  { rule: 'macd fast is below slow', semantic: true, pass: (s) => (s.indicators[2].params = { fast: 25 }), fail: (s) => (s.indicators[2].params = { fast: 26 }), error: 'indicators[2].params.fast: 26 must be smaller than slow (26)' },
  { rule: 'source only for single-input indicators', pass: (s) => (s.indicators[1].source = 'high'), fail: (s) => s.indicators.push({ id: 'cci20', type: 'cci', params: {}, source: 'close' }), error: 'indicators[4].source: cci reads high, low and close itself; remove source' },
  { rule: 'source is a price field', pass: (s) => (s.indicators[1].source = 'open'), fail: (s) => (s.indicators[1].source = 'hl2'), error: 'indicators[1].source: "hl2" is not one of open, high, low, close, volume' },
  { rule: 'rules are objects', pass: () => {}, fail: (s) => (s.exit = [{ left: 'rsi14', op: '>', right: 70 }]), error: /^exit: must be \{ "all": \[conditions\] \} or \{ "any": \[conditions\] \}, got \[/ },
  { rule: 'rules have exactly one of all / any', pass: (s) => (s.exit = { all: [] }), fail: (s) => (s.exit = { all: [], any: [] }), error: 'exit: must have exactly one of "all" or "any", got "all", "any"' },
  { rule: 'rules hold an array', pass: () => {}, fail: (s) => (s.exit = { any: { left: 'rsi14', op: '>', right: 70 } }), error: /^exit\.any: must be an array of conditions/ },
  { rule: 'entry has at least one condition (exit may be empty)', pass: (s) => (s.exit = { any: [] }), fail: (s) => (s.entry = { all: [] }), error: 'entry.all: needs at least one condition' },
  { rule: 'a condition is an object', pass: () => {}, fail: (s) => (s.entry.all[1] = 'close > sma200'), error: 'entry.all[1]: must be a condition { left, op, right }, got "close > sma200"' },
  { rule: 'condition fields are known', pass: () => {}, fail: (s) => (s.entry.all[1].note = 'trend'), error: 'entry.all[1].note: unknown field (allowed: left, op, right)' },
  { rule: 'op is known', pass: (s) => (s.entry.all[1].op = '>='), fail: (s) => (s.entry.all[1].op = '=>'), error: 'entry.all[1].op: "=>" is not one of <, <=, >, >=, crossesAbove, crossesBelow' },
  { rule: 'an operand is an id, field, number or {ref, mult}', pass: (s) => (s.entry.all[1].right = { ref: 'sma200', mult: 1.02 }), fail: (s) => (s.entry.all[1].right = true), error: 'entry.all[1].right: true must be an indicator id, a price field (open, high, low, close, volume), a number, or { ref, mult }' },
  { rule: 'numbers are finite', semantic: true, pass: (s) => (s.entry.all[0].right = 0), fail: (s) => (s.entry.all[0].right = Infinity), error: 'entry.all[0].right: Infinity is not a finite number' },
  { rule: '{ref, mult} has only ref and mult', pass: () => {}, fail: (s) => (s.entry.all[1].right = { ref: 'sma200', mult: 1, pct: 5 }), error: 'entry.all[1].right.pct: unknown field (allowed: ref, mult)' },
  { rule: 'mult is > 0', pass: (s) => (s.entry.all[1].right = { ref: 'sma200', mult: 0.95 }), fail: (s) => (s.entry.all[1].right = { ref: 'sma200', mult: -0.95 }), error: 'entry.all[1].right.mult: -0.95 must be a number > 0 (0.95 = 5 % below)' },
  { rule: 'ref names an indicator or field', pass: (s) => (s.entry.all[1].right = { ref: 'open', mult: 1.01 }), fail: (s) => (s.entry.all[1].right = { ref: 200, mult: 1 }), error: 'entry.all[1].right.ref: 200 must be an indicator id or a price field' },
  { rule: 'ids referenced are declared', semantic: true, pass: () => {}, fail: (s) => (s.entry.all[1].right = 'sma50'), error: 'entry.all[1].right: "sma50" is not a declared indicator id or a price field (indicators: rsi14, sma200, macd, volSma20; fields: open, high, low, close, volume)' },
  { rule: 'single-line indicators take no line key', semantic: true, pass: () => {}, fail: (s) => (s.entry.all[1].right = 'sma200.upper'), error: 'entry.all[1].right: sma "sma200" has a single line; write "sma200"' },
  { rule: 'line keys exist', semantic: true, pass: (s) => (s.exit.any[0] = { left: 'macd.histogram', op: 'crossesBelow', right: 0 }), fail: (s) => (s.exit.any[0] = { left: 'macd.hist', op: 'crossesBelow', right: 0 }), error: 'exit.any[0].left: macd "macd" has no line "hist" (lines: macd, signal, histogram)' },
  { rule: 'one side is not a number', semantic: true, pass: (s) => (s.exit.any[0] = { left: 70, op: '<', right: 'rsi14' }), fail: (s) => (s.exit.any[0] = { left: 70, op: '<', right: 80 }), error: 'exit.any[0]: compares two numbers; one side must be a price field or an indicator' },
  { rule: 'thresholds of bounded indicators lie in their range', semantic: true, pass: (s) => (s.entry.all[0].right = 100), fail: (s) => (s.entry.all[1] = { left: 'rsi14', op: '<', right: 130 }), error: 'entry.all[1].right: rsi threshold 130 is outside 0–100' },
  { rule: 'Williams %R thresholds are −100–0', semantic: true, pass: (s) => (s.indicators.push({ id: 'w', type: 'williamsR', params: {} }), (s.exit.any[0] = { left: 'w', op: '>', right: -20 })), fail: (s) => (s.indicators.push({ id: 'w', type: 'williamsR', params: {} }), (s.exit.any[0] = { left: 'w', op: '>', right: 20 })), error: 'exit.any[0].right: williamsR threshold 20 is outside -100–0' },
  { rule: 'both sides are in the same units', semantic: true, pass: (s) => (s.entry.all[1] = { left: 'volume', op: '>', right: { ref: 'volSma20', mult: 2 } }), fail: (s) => (s.entry.all[1] = { left: 'close', op: '>', right: 'volSma20' }), error: 'entry.all[1]: compares price with sma (volume); both sides must be in the same units' },
  { rule: 'oscillators are not compared with prices', semantic: true, pass: (s) => (s.entry.all[1] = { left: 'rsi14', op: '>', right: 'macd' }), fail: (s) => (s.entry.all[1] = { left: 'rsi14', op: '>', right: 'sma200' }), error: 'entry.all[1]: compares rsi (0–100) with sma (price); both sides must be in the same units' },
  { rule: 'direction both needs shortEntry', pass: (s) => ((s.direction = 'both'), (s.shortEntry = { all: [{ left: 'rsi14', op: '>', right: 80 }] })), fail: (s) => (s.direction = 'both'), error: 'shortEntry: is required when direction is "both" (the rules that open a short)' },
  { rule: 'short rules only with direction both', pass: (s) => ((s.direction = 'both'), (s.shortEntry = { all: [{ left: 'rsi14', op: '>', right: 80 }] }), (s.shortExit = { any: [] })), fail: (s) => (s.shortExit = { any: [] }), error: 'shortExit: only applies when direction is "both"; with direction "long", entry and exit describe the long trades' },
  { rule: 'risk is an object', pass: (s) => (s.risk = {}), fail: (s) => (s.risk = 5), error: 'risk: must be an object { stopLossPct?, takeProfitPct?, trailingStopPct? } (may be {}), got 5' },
  { rule: 'risk fields are known', pass: (s) => (s.risk = { trailingStopPct: 3 }), fail: (s) => (s.risk = { stopLoss: 5 }), error: 'risk.stopLoss: unknown field (allowed: stopLossPct, takeProfitPct, trailingStopPct)' },
  { rule: 'risk figures are percentages > 0', pass: (s) => (s.risk = { stopLossPct: 0.5 }), fail: (s) => (s.risk = { stopLossPct: 0 }), error: 'risk.stopLossPct: 0 must be a percentage > 0 (5 = 5 %)' },
  { rule: 'stop loss and trailing stop are below 100 %', pass: (s) => (s.risk = { stopLossPct: 99, takeProfitPct: 250 }), fail: (s) => (s.risk = { trailingStopPct: 100 }), error: 'risk.trailingStopPct: 100 % must be below 100 %' },
  { rule: 'take profit is below 100 % when shorting', semantic: true, pass: (s) => ((s.direction = 'short'), (s.risk = { takeProfitPct: 50 })), fail: (s) => ((s.direction = 'short'), (s.risk = { takeProfitPct: 150 })), error: 'risk.takeProfitPct: 150 % must be below 100 % for short trades (a price cannot fall below 0)' },
  { rule: 'sizing is an object with known fields', pass: () => {}, fail: (s) => (s.sizing = { type: 'allIn', pct: 5 }), error: 'sizing.pct: unknown field (allowed: type, value)' },
  { rule: 'sizing type is known', pass: (s) => (s.sizing = { type: 'units', value: 3 }), fail: (s) => (s.sizing = { type: 'kelly' }), error: 'sizing.type: "kelly" is not one of allIn, fraction, units' },
  { rule: 'allIn takes no value', pass: (s) => (s.sizing = { type: 'allIn' }), fail: (s) => (s.sizing = { type: 'allIn', value: 100 }), error: 'sizing.value: allIn takes no value' },
  { rule: 'fraction is a percentage in (0, 100]', pass: (s) => (s.sizing = { type: 'fraction', value: 100 }), fail: (s) => (s.sizing = { type: 'fraction', value: 0.5e3 }), error: 'sizing.value: 500 must be a percentage of equity in (0, 100]' },
  { rule: 'units are whole numbers ≥ 1', pass: (s) => (s.sizing = { type: 'units', value: 1 }), fail: (s) => (s.sizing = { type: 'units', value: 2.5 }), error: 'sizing.value: 2.5 must be a whole number of units ≥ 1' },
];

