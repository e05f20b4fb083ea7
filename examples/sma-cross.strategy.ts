import { Strategy, crossover, ta, type Series } from 'algoagent';

/** Buy when the fast moving average crosses above the slow one; go short on the cross below. */
export default class SmaCross extends Strategy {
  static override params = { fast: 10, slow: 20 };
  fastMa!: Series;
  slowMa!: Series;

  override init() {
    this.fastMa = this.I(ta.sma(this.data.close, this.params.fast), `SMA(${this.params.fast})`);
    this.slowMa = this.I(ta.sma(this.data.close, this.params.slow), `SMA(${this.params.slow})`);
  }

  next() {
    if (crossover(this.fastMa, this.slowMa)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.slowMa, this.fastMa)) {
      this.position.close();
      this.sell();
    }
  }
}
