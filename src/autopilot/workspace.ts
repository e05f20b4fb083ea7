/**
 * Where the agent keeps its things in a workspace, and the data it trades on. Shared by the CLI and
 * the editor:
 *   <root>/.algoagent/agent-config.json   the configuration (the dashboard's settings page writes it)
 *   <root>/.algoagent/agent-state.json    the state of earlier versions (imported into the history
 *                                         store on first open, then renamed *.imported)
 *   <root>/.algoagent/history-db          the editor's history database path, so the CLI uses the same store
 *   <root>/.algoagent/history.db          the store the CLI uses when neither --db, $ALGOAGENT_DB nor
 *                                         the editor's path is there
 *   <root>/<outDir>/*.strategy.ts         the generated strategies (ordinary files the user can open)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProviderError, type LanguageModel } from '../ai/provider';
import type { Bars } from '../engine/bars';
import { loadBars } from '../data/market-data';
import { sampleBars } from '../data/sample';
import { type AgentConfig, resolveConfig } from './config';
import { AgentError, noAiProvider, noData } from './errors';

export function agentDir(root: string): string {
  return path.join(root, '.algoagent');
}
export function configFile(root: string): string {
  return path.join(agentDir(root), 'agent-config.json');
}
export function stateFile(root: string): string {
  return path.join(agentDir(root), 'agent-state.json');
}
/**
 * The key of a workspace in the history store: its real path (a folder opened through a symlink and
 * the same folder as the CLI's current directory are one workspace), else the resolved path.
 */
export function workspaceKey(root: string): string {
  try {
    return fs.realpathSync.native(root);
  } catch {
    return path.resolve(root);
  }
}

/** The editor writes the path of its history database here (the agent's state lives in it). */
export function storeLocationFile(root: string): string {
  return path.join(agentDir(root), 'history-db');
}

/** What `.algoagent/.gitignore` keeps out of version control: this machine's files, not the settings. */
export const AGENT_GITIGNORE = [
  '# Written by AlgoAgent: files of this machine. agent-config.json (the agent\'s settings) is meant to be shared.',
  'history.db*',
  'history-db',
  'agent.lock',
  'agent-state.json*',
  'types/',
  '*.tmp',
  '',
].join('\n');

/** Writes `.algoagent/.gitignore` when the folder has none (a user's own file is left alone). */
export function ensureAgentIgnore(root: string): void {
  const file = path.join(agentDir(root), '.gitignore');
  if (fs.existsSync(file)) return;
  fs.mkdirSync(agentDir(root), { recursive: true });
  fs.writeFileSync(file, AGENT_GITIGNORE);
}

/** The history database the editor uses for this workspace, else `<root>/.algoagent/history.db`. */
export function defaultAgentDb(root: string): string {
  try {
    const p = fs.readFileSync(storeLocationFile(root), 'utf8').trim();
    if (p && path.isAbsolute(p)) return p;
  } catch {
    /* not written (no editor opened the agent here): the workspace's own database */
  }
  ensureAgentIgnore(root);
  return path.join(agentDir(root), 'history.db');
}

/** Remembers where the editor keeps this workspace's agent state (for `algoagent agent` / `paper`). */
export function rememberAgentDb(root: string, db: string): void {
  const file = storeLocationFile(root);
  const text = path.resolve(db) + '\n';
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    /* first time */
  }
  ensureAgentIgnore(root);
  fs.writeFileSync(file, text);
}

/** Held while a cycle or a paper pass runs (one at a time per workspace, across processes). */
export function lockFile(root: string): string {
  return path.join(agentDir(root), 'agent.lock');
}

/** The workspace's configuration (defaults when there is no file); BAD_CONFIG names the file. */
export function loadConfig(root: string): AgentConfig {
  const file = configFile(root);
  let raw: unknown = {};
  if (fs.existsSync(file)) {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new AgentError('BAD_CONFIG', `${file} is not valid JSON: ${(err as Error).message}`, 'Fix or delete the file (the defaults are used without it).');
    }
  }
  try {
    return resolveConfig(raw);
  } catch (err) {
    if (err instanceof AgentError) throw new AgentError(err.code, `${file}: ${err.message}`, err.action, err.command);
    throw err;
  }
}

/** Validates and writes the configuration (only the fields that differ from the defaults are kept in full). */
export function saveConfig(root: string, config: unknown): AgentConfig {
  const c = resolveConfig(config);
  ensureAgentIgnore(root);
  const tmp = `${configFile(root)}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(c, null, 2) + '\n');
  fs.renameSync(tmp, configFile(root));
  return c;
}

/** Bars for a symbol: `SAMPLE` is the bundled series; anything else comes through the Yahoo cache. */
export function barsLoader(cacheDir: string, opts: { offline?: boolean; now?: () => number } = {}) {
  return async (symbol: string, timeframe: string, signal?: AbortSignal): Promise<Bars> => {
    if (symbol === 'SAMPLE') return sampleBars();
    try {
      return (await loadBars({ kind: 'symbol', symbol, interval: timeframe }, { cacheDir, signal, offline: opts.offline, now: opts.now })).bars;
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw noData(symbol, (err as Error).message);
    }
  };
}

/** A model source that turns "no provider" into NO_AI_PROVIDER. */
export function modelSource(get: () => Promise<LanguageModel>): () => Promise<LanguageModel> {
  return async () => {
    try {
      return await get();
    } catch (err) {
      if (err instanceof ProviderError && (err.kind === 'no-key' || err.kind === 'not-found' || err.kind === 'consent' || err.kind === 'auth')) throw noAiProvider(err.message);
      throw err;
    }
  };
}
