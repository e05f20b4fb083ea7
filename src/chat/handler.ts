/**
 * The `@algo` chat participant's handler: a plain function of (request, context, stream, token,
 * deps). Slash commands go to their step; plain text is classified (new idea, change to the
 * strategy under discussion, question, run request). Every outcome — cancellation and errors
 * included — is an answer with metadata for the next turn and the followups, never an exception.
 */
import { GenerationError } from '../agent/generate';
import { ProviderError } from '../ai/provider';
import { compare, dataAnswer, explain, help, history, optimize } from './answers';
import { classifyPrompt } from './classify';
import { strategyUnderDiscussion, targetStrategy } from './conversation';
import { changeStrategy, newStrategy, runAndAnswer } from './run-steps';
import { type ResultCache, Turn, providerAdvice } from './turn';
import { CHAT_COMMANDS, type CancellationLike, type ChatCommand, type ChatContextLike, type ChatDeps, type ChatRequestLike, type ChatResultLike, type ChatStreamLike } from './types';

export { followupsFor } from './conversation';

/** "on MSFT" in a run request: the data comes from the data choice, so say how to get that symbol. */
function tickerNote(turn: Turn, prompt: string): void {
  const m = /\b(?:on|with|for)\s+([A-Z][A-Z0-9]{0,5}(?:[.=-][A-Z0-9]{1,4})?)\b/.exec(prompt);
  if (!m) return;
  turn.say(`_This run uses ${turn.deps.dataChoice()}. To run on ${m[1]}, choose it with Select Data, or put \`export const meta = { symbol: '${m[1]}', interval: '1d' }\` in the strategy._`);
  turn.button({ command: 'algoagent.selectData', title: 'Select Data' });
}

const NO_STRATEGY_TODO = 'Open a strategy file, name it (for example `/backtest rsi-dip`), attach it with #file, or describe a new one: `/new buy when RSI drops below 30, sell above 70`.';

async function dispatch(turn: Turn, request: ChatRequestLike, context: ChatContextLike): Promise<ChatResultLike> {
  const deps = turn.deps;
  const prompt = request.prompt.trim();
  const discussed = strategyUnderDiscussion(context);
  const classified = CHAT_COMMANDS.includes(request.command as ChatCommand) ? undefined : classifyPrompt(prompt, discussed !== undefined);
  const command = classified ? classified.command : (request.command as ChatCommand);
  const target = async () => targetStrategy(request, context, await deps.strategies().catch(() => []), deps.activeFile());
  const needTarget = async () => {
    const file = await target();
    return file ? { file } : { error: await turn.fail('no-strategy', 'Which strategy?', NO_STRATEGY_TODO) };
  };

  switch (command) {
    case 'new':
      return newStrategy(turn, prompt);
    case 'backtest': {
      const t = await needTarget();
      if (!t.error) tickerNote(turn, prompt);
      return t.error ?? runAndAnswer(turn, t.file!, { fix: false, action: 'backtest' });
    }
    case 'fix': {
      const t = await needTarget();
      return t.error ?? runAndAnswer(turn, t.file!, { fix: true, fixNoTrades: true, action: 'fix' });
    }
    case 'explain': {
      const t = await needTarget();
      return t.error ?? explain(turn, t.file!, prompt);
    }
    case 'optimize':
      return optimize(turn, await target());
    case 'history':
      return history(turn, await target());
    case 'compare':
      return compare(turn, await target());
    case 'data':
      return dataAnswer(turn, await target());
    default:
      break;
  }

  switch (classified?.intent) {
    case 'help':
      return help(turn);
    case 'change':
      return changeStrategy(turn, discussed!, prompt);
    case 'question': {
      const file = discussed ?? (await target());
      return file ? explain(turn, file, prompt) : help(turn);
    }
    case 'run': {
      const t = await needTarget();
      if (!t.error) tickerNote(turn, prompt);
      return t.error ?? runAndAnswer(turn, t.file!, { fix: false, action: 'backtest' });
    }
    default:
      return newStrategy(turn, prompt);
  }
}

export async function handleChat(request: ChatRequestLike, context: ChatContextLike, stream: ChatStreamLike, token: CancellationLike, deps: ChatDeps, cache?: ResultCache): Promise<ChatResultLike> {
  const turn = new Turn(request, stream, token, deps, cache);
  try {
    if (turn.cancelled) throw new Error('cancelled');
    return await dispatch(turn, request, context);
  } catch (err) {
    if (turn.cancelled || (err as Error)?.name === 'AbortError') {
      turn.say('_Stopped: the request was cancelled. Nothing was changed after that point; a fix that had not run successfully was not written._');
      return { metadata: { action: 'cancelled', file: strategyUnderDiscussion(context) } };
    }
    if (err instanceof ProviderError) {
      if (err.kind === 'quota' || err.kind === 'auth' || err.kind === 'no-key') turn.button({ command: 'algoagent.addGeminiKey', title: 'Add Gemini API Key' });
      if (err.kind === 'quota') turn.button({ command: 'algoagent.showAiKeyHealth', title: 'Show AI Key Health' });
      return turn.fail(err.kind === 'quota' ? 'quota' : 'model', `${err.provider}: ${err.message}`, providerAdvice(err));
    }
    if (err instanceof GenerationError) return turn.fail('generation', err.message, err.details.map((d) => `- ${d}`).join('\n') || 'Say it another way.');
    return turn.fail('failed', `Something went wrong: ${(err as Error)?.message ?? String(err)}`, 'Try again; if it keeps failing, the AlgoAgent output channel has the details.');
  }
}
