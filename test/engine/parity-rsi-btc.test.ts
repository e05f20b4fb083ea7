/**
 * Parity with backtesting.py 0.6.6 — EURUSD hourly RSI reversion (with tags, pyramiding, margin,
 * spread) and BTCUSD monthly (12 periods a year in the annualized stats, margin, out of money).
 * Fixtures: test/fixtures/parity (see its README.md).
 */
import { parityScenarios } from './parity-helpers';
import { GROUPS } from './parity-strategies';

describe('parity with backtesting.py 0.6.6: EURUSD hourly and BTCUSD monthly', function () {
  parityScenarios(GROUPS.rsiBtc);
});
