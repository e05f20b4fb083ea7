/** `algoagent` command-line tool. Exit codes: 0 success, 1 strategy failed, 2 usage or data error. */
import { CsvError } from './data/csv';
import { OptionError, StrategyApiError } from './engine/errors';
import { UsageError } from './cli/args';
import { type Io, HELP, StrategyFailed, backtestCommand, helpFor } from './cli/commands';
import { optimizeCommand } from './cli/optimize-command';
import { checkCommand } from './cli/check-command';
import { agentCommand } from './cli/agent-command';
import { paperCommand } from './cli/paper-command';
import { formatFailure } from './runner/failure';
import { dataCommand } from './cli/data-command';
import { newCommand } from './cli/new-command';
import { historyCommand } from './cli/history-command';
import { fixCommand } from './cli/fix-command';
import { MarketDataError } from './data/errors';
import { MetaError } from './data/meta';

declare const __VERSION__: string | undefined;

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'backtest':
        return await backtestCommand(rest, io);
      case 'optimize': {
        // Ctrl-C cancels the search (the runner kills its children) instead of leaving them behind.
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        try {
          return await optimizeCommand(rest, io, { signal: ac.signal });
        } finally {
          process.off('SIGINT', stop);
        }
      }
      case 'check':
        return await checkCommand(rest, io);
      case 'agent':
      case 'paper': {
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        try {
          return command === 'agent' ? await agentCommand(rest, io, { signal: ac.signal }) : await paperCommand(rest, io, { signal: ac.signal });
        } finally {
          process.off('SIGINT', stop);
        }
      }
      case 'data':
        return await dataCommand(rest, io);
      case 'new':
        return await newCommand(rest, io);
      case 'history':
        return await historyCommand(rest, io);
      case 'fix':
        return await fixCommand(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(helpFor(rest[0]));
        return 0;
      case '--version':
        io.out(`${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
        return 0;
      case undefined:
        io.err(HELP);
        return 2;
      default:
        throw new UsageError(`unknown command "${command}" (try: algoagent help)`);
    }
  } catch (err) {
    if (err instanceof StrategyFailed) {
      io.err(formatFailure(err.failure) + '\n');
      if (err.failure.hint) io.err(`  hint: ${err.failure.hint}\n`);
      return 1;
    }
    if (err instanceof UsageError || err instanceof OptionError) {
      io.err(`algoagent: ${err.message}\n`);
      return 2;
    }
    if (err instanceof CsvError || err instanceof MarketDataError || err instanceof MetaError) {
      io.err(`algoagent: ${err.message}\n`);
      return 2;
    }
    if (err instanceof StrategyApiError) {
      io.err(`algoagent: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (e && e.code === 'ENOENT') {
      io.err(`algoagent: no such file: ${e.path ?? e.message}\n`);
      return 2;
    }
    io.err(`algoagent: internal error: ${e?.stack ?? String(err)}\n`);
    return 3;
  }
}

if (require.main === module) {
  // `algoagent … | head`: the reader went away; stop quietly as other command-line tools do.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
    (code) => (process.exitCode = code),
  );
}
