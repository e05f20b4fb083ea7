import type { BacktestOptions } from '../engine/options';
import { type FlagSpec, type ParsedArgs, numberFlag } from './args';

/** Flags shared by `backtest` and `optimize`. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  data: { value: true },
  sample: {},
  from: { value: true },
  to: { value: true },
  cash: { value: true },
  commission: { value: true },
  'commission-fixed': { value: true },
  spread: { value: true },
  margin: { value: true },
  'trade-on-close': {},
  hedging: {},
  'exclusive-orders': {},
  'finalize-trades': {},
  fractional: {},
  param: { value: true, repeat: true },
  json: {},
  out: { value: true },
  root: { value: true },
  help: {},
};

export function backtestOptions(args: ParsedArgs): BacktestOptions {
  const fraction = numberFlag(args, 'commission', (n) => n >= -0.1 && n < 0.1, 'a fraction in [-0.1, 0.1), e.g. 0.002');
  const fixed = numberFlag(args, 'commission-fixed', (n) => n >= 0, 'an amount ≥ 0');
  return {
    cash: numberFlag(args, 'cash', (n) => n > 0, 'a number > 0'),
    commission: fixed !== undefined ? { fixed, fraction: fraction ?? 0 } : fraction,
    spread: numberFlag(args, 'spread', (n) => n >= 0 && n < 1, 'a fraction in [0, 1)'),
    margin: numberFlag(args, 'margin', (n) => n > 0 && n <= 1, 'in (0, 1]'),
    tradeOnClose: args.flags.has('trade-on-close') || undefined,
    hedging: args.flags.has('hedging') || undefined,
    exclusiveOrders: args.flags.has('exclusive-orders') || undefined,
    finalizeTrades: args.flags.has('finalize-trades') || undefined,
    fractionalUnits: args.flags.has('fractional') || undefined,
  };
}
