/** Strategies for the robustness tests: a planted look-ahead (centred moving average) and clean ones. */
import { Strategy, crossover, ta, type Series } from '../../../src/engine';

export { SmaCross } from '../../../bench/sma-cross';

/** Look-ahead planted in init(): a moving average centred on each bar (k bars back and k ahead). */
export class CentredMa extends Strategy {
  static override params = { k: 5 };
  cma!: Series;
  override init() {
    const c = this.data.close.values;
    const k = this.params.k as number;
    const n = c.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      let m = 0;
      for (let j = Math.max(0, i - k); j <= Math.min(n - 1, i + k); j++) {
        s += c[j];
        m++;
      }
      out[i] = s / m;
    }
    this.cma = this.I(out, 'CMA');
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

/** Look-ahead in a plain array property (not registered with I()): tomorrow's close. */
export class Tomorrow extends Strategy {
  tomorrow!: Float64Array;
  override init() {
    const c = this.data.close.values;
    this.tomorrow = Float64Array.from(c, (_, i) => (i + 1 < c.length ? c[i + 1] : NaN));
  }
  next() {
    const i = this.bar;
    const up = this.tomorrow[i] > this.data.close.at(-1)!;
    if (up && !this.position.isLong) {
      this.position.close();
      this.buy();
    } else if (!up && this.position.isLong) this.position.close();
  }
}

/** SMA and EMA of the same length, trading their cross (clean, but the EMA depends on its history). */
export class EmaSma extends Strategy {
  static override params = { n: 20 };
  sma!: Series;
  ema!: Series;
  override init() {
    this.sma = this.I(ta.sma(this.data.close, this.params.n), 'SMA');
    this.ema = this.I(ta.ema(this.data.close, this.params.n), 'EMA');
  }
  next() {
    if (crossover(this.ema, this.sma)) this.buy({ size: 1 });
    else if (crossover(this.sma, this.ema)) this.position.close();
  }
}

/** Buys everything on the first bar and holds. */
export class BuyHold extends Strategy {
  next() {
    if (!this.position.isOpen && !this.orders.length) this.buy();
  }
}
