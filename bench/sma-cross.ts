/** The reference SMA-cross strategy, twice: on the engine, and as a hand-written typed-array loop. */
import { type Bars, Strategy, crossover, ta, type Series } from '../src/engine';
import { pyFloorDiv } from '../src/engine/pymath';

export class SmaCross extends Strategy {
  static override params = { n1: 10, n2: 20 };
  a!: Series;
  b!: Series;
  override init() {
    this.a = this.I(ta.sma(this.data.close, this.params.n1), 'SMA1');
    this.b = this.I(ta.sma(this.data.close, this.params.n2), 'SMA2');
  }
  next() {
    if (crossover(this.a, this.b)) {
      this.position.close();
      this.buy();
    } else if (crossover(this.b, this.a)) {
      this.position.close();
      this.sell();
    }
  }
}

/**
 * The same logic with no engine: signal at bar i, close + reverse at Open[i+1], all-in sizing with
 * commission, equity recorded per bar. Returns the final equity (checked against the engine's).
 */
export function handWritten(bars: Bars, n1: number, n2: number, cash0: number, c: number): number {
  const { open: O, close: C } = bars;
  const n = C.length;
  const fast = ta.sma(C, n1);
  const slow = ta.sma(C, n2);
  const equity = new Float64Array(n);
  let cash = cash0;
  let units = 0;
  let entry = 0;
  let pending = 0; // +1 go long, −1 go short at the next open
  const start = n2;
  equity.fill(cash0, 0, start);
  for (let i = start; i < n; i++) {
    if (pending !== 0) {
      const price = O[i];
      if (units !== 0) {
        cash += units * (price - entry) - Math.abs(units) * price * c;
        units = 0;
      }
      const size = 1 - Number.EPSILON;
      const adj = price + (size * price * c) / size;
      const u = pyFloorDiv(Math.max(0, cash) * size, adj);
      if (u > 0) {
        units = pending * u;
        entry = price;
        cash -= u * price * c;
      }
      pending = 0;
    }
    equity[i] = cash + C[i] * units - units * entry;
    if (fast[i - 1] < slow[i - 1] && fast[i] > slow[i]) pending = 1;
    else if (slow[i - 1] < fast[i - 1] && slow[i] > fast[i]) pending = -1;
  }
  return equity[n - 1];
}
