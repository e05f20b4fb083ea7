import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INDICATOR_CATALOG } from '../../src/ai/spec/catalog';
import { INDICATOR_TYPES } from '../../src/ai/spec/types';
import { validateSpec } from '../../src/ai/spec/validate';
import { sampleBars } from '../../src/data/sample';
import * as engine from '../../src/engine';
import { ta } from '../../src/engine/ta';
import { bundleStrategy, evaluateStrategy } from '../../src/runner/load-strategy';
import { ROOT } from '../helpers/paths';

const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'strategy-api.md'), 'utf8');
const block = (lang: string) => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(DOC)![1];

describe('docs/strategy-api.md', () => {
  it('its example spec is valid', () => {
    const v = validateSpec(JSON.parse(block('json')));
    assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
  });

  it('its example strategy runs and trades on the sample data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-doc-'));
    try {
      const file = path.join(dir, 'doc.strategy.ts');
      fs.writeFileSync(file, block('ts'));
      const { cls } = evaluateStrategy(await bundleStrategy(file), engine);
      assert.ok(new engine.Backtest(sampleBars(), cls).run().stats.trades > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('its spec indicator table lists exactly the catalog\'s types with their defaults', () => {
    const section = DOC.slice(DOC.indexOf('### Indicator types'));
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    const listed = rows.flatMap((r) => r.split('|')[1].match(/`(\w+)`/g)!.map((x) => x.slice(1, -1)));
    assert.deepEqual([...listed].sort(), [...INDICATOR_TYPES].sort());
    for (const row of rows) {
      for (const type of row.split('|')[1].match(/`(\w+)`/g)!.map((x) => x.slice(1, -1))) {
        for (const p of INDICATOR_CATALOG[type as keyof typeof INDICATOR_CATALOG].params) {
          assert.ok(row.includes(`${p.name} (${p.default}`), `${type}.${p.name} default ${p.default} in: ${row}`);
        }
      }
    }
  });

  it('every ta function it names exists', () => {
    const named = [...DOC.matchAll(/`ta\.(\w+)\(/g)].map((m) => m[1]);
    assert.ok(named.length >= 20);
    for (const n of named) assert.equal(typeof (ta as Record<string, unknown>)[n], 'function', `ta.${n}`);
  });
});
