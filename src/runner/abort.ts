/** The rejection of a cancelled run (kept apart from run.ts so editor code can test for it cheaply). */
export class AbortError extends Error {
  constructor(message = 'the backtest was cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}
