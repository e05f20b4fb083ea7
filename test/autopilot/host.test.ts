/**
 * The agent's editor glue against a recording fake of the vscode API: commands, the status bar,
 * the dashboard's messages, and `always` mode resuming when the extension activates.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import type * as Fake from './fake-vscode';
import { saveConfig } from '../../src/autopilot/workspace';
import { Store } from '../../src/store/store';
import type { Runner } from '../../src/runner/run';
import { buildRunner, newRunner, tempDir } from './helpers';
import { forgetEditorModules } from '../helpers/editor-modules';

type HostModule = typeof import('../../src/vscode/autopilot-commands');
type AutopilotServices = import('../../src/vscode/autopilot-commands').AutopilotServices;
const moduleInternals = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const fakePath = require.resolve('./fake-vscode');

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('autopilot editor glue (fake vscode API)', function () {
  this.timeout(120_000);
  let fake: typeof Fake;
  let host: HostModule;
  let services: AutopilotServices;
  let runner: Runner;
  let root: string;
  const original = moduleInternals._resolveFilename;
  const contexts: { subscriptions: { dispose(): unknown }[] }[] = [];

  before(async () => {
    forgetEditorModules();
    moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
    };
    /* eslint-disable @typescript-eslint/no-require-imports */
    fake = require('./fake-vscode');
    host = require('../../src/vscode/autopilot-commands');
    services = require('../../src/vscode/autopilot-services');
    /* eslint-enable @typescript-eslint/no-require-imports */
    await buildRunner();
    runner = newRunner();
  });
  beforeEach(() => {
    root = tempDir('host');
    fake.recorded.folders = [{ uri: fake.Uri.file(root) }];
    fake.recorded.config = { 'ai.provider': 'offline' };
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) for (const d of c.subscriptions) d.dispose();
    fake.recorded.commands.clear();
    for (const p of fake.recorded.panels) p.dispose(); // the dashboard is one per window (a static)
    fake.recorded.panels.length = 0;
    fake.recorded.statusItems.length = 0;
    fake.recorded.info.length = 0;
    fake.recorded.errors.length = 0;
    fs.rmSync(root, { recursive: true, force: true });
  });
  after(() => {
    forgetEditorModules();
    moduleInternals._resolveFilename = original;
    runner?.dispose();
  });

  const activate = (extra: Partial<import('../../src/vscode/autopilot-commands').AutopilotDeps> = {}) => {
    const context = { subscriptions: [] as { dispose(): unknown }[], extensionUri: fake.Uri.file('/ext'), globalStorageUri: fake.Uri.file(path.join(root, '.cache')) };
    contexts.push(context);
    const output = { appendLine: () => undefined };
    host.registerAutopilot(context as never, { output: output as never, keyring: { pool: undefined } as never, run: async () => runner.run.bind(runner), services: async () => services, ...extra });
    return context;
  };
  const status = () => fake.recorded.statusItems[0];
  /** The agent's state as a new Store on the editor's history database reads it (no storageUri here: the global one). */
  const stored = async () => {
    const store = await Store.open(path.join(root, '.cache', 'history.db'));
    try {
      return store.loadAgentState(root) ?? { cycles: 0, running: false, strategies: [] };
    } finally {
      await store.close();
    }
  };

  it('registers its commands and a status bar item; a cycle from the command updates it and the dashboard', async () => {
    saveConfig(root, { kinds: ['meanReversion'] });
    activate();
    assert.deepEqual([...fake.recorded.commands.keys()].sort(), ['algoagent.agent.runCycle', 'algoagent.agent.showDashboard', 'algoagent.agent.start', 'algoagent.agent.stop']);
    assert.equal(status().text, '$(circle-slash) Agent: stopped');
    assert.equal(status().command, 'algoagent.agent.showDashboard');

    await fake.commands.executeCommand('algoagent.agent.showDashboard');
    const panel = fake.recorded.panels[0];
    assert.equal(panel.viewType, 'algoagent.agentDashboard');
    assert.match(panel.webview.html, /script-src 'nonce-[A-Za-z0-9]{32}'/);
    assert.match(panel.webview.html, /dist\/webview\/dashboard\.js/);
    panel.send({ type: 'ready' });
    assert.deepEqual(panel.posted.map((m) => (m as { type: string }).type), ['state', 'config']);

    await fake.commands.executeCommand('algoagent.agent.runCycle');
    assert.match(fake.recorded.info.at(-1)!, /^AlgoAgent agent: 2 generated, 1 promoted to paper, 1 retired\.$/);
    assert.equal(status().text, '$(circle-slash) Agent: stopped · 1 paper');
    const last = panel.posted.at(-1) as { type: string; state: { cards: { status: string }[] } };
    assert.equal(last.type, 'state');
    assert.deepEqual(last.state.cards.map((c) => c.status).sort(), ['paper', 'retired']);

    // Settings from the dashboard: refused with the field named, then saved.
    panel.send({ type: 'saveConfig', config: { kinds: [] } });
    const refused = panel.posted.at(-2) as { type: string; error: string; saved: boolean };
    assert.equal(refused.type, 'config');
    assert.match(refused.error, /kinds: give at least one of/);
    panel.send({ type: 'saveConfig', config: { kinds: ['trend'], runMode: 'always' } });
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, '.algoagent', 'agent-config.json'), 'utf8')).runMode, 'always');

    // The lifecycle is in the editor's history database, which the workspace notes for the CLI.
    const saved = await stored();
    assert.equal(saved.cycles, 1);
    assert.deepEqual(saved.strategies.map((s) => s.status).sort(), ['paper', 'retired']);
    assert.equal(fs.readFileSync(path.join(root, '.algoagent', 'history-db'), 'utf8').trim(), path.join(root, '.cache', 'history.db'));

    panel.send({ type: 'open', file: 'strategies/autopilot/x.strategy.ts' });
    assert.deepEqual(fake.recorded.opened.slice(-1), [path.join(root, 'strategies/autopilot/x.strategy.ts')]);
  });

  it('a dashboard left open comes back with the window: the restored panel gets the app, the state and the configuration', async () => {
    saveConfig(root, { kinds: ['meanReversion'] });
    activate();
    const serializer = fake.recorded.serializers.get('algoagent.agentDashboard');
    assert.ok(serializer, 'no serializer registered for the dashboard');
    const restored = fake.restoredPanel('algoagent.agentDashboard');
    await serializer.deserializeWebviewPanel(restored, { filter: 'retired', page: 'log' });
    assert.equal(fake.recorded.panels.length, 0, 'a second panel was created instead of adopting the restored one');
    assert.equal(restored.webview.options.enableScripts, true);
    assert.match(restored.webview.html, /dist\/webview\/dashboard\.js/);
    restored.send({ type: 'ready' });
    assert.deepEqual(restored.posted.map((m) => (m as { type: string }).type), ['state', 'config']);
    assert.deepEqual((restored.posted[1] as { config: { kinds: string[] } }).config.kinds, ['meanReversion']);
    // The command now reveals the restored panel rather than opening another one.
    await fake.commands.executeCommand('algoagent.agent.showDashboard');
    assert.equal(fake.recorded.panels.length, 0);
    assert.equal(restored.revealed, 1);
    // A second restored panel (two windows' worth of state) is closed: one dashboard per window.
    const extra = fake.restoredPanel('algoagent.agentDashboard');
    await serializer.deserializeWebviewPanel(extra, undefined);
    assert.equal(extra.disposed, true);
    restored.dispose();
  });

  it('a restored dashboard with no folder open is closed, with the reason shown', async () => {
    fake.recorded.folders = undefined;
    activate();
    const restored = fake.restoredPanel('algoagent.agentDashboard');
    await fake.recorded.serializers.get('algoagent.agentDashboard')!.deserializeWebviewPanel(restored, undefined);
    assert.equal(restored.disposed, true);
    assert.match(fake.recorded.errors.at(-1) ?? '', /open a folder first/);
  });

  it('`always`: activation resumes the agent, which runs a cycle; manual does not', async () => {
    saveConfig(root, { kinds: ['meanReversion'], runMode: 'manual' });
    activate();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await stored()).cycles, 0, 'manual: nothing ran');
    for (const d of contexts.pop()!.subscriptions) d.dispose();
    fake.recorded.statusItems.length = 0;

    saveConfig(root, { kinds: ['meanReversion'], runMode: 'always' });
    activate();
    let last = await stored();
    const end = Date.now() + 60_000;
    while (last.cycles !== 1 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      last = await stored();
    }
    assert.equal(last.cycles, 1, 'the resumed agent finished a cycle');
    assert.equal(last.running, true);
    await until('the status bar to show it running', () => /Agent: running · 1 paper/.test(status().text));
  });

  it('uses the history Store it is given (the History view\'s), sharing it rather than opening its own', async () => {
    saveConfig(root, { kinds: ['meanReversion'] });
    const shared = await Store.open(path.join(root, 'workspace-storage', 'history.db'));
    try {
      activate({ store: async () => shared });
      await fake.commands.executeCommand('algoagent.agent.runCycle');
      assert.equal(shared.loadAgentState(root)!.cycles, 1);
      assert.equal(shared.listRuns().length, shared.loadAgentState(root)!.strategies.length, 'its backtests are in the same history');
      assert.equal(fs.existsSync(path.join(root, '.cache', 'history.db')), false, 'no second database');
      for (const d of contexts.pop()!.subscriptions) d.dispose();
      await shared.recordAiCall({ provider: 'offline', outcome: 'ok' }); // still open: its owner closes it
    } finally {
      await shared.close();
    }
  });

  it('an agent error is shown with its code and action, never a stack', async () => {
    fake.recorded.config = { 'ai.provider': 'gemini' };
    saveConfig(root, { kinds: ['trend'] });
    activate();
    await fake.commands.executeCommand('algoagent.agent.runCycle');
    await until('the error message', () => fake.recorded.errors.length > 0);
    assert.match(fake.recorded.errors[0], /^AlgoAgent agent — NO_AI_PROVIDER: no language model is available: no Gemini API key.*Add a Gemini API key or pick a chat model/);
    assert.equal(status().text, '$(error) Agent: NO_AI_PROVIDER');
  });
});
