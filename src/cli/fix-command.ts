/**
 * `algoagent fix <strategy-file> [--provider gemini|offline] [--max-attempts N]
 *   (--data <csv> | --sample) [--json]` — runs, fixes, re-runs; prints the agent report.
 * Exit 0: the final run succeeded; 1: it did not; 2: usage.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fixStrategy } from '../agent/fix-loop';
import { ProviderError } from '../ai/provider';
import { Runner } from '../runner/run';
import { UsageError, parseArgs } from './args';
import { type AiEnv, dataFlag, maxAttemptsFlag, modelFromEnv, printReport, providerFlag, reportJson } from './ai-common';
import type { Io } from './commands';

export const HELP_FIX = `algoagent fix <strategy-file> (--data <csv> | --sample) [options]

Runs the strategy; when it fails, repairs it (certain repairs first, then the model) and runs it
again, up to --max-attempts times. The file is written only with a version that runs.
  --provider gemini|offline   who writes fixes (default: gemini when GEMINI_API_KEYS or
                              GEMINI_API_KEY is set, else offline = certain repairs only)
  --max-attempts <n>          default 3
  --json                      print the agent report { success, file, result?, attempts, finalStatus }
`;

export async function fixCommand(argv: string[], io: Io, ai: AiEnv = {}): Promise<number> {
  const args = parseArgs(argv, { provider: { value: true }, 'max-attempts': { value: true }, data: { value: true }, sample: {}, json: {}, help: {} });
  if (args.flags.has('help')) return io.out(HELP_FIX), 0;
  const [file, extra] = args.positionals;
  if (!file) throw new UsageError('fix: give a strategy file, e.g. algoagent fix strategies/rsi.strategy.ts --sample');
  if (extra !== undefined) throw new UsageError(`fix: unexpected argument "${extra}"`);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const env = ai.env ?? process.env;
  const choice = providerFlag(args, ['gemini', 'offline', 'auto'], 'auto');
  const data = dataFlag(args, true)!;
  const maxAttempts = maxAttemptsFlag(args);
  const model = await modelFromEnv(choice, env);
  const json = args.flags.has('json');
  const abs = path.resolve(file);
  const cwd = process.cwd();
  const runner = new Runner({ maxParallel: 1 });
  try {
    const report = await fixStrategy({
      file: abs, root: abs.startsWith(cwd + path.sep) ? cwd : path.dirname(abs), data, run: runner.run, model, maxAttempts,
      onStatus: json ? undefined : (e) => io.err(`[${e.status}] ${e.message}\n`),
    });
    if (json) io.out(JSON.stringify({ ...reportJson(report), result: report.result }) + '\n');
    else printReport(io, report);
    return report.success ? 0 : 1;
  } catch (err) {
    if (err instanceof ProviderError) {
      io.err(`algoagent: ${err.provider}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    runner.dispose();
  }
}
