/**
 * The part of the `vscode` API the results panel host uses, recorded for tests (the real one
 * only exists inside VS Code). Installed as the module `vscode` by results-panel.test.ts.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    [...this.listeners].forEach((l) => l(e));
  }
}

export class Uri {
  private constructor(readonly fsPath: string, readonly scheme = 'file') {}
  static file(p: string): Uri {
    return new Uri(p);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.fsPath, ...parts].join('/'));
  }
  toString(): string {
    return this.scheme === 'file' ? pathToFileURL(this.fsPath).href : `${this.scheme}://${this.fsPath}`;
  }
  static webview(p: string): Uri {
    return new Uri(p, 'https-webview');
  }
}

export class FakeWebview {
  html = '';
  options: Record<string, unknown> = {};
  readonly cspSource = 'https://fake.vscode-cdn.net';
  readonly posted: unknown[] = [];
  readonly received = new EventEmitter<unknown>();
  onDidReceiveMessage = this.received.event;
  asWebviewUri(u: Uri): Uri {
    return Uri.webview(u.fsPath);
  }
  async postMessage(m: unknown): Promise<boolean> {
    this.posted.push(m);
    return true;
  }
}

export class FakePanel {
  readonly webview = new FakeWebview();
  title: string;
  disposed = false;
  revealed = 0;
  active = true;
  private readonly disposeEvent = new EventEmitter<void>();
  private readonly viewState = new EventEmitter<{ webviewPanel: FakePanel }>();
  onDidDispose = this.disposeEvent.event;
  onDidChangeViewState = this.viewState.event;
  constructor(readonly viewType: string, title: string, readonly showOptions: unknown, readonly createOptions: Record<string, unknown>) {
    this.title = title;
    this.webview.options = createOptions;
  }
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEvent.fire();
  }
}

export const recorded = {
  panels: [] as FakePanel[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as unknown[][],
  serializers: new Map<string, { deserializeWebviewPanel(p: FakePanel, state: unknown): Promise<void> }>(),
  info: [] as string[],
  errors: [] as string[],
  saveTarget: undefined as Uri | undefined,
  quickPick: undefined as ((items: { label: string }[]) => unknown) | undefined,
};

export const ViewColumn = { One: 1, Beside: -2 };
export const ColorThemeKind = { Light: 1, Dark: 2, HighContrast: 3, HighContrastLight: 4 };
export class Range {
  constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {}
}

const themeEvent = new EventEmitter<{ kind: number }>();
export const window = {
  createWebviewPanel(viewType: string, title: string, show: unknown, options: Record<string, unknown>): FakePanel {
    const p = new FakePanel(viewType, title, show, options);
    recorded.panels.push(p);
    return p;
  },
  registerWebviewPanelSerializer(viewType: string, s: { deserializeWebviewPanel(p: FakePanel, state: unknown): Promise<void> }) {
    recorded.serializers.set(viewType, s);
    return { dispose: () => recorded.serializers.delete(viewType) };
  },
  onDidChangeActiveColorTheme: themeEvent.event,
  fireThemeChange: (kind: number) => themeEvent.fire({ kind }),
  activeTextEditor: undefined,
  async showSaveDialog() {
    return recorded.saveTarget;
  },
  async showInformationMessage(m: string) {
    recorded.info.push(m);
    return undefined;
  },
  async showErrorMessage(m: string) {
    recorded.errors.push(m);
    return undefined;
  },
  async showQuickPick(items: { label: string }[]) {
    return recorded.quickPick?.(items);
  },
  async showTextDocument() {
    return undefined;
  },
};

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
    recorded.commands.set(id, fn);
    return { dispose: () => recorded.commands.delete(id) };
  },
  async executeCommand(...args: unknown[]) {
    recorded.executed.push(args);
    return undefined;
  },
};

export const workspace = {
  workspaceFolders: undefined,
  fs: {
    async writeFile(u: Uri, data: Uint8Array) {
      fs.writeFileSync(u.fsPath, data);
    },
  },
  async openTextDocument(u: Uri) {
    return { uri: u };
  },
};

export const env = { async openExternal() { return true; } };
