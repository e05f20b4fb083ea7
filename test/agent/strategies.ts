/** Strategy sources for the agent tests: one good, several broken in known ways. */
export const GOOD = `import { Strategy, crossover, ta, type Series } from 'algoagent';

export default class RsiDip extends Strategy {
  static override params = { n: 14 };
  rsi!: Series;

  override init() {
    this.rsi = this.I(ta.rsi(this.data.close, this.params.n), 'RSI');
  }

  next() {
    if (!this.position.size && crossover(30, this.rsi)) this.buy();
    else if (this.position.size && this.rsi.at(-1)! > 70) this.position.close();
  }
}
`;

/** Calls a function that does not exist (not one edit from a real one): only a model can fix it. */
export const NEEDS_MODEL = GOOD.replace("ta.rsi(this.data.close, this.params.n)", 'relativeStrength(this.data.close, this.params.n)');

/** `rsi` without `this.` — the certain repair. */
export const MISSING_THIS = GOOD.replace('this.rsi.at(-1)! > 70', 'rsi.at(-1)! > 70');

/** `ta.rsl` — one edit from `ta.rsi`. */
export const TYPO = GOOD.replace('ta.rsi(', 'ta.rsl(');

/** The API imported from a wrong path. */
export const WRONG_IMPORT = GOOD.replace("from 'algoagent'", "from 'algoagent/indicators'");

/** Runs fine, never trades. */
export const NEVER_TRADES = GOOD.replace('crossover(30, this.rsi)', 'this.rsi.at(-1)! < -5');

/** Compiles and loads, fails later with another error (a second problem for the model). */
export const SECOND_PROBLEM = GOOD.replace('this.buy();', 'this.buy({ size: -3 });');
