/**
 * Editor glue of the autonomous agent: commands (dashboard, start, stop, run a cycle), the status
 * bar item, fill notifications, and `always` mode resuming at startup. The agent itself (runner,
 * code generator, models) loads on first use; activation only reads the small configuration file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageModel, ProviderChoice } from '../ai/provider';
import type { DashboardState } from '../autopilot/dashboard-protocol';
import type { AgentError } from '../autopilot/errors';
import type { OpenAgent } from '../autopilot/open';
import type { AgentSnapshot } from '../autopilot/service';
import type { RunBacktest } from '../runner/protocol';
import type { Store } from '../store/store';
import type { RecordRunInput } from '../store/types';
import type { GeminiKeyring } from './ai-keys';
import { AgentDashboard, DASHBOARD_VIEW_TYPE } from './autopilot-dashboard';
import { AgentStatusItem } from './autopilot-status';

export interface AutopilotDeps {
  output: vscode.OutputChannel;
  keyring: GeminiKeyring;
  /** The extension's runner (shared); default: the agent starts its own. */
  run?: () => Promise<RunBacktest>;
  /** Records the agent's backtests in the history (the history view shows them); default: the agent's store. */
  recordRun?: (input: RecordRunInput) => Promise<number | undefined>;
  /**
   * The history store the agent keeps its lifecycle in: the one the History view opened
   * (`history.store()`). Default: the same file, `<workspace storage>/history.db`, opened here.
   */
  store?: () => Promise<Store | undefined>;
  /** How the agent is loaded (tests hand it in); default: `import('./autopilot-services')` on first use. */
  services?: () => Promise<AutopilotServices>;
}

export type AutopilotServices = typeof import('./autopilot-services');

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** `runMode` from the workspace's agent configuration, read without loading the agent. */
export function configuredRunMode(root: string): string {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(root, '.algoagent', 'agent-config.json'), 'utf8')) as { runMode?: unknown };
    return typeof raw.runMode === 'string' ? raw.runMode : 'manual';
  } catch {
    return 'manual';
  }
}

export function registerAutopilot(context: vscode.ExtensionContext, deps: AutopilotDeps): void {
  const status = new AgentStatusItem();
  let agent: OpenAgent | undefined;
  let loading: Promise<OpenAgent> | undefined;
  let progress: string | null = null;
  let lastState: DashboardState = { status: 'off', running: false, mode: 'manual', cycles: 0, lastCycle: null, nextWake: null, error: null, cards: [], events: [], progress: null };
  let seenEvents = -1;
  let agentClosed: Promise<void> | undefined;
  const services = deps.services ?? (() => import('./autopilot-services'));

  const onChange = async (snap: AgentSnapshot) => {
    const { toDashboardState } = await services();
    lastState = toDashboardState(snap, progress);
    status.update(lastState);
    AgentDashboard.refresh();
    // Fill notifications (optional): new live fills since the last look.
    const fills = snap.events.filter((e) => e.step === 'fill');
    if (seenEvents >= 0 && vscode.workspace.getConfiguration('algoagent').get<boolean>('agent.notifyFills', false)) {
      for (const f of fills.slice(seenEvents)) void vscode.window.showInformationMessage(`AlgoAgent paper: ${f.strategyId} — ${f.reason}`);
    }
    seenEvents = fills.length;
  };

  async function model(): Promise<LanguageModel> {
    const c = vscode.workspace.getConfiguration('algoagent');
    const { chooseModel, geminiBaseUrl, pickChatModel } = await services();
    return chooseModel(c.get<ProviderChoice>('ai.provider', 'auto'), {
      vscodeLm: () => pickChatModel(),
      gemini: { pool: deps.keyring.pool, model: c.get<string>('gemini.model', '') || undefined, baseUrl: geminiBaseUrl(c.get<string>('gemini.baseUrl', '')) },
    });
  }

  function getAgent(): Promise<OpenAgent> {
    const root = workspaceRoot();
    if (!root) return Promise.reject(new Error('open a folder first: the agent keeps its strategies and state in the workspace'));
    loading ??= (async () => {
      const svc = await services();
      const run = deps.run ? await deps.run() : undefined;
      const shared = deps.store ? await deps.store() : undefined;
      const store = shared ?? (await svc.Store.open(path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'history.db')));
      if (!shared) context.subscriptions.push({ dispose: () => void (agentClosed ?? Promise.resolve()).then(() => store.close()) });
      try {
        svc.rememberAgentDb(root, store.file); // `algoagent agent` / `paper` in this folder use the same store
      } catch (err) {
        deps.output.appendLine(`agent: could not note the history database in ${root}/.algoagent: ${(err as Error).message}`);
      }
      agent = await svc.openAgent({
        root, store, model, cacheDir: context.globalStorageUri.fsPath, run, recordRun: deps.recordRun,
        onChange: (s) => void onChange(s),
        onProgress: (m) => {
          progress = m;
          deps.output.appendLine(`agent ${m}`);
          if (agent) void onChange(agent.service.snapshot());
        },
      });
      progress = null; // an import message (if any) is in the output channel, not a lasting progress line
      await onChange(agent.service.snapshot());
      // Live refresh when another process (algoagent paper run / agent cycle) changes the store.
      const watcher = () => agent?.service.reload();
      fs.watchFile(store.file, { interval: 2_000, persistent: false }, watcher);
      context.subscriptions.push({ dispose: () => fs.unwatchFile(store.file, watcher) });
      return agent;
    })();
    loading.catch(() => (loading = undefined));
    return loading;
  }

  /** Shows an agent error with its action (and the button that does it), never a stack. */
  function report(err: unknown): void {
    const e = err as Partial<AgentError>;
    deps.output.appendLine(`agent error ${e.code ?? ''} ${(err as Error).message}`);
    if (e.code === 'CANCELLED') return;
    const text = e.code ? `AlgoAgent agent — ${e.code}: ${(err as Error).message}. ${e.action ?? ''}` : `AlgoAgent agent: ${(err as Error).message}`;
    const button = e.command ? (e.code === 'NO_AI_PROVIDER' ? 'Add Gemini Key' : 'Open') : undefined;
    void (button ? vscode.window.showErrorMessage(text, button) : vscode.window.showErrorMessage(text)).then((pick) => {
      if (pick && e.command) void vscode.commands.executeCommand(e.command);
    });
  }

  const act = (fn: (a: OpenAgent) => unknown) => async () => {
    try {
      const a = await getAgent();
      await fn(a);
    } catch (err) {
      report(err);
    } finally {
      progress = null;
      if (agent) void onChange(agent.service.snapshot());
    }
  };
  const start = act((a) => a.service.start());
  const stop = act((a) => a.service.stop());
  const cycle = act(async (a) => {
    const r = await a.service.runCycleNow();
    void vscode.window.showInformationMessage(`AlgoAgent agent: ${r.generated} generated, ${r.promoted} promoted to paper, ${r.retired} retired.`);
  });

  const showDashboard = async (restored?: vscode.WebviewPanel) => {
    try {
      const root = workspaceRoot();
      if (!root) {
        restored?.dispose();
        throw new Error('open a folder first: the agent keeps its strategies and state in the workspace');
      }
      const { loadConfig, saveConfig } = await services();
      void getAgent().catch(report);
      AgentDashboard.show(context, {
        state: () => lastState,
        config: () => loadConfig(root),
        saveConfig: (c) => saveConfig(root, c),
        onMessage: (m) => {
          if (m.type === 'start') void start();
          else if (m.type === 'stop') void stop();
          else if (m.type === 'cycle') void cycle();
          else if (m.type === 'open') void vscode.window.showTextDocument(vscode.Uri.file(path.resolve(root, m.file)));
          else if (m.type === 'command' && m.command.startsWith('algoagent.')) void vscode.commands.executeCommand(m.command);
        },
      }, restored);
    } catch (err) {
      report(err);
    }
  };

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('algoagent.agent.showDashboard', () => showDashboard()),
    // A dashboard left open comes back with the window (activation event onWebviewPanel:…).
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, { deserializeWebviewPanel: (panel) => showDashboard(panel) }),
    vscode.commands.registerCommand('algoagent.agent.start', start),
    vscode.commands.registerCommand('algoagent.agent.stop', stop),
    vscode.commands.registerCommand('algoagent.agent.runCycle', cycle),
    { dispose: () => void (agentClosed = agent?.dispose()) },
  );

  // `always`: resume now (missed bars are caught up on the first wake).
  const root = workspaceRoot();
  if (root && configuredRunMode(root) === 'always' && vscode.workspace.isTrusted) {
    void getAgent().then((a) => a.service.startup()).catch(report);
  }
}
