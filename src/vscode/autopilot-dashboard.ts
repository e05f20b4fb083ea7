/**
 * The agent dashboard's webview panel (one per window): page with a strict CSP, the app from
 * dist/webview/dashboard.js, and the messages of src/autopilot/dashboard-protocol.ts.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AgentConfig } from '../autopilot/config';
import { dashboardHtml } from '../autopilot/dashboard-html';
import type { DashboardState, DashboardToHost, HostToDashboard } from '../autopilot/dashboard-protocol';

export const DASHBOARD_VIEW_TYPE = 'algoagent.agentDashboard';

export interface DashboardHost {
  /** The latest state (cards, status, log). */
  state(): DashboardState;
  config(): AgentConfig;
  /** Validates and saves; returns the saved configuration or throws with every problem named. */
  saveConfig(config: unknown): AgentConfig;
  onMessage(m: Exclude<DashboardToHost, { type: 'ready' | 'saveConfig' }>): void;
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => chars[b % chars.length]).join('');
}

export class AgentDashboard {
  private static current: AgentDashboard | undefined;
  private ready = false;

  /**
   * Reveals the dashboard, or opens it — in `restored` when VS Code brings back the panel of an
   * earlier window (the webview keeps its page and filter tab in its own state).
   */
  static show(context: vscode.ExtensionContext, host: DashboardHost, restored?: vscode.WebviewPanel): AgentDashboard {
    const current = AgentDashboard.current;
    if (current && restored) restored.dispose();
    if (current) {
      current.panel.reveal();
      return current;
    }
    const webviewDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const options = { enableScripts: true, localResourceRoots: [webviewDir] };
    let panel = restored;
    if (panel) panel.webview.options = options;
    else panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'AlgoAgent Agent', vscode.ViewColumn.Active, { ...options, retainContextWhenHidden: true });
    AgentDashboard.current = new AgentDashboard(panel, webviewDir, host);
    return AgentDashboard.current;
  }

  /** Pushes the state to the open dashboard, if any. */
  static refresh(): void {
    AgentDashboard.current?.postState();
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    webviewDir: vscode.Uri,
    private readonly host: DashboardHost,
  ) {
    const w = panel.webview;
    w.html = dashboardHtml(w.cspSource, nonce(), w.asWebviewUri(vscode.Uri.joinPath(webviewDir, 'dashboard.js')).toString(), w.asWebviewUri(vscode.Uri.joinPath(webviewDir, 'dashboard.css')).toString());
    w.onDidReceiveMessage((m: DashboardToHost) => this.receive(m));
    panel.onDidDispose(() => {
      if (AgentDashboard.current === this) AgentDashboard.current = undefined;
    });
  }

  private post(m: HostToDashboard): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  private postState(): void {
    this.post({ type: 'state', state: this.host.state() });
  }

  private receive(m: DashboardToHost): void {
    if (m.type === 'ready') {
      this.ready = true;
      this.postState();
      this.post({ type: 'config', config: this.host.config(), error: null, saved: false });
      return;
    }
    if (m.type === 'saveConfig') {
      try {
        const saved = this.host.saveConfig(m.config);
        this.post({ type: 'config', config: saved, error: null, saved: true });
      } catch (err) {
        this.post({ type: 'config', config: this.host.config(), error: (err as Error).message, saved: false });
      }
      this.postState();
      return;
    }
    this.host.onMessage(m);
  }
}
