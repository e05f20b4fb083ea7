/** Robustness checks: walk-forward, train/test split, Monte Carlo, look-ahead replay, warm-up sensitivity, overfitting warnings. */
export { strategyColumns, type Column } from './columns';
export { localWindowBackend } from './local-backend';
export { lookaheadReplay, type BiasedColumn, type LookaheadOptions, type LookaheadReport, type LookaheadSignal } from './lookahead';
export { monteCarlo, pathFigures, percentile, type MonteCarloOptions, type MonteCarloReport, type Percentiles } from './monte-carlo';
export { neighbourhood, overfittingWarnings, type OverfitFacts, type OverfitWarning } from './overfitting';
export { efficiencyRatio, stitch, trainTestSplit, walkForward, type FoldReport, type SearchSettings, type WalkForwardOptions, type WalkForwardReport, type WindowBackend } from './walk-forward';
export { warmupSensitivity, type WarmupColumn, type WarmupDiff, type WarmupOptions, type WarmupReport } from './warmup';
export { sliceBars, trainTestWindows, walkForwardWindows, type BarWindow, type Fold, type WalkForwardMode, type WalkForwardWindowOptions } from './windows';
export { checkRobustness, type CheckReport, type CheckRequest } from './check';
