/**
 * The language server's protocol beyond LSP: the one typed contract between src/server (the server
 * process) and src/vscode/language-client.ts (the extension side). Plain names and types, no imports,
 * so both sides and the tests share it without pulling in either runtime.
 */

/** Source of every diagnostic the server publishes. */
/** The same source as the runner's diagnostics: one name in the Problems panel, one set of quick fixes. */
export const DIAGNOSTIC_SOURCE = 'AlgoAgent';

/**
 * Commands the server's code lenses invoke (the extension's registered commands); each gets the
 * document URI as its only argument — a string on the wire, turned into a `vscode.Uri` by the client.
 */
export const LENS_COMMANDS = {
  runBacktest: 'algoagent.runBacktest',
  optimize: 'algoagent.optimizeParameters',
  /** The whole-file fix loop (`algoagent.fixWithAi` itself needs one diagnostic). */
  fixWithAi: 'algoagent.fixWithAiLoop',
  showResults: 'algoagent.showResults',
} as const;

/** Client → server notification: the last run of a strategy file finished (or its record was loaded from the store). */
export const LAST_RUN_NOTIFICATION = 'algoagent/lastRun';

export interface LastRunParams {
  /** Document URI of the strategy file (as VS Code prints it, e.g. `file:///…/sma.strategy.ts`). */
  uri: string;
  /** The figures of a run that finished; null to forget the file's last run. */
  run: { returnPct: number | null; sharpeRatio: number | null; trades: number; finishedAt: string } | null;
  /** Set when the last run failed instead (the failure's kind and message). */
  failed?: { kind: string; message: string };
}

/** Data attached to each published diagnostic (LSP `Diagnostic.data`): the certain quick fix, if any. */
export interface DiagnosticData {
  fix?: {
    title: string;
    /** 0-based LSP ranges. */
    edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
  };
}
