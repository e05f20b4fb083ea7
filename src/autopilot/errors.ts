/**
 * The agent's errors: each has a stable code, a message saying what happened and an action saying
 * what to do about it (the dashboard shows the action as a button when `command` is set).
 */
export type AgentErrorCode =
  | 'NO_AI_PROVIDER'
  | 'ALREADY_RUNNING'
  | 'NOT_RUNNING'
  | 'NO_DATA'
  | 'BUDGET_EXHAUSTED'
  | 'BAD_CONFIG'
  | 'BAD_STATE'
  | 'NO_STRATEGY'
  | 'CANCELLED';

export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    /** What the user can do, in words. */
    readonly action: string,
    /** An editor command that does it (a button), when there is one. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }

  /** `CODE: message — action` for logs and the command line. */
  describe(): string {
    return `${this.code}: ${this.message} — ${this.action}`;
  }

  toJSON(): { code: AgentErrorCode; message: string; action: string; command?: string } {
    return { code: this.code, message: this.message, action: this.action, ...(this.command ? { command: this.command } : {}) };
  }
}

export const noAiProvider = (why: string) =>
  new AgentError('NO_AI_PROVIDER', `no language model is available: ${why}`, 'Add a Gemini API key or pick a chat model, or set the agent to use the offline templates.', 'algoagent.addGeminiKey');
export const alreadyRunning = () => new AgentError('ALREADY_RUNNING', 'the agent is already running a cycle', 'Wait for it to finish or stop it first.', 'algoagent.agent.stop');
export const budgetExhausted = (used: number, budget: number) =>
  new AgentError('BUDGET_EXHAUSTED', `this cycle used its ${budget} model call(s) (${used} asked for)`, 'Raise "model calls per cycle" in the agent settings or wait for the next cycle.', 'algoagent.agent.showDashboard');
export const noData = (symbol: string, why: string) =>
  new AgentError('NO_DATA', `no market data for ${symbol}: ${why}`, 'Check the symbol and the timeframe, download the data (AlgoAgent: Download Market Data) or use SAMPLE.', 'algoagent.downloadData');

/** Any thrown value as an AgentError (an unexpected one keeps its message, never a bare stack). */
export function asAgentError(err: unknown): AgentError {
  if (err instanceof AgentError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'AbortError') return new AgentError('CANCELLED', 'the agent was stopped', 'Start it again when you want it to continue.');
  return new AgentError('BAD_STATE', message, 'See the AlgoAgent output for details; the agent keeps its saved state and can be started again.');
}
