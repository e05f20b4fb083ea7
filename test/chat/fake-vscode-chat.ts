/**
 * The part of the `vscode` API src/vscode/chat.ts (and ai-lm.ts) use, recorded for tests. Installed
 * as the module `vscode` by vscode-chat.test.ts.
 */
import * as fs from 'node:fs';

export class Uri {
  private constructor(readonly fsPath: string, readonly scheme = 'file') {}
  static file(p: string): Uri {
    return new Uri(p);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.fsPath, ...parts].join('/'));
  }
}

export class Position {
  constructor(readonly line: number, readonly character: number) {}
}
export class Location {
  constructor(readonly uri: Uri, readonly range: Position) {}
}
export class Range {
  constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {}
}
export class WorkspaceEdit {
  readonly edits: { uri: Uri; text: string }[] = [];
  replace(uri: Uri, _range: Range, text: string): void {
    this.edits.push({ uri, text });
  }
}

export class CancellationTokenSource {
  private listeners: (() => unknown)[] = [];
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: (l: () => unknown) => {
      this.listeners.push(l);
      return { dispose: () => undefined };
    },
  };
  cancel(): void {
    this.token.isCancellationRequested = true;
    this.listeners.forEach((l) => l());
  }
}

export const LanguageModelChatMessage = {
  User: (content: string) => ({ role: 'user', content }),
  Assistant: (content: string) => ({ role: 'assistant', content }),
};

type Handler = (request: unknown, context: unknown, stream: unknown, token: unknown) => Promise<unknown>;

export const recorded = {
  participants: [] as { id: string; handler: Handler; iconPath?: Uri; followupProvider?: { provideFollowups(result: unknown, context: unknown, token: unknown): unknown }; disposed: boolean }[],
  commandIds: ['algoagent.runBacktest', 'algoagent.showResults'] as string[],
  root: undefined as string | undefined,
  trusted: true,
  config: {} as Record<string, unknown>,
  applied: [] as WorkspaceEdit[],
};

export const chat = {
  createChatParticipant(id: string, handler: Handler) {
    const p = { id, handler, iconPath: undefined as Uri | undefined, followupProvider: undefined, disposed: false, dispose() { p.disposed = true; } };
    recorded.participants.push(p);
    return p;
  },
};

export const lm = {
  async selectChatModels() {
    return [];
  },
};

export const commands = {
  async getCommands() {
    return recorded.commandIds;
  },
};

export const window = { activeTextEditor: undefined };

export const workspace = {
  get workspaceFolders() {
    return recorded.root ? [{ uri: Uri.file(recorded.root) }] : undefined;
  },
  get isTrusted() {
    return recorded.trusted;
  },
  getConfiguration(section: string) {
    return { get: <T>(key: string, fallback: T): T => (recorded.config[`${section}.${key}`] as T) ?? fallback };
  },
  async findFiles() {
    const dir = recorded.root ? `${recorded.root}/strategies` : undefined;
    return dir && fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.strategy.ts')).map((f) => Uri.file(`${dir}/${f}`)) : [];
  },
  async openTextDocument(u: Uri) {
    return { uri: u, lineCount: fs.readFileSync(u.fsPath, 'utf8').split('\n').length, save: async () => true };
  },
  async applyEdit(e: WorkspaceEdit) {
    recorded.applied.push(e);
    for (const x of e.edits) fs.writeFileSync(x.uri.fsPath, x.text);
    return true;
  },
};
