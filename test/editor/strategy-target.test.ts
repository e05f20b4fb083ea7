/** Which strategy file a command acts on when it is run from the palette without one. */
import assert from 'node:assert/strict';
import Module from 'node:module';

// strategy-target.ts imports `vscode` for its glue; the choice itself is pure.
const internals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = internals._load;
internals._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? {} : load.call(this, request, ...rest);
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chooseStrategyFile } = require('../../src/vscode/strategy-target') as typeof import('../../src/vscode/strategy-target');
internals._load = load;

describe('the strategy a command acts on', () => {
  it('the file it was given, else the active editor\'s', () => {
    assert.equal(chooseStrategyFile({ given: '/w/a.strategy.ts', active: '/w/b.strategy.ts', visible: [] }), '/w/a.strategy.ts');
    assert.equal(chooseStrategyFile({ active: '/w/b.strategy.ts', lastActive: '/w/c.strategy.ts', visible: ['/w/c.strategy.ts'] }), '/w/b.strategy.ts');
  });

  it('with no active editor known to the extension host: the active tab\'s file', () => {
    assert.equal(chooseStrategyFile({ activeTab: '/w/t.strategy.ts', lastActive: '/w/c.strategy.ts', visible: ['/w/c.strategy.ts'] }), '/w/t.strategy.ts');
    // an active editor wins, even when it is no code file (the user is looking at it)
    assert.equal(chooseStrategyFile({ active: '/w/notes.md', activeTab: '/w/t.strategy.ts', visible: [] }), undefined);
    assert.equal(chooseStrategyFile({ activeTab: '/w/notes.md', visible: [] }), undefined);
  });

  it('with focus elsewhere (results panel, chat, a view): the strategy last active, if it is still visible', () => {
    assert.equal(chooseStrategyFile({ lastActive: '/w/c.strategy.ts', visible: ['/w/c.strategy.ts', '/w/d.strategy.ts'] }), '/w/c.strategy.ts');
    // closed since: not acted on behind the user's back
    assert.equal(chooseStrategyFile({ lastActive: '/w/c.strategy.ts', visible: ['/w/d.strategy.ts'] }), '/w/d.strategy.ts');
  });

  it('else the only strategy file visible; none or several: nothing (the command asks for one)', () => {
    assert.equal(chooseStrategyFile({ visible: ['/w/notes.md', '/w/x.strategy.ts'] }), '/w/x.strategy.ts');
    assert.equal(chooseStrategyFile({ visible: ['/w/x.strategy.ts', '/w/y.strategy.ts'] }), undefined);
    assert.equal(chooseStrategyFile({ visible: [] }), undefined);
    assert.equal(chooseStrategyFile({ active: '/w/readme.md', visible: [] }), undefined);
  });
});
