import { Strategy, crossover, ta, type Series } from 'algoagent';

/** E2E fixture: long on a fast/slow SMA cross up, short on the cross down. */
export default class E2eSmaCross extends Strategy {
  static override params = { fast: 10, slow: 30 };
  fast!: Series;
  slow!: Series;

  override init() {
    this.fast = this.I(ta.sma(this.data.close, this.params.fast), 'SMA fast');
    this.slow = this.I(ta.sma(this.data.close, this.params.slow), 'SMA slow');
  }

  next() {
    if (crossover(this.fast, this.slow)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.slow, this.fast)) {
      this.position.close();
      this.sell();
    }
  }
}
