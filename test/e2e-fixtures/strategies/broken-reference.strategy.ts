import { Strategy, ta, type Series } from 'algoagent';

/** E2E fixture: a typo that throws a ReferenceError at run time (`rsi` instead of `this.rsi`). */
export default class E2eBrokenReference extends Strategy {
  rsi!: Series;

  override init() {
    this.rsi = this.I(ta.rsi(this.data.close, 14), 'RSI(14)');
  }

  next() {
    if (this.bar === 40) {
      // @ts-expect-error deliberate typo for the e2e suite: `rsi` is a field, not a variable
      if (rsi.at(-1) < 30) this.buy(); // E2E-REFERENCE-ERROR
    }
  }
}
