/**
 * Loading a strategy into this process, for the optimizer's thread and inline backends (chosen
 * explicitly with --backend; the default runs every combination in the runner's child processes).
 */
import * as engine from '../engine';
import { StrategyLoadError } from '../runner/failure';
import { type LoadedStrategy, type StrategyBundle, evaluateStrategy } from '../runner/load-strategy';
import { prepareRun } from '../runner/prepare';
import { StrategyFailed } from './commands';

/**
 * Bundles the strategy after the runner's safety rules (forbidden imports, eval, process, …) and
 * evaluates it in this process, for the commands that run strategy code here or in threads.
 * Throws StrategyFailed with the first finding.
 */
export async function loadChecked(file: string, root: string): Promise<{ bundle: Pick<StrategyBundle, 'file' | 'root' | 'code'>; loaded: LoadedStrategy }> {
  const prep = await prepareRun({ strategyPath: file, root, data: { kind: 'sample' } });
  if (!prep.ok) throw new StrategyFailed(prep.failures[0]);
  const bundle = { file: prep.file, root: prep.root, code: prep.code };
  try {
    return { bundle, loaded: evaluateStrategy(bundle, engine) };
  } catch (err) {
    if (err instanceof StrategyLoadError) throw new StrategyFailed(err.failure);
    throw err;
  }
}

