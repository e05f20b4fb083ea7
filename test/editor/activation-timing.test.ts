/** The activation figures read from the extension host's own performance marks. */
import assert from 'node:assert/strict';
import { describeActivation, hostLoadTiming } from '../../src/vscode/activation-timing';

const marksOf = (list: [string, number][]) => ({ MonacoPerformanceMarks: { getMarks: () => list.map(([name, startTime]) => ({ name, startTime })) } });

describe('activation timing from the host\'s marks', () => {
  it('code loading is will → did of our extension (id case-insensitive); the part before the first line is will → banner', () => {
    const scope = marksOf([
      ['code/timeOrigin', 1_000],
      ['code/extHost/willLoadExtensionCode/vscode.git', 1_500],
      ['code/extHost/willLoadExtensionCode/algoagent.algoagent', 2_000],
      ['code/extHost/didLoadExtensionCode/vscode.git', 2_010],
      ['code/extHost/didLoadExtensionCode/algoagent.algoagent', 2_130],
    ]);
    assert.deepEqual(hostLoadTiming('AlgoAgent.algoagent', 2_095.6, scope), { codeLoadingMs: 130, beforeFirstLineMs: 96 });
    assert.deepEqual(hostLoadTiming('algoagent.algoagent', undefined, scope), { codeLoadingMs: 130 });
  });

  it('no marks, marks of other extensions only, a half pair or a throwing host: no figure rather than a wrong one', () => {
    assert.equal(hostLoadTiming('algoagent.algoagent', 5, {}), undefined);
    assert.equal(hostLoadTiming('algoagent.algoagent', 5, marksOf([['code/extHost/willLoadExtensionCode/x.y', 1], ['code/extHost/didLoadExtensionCode/x.y', 2]])), undefined);
    assert.equal(hostLoadTiming('algoagent.algoagent', 5, marksOf([['code/extHost/willLoadExtensionCode/algoagent.algoagent', 1]])), undefined);
    assert.equal(hostLoadTiming('algoagent.algoagent', 5, { MonacoPerformanceMarks: { getMarks: () => { throw new Error('x'); } } }), undefined);
  });

  it('the output channel line names each part', () => {
    assert.equal(describeActivation({ loadMs: 12.5, activateMs: 20, host: { codeLoadingMs: 110, beforeFirstLineMs: 96 } }),
      'AlgoAgent activated: VS Code counted 110 ms of code loading (96 ms before the bundle\'s first line ran), bundle top-level code 12.5 ms, activate() 20 ms');
    assert.equal(describeActivation({ activateMs: 3 }), 'AlgoAgent activated: activate() 3 ms');
  });

  it('names the three slowest parts of activate() (1 ms or more)', () => {
    const steps = { 'output channel': 0.4, data: 2, history: 12.5, chat: 7, agent: 1, typings: 0.2 };
    assert.equal(describeActivation({ activateMs: 23.1, steps }), 'AlgoAgent activated: activate() 23.1 ms (history 12.5 ms, chat 7 ms, data 2 ms)');
    assert.equal(describeActivation({ activateMs: 0.9, steps: { data: 0.5 } }), 'AlgoAgent activated: activate() 0.9 ms');
  });
});
