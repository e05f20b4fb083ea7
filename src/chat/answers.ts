/**
 * The chat's short answers: /explain (the model when there is one, else the honest template),
 * /history and /compare from the execution history, /data, /optimize, and help.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ProviderError } from '../ai/provider';
import { gridSize, parseRangesText, proposeRanges } from '../optimize/ranges';
import { barsForSpec } from '../results/run-bars';
import type { DataSpec } from '../runner/protocol';
import { staticParams } from '../runner/static-params';
import type { RunSummary } from '../store/types';
import { explainTemplate } from './answer-text';
import { explainWithModel } from './prompts';
import { readEmbeddedSpec } from './spec-file';
import { type Turn, remember } from './turn';
import type { ChatResultLike } from './types';

const pct = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)} %`);
const dd = (v: number | null) => (v === null ? '—' : `${(-Math.abs(v)).toFixed(2)} %`);

export async function explain(turn: Turn, file: string, question: string): Promise<ChatResultLike> {
  const code = await readFile(file, 'utf8').catch(() => undefined);
  if (code === undefined) return turn.fail('no-strategy', `${turn.label(file)} is gone.`, 'Describe the strategy again to write a new one.');
  let last = turn.cache.get(file);
  if (!last && turn.deps.isTrusted()) {
    // No result in this session yet: run it once, so the explanation rests on figures.
    try {
      turn.progress('Backtesting for the explanation…');
      const data = await turn.deps.data(file);
      const run = await turn.deps.run();
      const out = await run({ strategyPath: file, root: turn.root() ?? path.dirname(file), data: data.spec }, { signal: turn.signal });
      if (out.ok) remember(turn.cache, file, out.result, data.label, data.spec);
      last = turn.cache.get(file);
    } catch (err) {
      if (turn.cancelled) throw err;
      turn.say(`_No run to explain (${(err as Error).message}); explaining the rules only._`);
    }
  }
  turn.stream.anchor(file, turn.label(file));
  turn.say('');
  const told = await turn.withModel(async (model) => {
    turn.progress(`Asking ${model.model}…`);
    let streamed = false;
    try {
      await explainWithModel({ model, code, fileLabel: turn.label(file), question, result: last?.result, signal: turn.signal, onText: (t) => ((streamed = true), turn.stream.markdown(t)) });
    } catch (err) {
      // Half an answer already shown cannot be taken back: say it broke off, do not start another.
      if (streamed && err instanceof ProviderError) {
        turn.say(`\n\n_The explanation broke off: ${err.message}._`);
        return true;
      }
      throw err;
    }
    turn.say('');
    return true;
  }, false);
  if (told) return finishExplain(turn, file, last !== undefined);
  const spec = readEmbeddedSpec(code);
  turn.say(explainTemplate(spec.ok ? spec.spec : undefined, last?.result, turn.label(file), last && barTimes(last)));
  return finishExplain(turn, file, last !== undefined);
}

/** The bar times of a cached run (sample or CSV reloaded; inline bars as they are), when they match it. */
function barTimes(entry: { result: { data: { bars: number } }; data?: DataSpec }): ArrayLike<number> | undefined {
  if (!entry.data) return undefined;
  try {
    const time = barsForSpec(entry.data).time;
    return time.length === entry.result.data.bars ? time : undefined;
  } catch {
    return undefined;
  }
}

function finishExplain(turn: Turn, file: string, ran: boolean): Promise<ChatResultLike> {
  turn.stream.reference(file);
  if (ran) turn.button({ command: 'algoagent.showResults', title: 'Open Results', arguments: [file] });
  turn.button({ command: 'algoagent.runBacktest', title: 'Run Again', arguments: [{ file }] });
  const r = turn.cache.get(file)?.result;
  return turn.finish({ action: 'explain', file, ...(r ? { stats: { returnPct: r.stats.returnPct, buyHoldReturnPct: r.stats.buyHoldReturnPct, sharpeRatio: r.stats.sharpeRatio, maxDrawdownPct: r.stats.maxDrawdownPct, trades: r.stats.trades, winRatePct: r.stats.winRatePct } } : {}) });
}

function runsTable(runs: RunSummary[]): string {
  const rows = runs.map((r) => `| #${r.id} | ${r.started.slice(0, 16).replace('T', ' ')} | ${r.strategyName} | ${r.status} | ${r.kind} | ${pct(r.returnPct)} | ${r.sharpeRatio === null ? '—' : r.sharpeRatio.toFixed(2)} | ${dd(r.maxDrawdownPct)} | ${r.trades ?? '—'} |`);
  return ['| Run | Started (UTC) | Strategy | Status | Kind | Return | Sharpe | Max DD | Trades |', '|---|---|---|---|---|---:|---:|---:|---:|', ...rows].join('\n');
}

async function store(turn: Turn) {
  return (await turn.deps.history?.().catch(() => undefined)) ?? undefined;
}

const NO_HISTORY = 'The execution history is not available in this window yet (it opens with the history store, in a workspace folder). Runs made here are shown in this conversation; `algoagent history` lists them from the command line.';

export async function history(turn: Turn, file: string | undefined): Promise<ChatResultLike> {
  const h = await store(turn);
  if (!h) {
    turn.say(NO_HISTORY);
    return turn.finish({ action: 'history', file });
  }
  const all = h.listRuns({ limit: 200 });
  const mine = file ? all.filter((r) => file.split(path.sep).join('/').endsWith(r.strategy)) : [];
  const runs = (mine.length ? mine : all).slice(0, 10);
  if (!runs.length) turn.say('The execution history is empty: no backtest has been recorded yet.');
  else turn.say(`${mine.length ? `Last runs of **${turn.label(file!)}**` : 'Last runs in this workspace'} (${runs.length} of ${mine.length || all.length}):\n\n${runsTable(runs)}`);
  turn.button({ command: 'algoagent.showHistory', title: 'Show History' });
  return turn.finish({ action: 'history', file });
}

export async function compare(turn: Turn, file: string | undefined): Promise<ChatResultLike> {
  const h = await store(turn);
  if (!h) {
    turn.say(`${NO_HISTORY} To compare against buy & hold, ask \`/explain how does it compare with buy & hold?\`.`);
    return turn.finish({ action: 'compare', file });
  }
  const done = h.listRuns({ limit: 200 }).filter((r) => r.returnPct !== null);
  const mine = file ? done.filter((r) => file.split(path.sep).join('/').endsWith(r.strategy)) : [];
  const runs = (mine.length >= 2 ? mine : done).slice(0, 4);
  if (runs.length < 2) {
    turn.say(`Comparing needs two runs with results; the history has ${runs.length}. Run a backtest again after a change, then ask \`/compare\`.`);
    return turn.finish({ action: 'compare', file });
  }
  const recs = runs.map((r) => h.getRun(r.id)).filter((r) => r !== undefined);
  const head = `| | ${recs.map((r) => `#${r.id} ${r.strategyName}`).join(' | ')} |`;
  const line = (label: string, f: (s: NonNullable<(typeof recs)[number]['stats']>) => string) => `| ${label} | ${recs.map((r) => (r.stats ? f(r.stats) : '—')).join(' | ')} |`;
  const rows = [
    head, `|---|${recs.map(() => '---:').join('|')}|`,
    line('Return', (s) => pct(s.returnPct)), line('Buy & hold', (s) => pct(s.buyHoldReturnPct)), line('Sharpe', (s) => (s.sharpeRatio === null ? '—' : s.sharpeRatio.toFixed(2))),
    line('Max drawdown', (s) => dd(s.maxDrawdownPct)), line('Trades', (s) => String(s.trades)), line('Win rate', (s) => (s.winRatePct === null ? '—' : `${s.winRatePct.toFixed(1)} %`)),
  ];
  const params = [...new Set(recs.flatMap((r) => Object.keys(r.params)))].filter((k) => new Set(recs.map((r) => JSON.stringify(r.params[k] ?? null))).size > 1);
  turn.say(`${mine.length >= 2 ? `Last ${recs.length} runs of **${turn.label(file!)}**` : `Last ${recs.length} runs in this workspace`}:\n\n${rows.join('\n')}${params.length ? `\n\nParameters that differ: ${params.map((k) => `\`${k}\` (${recs.map((r) => JSON.stringify(r.params[k] ?? null)).join(' / ')})`).join(', ')}` : ''}`);
  turn.button({ command: 'algoagent.history.compareWith', title: 'Compare in Results Panel', arguments: [recs[0].id] });
  return turn.finish({ action: 'compare', file });
}

export async function dataAnswer(turn: Turn, file: string | undefined): Promise<ChatResultLike> {
  turn.say(`The next backtest runs on: **${turn.deps.dataChoice()}**.${file ? `\n\nFor ${turn.label(file)}: a choice made with Select Data wins; otherwise its \`export const meta = { symbol, interval, from, to }\`; otherwise the bundled sample (synthetic prices, not a real instrument).` : ''}\n\nTo change it: **Select Data** picks a CSV file, a symbol (Yahoo Finance, cached for offline use) or the sample; **Download Data** fetches a symbol ahead of time. To try another symbol for one strategy, put \`export const meta = { symbol: 'MSFT', interval: '1d' }\` in it.`);
  turn.button({ command: 'algoagent.selectData', title: 'Select Data' });
  turn.button({ command: 'algoagent.downloadData', title: 'Download Data' });
  return turn.finish({ action: 'data', file });
}

export async function optimize(turn: Turn, file: string | undefined): Promise<ChatResultLike> {
  if (!turn.deps.optimizeAvailable()) {
    turn.say('Optimization comes with the optimization feature, which is not enabled in this build yet. Until then, change a parameter in `static params` and run `/backtest`, or `/compare` two runs.');
    return turn.finish({ action: 'optimize', file });
  }
  if (!file) return turn.fail('no-strategy', 'Which strategy?', 'Open a strategy file, name it (`/optimize rsi-dip`), or describe a new one first.');
  const source = await readFile(file, 'utf8').catch(() => '');
  const defaults = staticParams(source, file);
  const numeric = Object.fromEntries(Object.entries(defaults ?? {}).filter(([, v]) => typeof v === 'number'));
  if (!Object.keys(numeric).length) return turn.fail('no-strategy', `${turn.label(file)} has no numeric \`static params\` to optimize.`, 'Move the numbers worth tuning (periods, thresholds, stop distances) into `static params = { … }`, then ask again.', { file });
  const text = proposeRanges(defaults!);
  let size = 0;
  try {
    size = gridSize(parseRangesText(text, Object.keys(defaults!)));
  } catch {
    size = 0;
  }
  turn.say(`Proposed ranges for **${turn.label(file)}** (${size ? `${size.toLocaleString('en-US')} combinations` : 'editable'}):\n\n\`\`\`\n${text}\n\`\`\`\n\n**Optimize** opens them for editing, asks which statistic to maximize, and runs the search on every core (with the walk-forward and Monte Carlo checks set in algoagent.optimize.*); the report opens in the results panel.`);
  turn.stream.anchor(file, turn.label(file));
  turn.say('');
  turn.button({ command: 'algoagent.optimizeParameters', title: 'Optimize', arguments: [{ file }] });
  return turn.finish({ action: 'optimize', file, hasParams: true });
}

export function help(turn: Turn): Promise<ChatResultLike> {
  turn.say([
    'Describe a trading idea in plain words and I write the strategy file, backtest it and show its numbers — for example:',
    '',
    '> buy AAPL when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss',
    '',
    'Then change it in words ("now add a 5 % trailing stop"), or ask about the result. Commands:',
    '',
    '- `/new` a strategy from a description · `/backtest` run the active or named strategy · `/fix` repair it until it runs',
    '- `/explain` the strategy or its result · `/optimize` its parameters · `/history` and `/compare` past runs · `/data` what the next run uses',
  ].join('\n'));
  return turn.finish({ action: 'help' });
}
