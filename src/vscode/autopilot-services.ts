/**
 * What the agent's editor glue loads on first use (never at activation): the agent, its
 * workspace files, the history store its state lives in, the dashboard view model and the model clients.
 */
export { openAgent } from '../autopilot/open';
export { toDashboardState } from '../autopilot/dashboard-view';
export { loadConfig, rememberAgentDb, saveConfig } from '../autopilot/workspace';
export { Store } from '../store/store';
export { chooseModel } from '../ai/providers/choose';
export { geminiBaseUrl } from '../ai/providers/gemini';
export { pickChatModel } from './ai-lm';
