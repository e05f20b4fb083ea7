/**
 * Candidate ideas per strategy kind, as plain-words descriptions: the offline rules read them
 * directly and a language model gets the same text, so both paths start from the same idea.
 * Listed best-known first; a cycle takes the first `candidatesPerKind` of each kind.
 */
import type { StrategyKind } from './config';

export const KIND_LABELS: Record<StrategyKind, string> = {
  trend: 'trend following',
  momentum: 'momentum',
  meanReversion: 'mean reversion',
  volume: 'volume',
  breakout: 'breakout',
};

export const TEMPLATES: Record<StrategyKind, readonly string[]> = {
  trend: [
    'Buy when the 20-day SMA crosses above the 50-day SMA. Sell when the 20-day SMA crosses below the 50-day SMA.',
    'Buy when the 10-day EMA crosses above the 30-day EMA. Sell when the 10-day EMA crosses below the 30-day EMA.',
    'Buy when the 14-day ADX is above 25 and the close is above the 50-day SMA. Sell when the close is below the 50-day SMA.',
  ],
  momentum: [
    'Buy when MACD crosses above its signal line. Sell when MACD crosses below its signal line.',
    'Buy when the 12-day rate of change crosses above 0. Sell when the 12-day rate of change crosses below 0.',
    'Buy when the stochastic %K crosses above 20. Sell when the stochastic %K crosses above 80.',
  ],
  meanReversion: [
    'Buy when RSI(14) is below 30. Sell when RSI(14) is above 70.',
    'Buy when the close is below the lower Bollinger band. Sell when the close is above the middle Bollinger band.',
    'Buy when the 14-day CCI crosses above -100. Sell when the 14-day CCI crosses above 100.',
  ],
  volume: [
    'Buy when MFI(14) crosses above 50. Sell when MFI(14) crosses below 50.',
    'Buy when MFI(14) crosses above 20. Sell when MFI(14) crosses above 80.',
  ],
  breakout: [
    'Buy when the close breaks above the 20-day high. Sell when the close falls below the 10-day low.',
    'Buy when the close crosses above the 55-day high. Sell when the close crosses below the 20-day low.',
  ],
};
