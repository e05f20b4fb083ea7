/**
 * The generated combination strategy follows the weighted-vote rule of vote.ts exactly: run in
 * the engine on the sample, its per-bar component signals (recorded from the instance) fed to
 * `voteSeries` give 'enter' exactly on the bars it buys and 'exit' exactly on the bars it closes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as api from '../../src/api';
import { parseDescription } from '../../src/ai/offline/parse';
import { combinationCode } from '../../src/autopilot/combine';
import { voteSeries } from '../../src/autopilot/vote';
import { sampleBars } from '../../src/data/sample';
import { loadStrategy } from '../../src/runner/load-strategy';
import { tempDir } from './helpers';

const spec = (d: string) => ({ ...parseDescription(d).spec, direction: 'long' as const });
const components = [
  { id: 't', name: 'EMA cross', kind: 'trend' as const, weight: 0.4, spec: spec('Buy when the 10-day EMA crosses above the 30-day EMA. Sell when the 10-day EMA crosses below the 30-day EMA.') },
  { id: 'm', name: 'MACD', kind: 'momentum' as const, weight: 0.35, spec: spec('Buy when MACD crosses above its signal line. Sell when MACD crosses below its signal line.') },
  { id: 'v', name: 'MFI', kind: 'volume' as const, weight: 0.25, spec: spec('Buy when MFI(14) crosses above 50. Sell when MFI(14) crosses below 50.') },
];

interface Probe {
  entries(): boolean[];
  exits(): boolean[];
}

describe('autopilot: the generated combination', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = tempDir('combine')));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [minAgree, weights] of [[2, [0.4, 0.35, 0.25]], [2, [0.8, 0.1, 0.1]], [3, [0.4, 0.35, 0.25]]] as const) {
    it(`acts exactly where voteSeries says (minAgree ${minAgree}, weights ${weights.join('/')})`, async () => {
      const file = path.join(dir, `vote-${minAgree}-${weights[0]}.strategy.ts`);
      fs.writeFileSync(file, combinationCode({ name: 'Vote Test', symbol: 'SAMPLE', minAgree, minScore: 0.5, components: components.map((c, k) => ({ ...c, weight: weights[k] })) }));
      const { cls } = await loadStrategy(file, api);
      const bars = sampleBars();
      const entries: boolean[][] = [[], [], []];
      const exits: boolean[][] = [[], [], []];
      const acted: { bar: number; what: 'enter' | 'exit' }[] = [];
      let bar = 0;
      const result = new api.Backtest(bars, cls, { cash: 10_000 }).run({}, {
        onStrategy: (s) => {
          const p = s as unknown as Probe;
          const [en, ex] = [p.entries.bind(p), p.exits.bind(p)];
          p.entries = () => {
            bar = (s as unknown as { data: { close: { length: number } } }).data.close.length - 1;
            const v = en();
            v.forEach((x, k) => (entries[k][bar] = x));
            return v;
          };
          p.exits = () => {
            const v = ex();
            v.forEach((x, k) => (exits[k][bar] = x));
            return v;
          };
          const next = (s as unknown as { next(): void }).next.bind(s);
          (s as unknown as { next(): void }).next = () => {
            const was = (p as unknown as { long: boolean }).long;
            next();
            const now = (p as unknown as { long: boolean }).long;
            if (!was && now) acted.push({ bar, what: 'enter' });
            if (was && !now) acted.push({ bar, what: 'exit' });
          };
        },
      });
      // Bars before the first next() call were not observed: treat them as no signal.
      const first = entries[0].findIndex((x) => x !== undefined);
      const cut = (cols: boolean[][]) => cols.map((c) => c.slice(first));
      const actions = voteSeries({ weights, minAgree, minScore: 0.5 }, cut(entries), cut(exits));
      const expected = actions.flatMap((a, i) => (a === 'none' ? [] : [{ bar: i + first, what: a }]));
      assert.ok(expected.length >= 4, `the vote acts on the sample (${expected.length})`);
      assert.deepEqual(acted, expected);
      // Orders fill on the next bar's open: each entry and exit shows up in the trades one bar later.
      const enters = expected.filter((e) => e.what === 'enter').map((e) => e.bar + 1).filter((b) => b < bars.close.length);
      const leaves = expected.filter((e) => e.what === 'exit').map((e) => e.bar + 1).filter((b) => b < bars.close.length);
      assert.deepEqual([...result.trades.map((t) => t.entryBar), ...result.openTrades.map((t) => t.entryBar)], enters);
      assert.deepEqual(result.trades.map((t) => t.exitBar), leaves);
    });
  }
});
