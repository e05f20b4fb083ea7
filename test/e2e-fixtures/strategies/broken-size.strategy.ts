import { Strategy, crossover, ta, type Series } from 'algoagent';

export default class BrokenSize extends Strategy {
  fast!: Series;
  slow!: Series;

  override init() {
    this.fast = this.I(ta.sma(this.data.close, 10), 'SMA 10');
    this.slow = this.I(ta.sma(this.data.close, 20), 'SMA 20');
  }

  override next() {
    if (crossover(this.fast, this.slow)) {
      this.buy({ size: 100.5 }); // E2E-BAD-SIZE
    } else if (crossover(this.slow, this.fast)) {
      this.position.close();
    }
  }
}
