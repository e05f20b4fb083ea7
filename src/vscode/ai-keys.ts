/**
 * Gemini keys in SecretStorage (never in settings): Add / Remove Gemini API Key, Show AI Key
 * Health. Keeps one KeyPool for the session; keys are shown only by their short hash.
 */
import * as vscode from 'vscode';
import { keyId } from '../ai/keys/key-id';
import { KeyPool, formatWait } from '../ai/keys/key-pool';

const SECRET = 'algoagent.gemini.apiKeys';

export class GeminiKeyring {
  readonly pool: KeyPool;
  constructor(private readonly secrets: vscode.SecretStorage) {
    const rpm = vscode.workspace.getConfiguration('algoagent').get<number>('gemini.requestsPerMinute', 0);
    this.pool = new KeyPool([], { rpm });
  }

  async load(): Promise<void> {
    this.pool.setKeys(await this.stored());
  }

  private async stored(): Promise<string[]> {
    try {
      const v = JSON.parse((await this.secrets.get(SECRET)) ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }

  async add(key: string): Promise<string> {
    const keys = await this.stored();
    if (!keys.includes(key)) keys.push(key);
    await this.secrets.store(SECRET, JSON.stringify(keys));
    return this.pool.add(key);
  }

  async remove(id: string): Promise<boolean> {
    const keys = await this.stored();
    const left = keys.filter((k) => keyId(k) !== id);
    await this.secrets.store(SECRET, JSON.stringify(left));
    this.pool.setKeys(left);
    return left.length < keys.length;
  }
}

function healthLine(h: ReturnType<KeyPool['health']>[number]): string {
  const state = h.disabled ? `disabled (${h.disabledReason ?? 'rejected'})` : h.cooldownUntil ? `cooling down, ready in ${formatWait(h.cooldownUntil - Date.now())}` : 'healthy';
  return `${h.id}: ${state}; ${h.requests} requests, ${h.successes} ok, ${h.failures} failed${h.lastError ? `; last error: ${h.lastError}` : ''}`;
}

export function registerAiKeys(context: vscode.ExtensionContext, keyring: GeminiKeyring, output: vscode.OutputChannel): void {
  void keyring.load();
  context.subscriptions.push(
    context.secrets.onDidChange((e) => {
      if (e.key === SECRET) void keyring.load();
    }),
    // A key may also be passed as the argument (automation, tests); it is never shown or logged.
    vscode.commands.registerCommand('algoagent.addGeminiKey', async (given?: unknown) => {
      if (typeof given === 'string' && given.trim().length < 10) return void vscode.window.showErrorMessage('AlgoAgent: that does not look like an API key.');
      const key = typeof given === 'string' ? given.trim() : (await vscode.window.showInputBox({ title: 'Add Gemini API Key', prompt: 'Stored in VS Code SecretStorage; shown only as a short hash.', password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim().length < 10 ? 'That does not look like an API key' : undefined) }))?.trim();
      if (!key) return;
      const id = await keyring.add(key);
      void vscode.window.showInformationMessage(`AlgoAgent: Gemini key ${id} added (${keyring.pool.size} in the pool).`);
    }),
    vscode.commands.registerCommand('algoagent.removeGeminiKey', async () => {
      const items = keyring.pool.health().map((h) => ({ label: h.id, description: h.disabled ? 'disabled' : `${h.requests} requests` }));
      if (!items.length) return void vscode.window.showInformationMessage('AlgoAgent: no Gemini keys are stored.');
      const pick = await vscode.window.showQuickPick(items, { title: 'Remove Gemini API Key' });
      if (pick && (await keyring.remove(pick.label))) void vscode.window.showInformationMessage(`AlgoAgent: Gemini key ${pick.label} removed.`);
    }),
    vscode.commands.registerCommand('algoagent.showAiKeyHealth', () => {
      const health = keyring.pool.health();
      output.appendLine(`Gemini key health (${new Date().toISOString()}):`);
      if (!health.length) output.appendLine('  no keys — run "AlgoAgent: Add Gemini API Key"');
      for (const h of health) output.appendLine('  ' + healthLine(h));
      output.show(true);
    }),
  );
}
