/** The agent's status bar item: state and paper/ready counts; a click opens the dashboard. */
import * as vscode from 'vscode';
import type { DashboardState } from '../autopilot/dashboard-protocol';
import { statusBarText } from '../autopilot/dashboard-view';

export class AgentStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('algoagent.agent', vscode.StatusBarAlignment.Left, 40);
  constructor() {
    this.item.name = 'AlgoAgent Agent';
    this.item.command = 'algoagent.agent.showDashboard';
    this.update({ status: 'off', cards: [], error: null });
  }
  update(s: Pick<DashboardState, 'status' | 'cards' | 'error'>): void {
    const { text, tooltip } = statusBarText(s);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = s.status === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }
  dispose(): void {
    this.item.dispose();
  }
}
