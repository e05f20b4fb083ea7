/** Misuse of the strategy API (bad order size, SL above entry, unknown parameter, …). */
export class StrategyApiError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'StrategyApiError';
    this.hint = hint;
  }
}

/** A backtest option or parameter range that cannot be used (cash ≤ 0, margin > 1, …). */
export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}
