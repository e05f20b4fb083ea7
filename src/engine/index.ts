/** The engine's public surface: pure TypeScript, no I/O, no vscode. */
export { Backtest, errorPhase, resolveParams, type ErrorPhase, type StrategyClass, type RunHooks } from './backtest';
export { makeBars, parseIsoUtc, type Bars } from './bars';
export { Broker } from './broker';
export { crossover, crossunder } from './crossover';
export { OptionError, StrategyApiError } from './errors';
export { compileExpression } from './expression';
export { DEFAULT_OPTIONS, resolveOptions, type BacktestOptions, type Commission, type ResolvedOptions } from './options';
export { Order } from './order';
export { bestIndex, gridCombos, metricValue, optimizeGrid, type ComboResult, type Metric, type OptimizeOptions, type OptimizeResult, type ParamRanges } from './optimize';
export type { IndicatorJson, OpenTradeRecord, Result, TradeRecord } from './result';
export { Clock, Series, toFloat64, type Source } from './series';
export { computeStats, drawdown, isoTime, type Stats } from './stats';
export { Position, Strategy, warmupBars, type IndicatorOptions, type OrderOptions, type ParamValue, type Params, type StrategyData } from './strategy';
export { ta } from './ta';
export { Trade } from './trade';
