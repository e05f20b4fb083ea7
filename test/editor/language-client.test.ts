/**
 * When the strategy language server starts (src/vscode/language-client.ts), against a fake of the
 * `vscode` workspace and a recording starter: at activation if a TypeScript/JavaScript document is
 * open, else on the first one that opens; run outcomes from before are delivered once it is up.
 */
import assert from 'node:assert/strict';
import Module from 'node:module';
import type { RunOutcome } from '../../src/runner/protocol';
import { forgetEditorModules } from '../helpers/editor-modules';
import type * as Fake from './fake-vscode-workspace';

type ClientModule = typeof import('../../src/vscode/language-client');

const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const fakePath = require.resolve('./fake-vscode-workspace');

const ok = (returnPct: number) => ({ ok: true, result: { stats: { returnPct, sharpeRatio: 1, trades: 3 } } }) as unknown as RunOutcome;
const tick = () => new Promise((r) => setImmediate(r));

describe('language client: started on demand (fake vscode workspace)', () => {
  let lc: ClientModule;
  let fake: typeof Fake;
  const original = moduleInternals._resolveFilename;

  before(() => {
    forgetEditorModules();
    moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
    };
    /* eslint-disable @typescript-eslint/no-require-imports */
    fake = require('./fake-vscode-workspace');
    lc = require('../../src/vscode/language-client');
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  after(() => {
    forgetEditorModules();
    moduleInternals._resolveFilename = original;
  });
  beforeEach(() => fake.reset());

  /** A starter that records its starts and the notifications its client receives. */
  function recorder() {
    const r = { starts: 0, sent: [] as { method: string; params: { uri: string; run: { returnPct: number } | null } }[], stopped: 0 };
    const start = async () => {
      r.starts++;
      return {
        sendNotification: async (method: unknown, params: unknown) => void r.sent.push({ method: method as string, params: params as never }),
        stop: async () => void r.stopped++,
      } as never;
    };
    return { r, start };
  }
  const context = () => ({ subscriptions: [] as { dispose(): unknown }[] });

  it('starts at once when a TypeScript or JavaScript document is already open', async () => {
    fake.open(fake.doc('file', 'typescript'));
    const { r, start } = recorder();
    lc.registerLanguageClient(context() as never, start);
    await tick();
    assert.equal(r.starts, 1);
    assert.equal(fake.listening(), 0, 'no need to wait for a document');
  });

  it('waits for the first TypeScript/JavaScript document (file or untitled), then starts once', async () => {
    fake.open(fake.doc('file', 'markdown'));
    const { r, start } = recorder();
    lc.registerLanguageClient(context() as never, start);
    await tick();
    assert.equal(r.starts, 0, 'started with no script document open');
    fake.open(fake.doc('git', 'typescript')); // a diff's other side: not served
    fake.open(fake.doc('file', 'json'));
    await tick();
    assert.equal(r.starts, 0);
    fake.open(fake.doc('untitled', 'javascript'));
    fake.open(fake.doc('file', 'typescript'));
    await tick();
    assert.equal(r.starts, 1);
    assert.equal(fake.listening(), 0, 'the open-document listener is gone once started');
  });

  it('keeps the latest outcome per file from before the start and sends it once the server is up', async () => {
    const { r, start } = recorder();
    const client = lc.registerLanguageClient(context() as never, start);
    client.lastRun('file:///ws/a.strategy.ts', ok(1));
    client.lastRun('file:///ws/a.strategy.ts', ok(2));
    client.lastRun('file:///ws/b.strategy.ts', ok(3));
    await tick();
    assert.equal(r.starts, 0, 'a run alone does not start the server');
    assert.equal(r.sent.length, 0, 'nothing sent before the start');
    fake.open(fake.doc('file', 'typescript'));
    await tick();
    assert.deepEqual(r.sent.map((s) => [s.method, s.params.uri, s.params.run?.returnPct]), [
      ['algoagent/lastRun', 'file:///ws/a.strategy.ts', 2],
      ['algoagent/lastRun', 'file:///ws/b.strategy.ts', 3],
    ]);
    client.lastRun('file:///ws/a.strategy.ts', ok(4));
    await tick();
    assert.deepEqual(r.sent.at(-1)?.params.run?.returnPct, 4, 'after the start, outcomes go straight to the server');
  });

  it('stops the client when the extension is disposed', async () => {
    fake.open(fake.doc('file', 'javascript'));
    const { r, start } = recorder();
    const ctx = context();
    lc.registerLanguageClient(ctx as never, start);
    await tick();
    for (const s of ctx.subscriptions) s.dispose();
    assert.equal(r.stopped, 1);
  });
});
