/**
 * Parity with backtesting.py 0.6.6 — order types on GOOG: limit, stop and stop-limit entries,
 * SL/TP brackets (long, short, trade_on_close), a manually trailed SL, partial closes.
 * Fixtures: test/fixtures/parity (see its README.md).
 */
import { parityScenarios } from './parity-helpers';
import { GROUPS } from './parity-strategies';

describe('parity with backtesting.py 0.6.6: order types, SL/TP, partial closes', function () {
  parityScenarios(GROUPS.orders);
});
