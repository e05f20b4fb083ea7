/**
 * `AlgoAgent: Optimize Parameters`: ranges proposed from the strategy's `static params` (editable
 * in an input box that shows the grid size as you type), the statistic to maximize, then the
 * search on every core in the runner's child processes, with done/total, the time left and Cancel
 * in a progress notification. The report goes to the results panel through `showOptimization`
 * and to the history through `onOptimized`. Other entry points (the ⚙ code lens, `/optimize` in
 * chat) call the command `algoagent.optimizeParameters` with the file's URI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runnableStrategy } from './strategy-target';
import type { BacktestOptions } from '../engine/options';
import type { SearchMethod } from '../engine/search/run';
import type { Stats } from '../engine/stats';
import { cores } from '../optimize/parallel';
import { formatDuration, progressTracker } from '../optimize/progress';
import { gridSize, parseRangesText, proposeRanges } from '../optimize/ranges';
import { runnerBackend } from '../optimize/runner-backend';
import { monteCarloLines } from '../cli/robustness-text';
import { type OptimizeReport, runOptimization } from '../optimize/session';
import { barsOf, optimizationView } from '../optimize/view';
import type { OptimizationView } from '../results/protocol';
import { StrategyLoadError, formatFailure } from '../runner/failure';
import { Runner } from '../runner/run';
import { staticParams } from '../runner/static-params';
import type { DataChoiceForRun } from './run-loop';
import { runSettings } from './settings';

export interface OptimizeCommandDeps {
  /** The data the optimization runs on (the same choice as Run Backtest). */
  data: (strategyFile: string) => Promise<DataChoiceForRun>;
  output: vscode.OutputChannel;
  /** Broker options of runs (cash, commission, …), when the extension has them. */
  options?: () => BacktestOptions;
  /** Shows the report in the results panel. */
  showOptimization: (view: OptimizationView, report: OptimizeReport) => void;
  /** Records the report (history). */
  onOptimized?: (file: string, report: OptimizeReport, data: DataChoiceForRun) => void;
}

const METRICS: { stat: keyof Stats; label: string }[] = [
  { stat: 'sqn', label: 'SQN (System Quality Number)' },
  { stat: 'sharpeRatio', label: 'Sharpe ratio' },
  { stat: 'sortinoRatio', label: 'Sortino ratio' },
  { stat: 'calmarRatio', label: 'Calmar ratio' },
  { stat: 'returnPct', label: 'Return [%]' },
  { stat: 'equityFinal', label: 'Final equity' },
  { stat: 'profitFactor', label: 'Profit factor' },
  { stat: 'winRatePct', label: 'Win rate [%]' },
];

interface OptimizeSettings {
  method: SearchMethod;
  budget: number;
  maximize: keyof Stats;
  walkForwardFolds: number;
  monteCarloRuns: number;
  workers: number;
}

function optimizeSettings(): OptimizeSettings {
  const c = vscode.workspace.getConfiguration('algoagent.optimize');
  const method = c.get<string>('method', 'grid');
  const whole = (v: unknown, lo: number, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v >= lo ? v : fallback);
  const maximize = c.get<string>('maximize', 'sqn');
  return {
    method: method === 'random' || method === 'adaptive' ? method : 'grid',
    budget: whole(c.get('budget'), 1, 200),
    maximize: (METRICS.some((m) => m.stat === maximize) ? maximize : 'sqn') as keyof Stats,
    walkForwardFolds: whole(c.get('walkForwardFolds'), 0, 0),
    monteCarloRuns: whole(c.get('monteCarloRuns'), 0, 1000),
    workers: whole(c.get('workers'), 0, 0) || cores(),
  };
}

/**
 * `AlgoAgent: Optimize Parameters` on a strategy file. extension.ts registers the command and loads
 * this module on first use (it brings the runner and the TypeScript compiler).
 */
export async function optimizeParameters(deps: OptimizeCommandDeps, uri?: vscode.Uri): Promise<OptimizeReport | undefined> {
  const file = await runnableStrategy(uri, 'optimize its parameters', (l) => deps.output.appendLine(l));
  if (!file) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  const source = open?.getText() ?? fs.readFileSync(file, 'utf8');
  const defaults = staticParams(source, file);
  if (!defaults || !Object.keys(defaults).length) {
    void vscode.window.showWarningMessage(`AlgoAgent: ${path.basename(file)} has no \`static params = { … }\` to optimize. Declare its parameters there first.`);
    return undefined;
  }
  const known = Object.keys(defaults);
  const text = await vscode.window.showInputBox({
    title: `Optimize ${path.basename(file)}: parameter ranges`,
    prompt: 'name=start:end:step or name=a,b,c, separated by ;  (end included)',
    value: proposeRanges(defaults),
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        const n = gridSize(parseRangesText(v, known));
        return { message: `${n.toLocaleString('en-US')} combinations`, severity: n > 100_000 ? vscode.InputBoxValidationSeverity.Warning : vscode.InputBoxValidationSeverity.Info };
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (text === undefined) return undefined;
  const ranges = parseRangesText(text, known);
  const s = optimizeSettings();
  const metricPick = await vscode.window.showQuickPick(
    [...METRICS].sort((a, b) => Number(b.stat === s.maximize) - Number(a.stat === s.maximize)).map((m) => ({ label: m.label, description: m.stat, stat: m.stat })),
    { title: 'Maximize which statistic?', ignoreFocusOut: true },
  );
  if (!metricPick) return undefined;
  let method = s.method;
  const size = gridSize(ranges);
  if (method === 'grid' && size > 20_000) {
    const pick = await vscode.window.showWarningMessage(`The grid has ${size.toLocaleString('en-US')} combinations.`, { modal: true }, 'Run all', `Adaptive search (${s.budget})`);
    if (!pick) return undefined;
    if (pick !== 'Run all') method = 'adaptive';
  }
  const data = await deps.data(file);
  const bars = barsOf(data.spec);
  const limits = runSettings();
  const runner = new Runner({ maxParallel: s.workers, timeoutMs: limits.timeoutMs, memoryLimitMb: limits.memoryLimitMb });
  const controller = new AbortController();
  const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
  const backend = { ...runnerBackend(runner, { strategyPath: file, root, source, bars, options: deps.options?.() ?? {}, signal: controller.signal }), dispose: () => runner.dispose(), name: `${s.workers} processes` };
  const t0 = Date.now();
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Optimizing ${path.basename(file)}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const track = progressTracker();
        let shown = 0;
        return runOptimization(backend, {
          ranges, maximize: metricPick.stat, method, budget: method === 'grid' ? undefined : s.budget, seed: 1, batch: s.workers * 4,
          walkForward: s.walkForwardFolds ? { folds: s.walkForwardFolds } : undefined, monteCarlo: s.monteCarloRuns || undefined,
        }, {
          signal: controller.signal,
          onProgress: (done, total) => {
            const p = track(done, total);
            const pct = (done / total) * 100;
            progress.report({ increment: pct - shown, message: `${done}/${total} combinations${p.etaMs !== null ? ` · about ${formatDuration(p.etaMs)} left` : ''}` });
            shown = pct;
          },
          onStage: (stage) => progress.report({ message: stage }),
        });
      },
    );
    report.strategy ||= path.basename(file);
    const best = Object.entries(report.best.params).map(([k, v]) => `${k}=${v}`).join(' ');
    deps.output.appendLine(`[optimize] ${path.basename(file)} on ${data.label}: ${report.evaluated} combinations in ${formatDuration(Date.now() - t0)}, best by ${report.maximize}: ${best}`);
    const wf = report.robustness.walkForward;
    if (wf) deps.output.appendLine(`[optimize]   walk-forward (${wf.mode}, ${wf.folds.length} folds): out-of-sample return ${wf.stats.returnPct.toFixed(2)} %, efficiency ${wf.efficiency === null ? '—' : wf.efficiency.toFixed(2)}`);
    if (report.robustness.monteCarlo) for (const line of monteCarloLines(report.robustness.monteCarlo)) deps.output.appendLine(`[optimize]   ${line}`);
    for (const w of report.robustness.warnings) deps.output.appendLine(`[optimize]   warning: ${w.message}`);
    deps.showOptimization(optimizationView(file, report, new Date().toISOString(), data.label), report);
    deps.onOptimized?.(file, report, data);
    return report;
  } catch (err) {
    if ((err as Error).name === 'AbortError') {
      void vscode.window.showInformationMessage('AlgoAgent: optimization cancelled.');
      return undefined;
    }
    const message = err instanceof StrategyLoadError ? formatFailure(err.failure) : (err as Error).message;
    deps.output.appendLine(`[optimize] ${message}`);
    void vscode.window.showErrorMessage(`AlgoAgent: optimization failed: ${message}`);
    return undefined;
  } finally {
    backend.dispose();
  }
}
