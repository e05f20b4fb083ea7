import * as assert from 'node:assert/strict';
import { diagnosticsByFile, failureToDiagnostic, rangeOf } from '../../src/runner/diagnostic-data';
import type { StrategyFailure } from '../../src/runner/failure';

const base: StrategyFailure = {
  kind: 'reference', message: 'rsi is not defined', file: '/w/s.strategy.ts', line: 13, column: 7, endLine: 13, endColumn: 7,
  stack: 'ReferenceError: rsi is not defined\n    at Typo.next (/w/s.strategy.ts:13:7)\n    at helper (/w/lib/h.ts:4:3)\n    at run (/ext/dist/runner.js:10:5)',
  hint: '`rsi` is not defined — did you mean `this.rsi`?', bar: 50, time: '2015-03-13T00:00:00Z',
};
const lines: Record<string, string[]> = {
  '/w/s.strategy.ts': Array.from({ length: 20 }, (_, i) => (i === 12 ? '  if (rsi.at(-1)! < 30) this.buy();' : '')),
  '/w/lib/h.ts': ['', '', '', '  return compute(x);'],
};
const ctx = {
  docsUrl: (k: string) => `https://docs.example/errors#${k}`,
  lineText: (f: string, l: number) => lines[f]?.[l - 1],
  isUserFile: (f: string) => f.startsWith('/w/'),
};

describe('runner failure → diagnostic (pure)', () => {
  it('a point is widened to the identifier it points at, 0-based', () => {
    const d = failureToDiagnostic(base, ctx);
    assert.deepEqual(d.range, { startLine: 12, startCharacter: 6, endLine: 12, endCharacter: 9 });
    assert.equal(d.source, 'AlgoAgent');
    assert.deepEqual(d.code, { value: 'reference', target: 'https://docs.example/errors#reference' });
    assert.equal(d.severity, 'error');
  });

  it('the message carries bar, time and hint', () => {
    const d = failureToDiagnostic(base, ctx);
    assert.equal(d.message, 'rsi is not defined (bar 50, 2015-03-13 00:00:00)\n`rsi` is not defined — did you mean `this.rsi`?');
  });

  it('stack frames in the user\'s files become related information; others are dropped', () => {
    const d = failureToDiagnostic(base, ctx);
    assert.equal(d.related.length, 1);
    assert.equal(d.related[0].file, '/w/lib/h.ts');
    assert.deepEqual(d.related[0].range, { startLine: 3, startCharacter: 2, endLine: 3, endCharacter: 8 });
    assert.equal(d.related[0].message, 'called from helper');
  });

  it('an explicit range is kept as it is', () => {
    const d = failureToDiagnostic({ ...base, kind: 'validation', line: 2, column: 21, endLine: 2, endColumn: 25, stack: '', bar: undefined, time: undefined, hint: '' }, ctx);
    assert.deepEqual(d.range, { startLine: 1, startCharacter: 20, endLine: 1, endCharacter: 24 });
    assert.equal(d.message, 'rsi is not defined');
  });

  it('an unknown position (line 0) lands on the first line', () => {
    const d = failureToDiagnostic({ ...base, line: 0, column: 0, endLine: 0, endColumn: 0, stack: '' }, { docsUrl: ctx.docsUrl, lineText: () => 'import { Strategy } from "algoagent";' });
    assert.deepEqual(d.range, { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 37 });
  });

  it('no-trades is a warning; diagnostics are grouped by file', () => {
    const warn: StrategyFailure = { ...base, kind: 'no-trades', file: '/w/other.strategy.ts', line: 3, column: 1, endLine: 3, endColumn: 1, stack: '' };
    assert.equal(failureToDiagnostic(warn, ctx).severity, 'warning');
    const m = diagnosticsByFile([base], [warn], ctx);
    assert.deepEqual([...m.keys()], ['/w/s.strategy.ts', '/w/other.strategy.ts']);
    assert.equal(m.get('/w/other.strategy.ts')![0].severity, 'warning');
  });

  it('rangeOf keeps multi-line ranges', () => {
    assert.deepEqual(rangeOf(2, 5, 4, 3), { startLine: 1, startCharacter: 4, endLine: 3, endCharacter: 2 });
  });
});
