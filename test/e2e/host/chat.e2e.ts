/**
 * Scenario 4 inside the extension host: `@algo /new …` in the chat view, answered by the fake
 * language-model provider of the test-only extension (test/e2e/host-extension): the participant asks
 * the model, writes strategies/<slug>.strategy.ts from its spec, runs it, and ends with the run's
 * figures — the CLI's for the same file. The answer's text (table and file anchor) is read from the
 * chat view by test/e2e/ui/host-suite.ui.ts after the suite.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cliBacktestJson, record, workspaceRoot } from './context';

interface FakeProvider {
  requests: { model: string; chars: number }[];
  vendor: string;
  modelId: string;
}

interface ChatMetadata {
  action?: string;
  file?: string;
  stats?: { returnPct: number; sharpeRatio: number | null; trades: number };
}

const HOST_EXTENSION_ID = 'algoagent-test.algoagent-e2e-host';

describe('Chat @algo /new with a fake language model (scenario 4)', () => {
  it('writes the strategy from the model\'s spec, runs it and reports the CLI\'s figures', async () => {
    const host = vscode.extensions.getExtension<FakeProvider>(HOST_EXTENSION_ID);
    assert.ok(host, `${HOST_EXTENSION_ID} (the fake provider) is not loaded`);
    const fake = await host.activate();
    // The provider's models become visible once an extension asks for the vendor.
    const lm = (vscode as unknown as { lm: { selectChatModels(s: { vendor: string }): Promise<{ id: string }[]> } }).lm;
    const models = await lm.selectChatModels({ vendor: fake.vendor });
    assert.ok(models.some((m) => m.id === fake.modelId), `the fake model is not offered: ${JSON.stringify(models.map((m) => m.id))}`);

    const dir = path.join(workspaceRoot(), 'strategies');
    const before = new Set(existsSync(dir) ? readdirSync(dir) : []);
    const result = (await vscode.commands.executeCommand('workbench.action.chat.open', {
      query: '@algo /new Buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss',
      isPartialQuery: false,
      modelSelector: { vendor: fake.vendor, id: fake.modelId },
      blockOnResponse: true,
    })) as { metadata?: ChatMetadata; errorDetails?: { message: string } } | undefined;

    assert.ok(fake.requests.length > 0, 'the chat never asked the fake model');
    const created = (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.endsWith('.strategy.ts') && !before.has(f));
    assert.equal(created.length, 1, `expected one new file under strategies/, got ${JSON.stringify(created)}`);
    const file = path.join(dir, created[0]!);
    assert.match(created[0]!, /^e2e-chat-rsi/, 'the file is named after the spec the model gave');
    assert.ok(result, 'workbench.action.chat.open returned no result');
    assert.equal(result.errorDetails, undefined, `the participant answered with an error: ${result.errorDetails?.message}`);
    const meta = result.metadata;
    assert.equal(meta?.action, 'new', `metadata: ${JSON.stringify(meta)}`);
    assert.equal(meta?.file, file);
    const cli = await cliBacktestJson(file);
    const s = cli.stats as { returnPct: number; sharpeRatio: number | null; trades: number };
    assert.ok(meta?.stats, 'no figures in the answer\'s metadata');
    assert.equal(meta.stats.returnPct, s.returnPct);
    assert.equal(meta.stats.sharpeRatio, s.sharpeRatio);
    assert.equal(meta.stats.trades, s.trades);
    // for the UI check of the rendered answer (test/e2e/ui/host-suite.ui.ts)
    record('chatFile', path.basename(file));
    record('chatReturn', `${s.returnPct >= 0 ? '+' : ''}${s.returnPct.toFixed(2)} %`);
  });
});
