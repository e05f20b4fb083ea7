/**
 * src/vscode/chat.ts against a recording fake of the `vscode` API: the participant's id, icon and
 * followups; the chat view's model (request.model) used through bindChatModel; files, lines and
 * command arguments turned into Uris and Locations; a follow-up edit applied as a WorkspaceEdit.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { KeyPool } from '../../src/ai/keys/key-pool';
import { parseDescription } from '../../src/ai/offline/parse';
import { Runner } from '../../src/runner/run';
import * as handlerModule from '../../src/chat/handler';
import * as services from '../../src/vscode/ai-services';
import { GOOD, MISSING_THIS } from '../agent/strategies';
import type * as Fake from './fake-vscode-chat';
import { forgetEditorModules } from '../helpers/editor-modules';

type ChatModule = typeof import('../../src/vscode/chat');

const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const fakePath = require.resolve('./fake-vscode-chat');
const IDEA = 'buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss';

class RawStream {
  readonly parts: { kind: string; value: unknown; extra?: unknown }[] = [];
  progress(v: string) { this.parts.push({ kind: 'progress', value: v }); }
  markdown(v: string) { this.parts.push({ kind: 'markdown', value: v }); }
  anchor(v: unknown, title?: string) { this.parts.push({ kind: 'anchor', value: v, extra: title }); }
  reference(v: unknown) { this.parts.push({ kind: 'reference', value: v }); }
  button(v: unknown) { this.parts.push({ kind: 'button', value: v }); }
  get text() { return this.parts.filter((p) => p.kind === 'markdown').map((p) => p.value).join(''); }
}

/** A LanguageModelChat that answers from a script and records what it was sent. */
function fakeChatModel(replies: string[]) {
  const sent: { role: string; content: string }[][] = [];
  return {
    sent,
    vendor: 'test',
    family: 'fake',
    async sendRequest(messages: { role: string; content: string }[]) {
      sent.push(messages);
      const reply = replies.shift() ?? '';
      return { text: (async function* () { yield reply; })() };
    },
  };
}

describe('chat: VS Code participant adapter (fake vscode API)', function () {
  this.timeout(90_000);
  let chat: ChatModule;
  let fake: typeof Fake;
  let runner: Runner;
  let root: string;
  const original = moduleInternals._resolveFilename;

  before(() => {
    forgetEditorModules();
    moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
    };
    /* eslint-disable @typescript-eslint/no-require-imports */
    fake = require('./fake-vscode-chat');
    chat = require('../../src/vscode/chat');
    chat.lazyModules.handler = async () => handlerModule;
    chat.lazyModules.services = async () => services;
    /* eslint-enable @typescript-eslint/no-require-imports */
    runner = new Runner({ maxParallel: 1, timeoutMs: 60_000 });
  });
  after(() => {
    forgetEditorModules();
    moduleInternals._resolveFilename = original;
    runner.dispose();
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-vschat-'));
    fake.recorded.participants.length = 0;
    fake.recorded.applied.length = 0;
    fake.recorded.root = root;
    fake.recorded.trusted = true;
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function register() {
    const context = { extensionUri: fake.Uri.file('/ext'), globalStorageUri: fake.Uri.file(path.join(root, '.storage')), subscriptions: [] as unknown[] };
    const results: string[] = [];
    chat.registerChatParticipant(context as never, {
      run: async () => runner.run,
      data: async () => ({ spec: { kind: 'sample' }, label: 'bundled sample data' }),
      dataLabel: () => 'Sample',
      keyring: { pool: new KeyPool([]) } as never,
      output: { appendLine: () => undefined } as never,
      onResult: (r) => results.push(r.file),
    });
    const p = fake.recorded.participants[0];
    return { context, p, results };
  }

  it('registers algoagent.chat with its icon, and answers a new idea with the chat view\'s model', async () => {
    const { context, p, results } = register();
    assert.equal(p.id, 'algoagent.chat');
    assert.equal(p.iconPath?.fsPath, '/ext/media/algo.svg');
    assert.ok(context.subscriptions.includes(p));
    const spec = { ...parseDescription(IDEA).spec, name: 'RSI dip' };
    const model = fakeChatModel(['```json\n' + JSON.stringify(spec) + '\n```']);
    const stream = new RawStream();
    const token = new fake.CancellationTokenSource().token;
    const result = (await p.handler({ prompt: IDEA, command: undefined, references: [], model }, { history: [] }, stream, token)) as { metadata: { file: string; action: string } };
    const file = path.join(root, 'strategies', 'rsi-dip.strategy.ts');
    assert.equal(result.metadata.action, 'new');
    assert.equal(result.metadata.file, file);
    assert.ok(fs.existsSync(file));
    assert.deepEqual(results, [file]);
    // The chat view's model got the description (bindChatModel: system text folded into the first user turn).
    assert.equal(model.sent.length, 1);
    assert.match(model.sent[0][0].content, /<description>\s*buy when RSI\(14\) drops below 30/);
    assert.match(stream.text, /from a spec \(vscode-lm\/test\/fake\)/);
    assert.match(stream.text, /\| Return \|/);
    assert.doesNotMatch(stream.text, /Worked offline/);
    const anchor = stream.parts.find((x) => x.kind === 'anchor')!;
    assert.ok(anchor.value instanceof fake.Uri);
    assert.equal((anchor.value as Fake.Uri).fsPath, file);
    const buttons = stream.parts.filter((x) => x.kind === 'button').map((x) => x.value as { command: string; arguments?: unknown[] });
    assert.deepEqual(buttons.map((b) => b.command), ['algoagent.showResults', 'algoagent.runBacktest'], 'no Optimize button: the command is not registered here');
    assert.equal(buttons[0].arguments?.[0], file);
    assert.ok(buttons[1].arguments?.[0] instanceof fake.Uri);
    const follow = (await p.followupProvider!.provideFollowups(result, { history: [] }, token)) as { label: string }[];
    assert.ok(follow.some((f) => f.label === 'Explain the worst trades'));
  });

  it('a follow-up change is edited by the model and applied as a WorkspaceEdit (undo works)', async () => {
    const { p } = register();
    fs.mkdirSync(path.join(root, 'strategies'));
    const file = path.join(root, 'strategies', 'dip.strategy.ts');
    fs.writeFileSync(file, GOOD);
    const edited = GOOD.replace('this.buy();', 'this.buy({ sl: this.data.close.at(-1)! * 0.95 });');
    const model = fakeChatModel(['```ts\n' + edited + '```']);
    const history = [{ prompt: 'x', participant: 'algoagent.chat' }, { result: { metadata: { action: 'backtest', file } }, participant: 'algoagent.chat' }];
    const stream = new RawStream();
    const result = (await p.handler({ prompt: 'now add a 5 % stop loss', command: undefined, references: [], model }, { history }, stream, new fake.CancellationTokenSource().token)) as { metadata: { file: string; action: string; failed: boolean } };
    assert.equal(result.metadata.action, 'change');
    assert.equal(result.metadata.file, file);
    assert.equal(result.metadata.failed, false);
    assert.equal(fake.recorded.applied.length, 1);
    assert.equal(fs.readFileSync(file, 'utf8'), edited);
    assert.match(stream.text, /Changed \*\*strategies\/dip\.strategy\.ts\*\* as asked \(vscode-lm\/test\/fake\); undo reverts it/);
  });

  it('a failing run anchors to the failing line as a Location', async () => {
    const { p } = register();
    fs.mkdirSync(path.join(root, 'strategies'));
    const file = path.join(root, 'strategies', 'dip.strategy.ts');
    fs.writeFileSync(file, MISSING_THIS);
    const stream = new RawStream();
    await p.handler({ prompt: 'dip', command: 'backtest', references: [], model: fakeChatModel([]) }, { history: [] }, stream, new fake.CancellationTokenSource().token);
    const anchor = stream.parts.find((x) => x.kind === 'anchor')!.value as Fake.Location;
    assert.ok(anchor instanceof fake.Location);
    assert.equal(anchor.uri.fsPath, file);
    assert.equal(anchor.range.line, 12);
  });
});
