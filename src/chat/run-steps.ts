/**
 * The chat's long steps: a new strategy from an idea, a change to the strategy under discussion,
 * a backtest, the fix loop — each streaming its progress and ending with the result: the
 * statistics table, an anchor to the file, references to what was used, and the buttons.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fixStrategy } from '../agent/fix-loop';
import { GenerationError, generateStrategy } from '../agent/generate';
import type { AgentReport, StatusEvent } from '../agent/types';
import { specToCode, writeStrategyFile } from '../ai/codegen/generate';
import { formatFailure } from '../runner/failure';
import type { DataSpec, RunBacktest, RunOutcome } from '../runner/protocol';
import { staticParams } from '../runner/static-params';
import { keyFigures, runLine, statsTable } from './answer-text';
import { editWithModel } from './prompts';
import { mergeChange } from './spec-change';
import { readEmbeddedSpec } from './spec-file';
import { type Turn, remember } from './turn';
import type { ChatMetadata, ChatResultLike } from './types';

const TRUST_TODO = 'Strategy code never runs in an untrusted workspace. Trust this folder (Workspaces: Manage Workspace Trust), then ask again.';

function statusText(e: StatusEvent, max: number): string {
  switch (e.status) {
    case 'generating':
      return `Generating: ${e.message}`;
    case 'executing':
      return e.attempt ? `Backtesting fix ${e.attempt}/${max}…` : 'Backtesting…';
    case 'analyzing':
      return `Analyzing: ${e.message}`;
    case 'fixing':
      return `Fixing ${e.attempt ?? '?'}/${max}…`;
    case 'queued':
      return '';
    default:
      return e.message;
  }
}

interface LastRun {
  outcome?: RunOutcome;
  source?: string;
}

/** The runner with its progress shown as "Backtesting… 40 %"; `last` keeps the latest outcome. */
function withProgress(turn: Turn, run: RunBacktest, last: LastRun): RunBacktest {
  return async (req, hooks = {}) => {
    let shown = -1;
    const outcome = await run(req, {
      ...hooks,
      signal: hooks.signal ?? turn.signal,
      onProgress: (f) => {
        const pct = Math.floor(f * 10) * 10;
        if (pct > shown && pct < 100) {
          shown = pct;
          turn.progress(`Backtesting… ${pct} %`);
        }
        hooks.onProgress?.(f);
      },
    });
    last.outcome = outcome;
    last.source = req.source;
    return outcome;
  };
}

function hasParams(source: string, file: string): boolean {
  try {
    return Object.values(staticParams(source, file) ?? {}).some((v) => typeof v === 'number');
  } catch {
    return false;
  }
}

/** Writes the result part of an answer and returns its metadata. */
async function showResult(turn: Turn, file: string, report: AgentReport, data: { spec: DataSpec; label: string }, last: LastRun, action: ChatMetadata['action']): Promise<ChatResultLike> {
  const dataLabel = data.label;
  const dataFile = data.spec.kind === 'csv' ? data.spec.path : undefined;
  const label = turn.label(file);
  const source = await readFile(file, 'utf8').catch(() => '');
  const r = report.result;
  if (report.attempts.length) {
    const lines = report.attempts.map((a) => `${a.number}. ${a.kind} at line ${a.location.line} (${a.message}) → ${a.provider === 'deterministic' ? `certain repair "${a.model}"` : `${a.provider}/${a.model}`}: **${a.outcome}**${a.newFailure ? ` — then ${a.newFailure.kind}: ${a.newFailure.message}` : a.detail ? ` — ${a.detail}` : ''}`);
    turn.say(`**Fix attempts**\n\n${lines.join('\n')}`);
  }
  if (r) {
    remember(turn.cache, file, r, dataLabel, data.spec);
    turn.say(`${report.finalStatus === 'fixed' ? 'Fixed and backtested' : 'Backtested'} ${runLine(r, dataLabel)}:\n\n${statsTable(r)}`);
  }
  const named = readEmbeddedSpec(source);
  if (r && named.ok && named.spec.symbols.length && !named.spec.symbols.includes(r.data.symbol)) {
    turn.say(`_The idea names ${named.spec.symbols.join(', ')}, but this run used ${dataLabel}${data.spec.kind === 'sample' ? ' (synthetic prices)' : ''}. To test it on ${named.spec.symbols[0]}, choose it with Select Data or put \`export const meta = { symbol: '${named.spec.symbols[0]}', interval: '${named.spec.timeframe}' }\` in the file._`);
    turn.button({ command: 'algoagent.selectData', title: 'Select Data' });
  }
  if (report.noTrades) turn.say(`⚠ ${report.noTrades.message}. ${report.noTrades.hint}`);
  if (!report.success) {
    const f = report.failure;
    turn.say(`**The strategy does not run yet.** ${f ? `\`${formatFailure(f)}\`${f.hint ? `\n\nHint: ${f.hint}` : ''}` : ''}${report.reason ? `\n\n${report.reason}` : ''}`);
  }
  const stuck = report.attempts.find((a) => a.outcome === 'provider-error');
  const cooling = !!stuck && /cooling down|rate limit|quota|429/i.test(stuck.detail ?? '');
  if (stuck) {
    turn.say(cooling
      ? 'The fix stopped because every Gemini key is cooling down after rate limits. Wait until the first key is ready (AlgoAgent: Show AI Key Health) and ask `/fix` again, add another key, or pick a chat model in the chat view.'
      : `The fix stopped because the model failed (${stuck.detail ?? 'no detail'}). Ask \`/fix\` again, or pick another model in the chat view.`);
    turn.button({ command: 'algoagent.addGeminiKey', title: 'Add Gemini API Key' });
    if (cooling) turn.button({ command: 'algoagent.showAiKeyHealth', title: 'Show AI Key Health' });
  }
  turn.stream.anchor(file, label, !report.success && report.failure?.line ? report.failure.line : undefined);
  turn.say('');
  turn.stream.reference(file);
  if (dataFile) turn.stream.reference(dataFile);
  if (last.outcome) {
    turn.deps.onResult?.({
      file, outcome: last.outcome, source: last.source ?? (source || undefined), data, attempts: report.attempts,
      kind: action === 'new' ? 'new' : report.attempts.length ? 'fix' : 'backtest', ...(report.finalStatus === 'fixed' ? { status: 'fixed' as const } : {}),
    });
  }
  const arg = { file };
  if (r) turn.button({ command: 'algoagent.showResults', title: 'Open Results', arguments: [file] });
  if (!report.success || report.noTrades) turn.button({ command: 'algoagent.fixWithAiLoop', title: 'Fix', arguments: [arg] });
  const params = hasParams(source, file);
  if (r && params && turn.deps.optimizeAvailable()) turn.button({ command: 'algoagent.optimizeParameters', title: 'Optimize', arguments: [arg] });
  turn.button({ command: 'algoagent.runBacktest', title: 'Run Again', arguments: [arg] });
  return turn.finish({
    action, file, dataLabel, failed: !report.success, hasParams: params, ...(stuck ? { error: cooling ? ('quota' as const) : ('model' as const) } : {}), hasStop: /\bsl\s*:|stopLossPct|trailPct/.test(source),
    ...(r ? { stats: keyFigures(r) } : {}),
  });
}

/** Runs the strategy (fixing it when `fix` is set) and answers with the result. */
export async function runAndAnswer(turn: Turn, file: string, mode: { fix: boolean; fixNoTrades?: boolean; action: ChatMetadata['action'] }): Promise<ChatResultLike> {
  if (!turn.deps.isTrusted()) {
    turn.button({ command: 'workbench.trust.manage', title: 'Manage Workspace Trust' });
    turn.stream.anchor(file, turn.label(file));
    turn.say('');
    return turn.fail('untrusted', 'This workspace is not trusted, so the strategy was not run.', TRUST_TODO, { file });
  }
  turn.progress('Loading data…');
  let data: { spec: DataSpec; label: string };
  try {
    data = await turn.deps.data(file);
  } catch (err) {
    turn.button({ command: 'algoagent.selectData', title: 'Select Data' });
    turn.button({ command: 'algoagent.downloadData', title: 'Download Data' });
    return turn.fail('no-data', `No data to run ${turn.label(file)} on: ${(err as Error).message}`, 'Choose data with AlgoAgent: Select Data (a CSV file, a symbol, or the bundled sample), or download a symbol for offline use with AlgoAgent: Download Data. `/data` shows what the next run uses.', { file });
  }
  const last: LastRun = {};
  const run = withProgress(turn, await turn.deps.run(), last);
  const max = turn.deps.maxAttempts();
  const model = mode.fix ? await turn.model() : undefined;
  const root = turn.root() ?? path.dirname(file);
  turn.progress('Backtesting…');
  let report: AgentReport;
  if (mode.fix) {
    report = await fixStrategy({
      file, root, data: data.spec, run, model, maxAttempts: max, fixNoTrades: mode.fixNoTrades, signal: turn.signal,
      memory: await turn.deps.memory?.(), write: turn.deps.write,
      onStatus: (e) => {
        const text = statusText(e, max);
        if (text) turn.progress(text);
      },
    });
  } else {
    const outcome: RunOutcome = await run({ strategyPath: file, root, data: data.spec }, { signal: turn.signal });
    const nt = outcome.ok ? outcome.warnings.find((w) => w.kind === 'no-trades') : undefined;
    report = outcome.ok
      ? { success: true, file, result: outcome.result, attempts: [], finalStatus: 'not_needed', ...(nt ? { noTrades: { message: nt.message, hint: nt.hint } } : {}) }
      : { success: false, file, attempts: [], finalStatus: 'failed', failure: outcome.failure, reason: 'Fix asks the agent to repair it (certain repairs first, then the model).' };
  }
  return showResult(turn, file, report, data, last, mode.action);
}

/** A new strategy from a description: written, backtested and fixed when it fails. */
export async function newStrategy(turn: Turn, description: string): Promise<ChatResultLike> {
  const root = turn.root();
  if (!root) return turn.fail('no-workspace', 'Open a folder first.', 'Strategies are written to the `strategies/` folder of the workspace: File → Open Folder…, then ask again.');
  if (!description.trim()) {
    return turn.fail('generation', 'Describe the strategy to write.', 'For example: `/new buy AAPL when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss`.');
  }
  let gen;
  try {
    gen = await turn.withModel(async (model) => {
      const memory = model.provider === 'offline' ? undefined : await turn.deps.memory?.();
      turn.progress(model.provider === 'offline' ? 'Analyzing the idea (offline rules)…' : `Analyzing the idea with ${model.model}…`);
      return generateStrategy({
        description, outDir: path.join(root, 'strategies'), model, root, signal: turn.signal, memory,
        onStatus: (e) => {
          const text = statusText(e, turn.deps.maxAttempts());
          if (text) turn.progress(text);
        },
      });
    }, true);
  } catch (err) {
    if (err instanceof GenerationError) return generationFailed(turn, err);
    throw err;
  }
  if (!gen) throw new Error('no model answered');
  turn.say(`Wrote **${turn.label(gen.file)}** ${gen.via === 'spec' ? `from a spec (${gen.provider === 'offline' ? 'offline rules' : `${gen.provider}/${gen.model}`})` : `(code written by ${gen.model})`}.`);
  if (gen.unparsed.length) turn.say(`Not understood, so left out: ${gen.unparsed.map((u) => `"${u}"`).join(', ')}. Say it another way to add it.`);
  return runAndAnswer(turn, gen.file, { fix: true, action: 'new' });
}

async function generationFailed(turn: Turn, err: GenerationError): Promise<ChatResultLike> {
  const details = [...err.details.map((d) => `- ${d}`), ...(err.unparsed.length ? [`- not understood: ${err.unparsed.map((u) => `"${u}"`).join(', ')}`] : [])];
  return turn.fail('generation', `No strategy yet: ${err.message}.`, `${details.join('\n')}\n\nSay when to buy and when to sell, e.g. "buy when the 20-day SMA crosses above the 50-day SMA, sell when it crosses below".`);
}

/** A change to the strategy under discussion: the model edits the code; offline, the spec is merged and regenerated. */
export async function changeStrategy(turn: Turn, file: string, change: string): Promise<ChatResultLike> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return turn.fail('no-strategy', `${turn.label(file)} is gone.`, 'Describe the strategy again to write a new one.');
  }
  const write = turn.deps.write ?? ((f: string, c: string) => writeFile(f, c));
  const edit = await turn.withModel((model) => {
    turn.progress(`Changing ${turn.label(file)} with ${model.model}…`);
    return editWithModel({ model, code: source, fileLabel: turn.label(file), change, signal: turn.signal }).then((e) => ({ ...e, by: `${model.provider}/${model.model}` }));
  }, false);
  if (edit?.ok) {
    await write(file, edit.code);
    turn.say(`Changed **${turn.label(file)}** as asked (${edit.by}); undo reverts it.`);
    return runAndAnswer(turn, file, { fix: true, action: 'change' });
  }
  if (edit) turn.say(`_${edit.reason}; using the spec in the file instead._`);
  turn.progress('Merging the change into the spec (offline rules)…');
  const reading = readEmbeddedSpec(source);
  if (!reading.ok) {
    turn.button({ command: 'algoagent.addGeminiKey', title: 'Add Gemini API Key' });
    return turn.fail('model', `Cannot change ${turn.label(file)} offline: ${reading.reason}.`, 'Offline, changes are made to the spec a generated file carries. Pick a chat model in the chat view or add a Gemini API key to have the code edited, or edit the file yourself.', { file });
  }
  const merged = mergeChange(reading.spec, change);
  if (merged.errors.length || !merged.changes.length) {
    const why = merged.errors.length ? merged.errors.map((e) => `- ${e}`).join('\n') : `Not understood: ${merged.unparsed.map((u) => `"${u}"`).join(', ')}.`;
    return turn.fail('generation', `Nothing was changed in ${turn.label(file)}.`, `${why}\n\nThe offline rules understand stops, targets, trailing stops, sizing, periods ("change the RSI period to 21") and added rules ("also only buy when close is above the 200-day SMA").`, { file });
  }
  let target = file;
  if (reading.pristine) await write(file, specToCode(merged.spec));
  else {
    target = writeStrategyFile(path.dirname(file), merged.spec, merged.spec.description);
    turn.say(`${turn.label(file)} was edited by hand since it was generated; regenerating it would drop those edits, so the change went into a new file.`);
  }
  turn.say(`Changed **${turn.label(target)}**: ${merged.changes.join('; ')}.${merged.unparsed.length ? ` Not understood: ${merged.unparsed.map((u) => `"${u}"`).join(', ')}.` : ''}`);
  return runAndAnswer(turn, target, { fix: true, action: 'change' });
}
