/**
 * Every static check of a strategy file in one pass over one syntax tree: the shared safety rules
 * (src/analysis/safety.ts — the same set the runner applies), look-ahead, indicator misuse, order
 * options, structure and parameters. Nothing runs; the TypeScript parser reads the source.
 */
import { checkSafety } from './safety';
import { Report, type StrategyDiagnostic } from './diagnostic';
import { checkIndicators } from './rules-indicators';
import { checkLookahead } from './rules-lookahead';
import { checkOrderOptions } from './rules-orders';
import { checkParams } from './rules-params';
import { checkStructure } from './rules-structure';
import { buildModel, parseStrategy, type StrategyModel } from './strategy-model';

export const STRATEGY_FILE_NAME = /\.strategy\.[cm]?[jt]s$/i;

export interface Analysis {
  model: StrategyModel;
  diagnostics: StrategyDiagnostic[];
}

/**
 * Analyzes one file. Strategy files (`*.strategy.ts|js`) must default-export a Strategy; other
 * files that import `algoagent` are checked for the same mistakes in whatever strategy class they hold.
 */
export function analyzeStrategy(source: string, fileName: string): Analysis {
  const sf = parseStrategy(source, fileName);
  const model = buildModel(sf);
  const report = new Report(sf);
  checkStructure(model, report, STRATEGY_FILE_NAME.test(fileName));
  checkLookahead(model, report);
  checkIndicators(model, report);
  checkOrderOptions(report);
  checkParams(model, report);
  const safety: StrategyDiagnostic[] = checkSafety(source, fileName).map((f) => ({ ...f }));
  const diagnostics = [...safety, ...report.items].sort((a, b) => a.line - b.line || a.column - b.column);
  return { model, diagnostics };
}
