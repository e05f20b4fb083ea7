/**
 * Extension entry: wires the editor glue in src/vscode to the services. Strategy code never runs
 * in this process: backtests go to the runner's child processes. Heavy modules (the TypeScript
 * compiler, the model clients, sql.js) load on first use, not at activation.
 */
import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Bars } from './engine/bars';
import type { DataSpec, RunOutcome } from './runner/protocol';
import type { Runner } from './runner/run';
import type { RunRecord } from './store/types';
import { registerAiCommands } from './vscode/ai-commands';
import { registerChatParticipant } from './vscode/chat';
import { registerAutopilot } from './vscode/autopilot-commands';
import { GeminiKeyring, registerAiKeys } from './vscode/ai-keys';
import { DataChoice, dataForRun } from './vscode/data-choice';
import { registerDataCommands } from './vscode/data-commands';
import { StrategyDiagnostics } from './vscode/diagnostics';
import { registerHistory } from './vscode/history-commands';
import { registerLanguageClient } from './vscode/language-client';
import type { OptimizeCommandDeps } from './vscode/optimize-command';
import { type ShowResultInput, registerResultsPanel, showCompare, showOptimization, showResult } from './vscode/results-panel';
import { registerRobustnessCommand } from './vscode/robustness-command';
import { RunLoop, type DataChoiceForRun } from './vscode/run-loop';
import { runSettings } from './vscode/settings';
import { registerTypings } from './vscode/typings';
import { toRunView } from './results/run-view';
import { type ActivationTiming, describeActivation, hostLoadTiming } from './vscode/activation-timing';
import { trackStrategyEditors } from './vscode/strategy-target';

let runner: Runner | undefined;

/** Set by the bundle's first line (scripts/build.mjs); absent when loaded from source. */
declare const __algoagentLoadStart: number | undefined;
const loadStart = typeof __algoagentLoadStart === 'number' ? __algoagentLoadStart : undefined;
const moduleReady = performance.now();

/** The extension's exports (`vscode.extensions.getExtension(…).exports`). */
export interface AlgoAgentExports {
  activation: ActivationTiming;
}

/** The runner, created on first use (it loads the TypeScript compiler: not at activation). */
async function currentRunner(): Promise<Runner> {
  if (!runner) {
    const { Runner } = await import('./runner/run');
    const s = runSettings();
    runner ??= new Runner({ maxParallel: s.maxParallel, timeoutMs: s.timeoutMs, memoryLimitMb: s.memoryLimitMb });
  }
  return runner;
}

/** The bars of a run's data for the panel's candles (the CSV reader and the sample load on first use). */
async function barsFor(spec: DataSpec): Promise<Bars> {
  return (await import('./results/run-bars')).barsForSpec(spec);
}

/** The bars a stored run used: recorded with it, or reloaded from its data choice (sample or CSV). */
async function barsOfRecord(rec: RunRecord): Promise<Bars | undefined> {
  if (rec.bars) return rec.bars;
  const sel = rec.dataSelection;
  try {
    if (sel?.kind === 'sample') return await barsFor({ kind: 'sample' });
    if (sel?.kind === 'csv') return await barsFor({ kind: 'csv', path: sel.path });
  } catch {
    return undefined;
  }
  return undefined;
}

export function activate(context: vscode.ExtensionContext): AlgoAgentExports {
  const activateStart = performance.now();
  // How long each part of activate() took (in the activation log line; the e2e suite records it).
  const steps: Record<string, number> = {};
  let lastStep = activateStart;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = round(now - lastStep);
    lastStep = now;
  };
  const output = vscode.window.createOutputChannel('AlgoAgent', 'algoagent-log');
  trackStrategyEditors(context);
  step('output channel');
  const docs = vscode.Uri.joinPath(context.extensionUri, 'dist', 'docs', 'errors.md');
  const diagnostics = new StrategyDiagnostics((kind) => docs.with({ fragment: kind }).toString());
  const choice = new DataChoice(context.workspaceState);
  context.subscriptions.push(choice);
  registerDataCommands(context, choice, output);
  const runData = dataForRun(choice, context.globalStorageUri.fsPath, output);
  step('data');
  const lsp = registerLanguageClient(context);
  step('language client');
  registerTypings(context);
  step('typings');

  const lastRuns = new Map<string, ShowResultInput>();
  registerResultsPanel(context, {
    lastRun: (f) => lastRuns.get(f),
    restoreRun: async (id) => {
      const rec = (await history.store())?.getRun(id);
      const bars = rec && (await barsOfRecord(rec));
      if (!rec?.result || !bars) return undefined;
      const view = toRunView({ result: rec.result, bars, strategyPath: history.strategyUri(rec).fsPath, dataLabel: rec.dataSource ?? undefined, runAt: rec.finished ?? rec.started });
      view.storeId = id;
      return view;
    },
  });
  step('results panel');
  const present = async (file: string, outcome: RunOutcome, data: DataChoiceForRun, attempts?: ShowResultInput['attempts'], storeId?: number) => {
    if (!outcome.ok) return;
    const input: ShowResultInput = { result: outcome.result, bars: await barsFor(data.spec), strategyPath: file, log: outcome, dataLabel: data.label, attempts, storeId };
    lastRuns.set(file, input);
    showResult(context, input);
  };

  const history = registerHistory(context, {
    openResult: async (rec) => {
      const bars = await barsOfRecord(rec);
      if (!bars) return void vscode.window.showWarningMessage(`AlgoAgent: the bars of run #${rec.id} were not kept; run it again to see its charts.`);
      showResult(context, { result: rec.result, bars, strategyPath: history.strategyUri(rec).fsPath, dataLabel: rec.dataSource ?? undefined, storeId: rec.id });
    },
    compareRuns: async (recs) => {
      const views = [];
      for (const r of recs) {
        const bars = await barsOfRecord(r);
        if (r.result && bars) views.push(toRunView({ result: r.result, bars, strategyPath: history.strategyUri(r).fsPath, dataLabel: r.dataSource ?? undefined, runAt: r.finished ?? r.started }));
      }
      if (views.length < 2) return void vscode.window.showWarningMessage('AlgoAgent: pick at least two runs that have results and bars to compare.');
      showCompare(context, views);
    },
    output,
  });

  step('history');
  const loop = new RunLoop({
    runner: currentRunner,
    output,
    diagnostics,
    data: runData,
    onSave: () => runSettings().onSave,
    onOutcome: (file, outcome, source, data) => {
      lsp.lastRun(vscode.Uri.file(file).toString(), outcome);
      // Recorded first, so the panel can save just the run's id and read it back after a reload.
      void history
        .record({ file, outcome, source, data })
        .then((id) => present(file, outcome, data, undefined, id))
        .catch((err: Error) => output.appendLine(`error could not show the results of ${file}: ${err.message}`));
    },
    showResults: (file) => void vscode.commands.executeCommand('algoagent.showResults', vscode.Uri.file(file)),
  });

  step('run loop');
  const keyring = new GeminiKeyring(context.secrets);
  registerAiKeys(context, keyring, output);
  step('AI keys');
  registerAiCommands(context, {
    run: async () => (await currentRunner()).run,
    data: runData,
    keyring,
    output,
    showResult: (file, report) => {
      if (!report.result) return;
      const result = report.result;
      const outcome: RunOutcome = { ok: true, result, console: [], truncated: false, warnings: [], durationMs: report.runMs ?? 0 };
      void runData(file).then(async (data) => {
        const fixed = report.finalStatus === 'fixed';
        const id = await history.record({ file, outcome, data, kind: fixed ? 'fix' : 'new', status: fixed ? 'fixed' : 'ok' });
        await present(file, outcome, data, report.attempts, id);
      });
    },
  });
  step('AI commands');
  registerChatParticipant(context, {
    run: async () => (await currentRunner()).run,
    data: runData,
    dataLabel: () => choice.label(),
    keyring,
    output,
    history: () => history.store(),
    onResult: (r) => {
      void history.record(r);
      const outcome = r.outcome;
      if (outcome.ok) void barsFor(r.data.spec).then((bars) => lastRuns.set(r.file, { result: outcome.result, bars, strategyPath: r.file, log: outcome, dataLabel: r.data.label, attempts: r.attempts }));
    },
  });
  step('chat');
  registerAutopilot(context, {
    output,
    keyring,
    run: async () => (await currentRunner()).run,
    recordRun: async (input) => (await history.store())?.recordRun(input),
    store: () => history.store(),
  });
  step('agent');
  const optimizeDeps: OptimizeCommandDeps = {
    data: runData,
    output,
    showOptimization: (view) => showOptimization(context, view),
    // The best combination's run goes into the history like any other run, and opens in its panel.
    onOptimized: (file, report, data) => {
      const outcome: RunOutcome = { ok: true, result: report.best.result, console: [], truncated: false, warnings: [], durationMs: 0 };
      void history.record({ file, data, kind: 'optimize', outcome }).then((id) => present(file, outcome, data, undefined, id));
    },
  };
  registerRobustnessCommand(context, { runner: currentRunner, data: runData, output });
  context.subscriptions.push(
    vscode.commands.registerCommand('algoagent.optimizeParameters', async (uri?: vscode.Uri) => (await import('./vscode/optimize-command')).optimizeParameters(optimizeDeps, uri)),
  );

  context.subscriptions.push(
    output,
    diagnostics,
    loop,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('algoagent.run')) {
        runner?.dispose();
        runner = undefined;
      }
    }),
    { dispose: () => runner?.dispose() },
  );
  step('optimize, robustness');
  const host = hostLoadTiming(context.extension.id, loadStart === undefined ? undefined : performance.timeOrigin + loadStart);
  const activation: ActivationTiming = { loadMs: loadStart === undefined ? undefined : round(moduleReady - loadStart), activateMs: round(performance.now() - activateStart), steps, ...(host ? { host } : {}) };
  output.appendLine(describeActivation(activation));
  // For measuring in a real window (the e2e suite sets it): one JSON line per activation.
  const log = process.env.ALGOAGENT_ACTIVATION_LOG;
  if (log) {
    try {
      appendFileSync(log, `${JSON.stringify(activation)}\n`);
    } catch (err) {
      output.appendLine(`could not write ALGOAGENT_ACTIVATION_LOG ${log}: ${(err as Error).message}`);
    }
  }
  return { activation };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export function deactivate(): void {
  runner?.dispose();
  runner = undefined;
}
