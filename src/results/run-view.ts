/**
 * Builds the panel's RunView from what a run produced (Result with typed columns, the Bars, the
 * console and runner findings). Pure: no I/O, usable in the host, the CLI and tests.
 */
import type { FixAttempt } from '../agent/types';
import type { Bars } from '../engine/bars';
import type { Result } from '../engine/result';
import type { BarsJson, Column, ResultJson, RunLogLine, RunView } from './protocol';

/** The console lines and findings a run may carry (RunSuccess from the runner has these). */
export interface RunExtras {
  console?: { level: 'log' | 'info' | 'warn' | 'error' | 'debug'; text: string }[];
  /** Runner findings (no-trades, validation warnings). */
  warnings?: { kind: string; message: string; line?: number; hint?: string }[];
  durationMs?: number;
}

export interface RunViewInput {
  /** A Result as the engine returns it, or its JSON form. */
  result: Result | ResultJson;
  bars: Bars | BarsJson;
  strategyPath: string;
  extras?: RunExtras;
  attempts?: FixAttempt[];
  dataLabel?: string;
  /** When the run finished (default: now). */
  runAt?: string;
}

export function toColumn(a: ArrayLike<number | null>): Column {
  const out = new Array<number | null>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = v !== null && Number.isFinite(v) ? v : null;
  }
  return out;
}

export function barsToJson(b: Bars | BarsJson): BarsJson {
  return {
    time: Array.from(b.time as ArrayLike<number>),
    open: toColumn(b.open),
    high: toColumn(b.high),
    low: toColumn(b.low),
    close: toColumn(b.close),
    volume: toColumn(b.volume),
  };
}

/** The Result as plain JSON (what its toJSON gives), without a stringify round trip. */
export function resultToJson(r: Result | ResultJson): ResultJson {
  return {
    strategy: r.strategy,
    stats: r.stats,
    trades: r.trades,
    openTrades: r.openTrades,
    equity: toColumn(r.equity),
    drawdown: toColumn(r.drawdown),
    indicators: r.indicators.map((ind) => ({
      ...ind,
      lines: Object.fromEntries(Object.entries(ind.lines).map(([k, v]) => [k, toColumn(v as ArrayLike<number | null>)])),
    })),
    params: r.params,
    options: r.options,
    data: r.data,
    startBar: r.startBar,
    log: r.log,
  };
}

function logLines(r: ResultJson, extras: RunExtras | undefined): RunLogLine[] {
  const out: RunLogLine[] = r.log.map((l) => ({ level: l.level, source: 'engine', text: l.message, bar: l.bar, time: l.time }));
  for (const c of extras?.console ?? []) {
    out.push({ level: c.level === 'warn' ? 'warning' : c.level === 'log' ? 'info' : c.level, source: 'console', text: c.text });
  }
  for (const w of extras?.warnings ?? []) {
    out.push({ level: 'warning', source: 'runner', text: `${w.kind}: ${w.message}${w.hint ? ` — ${w.hint}` : ''}` });
  }
  return out;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function toRunView(input: RunViewInput): RunView {
  const result = resultToJson(input.result);
  const bars = barsToJson(input.bars);
  if (bars.time.length !== result.equity.length) {
    throw new Error(`results: the bars (${bars.time.length}) and the result's equity (${result.equity.length}) differ in length — pass the bars the run used`);
  }
  const runAt = input.runAt ?? new Date().toISOString();
  return {
    id: `${input.strategyPath}@${runAt}`,
    strategyPath: input.strategyPath,
    name: result.strategy || baseName(input.strategyPath),
    result,
    bars,
    runAt,
    durationMs: input.extras?.durationMs,
    dataLabel: input.dataLabel,
    log: logLines(result, input.extras),
    attempts: input.attempts ?? [],
  };
}
