/**
 * Rolling extremes: highest, lowest.
 */
import { type Source, toFloat64 } from '../series';
import { rollingMax, rollingMin, wholeAtLeast } from './util';

/**
 * Highest value over the last n bars: max(x[i−n+1 .. i]) (monotonic deque, O(n)).
 * Warm-up: n−1 NaNs; a window holding a NaN gives NaN. Default n = 14.
 * Validated against technicalindicators `highest` (exact).
 */
export function highest(src: Source, period = 14): Float64Array {
  wholeAtLeast('highest', 'period', period, 1);
  return rollingMax(toFloat64(src), period);
}

/**
 * Lowest value over the last n bars: min(x[i−n+1 .. i]) (monotonic deque, O(n)).
 * Warm-up: n−1 NaNs; a window holding a NaN gives NaN. Default n = 14.
 * Validated against technicalindicators `lowest` (exact).
 */
export function lowest(src: Source, period = 14): Float64Array {
  wholeAtLeast('lowest', 'period', period, 1);
  return rollingMin(toFloat64(src), period);
}
