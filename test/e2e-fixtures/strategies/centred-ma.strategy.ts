import { Strategy, crossover, type Series } from 'algoagent';

/** E2E fixture: a centred moving average computed in init() averages future closes (look-ahead). */
export default class E2eCentredMa extends Strategy {
  static override params = { k: 3 };
  cma!: Series;

  override init() {
    const c = this.data.close.values;
    const k = this.params.k;
    const out = c.map((_, i) => {
      const lo = Math.max(0, i - k);
      const hi = Math.min(c.length - 1, i + k);
      let s = 0;
      for (let j = lo; j <= hi; j++) s += c[j];
      return s / (hi - lo + 1);
    });
    this.cma = this.I(out, 'Centred MA');
  }

  next() {
    if (crossover(this.data.close, this.cma)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.cma, this.data.close)) {
      this.position.close();
      this.sell();
    }
  }
}
