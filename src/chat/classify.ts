/**
 * What a plain chat message (no slash command) asks for: a new strategy idea, a change to the
 * strategy under discussion, a question about a result, or a request to run something. Rules on the
 * words, no model: the answer must be the same offline and online, and instant.
 */

export type Intent = 'new' | 'change' | 'question' | 'run' | 'help' | 'command';

/** Plain words that ask for what a slash command does ("optimize it", "fix it", "show the history"). */
const COMMAND_WORDS: [RegExp, 'optimize' | 'fix' | 'history' | 'compare' | 'data'][] = [
  [/^(?:please\s+)?optimi[sz]e\b/, 'optimize'],
  [/^(?:please\s+)?(?:fix|repair|debug)\b(?!\s+(?:the\s+)?(?:stop|size|position))/, 'fix'],
  [/^(?:show\s+(?:me\s+)?)?(?:the\s+)?(?:run\s+|execution\s+)?history\b|^(?:show\s+(?:me\s+)?)?(?:the\s+)?(?:past|previous|earlier|last)\s+runs\b/, 'history'],
  [/^compare\b(?![\s\S]*\bbuy\s*(?:&|and)\s*hold\b)/, 'compare'],
  [/^(?:which|what)\s+data\b|^(?:change|switch|select)\s+(?:the\s+)?data\b/, 'data'],
];

/** Words that open a change to what is already there ("now add a 5 % trailing stop"). */
const CHANGE_START = /^(?:ok(?:ay)?[,.]?\s+|and\s+|but\s+|please\s+|can\s+you\s+|could\s+you\s+|let'?s\s+)*(?:now|also|then|add|remove|drop|delete|change|make|use|set|increase|decrease|raise|lower|tighten|widen|loosen|switch|replace|instead|only|without|with|plus|include|exclude|put|move|reduce|double|halve|try\s+(?:a|an|the)\s+(?!symbol|ticker))\b/;
/** Mentions of the strategy at hand: "the stop", "its RSI", "this strategy". */
const REFERS_BACK = /\b(?:it|its|this|that|the\s+(?:stop|strategy|rsi|sma|ema|macd|exit|entry|period|take[- ]profit|target|size|position))\b/;
/** A trading rule: a trigger verb followed (later) by a condition word. */
const RULE = /\b(?:buy|sell|short|long|enter|exit|cover|go\s+long|go\s+short)\b[\s\S]*\b(?:when|if|once|whenever|on|after|above|below|crosses?|over|under)\b/;
const QUESTION_START = /^(?:why|compare|what|whats|what's|how|which|when|where|who|is|are|was|were|does|did|do|can|could|should|would|will|explain|tell\s+me|describe|show\s+me\s+(?:the\s+)?(?:worst|best|losing|winning))\b/;
const RUN = /^(?:please\s+)?(?:(?:re-?)?run|backtest|test|try)\b(?:\s+(?:it|this|that|again|the\s+strategy|on\b|with\b|[\w./-]+\.strategy\.(?:ts|js)))?|^(?:run|do)\s+(?:it\s+)?again\b|^go\b|^again\b/;

export interface Classified {
  intent: Intent;
  /** For `command`: the slash command the words ask for. */
  command?: 'optimize' | 'fix' | 'history' | 'compare' | 'data';
  /** Why, in a few words (shown nowhere; for tests and the log). */
  why: string;
}

/**
 * `hasStrategy`: a strategy is under discussion in this conversation (an earlier turn made or ran one).
 */
export function classifyPrompt(prompt: string, hasStrategy: boolean): Classified {
  const text = prompt.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!text) return { intent: 'help', why: 'empty' };
  if (/^(?:help|\?|hi|hello|hey)\b/.test(text) && text.split(' ').length <= 3) return { intent: 'help', why: 'greeting' };
  const asked = COMMAND_WORDS.find(([re]) => re.test(text));
  if (asked && !RULE.test(text)) return { intent: 'command', command: asked[1], why: 'command words' };
  const isQuestion = text.endsWith('?') || QUESTION_START.test(text);
  if (RUN.test(text) && !RULE.test(text)) return { intent: 'run', why: 'run verb' };
  if (hasStrategy) {
    if (isQuestion && !/^(?:can|could)\s+you\s+(?:add|remove|change|make|use|set)\b/.test(text)) return { intent: 'question', why: 'question about the strategy' };
    if (CHANGE_START.test(text)) return { intent: 'change', why: 'change verb' };
    if (/\b(?:instead|as well|too)\b/.test(text)) return { intent: 'change', why: 'instead / as well' };
    if (!RULE.test(text) && REFERS_BACK.test(text)) return { intent: 'change', why: 'refers back' };
    if (/\b(?:stop[- ]?loss|trailing|take[- ]profit|stop\b|target|position size|% of (?:equity|capital))/.test(text) && !RULE.test(text)) {
      return { intent: 'change', why: 'risk or sizing only' };
    }
  }
  if (isQuestion && !RULE.test(text)) return { intent: hasStrategy ? 'question' : 'help', why: 'question' };
  return { intent: 'new', why: hasStrategy ? 'a full rule set' : 'no strategy yet' };
}
