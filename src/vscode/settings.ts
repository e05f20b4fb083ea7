/** Typed reads of the `algoagent.*` settings, with the documented defaults and bounds. */
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import type { ProviderChoice } from '../ai/provider';

export interface RunSettings {
  timeoutMs: number;
  memoryLimitMb: number;
  maxParallel: number;
  onSave: boolean;
}

function clamp(v: unknown, lo: number, hi: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
}

export function runSettings(): RunSettings {
  const c = vscode.workspace.getConfiguration('algoagent.run');
  const cores = Math.max(1, availableParallelism() - 1);
  const maxParallel = c.get<number>('maxParallel', 0);
  return {
    timeoutMs: clamp(c.get('timeoutSeconds'), 1, 86_400, 300) * 1000,
    memoryLimitMb: Math.round(clamp(c.get('memoryLimitMb'), 64, 65_536, 1024)),
    maxParallel: maxParallel && maxParallel > 0 ? Math.round(clamp(maxParallel, 1, 64, cores)) : cores,
    onSave: c.get<boolean>('onSave', false),
  };
}

export interface AiSettings {
  provider: ProviderChoice;
  /** Gemini model id ('' = the default). */
  model: string;
  /** Gemini endpoint ('' = Google's). */
  baseUrl: string;
  maxAttempts: number;
}

/** `algoagent.ai.provider`, `algoagent.gemini.*` and `algoagent.agent.maxFixAttempts`. */
export function aiSettings(): AiSettings {
  const c = vscode.workspace.getConfiguration('algoagent');
  return {
    provider: c.get<ProviderChoice>('ai.provider', 'auto'),
    model: c.get<string>('gemini.model', ''),
    baseUrl: c.get<string>('gemini.baseUrl', ''),
    maxAttempts: c.get<number>('agent.maxFixAttempts', 3),
  };
}
