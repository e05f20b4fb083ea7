/**
 * The part of the `vscode` API the agent's editor glue uses, recorded for tests (installed as the
 * module `vscode` by autopilot-host.test.ts).
 */
type Listener<T> = (e: T) => unknown;

export const recorded = {
  commands: new Map<string, (...a: unknown[]) => unknown>(),
  executed: [] as { id: string; args: unknown[] }[],
  info: [] as string[],
  errors: [] as string[],
  statusItems: [] as StatusItem[],
  panels: [] as Panel[],
  serializers: new Map<string, { deserializeWebviewPanel(panel: Panel, state: unknown): Promise<void> }>(),
  opened: [] as string[],
  config: {} as Record<string, unknown>,
  folders: undefined as { uri: Uri }[] | undefined,
};

export class Uri {
  private constructor(readonly fsPath: string) {}
  static file(p: string): Uri {
    return new Uri(p);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.fsPath, ...parts].join('/'));
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}
export const StatusBarAlignment = { Left: 1, Right: 2 };
export const ViewColumn = { Active: -1 };

class StatusItem {
  name = '';
  text = '';
  tooltip = '';
  command = '';
  backgroundColor: ThemeColor | undefined;
  visible = false;
  disposed = false;
  constructor(readonly id: string) {}
  show(): void {
    this.visible = true;
  }
  dispose(): void {
    this.disposed = true;
  }
}

class Panel {
  readonly posted: unknown[] = [];
  private receive: Listener<unknown>[] = [];
  private disposeListeners: Listener<void>[] = [];
  revealed = 0;
  disposed = false;
  readonly webview = {
    html: '',
    options: {} as Record<string, unknown>,
    cspSource: 'https://fake.vscode-cdn.net',
    asWebviewUri: (u: Uri) => u,
    onDidReceiveMessage: (l: Listener<unknown>) => {
      this.receive.push(l);
      return { dispose() {} };
    },
    postMessage: async (m: unknown) => {
      this.posted.push(JSON.parse(JSON.stringify(m)));
      return true;
    },
  };
  constructor(readonly viewType: string, readonly title: string, readonly options: Record<string, unknown>) {}
  /** A message from the webview app. */
  send(m: unknown): void {
    this.receive.forEach((l) => l(m));
  }
  reveal(): void {
    this.revealed++;
  }
  onDidDispose(l: Listener<void>) {
    this.disposeListeners.push(l);
    return { dispose() {} };
  }
  dispose(): void {
    this.disposed = true;
    this.disposeListeners.forEach((l) => l());
  }
}

/** A panel as VS Code hands it to a serializer when it restores a window: no content yet. */
export function restoredPanel(viewType: string): Panel {
  return new Panel(viewType, 'restored', {});
}

export const window = {
  createStatusBarItem(id: string) {
    const s = new StatusItem(id);
    recorded.statusItems.push(s);
    return s;
  },
  createWebviewPanel(viewType: string, title: string, _show: unknown, options: Record<string, unknown>) {
    const p = new Panel(viewType, title, options);
    recorded.panels.push(p);
    return p;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: { deserializeWebviewPanel(panel: Panel, state: unknown): Promise<void> }) {
    recorded.serializers.set(viewType, serializer);
    return { dispose: () => recorded.serializers.delete(viewType) };
  },
  async showInformationMessage(text: string) {
    recorded.info.push(text);
    return undefined;
  },
  async showErrorMessage(text: string) {
    recorded.errors.push(text);
    return undefined;
  },
  async showTextDocument(uri: Uri) {
    recorded.opened.push(uri.fsPath);
  },
};

export const commands = {
  registerCommand(id: string, fn: (...a: unknown[]) => unknown) {
    recorded.commands.set(id, fn);
    return { dispose: () => recorded.commands.delete(id) };
  },
  async executeCommand(id: string, ...args: unknown[]) {
    recorded.executed.push({ id, args });
    return recorded.commands.get(id)?.(...args);
  },
};

export const workspace = {
  get workspaceFolders() {
    return recorded.folders;
  },
  isTrusted: true,
  getConfiguration() {
    return { get: <T>(key: string, def: T): T => (key in recorded.config ? (recorded.config[key] as T) : def) };
  },
};
