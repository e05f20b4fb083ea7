/** Completions after `ta.` (indicators as parameter snippets), `ta.patterns.` and `this.params.` (from `static params`). */
import * as ts from 'typescript';
import { type CompletionItem, CompletionItemKind, InsertTextFormat } from 'vscode-languageserver/node';
import { INDICATORS, PATTERNS, PATTERN_INPUTS, inputArgument, signature } from '../analysis/indicators';
import { type StrategyModel, isTaObject, memberName, staticParamsOf, thisMember, unwrap } from '../analysis/strategy-model';
import { indicatorMarkdown, nodeAt } from './hover';

function isIdentifierChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || c === '_' || c === '$';
}

/** The receiver of the member access being typed at `offset` (`ta` in `ta.sm|`), or undefined. */
function receiverAt(model: StrategyModel, offset: number): ts.Expression | undefined {
  const text = model.sf.text;
  let start = offset;
  while (start > 0 && isIdentifierChar(text[start - 1])) start--;
  if (start === 0 || text[start - 1] !== '.') return undefined;
  for (let n = nodeAt(model.sf, start - 1); n; n = n.parent) {
    if (ts.isPropertyAccessExpression(n)) return unwrap(n.expression);
    if (ts.isStatement(n)) return undefined;
  }
  return undefined;
}

/** A snippet placeholder for a parameter: its default, or a typical value when it has none. */
function placeholder(value: number | undefined): string {
  return String(value ?? 20);
}

function indicatorItems(): CompletionItem[] {
  const items: CompletionItem[] = [...INDICATORS.values()].map((ind) => {
    const args = [...ind.inputs.map(inputArgument), ...ind.params.map((p) => placeholder(p.default))];
    return {
      label: ind.name,
      kind: CompletionItemKind.Function,
      detail: signature(ind),
      documentation: { kind: 'markdown', value: indicatorMarkdown(ind) },
      insertText: `${ind.name}(${args.map((a, i) => `\${${i + 1}:${a}}`).join(', ')})`,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `0${ind.name}`,
    };
  });
  items.push({ label: 'patterns', kind: CompletionItemKind.Module, detail: 'Candlestick pattern detectors', sortText: '1patterns' });
  return items;
}

function patternItems(): CompletionItem[] {
  return Object.entries(PATTERNS).map(([name, bars]) => ({
    label: name,
    kind: CompletionItemKind.Function,
    detail: `ta.patterns.${name}(${PATTERN_INPUTS.join(', ')}) — ${bars} bar${bars === 1 ? '' : 's'}`,
    insertText: `${name}(${PATTERN_INPUTS.map((p, i) => `\${${i + 1}:${inputArgument(p)}}`).join(', ')})`,
    insertTextFormat: InsertTextFormat.Snippet,
  }));
}

function paramItems(model: StrategyModel): CompletionItem[] {
  const lit = model.strategy && staticParamsOf(model.strategy)?.literal;
  const out: CompletionItem[] = [];
  for (const p of lit?.properties ?? []) {
    const name = memberName(p);
    if (name === undefined) continue;
    const value = ts.isPropertyAssignment(p) ? p.initializer.getText(model.sf) : name;
    out.push({ label: name, kind: CompletionItemKind.Property, detail: `params.${name} = ${value}`, documentation: 'Default from `static params`; runs may override it.', sortText: `0${name}` });
  }
  return out;
}

export function completions(model: StrategyModel, offset: number): CompletionItem[] {
  const recv = receiverAt(model, offset);
  if (!recv) return [];
  if (isTaObject(model, recv)) return indicatorItems();
  if (ts.isPropertyAccessExpression(recv) && recv.name.text === 'patterns' && isTaObject(model, recv.expression)) return patternItems();
  if (thisMember(recv) === 'params') return paramItems(model);
  return [];
}
