/**
 * The chat participant `@algo` as plain data: the minimal shapes of VS Code's chat request, context,
 * response stream and cancellation token that the handler uses (src/vscode/chat.ts adapts the real
 * ones), the result metadata a turn leaves behind for the next one, and the handler's services.
 * Nothing here imports `vscode`, so the handler is unit-tested with a recording stream.
 */
import type { FixAttempt } from '../agent/types';
import type { LanguageModel } from '../ai/provider';
import type { StrategyMemory } from '../agent/memory';
import type { DataSpec, RunBacktest, RunOutcome } from '../runner/protocol';
import type { ListRunsQuery, RunRecord, RunSummary } from '../store/types';

export const CHAT_COMMANDS = ['new', 'backtest', 'fix', 'optimize', 'explain', 'history', 'compare', 'data'] as const;
export type ChatCommand = (typeof CHAT_COMMANDS)[number];

export interface ChatRequestLike {
  readonly prompt: string;
  readonly command?: string;
  /** The chat view's model (opaque here: `deps.model` turns it into a LanguageModel). */
  readonly model?: unknown;
  /** Files attached to the request (#file), as absolute paths. */
  readonly files?: readonly string[];
}

export interface ChatRequestTurnLike {
  readonly prompt: string;
  readonly command?: string;
  readonly participant: string;
}

export interface ChatResponseTurnLike {
  readonly result: { readonly metadata?: { readonly [key: string]: unknown } };
  readonly participant: string;
  readonly command?: string;
}

export interface ChatContextLike {
  readonly history: ReadonlyArray<ChatRequestTurnLike | ChatResponseTurnLike>;
}

/** A command argument that stands for a file (the adapter turns it into a `vscode.Uri`). */
export interface FileArg {
  readonly file: string;
}

export interface ChatButton {
  command: string;
  title: string;
  arguments?: (FileArg | string | number)[];
}

export interface ChatStreamLike {
  progress(value: string): void;
  markdown(value: string): void;
  /** A link to a file (absolute path), optionally to a line (1-based). */
  anchor(file: string, title?: string, line?: number): void;
  reference(file: string): void;
  button(button: ChatButton): void;
}

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** What a turn leaves in `result.metadata` for the next turns and the followup provider. */
export interface ChatMetadata {
  /** What the turn did. */
  action: ChatCommand | 'change' | 'question' | 'help' | 'error' | 'cancelled';
  /** The strategy under discussion after this turn (absolute path). */
  file?: string;
  /** Key figures of the last run, for followups and comparisons. */
  stats?: { returnPct: number; buyHoldReturnPct: number | null; sharpeRatio: number | null; maxDrawdownPct: number; trades: number; winRatePct: number | null };
  /** The data the run used, as the user sees it. */
  dataLabel?: string;
  /** The run failed and a fix is the natural next step. */
  failed?: boolean;
  /** The strategy has parameters worth optimizing. */
  hasParams?: boolean;
  /** Whether the strategy has a stop loss (for the "add a stop loss" followup). */
  hasStop?: boolean;
  /** An error answer: what kind. */
  error?: ChatErrorKind;
}

export type ChatErrorKind = 'no-workspace' | 'untrusted' | 'no-data' | 'no-strategy' | 'model' | 'quota' | 'generation' | 'failed';

export interface ChatResultLike {
  metadata: ChatMetadata;
  errorDetails?: { message: string };
}

export interface ChatFollowupLike {
  prompt: string;
  label?: string;
  command?: string;
}

/** The part of the history store the chat reads (src/store Store has it). */
export interface HistoryReader {
  listRuns(q?: ListRunsQuery): RunSummary[];
  getRun(id: number): RunRecord | undefined;
}

/** The run an answer ended with: what the history records and the results panel shows. */
export interface ChatRun {
  file: string;
  outcome: RunOutcome;
  /** The source as it ran (a fix candidate, or the file). */
  source?: string;
  data: { spec: DataSpec; label: string };
  kind: 'new' | 'fix' | 'backtest';
  /** `fixed`: the agent repaired the code before this run. */
  status?: 'fixed';
  attempts: FixAttempt[];
}

/** What the handler needs from the editor (or a test). */
export interface ChatDeps {
  /** The first workspace folder, or undefined when none is open. */
  workspaceRoot(): string | undefined;
  /** Workspace trust: strategy code never runs in an untrusted workspace. */
  isTrusted(): boolean;
  /**
   * The model for this request: the chat view's model when usable, else the configured provider
   * (Gemini keys), else the offline rules. May throw a ProviderError (answered, not thrown on).
   */
  model(requestModel: unknown): Promise<LanguageModel>;
  /** The configured provider without the chat view's model (Gemini when keys exist), for when that model fails. */
  fallbackModel?(): Promise<LanguageModel | undefined>;
  /** The runner (Runner.run), created on first use. */
  run(): Promise<RunBacktest>;
  /** The data the next run of `file` uses (the editor's data choice, the file's meta, the sample). */
  data(file: string): Promise<{ spec: DataSpec; label: string }>;
  /** The data choice in words when no strategy is known, and how to change it. */
  dataChoice(): string;
  /** The strategy open in the editor, if any. */
  activeFile(): string | undefined;
  /** Strategy files of the workspace (absolute paths). */
  strategies(): Promise<string[]>;
  /** `algoagent.agent.maxFixAttempts`. */
  maxAttempts(): number;
  /** Whether a Gemini key is configured (for the "add a key" advice). */
  hasGeminiKey(): boolean;
  /** Whether the command `algoagent.optimizeParameters` is registered. */
  optimizeAvailable(): boolean;
  memory?(): Promise<StrategyMemory | undefined>;
  /** The execution history, when the store is available. */
  history?(): Promise<HistoryReader | undefined>;
  /** Writes a changed strategy (the editor applies a WorkspaceEdit so undo works); default: write the file. */
  write?(file: string, code: string): Promise<void>;
  /** Called with the final run of every answer (results panel, history); fits the history's `record`. */
  onResult?(run: ChatRun): void;
}
