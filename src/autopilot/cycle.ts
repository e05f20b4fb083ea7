/**
 * One cycle of the agent: generate candidates for each symbol and kind → backtest each with the
 * out-of-sample check → combine the best singles by weighted vote → promote or retire by the
 * thresholds → open paper accounts for the promoted ones and advance every paper account.
 * Every step lands in the lifecycle log with its reason. Deterministic for a deterministic model
 * and data: candidates, files, figures and decisions depend on nothing else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LanguageModel } from '../ai/provider';
import type { Bars } from '../engine/bars';
import type { RunBacktest } from '../runner/protocol';
import type { RecordRunInput } from '../store/types';
import { CallBudget, type Candidate, generateCandidates } from './candidates';
import { type CombinationSpec, type Component, combinationCode, pickComponents } from './combine';
import type { AgentConfig } from './config';
import { AgentError, noData } from './errors';
import { evaluateStrategy, inPool } from './evaluate';
import { judgeBacktest } from './judge';
import { type AdvanceSummary, advancePaper, openAccount } from './paper/trader';
import { type AgentState, type StrategyRecord, record } from './state';
import { KIND_LABELS } from './templates';

/** Weight share a combination's agreeing components need. */
export const MIN_VOTE_SHARE = 0.5;

export interface CycleDeps {
  /** Workspace folder: strategy files go under `<root>/<outDir>`. */
  root: string;
  run: RunBacktest;
  loadBars(symbol: string, timeframe: string, signal?: AbortSignal): Promise<Bars>;
  /** The model to ask for specs; throws NO_AI_PROVIDER when there is none. */
  model(): Promise<LanguageModel>;
  now(): number;
  /** Told of progress in words. */
  onProgress?(message: string): void;
  /** Records each full backtest in the history store (src/store), when there is one. */
  recordRun?(input: RecordRunInput): Promise<number | undefined>;
}

export interface CycleReport {
  generated: number;
  backtested: number;
  combinations: number;
  promoted: number;
  retired: number;
  failed: number;
  modelCalls: number;
  budgetExhausted: boolean;
  paper: AdvanceSummary;
  errors: { code: string; message: string; action: string }[];
}

export function slugId(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

/** 8 hex digits of FNV-1a: a short stable id for a set of components. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function writeFile(root: string, rel: string, code: string): void {
  const abs = path.join(root, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const old = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
  if (old !== code) fs.writeFileSync(abs, code);
}

export async function runCycle(state: AgentState, c: AgentConfig, d: CycleDeps, signal?: AbortSignal): Promise<CycleReport> {
  const rep: CycleReport = { generated: 0, backtested: 0, combinations: 0, promoted: 0, retired: 0, failed: 0, modelCalls: 0, budgetExhausted: false, paper: { strategies: 0, newBars: 0, fills: 0, errors: [] }, errors: [] };
  const say = (m: string) => d.onProgress?.(m);
  const fail = (e: AgentError, strategyId?: string) => {
    rep.errors.push({ code: e.code, message: e.message, action: e.action });
    record(state, d.now(), 'error', `${e.code}: ${e.message}`, strategyId, e.code);
  };
  record(state, d.now(), 'cycle', `cycle ${state.cycles + 1} started: ${c.symbols.join(', ')} × ${c.kinds.map((k) => KIND_LABELS[k]).join(', ')} on ${c.timeframe}`);
  const model = await d.model();

  // Data per symbol.
  const bars = new Map<string, Bars>();
  for (const symbol of c.symbols) {
    try {
      const b = await d.loadBars(symbol, c.timeframe, signal);
      if (!b.close.length) throw new Error('no bars');
      bars.set(symbol, b);
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      fail(err instanceof AgentError ? err : noData(symbol, (err as Error).message));
    }
  }

  // Candidates not explored yet.
  const explored = new Set(state.strategies.map((s) => `${s.symbol}|${s.description}`));
  const budget = new CallBudget(c.modelCallsPerCycle);
  say('generating candidates');
  const gen = await generateCandidates({ symbols: [...bars.keys()], kinds: c.kinds, perKind: c.candidatesPerKind, timeframe: c.timeframe, model, budget, signal, skip: (symbol, description) => explored.has(`${symbol}|${description}`) });
  rep.modelCalls = budget.used;
  if (gen.exhausted) {
    rep.budgetExhausted = true;
    fail(gen.exhausted);
  }
  for (const f of gen.failures) record(state, d.now(), 'error', `${f.symbol} ${KIND_LABELS[f.kind]}: could not turn "${f.description}" into a strategy: ${f.reason}`);

  const fresh: StrategyRecord[] = [];
  for (const cand of gen.candidates) fresh.push(addCandidate(state, c, d, cand));
  rep.generated = fresh.length;

  // Backtest the new singles.
  say(`backtesting ${fresh.length} candidate(s)`);
  await inPool(fresh, c.parallelRuns, (s) => backtestRecord(state, s, bars.get(s.symbol)!, c, d, rep, signal));

  // Combinations of the best singles per symbol.
  for (const [symbol, b] of bars) {
    const singles = state.strategies.filter((s) => s.symbol === symbol && s.kind !== 'combination' && s.figures && s.figures.trades > 0);
    const picked = pickComponents(singles.map((s) => ({ id: s.id, kind: s.kind as Exclude<StrategyRecord['kind'], 'combination'>, profitFactor: s.figures!.profitFactor, returnPct: s.figures!.returnPct, rec: s })), c.weights);
    if (picked.length < Math.max(2, c.minAgree)) continue;
    const components: Component[] = picked.map((p) => ({ id: p.id, name: p.rec.name, kind: p.kind, weight: c.weights[p.kind], spec: readSpec(d.root, p.rec) }));
    const name = `${symbol} vote ${picked.map((p) => p.kind).join(' ')}`;
    const id = `${slugId(name)}-${shortHash(picked.map((p) => p.id).join(' '))}`;
    if (state.strategies.some((s) => s.id === id)) continue;
    const spec: CombinationSpec = { name, symbol, components, minAgree: c.minAgree, minScore: MIN_VOTE_SHARE };
    const file = `${c.outDir}/${id}.strategy.ts`;
    writeFile(d.root, file, combinationCode(spec));
    const rec: StrategyRecord = {
      id, name, kind: 'combination', symbol, status: 'generated', file,
      description: `weighted vote of ${components.map((x) => `${x.name} (${Math.round(x.weight * 100)} %)`).join(', ')}; enter when ≥ ${c.minAgree} agree, exit when any exits`,
      indicators: components.flatMap((x) => x.spec.indicators.map((i) => i.id)),
      components: components.map((x) => ({ id: x.id, name: x.name, kind: x.kind, weight: x.weight })),
      created: new Date(d.now()).toISOString(), reason: 'generated: combination of the best single per kind',
    };
    state.strategies.push(rec);
    record(state, d.now(), 'generated', rec.reason, id);
    rep.combinations++;
    await backtestRecord(state, rec, b, c, d, rep, signal);
  }

  // Paper accounts for the newly promoted, then advance all of them.
  for (const s of state.strategies) {
    if (s.status === 'paper' && !s.paper && bars.has(s.symbol)) s.paper = openAccount(bars.get(s.symbol)!, c.paperLookbackBars, c.capital);
  }
  say('paper trading');
  rep.paper = await advancePaper(state, c, { ...d, loadBars: async (symbol, tf, sig) => bars.get(symbol) ?? d.loadBars(symbol, tf, sig) }, signal);
  state.cycles++;
  state.lastCycle = new Date(d.now()).toISOString();
  record(state, d.now(), 'cycle', `cycle ${state.cycles} done: ${rep.generated} generated, ${rep.combinations} combination(s), ${rep.promoted} promoted, ${rep.retired} retired, ${rep.modelCalls} model call(s)`);
  return rep;
}

function addCandidate(state: AgentState, c: AgentConfig, d: CycleDeps, cand: Candidate): StrategyRecord {
  let id = slugId(cand.spec.name);
  for (let k = 2; state.strategies.some((s) => s.id === id); k++) id = `${slugId(cand.spec.name)}-${k}`;
  const file = `${c.outDir}/${id}.strategy.ts`;
  writeFile(d.root, file, cand.code);
  const rec: StrategyRecord = {
    id, name: cand.spec.name, kind: cand.kind, symbol: cand.symbol, status: 'generated', file, description: cand.description,
    indicators: cand.spec.indicators.map((i) => i.id), created: new Date(d.now()).toISOString(), reason: `generated from "${cand.description}"`,
  };
  state.strategies.push(rec);
  record(state, d.now(), 'generated', rec.reason, id);
  return rec;
}

/** The spec a single was generated from (kept in its file as `export const spec = …`). */
function readSpec(root: string, s: StrategyRecord): Component['spec'] {
  const text = fs.readFileSync(path.join(root, s.file), 'utf8');
  const m = /export const spec = ([\s\S]*?);\n\n/.exec(text);
  if (!m) throw new AgentError('BAD_STATE', `${s.file} no longer holds its spec`, 'Restore the file or retire the strategy.');
  return JSON.parse(m[1]) as Component['spec'];
}

async function backtestRecord(state: AgentState, s: StrategyRecord, bars: Bars, c: AgentConfig, d: CycleDeps, rep: CycleReport, signal?: AbortSignal): Promise<void> {
  const file = path.join(d.root, s.file);
  const ev = await evaluateStrategy(d.run, file, d.root, bars, c, signal);
  const at = new Date(d.now()).toISOString();
  if (d.recordRun) {
    try {
      const id = await d.recordRun({
        strategyPath: file, workspaceRoot: d.root, strategyName: s.name, kind: 'backtest', startedAt: at,
        dataSource: s.symbol === 'SAMPLE' ? 'bundled sample data' : `${s.symbol} ${c.timeframe}`,
        dataSelection: s.symbol === 'SAMPLE' ? { kind: 'sample' } : { kind: 'symbol', symbol: s.symbol, interval: c.timeframe },
        ...(ev.ok ? { result: ev.result } : { failure: ev.failure }),
      });
      if (id !== undefined) s.runId = id;
    } catch (err) {
      record(state, d.now(), 'error', `the run was not recorded in the history: ${(err as Error).message}`, s.id);
    }
  }
  if (!ev.ok) {
    s.status = 'failed';
    s.reason = ev.reason;
    rep.failed++;
    record(state, d.now(), 'error', ev.reason, s.id);
    return;
  }
  s.figures = ev.figures;
  s.outOfSample = ev.oos;
  s.status = 'backtested';
  rep.backtested++;
  const f = ev.figures;
  record(state, d.now(), 'backtested', `backtested: ${f.trades} trades, win rate ${f.winRatePct?.toFixed(1) ?? '—'} %, profit factor ${f.profitFactor?.toFixed(2) ?? '—'}, return ${f.returnPct?.toFixed(1) ?? '—'} %; ${ev.oos.reason}`, s.id);
  const decision = judgeBacktest(f, ev.oos, c);
  s.status = decision.status;
  s.reason = decision.reason;
  if (decision.status === 'paper') {
    s.promoted = at;
    rep.promoted++;
    record(state, d.now(), 'promoted', decision.reason, s.id);
  } else {
    s.retired = at;
    rep.retired++;
    record(state, d.now(), 'retired', decision.reason, s.id);
  }
}
