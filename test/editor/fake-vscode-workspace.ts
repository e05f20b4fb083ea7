/** The part of the `vscode` API src/vscode/language-client.ts uses: open documents and their event. */
interface Doc {
  uri: { scheme: string; toString(): string };
  languageId: string;
}
type Listener = (d: Doc) => unknown;

const listeners = new Set<Listener>();

export const workspace = {
  textDocuments: [] as Doc[],
  onDidOpenTextDocument(l: Listener) {
    listeners.add(l);
    return { dispose: () => void listeners.delete(l) };
  },
};

/** Test side: a document opens. */
export function open(doc: Doc): void {
  workspace.textDocuments.push(doc);
  for (const l of [...listeners]) l(doc);
}

export function listening(): number {
  return listeners.size;
}

export function reset(): void {
  workspace.textDocuments.length = 0;
  listeners.clear();
}

export function doc(scheme: string, languageId: string, path = '/ws/a.strategy.ts'): Doc {
  return { uri: { scheme, toString: () => `${scheme}://${path}` }, languageId };
}
