/**
 * Parity with backtesting.py 0.6.6 — SMA-cross variants on GOOG: trade_on_close, exclusive_orders,
 * finalize_trades, hedging, margin, spread, fixed / callable commissions, fixed and fractional
 * sizes, running out of money. Fixtures: test/fixtures/parity (see its README.md).
 */
import { parityScenarios } from './parity-helpers';
import { GROUPS } from './parity-strategies';

describe('parity with backtesting.py 0.6.6: SMA cross variants', function () {
  parityScenarios(GROUPS.sma);
});
