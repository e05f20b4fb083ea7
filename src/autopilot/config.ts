/**
 * The agent's configuration (persisted per workspace) and its validation: every problem is named
 * by its field and says what is allowed.
 */
import { AgentError } from './errors';

export const STRATEGY_KINDS = ['trend', 'momentum', 'meanReversion', 'volume', 'breakout'] as const;
export type StrategyKind = (typeof STRATEGY_KINDS)[number];
export const RUN_MODES = ['never', 'manual', 'always'] as const;
export type RunMode = (typeof RUN_MODES)[number];
export const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '1d', '1wk'] as const;

/** Both must be beaten (strictly) and the trade count reached. Percent figures in percent. */
export interface Thresholds {
  winRatePct: number;
  profitFactor: number;
}

export interface AgentConfig {
  /** Tickers; `SAMPLE` is the bundled synthetic series. */
  symbols: string[];
  kinds: StrategyKind[];
  timeframe: string;
  /** Starting cash of every backtest and paper account. */
  capital: number;
  /** Commission as a fraction of traded value. */
  commission: number;
  /** backtest → paper (seeds: win rate > 55 %, profit factor > 1.5). */
  promoteToPaper: Thresholds;
  /** paper → ready (seeds: win rate > 60 %, profit factor > 2.0). */
  promoteToReady: Thresholds;
  /** Fewest closed trades before any promotion. */
  minTrades: number;
  /** Walk-forward folds of the out-of-sample check. */
  walkForwardFolds: number;
  /** Out-of-sample profit factor the stitched walk-forward must beat. */
  outOfSampleMinProfitFactor: number;
  runMode: RunMode;
  /** Backtests at once. */
  parallelRuns: number;
  /** Model calls one cycle may make (offline templates count too, so the budget is testable). */
  modelCallsPerCycle: number;
  /** Candidates per symbol and kind. */
  candidatesPerKind: number;
  /** Weighted vote of combinations (seeds: trend 40 %, momentum 35 %, volume 25 %); kinds weighted 0 stay out. */
  weights: Record<StrategyKind, number>;
  /** Components that must agree before a combination enters. */
  minAgree: number;
  /** Bars of history a paper account starts with (indicator warm-up). */
  paperLookbackBars: number;
  /** Hours between cycles in `always` mode. */
  cycleEveryHours: number;
  /** Folder (workspace-relative) of the generated strategy files. */
  outDir: string;
}

export const DEFAULT_CONFIG: AgentConfig = {
  symbols: ['SAMPLE'],
  kinds: [...STRATEGY_KINDS],
  timeframe: '1d',
  capital: 10_000,
  commission: 0.001,
  promoteToPaper: { winRatePct: 55, profitFactor: 1.5 },
  promoteToReady: { winRatePct: 60, profitFactor: 2.0 },
  minTrades: 30,
  walkForwardFolds: 3,
  outOfSampleMinProfitFactor: 1.0,
  runMode: 'manual',
  parallelRuns: 2,
  modelCallsPerCycle: 20,
  candidatesPerKind: 2,
  weights: { trend: 0.4, momentum: 0.35, volume: 0.25, meanReversion: 0, breakout: 0 },
  minAgree: 2,
  paperLookbackBars: 250,
  cycleEveryHours: 24,
  outDir: 'strategies/autopilot',
};

type Problems = string[];

function num(p: Problems, v: unknown, field: string, ok: (n: number) => boolean, expect: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) p.push(`${field}: must be ${expect}, got ${JSON.stringify(v)}`);
}

function thresholds(p: Problems, v: unknown, field: string): void {
  if (!v || typeof v !== 'object') {
    p.push(`${field}: must be { winRatePct, profitFactor }`);
    return;
  }
  const t = v as Record<string, unknown>;
  num(p, t.winRatePct, `${field}.winRatePct`, (n) => n >= 0 && n <= 100, 'a percentage 0–100');
  num(p, t.profitFactor, `${field}.profitFactor`, (n) => n >= 0, 'a number ≥ 0');
}

/** Defaults under the given fields, then checks everything; throws BAD_CONFIG listing every problem. */
export function resolveConfig(input: unknown = {}): AgentConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new AgentError('BAD_CONFIG', 'the agent configuration must be an object', 'Fix the agent settings (AlgoAgent: Agent Dashboard → Settings).');
  }
  const given = input as Record<string, unknown>;
  const p: Problems = [];
  for (const k of Object.keys(given)) if (!(k in DEFAULT_CONFIG)) p.push(`${k}: unknown setting (known: ${Object.keys(DEFAULT_CONFIG).join(', ')})`);
  const c = { ...DEFAULT_CONFIG, ...given } as AgentConfig;
  c.weights = { ...DEFAULT_CONFIG.weights, ...((given.weights as object) ?? {}) };
  c.promoteToPaper = { ...DEFAULT_CONFIG.promoteToPaper, ...((given.promoteToPaper as object) ?? {}) };
  c.promoteToReady = { ...DEFAULT_CONFIG.promoteToReady, ...((given.promoteToReady as object) ?? {}) };

  if (!Array.isArray(c.symbols) || c.symbols.length === 0) p.push('symbols: give at least one ticker (e.g. ["AAPL"] or ["SAMPLE"])');
  else c.symbols.forEach((s, i) => {
    if (typeof s !== 'string' || !/^[A-Za-z0-9^=._\-&]{1,32}$/.test(s)) p.push(`symbols[${i}]: "${String(s)}" is not a ticker (letters, digits and ^ = . - _ &)`);
  });
  if (Array.isArray(c.symbols)) c.symbols = c.symbols.map((s) => String(s).toUpperCase());
  if (!Array.isArray(c.kinds) || c.kinds.length === 0) p.push(`kinds: give at least one of ${STRATEGY_KINDS.join(', ')}`);
  else c.kinds.forEach((k, i) => {
    if (!STRATEGY_KINDS.includes(k)) p.push(`kinds[${i}]: "${String(k)}" is not a strategy kind (${STRATEGY_KINDS.join(', ')})`);
  });
  if (!(TIMEFRAMES as readonly string[]).includes(c.timeframe)) p.push(`timeframe: must be one of ${TIMEFRAMES.join(', ')}, got ${JSON.stringify(c.timeframe)}`);
  num(p, c.capital, 'capital', (n) => n > 0, 'a number > 0');
  num(p, c.commission, 'commission', (n) => n >= 0 && n < 0.1, 'a fraction in [0, 0.1) (0.001 = 0.1 %)');
  thresholds(p, c.promoteToPaper, 'promoteToPaper');
  thresholds(p, c.promoteToReady, 'promoteToReady');
  num(p, c.minTrades, 'minTrades', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  num(p, c.walkForwardFolds, 'walkForwardFolds', (n) => Number.isInteger(n) && n >= 1 && n <= 20, 'a whole number 1–20');
  num(p, c.outOfSampleMinProfitFactor, 'outOfSampleMinProfitFactor', (n) => n >= 0, 'a number ≥ 0');
  if (!RUN_MODES.includes(c.runMode)) p.push(`runMode: must be never, manual or always, got ${JSON.stringify(c.runMode)}`);
  num(p, c.parallelRuns, 'parallelRuns', (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'a whole number 1–64');
  num(p, c.modelCallsPerCycle, 'modelCallsPerCycle', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  num(p, c.candidatesPerKind, 'candidatesPerKind', (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'a whole number 1–10');
  for (const k of STRATEGY_KINDS) num(p, c.weights[k], `weights.${k}`, (n) => n >= 0, 'a number ≥ 0');
  num(p, c.minAgree, 'minAgree', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  num(p, c.paperLookbackBars, 'paperLookbackBars', (n) => Number.isInteger(n) && n >= 10, 'a whole number ≥ 10');
  num(p, c.cycleEveryHours, 'cycleEveryHours', (n) => n > 0, 'a number of hours > 0');
  if (typeof c.outDir !== 'string' || !c.outDir.trim() || c.outDir.split(/[\\/]/).includes('..')) p.push('outDir: must be a folder inside the workspace (no "..")');
  if (p.length) {
    throw new AgentError('BAD_CONFIG', `the agent configuration has ${p.length} problem(s):\n  ${p.join('\n  ')}`, 'Fix these settings (AlgoAgent: Agent Dashboard → Settings).', 'algoagent.agent.showDashboard');
  }
  return c;
}
