import { Strategy, ta, type Series } from 'algoagent';

/** E2E fixture: reads the next bar's close (`.at(1)`), which the language server flags as look-ahead. */
export default class E2eLookahead extends Strategy {
  static override params = { period: 20 };
  sma!: Series;

  override init() {
    this.sma = this.I(ta.sma(this.data.close, this.params.period), 'SMA'); // E2E-HOVER-SMA
  }

  next() {
    const next = this.data.close.at(1); // E2E-LOOKAHEAD
    if (next !== undefined && next > this.sma.at(-1)!) this.buy();
  }
}
