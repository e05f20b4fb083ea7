/**
 * `algoagent new "<description>" [--provider offline|gemini|auto] [--out <dir>] [--name <n>]
 *   [--run (--data <csv> | --sample)] [--max-attempts N] [--json]`
 * Writes a strategy file from a description; with --run backtests it and fixes it if it fails.
 * Exit 0: written (and with --run, the final run succeeded); 1: generation or the run failed; 2: usage.
 */
import * as path from 'node:path';
import { GenerationError, generateStrategy } from '../agent/generate';
import { ProviderError } from '../ai/provider';
import { Runner } from '../runner/run';
import { UsageError, flag, parseArgs } from './args';
import { type AiEnv, dataFlag, maxAttemptsFlag, modelFromEnv, printReport, providerFlag, reportJson } from './ai-common';
import type { Io } from './commands';

export const HELP_NEW = `algoagent new "<description>" [options]

Writes strategies/<name>.strategy.ts from a trading idea in plain words (offline rules need no key).
  --provider offline|gemini|auto   who turns the description into a spec (default auto: Gemini when
                                   GEMINI_API_KEYS or GEMINI_API_KEY is set, else offline)
  --out <dir>                      folder for the file (default strategies)
  --name <name>                    strategy name (and file name)
  --run                            backtest it (and fix it if it fails); needs --data <csv> or --sample
  --max-attempts <n>               fixes to try when the run fails (default 3)
  --json                           print { file, spec, unparsed, result?, agent? }
Gemini: ALGOAGENT_GEMINI_MODEL (default gemini-2.5-flash), ALGOAGENT_GEMINI_BASE_URL.
`;

export async function newCommand(argv: string[], io: Io, ai: AiEnv = {}): Promise<number> {
  const args = parseArgs(argv, {
    provider: { value: true }, out: { value: true }, name: { value: true }, run: {}, data: { value: true }, sample: {},
    'max-attempts': { value: true }, json: {}, help: {},
  });
  if (args.flags.has('help')) return io.out(HELP_NEW), 0;
  const [description, extra] = args.positionals;
  if (!description?.trim()) throw new UsageError('new: give a description in quotes, e.g. algoagent new "buy when RSI(14) drops below 30, sell above 70"');
  if (extra !== undefined) throw new UsageError(`new: unexpected argument "${extra}" (put the description in quotes)`);
  const env = ai.env ?? process.env;
  const choice = providerFlag(args, ['offline', 'gemini', 'auto'], 'auto');
  const doRun = args.flags.has('run');
  const data = dataFlag(args, doRun);
  if (data && !doRun) throw new UsageError('--data and --sample need --run');
  const maxAttempts = maxAttemptsFlag(args);
  const name = flag(args, 'name');
  if (name !== undefined && !/[A-Za-z0-9]/.test(name)) throw new UsageError(`--name needs letters or digits, got "${name}"`);
  const outDir = path.resolve(flag(args, 'out') ?? 'strategies');
  const model = await modelFromEnv(choice, env);
  const json = args.flags.has('json');
  const runner = doRun ? new Runner({ maxParallel: 1 }) : undefined;
  try {
    const report = await generateStrategy({
      description, outDir, name, model, maxAttempts, root: (outDir + path.sep).startsWith(process.cwd() + path.sep) ? process.cwd() : outDir,
      runWith: runner && data ? { data, run: runner.run } : undefined,
      onStatus: json ? undefined : (e) => io.err(`[${e.status}] ${e.message}\n`),
    });
    const rel = path.relative(process.cwd(), report.file) || report.file;
    if (json) {
      io.out(JSON.stringify({ file: report.file, spec: report.spec, unparsed: report.unparsed, result: report.agent?.result, agent: report.agent && reportJson(report.agent) }) + '\n');
    } else {
      io.out(`Wrote ${rel} (${report.via === 'spec' ? 'from a spec' : 'code written by the model'}; ${report.provider}/${report.model})\n`);
      if (report.unparsed.length) io.out(`Not understood (left out): ${report.unparsed.map((u) => JSON.stringify(u)).join(', ')}\n`);
      if (report.agent) printReport(io, report.agent);
    }
    return !report.agent || report.agent.success ? 0 : 1;
  } catch (err) {
    if (err instanceof GenerationError) {
      if (json) io.out(JSON.stringify({ error: err.message, details: err.details, unparsed: err.unparsed }) + '\n');
      io.err(`algoagent: ${err.message}\n${err.details.map((d) => `  ${d}\n`).join('')}${err.unparsed.length ? `  not understood: ${err.unparsed.map((u) => JSON.stringify(u)).join(', ')}\n` : ''}`);
      return 1;
    }
    if (err instanceof ProviderError) {
      io.err(`algoagent: ${err.provider}: ${err.message}\n`);
      return err.kind === 'no-key' ? 2 : 1;
    }
    throw err;
  } finally {
    runner?.dispose();
  }
}
