/** Hover text: each `ta.*` indicator (formula, parameters, warm-up) and the strategy API's members. */
import * as ts from 'typescript';
import type { Hover, MarkupContent } from 'vscode-languageserver/node';
import { DATA_MEMBERS, FUNCTIONS, type MemberDoc, ORDER_OPTIONS, POSITION_MEMBERS, SERIES_MEMBERS, STRATEGY_MEMBERS } from '../analysis/api-docs';
import { INDICATORS, PATTERNS, PATTERN_INPUTS, type Indicator, signature } from '../analysis/indicators';
import { type StrategyModel, isAlgoagent, isSeriesExpression, isTaObject, memberName, staticParamsOf, thisMember, unwrap } from '../analysis/strategy-model';

/** The innermost node that contains `offset`. */
export function nodeAt(sf: ts.SourceFile, offset: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node) => {
    if (offset < n.getStart(sf) || offset >= n.getEnd()) return;
    found = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function markdown(value: string): MarkupContent {
  return { kind: 'markdown', value };
}

export function indicatorMarkdown(ind: Indicator): string {
  const params = ind.params.length
    ? ind.params.map((p) => `\`${p.name}\`${p.default === undefined ? ' (required)' : ` = ${p.default}`}`).join(', ')
    : 'none';
  return [
    '```ts', signature(ind), '```',
    ind.summary,
    '',
    `**Formula:** ${ind.formula}`,
    '',
    `**Parameters:** ${params} — typical: ${ind.typical}`,
    '',
    `**Warm-up:** ${ind.warmupText} of NaN before the first value.`,
  ].join('\n');
}

function memberMarkdown(doc: MemberDoc, owner: string): string {
  return ['```ts', `(${owner}) ${doc.signature}`, '```', doc.doc].join('\n');
}

function paramMarkdown(model: StrategyModel, name: string): string | undefined {
  const lit = model.strategy && staticParamsOf(model.strategy)?.literal;
  const p = lit?.properties.find((x) => memberName(x) === name);
  if (!p) return undefined;
  const value = ts.isPropertyAssignment(p) ? p.initializer.getText(model.sf) : name;
  return ['```ts', `(parameter) params.${name} = ${value}`, '```', 'Default from `static params`; a run can override it (optimizer, `--param`, chat).'].join('\n');
}

/** The hover text for the identifier at `offset`, or undefined. */
export function hoverText(model: StrategyModel, offset: number): string | undefined {
  const node = nodeAt(model.sf, offset);
  if (!node || !ts.isIdentifier(node)) return undefined;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
    const name = node.text;
    const recv = unwrap(parent.expression);
    if (isTaObject(model, recv)) {
      const ind = INDICATORS.get(name);
      if (ind) return indicatorMarkdown(ind);
      if (name === 'patterns') return `\`ta.patterns.<name>(${PATTERN_INPUTS.join(', ')})\`: candlestick detectors, 1 on the bar where the pattern completes, else 0.\n\n${Object.keys(PATTERNS).join(', ')}`;
      return undefined;
    }
    if (ts.isPropertyAccessExpression(recv) && recv.name.text === 'patterns' && isTaObject(model, recv.expression) && name in PATTERNS) {
      return ['```ts', `ta.patterns.${name}(${PATTERN_INPUTS.join(', ')}) → Float64Array`, '```', `Candlestick pattern: 1 on the bar where it completes, 0 elsewhere. Looks at ${PATTERNS[name]} bar${PATTERNS[name] === 1 ? '' : 's'}.`].join('\n');
    }
    if (recv.kind === ts.SyntaxKind.ThisKeyword && STRATEGY_MEMBERS[name]) return memberMarkdown(STRATEGY_MEMBERS[name], 'Strategy');
    if (thisMember(recv) === 'data' && DATA_MEMBERS[name]) return memberMarkdown(DATA_MEMBERS[name], 'data');
    if (thisMember(recv) === 'position' && POSITION_MEMBERS[name]) return memberMarkdown(POSITION_MEMBERS[name], 'Position');
    if (thisMember(recv) === 'params') return paramMarkdown(model, name);
    if (isSeriesExpression(model, recv) && SERIES_MEMBERS[name]) return memberMarkdown(SERIES_MEMBERS[name], 'Series');
    return undefined;
  }
  if (FUNCTIONS[node.text] && (isAlgoagent(model, node, node.text) || ts.isImportSpecifier(parent))) return memberMarkdown(FUNCTIONS[node.text], 'function');
  if (ts.isPropertyAssignment(parent) && parent.name === node && ORDER_OPTIONS[node.text]) {
    const call = parent.parent.parent;
    if (ts.isCallExpression(call) && ['buy', 'sell'].includes(thisMember(call.expression) ?? '')) return memberMarkdown(ORDER_OPTIONS[node.text], 'order option');
  }
  return undefined;
}

export function hover(model: StrategyModel, offset: number): Hover | null {
  const text = hoverText(model, offset);
  return text ? { contents: markdown(text) } : null;
}
