/**
 * The one safety rule set for strategy files, used by the runner before anything runs and by the
 * language server while the user types. It parses with the TypeScript compiler (never regexes) and
 * reports what a strategy must not do: reach Node or packages, build code from strings, touch the
 * process or the global object — and, as warnings, what makes results non-deterministic.
 *
 * This is a static seat belt, not a sandbox: the child process adds runtime guards (no `require`
 * or `process` in scope, no code generation from strings, Node's permission model where available).
 */
import * as ts from 'typescript';

export type FindingSeverity = 'error' | 'warning';

export interface Finding {
  /** Stable rule id, e.g. `forbidden-import`. */
  code: SafetyCode;
  severity: FindingSeverity;
  message: string;
  /** 1-based line and column; the end column is exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type SafetyCode =
  | 'forbidden-import'
  | 'unknown-import'
  | 'require'
  | 'dynamic-import'
  | 'eval'
  | 'function-constructor'
  | 'process'
  | 'global-write'
  | 'builtin-write'
  | 'non-deterministic';

/** Every rule with its severity and a one-line explanation (docs, hovers, tests). */
export const SAFETY_RULES: Record<SafetyCode, { severity: FindingSeverity; summary: string }> = {
  'forbidden-import': { severity: 'error', summary: "Node built-in modules cannot be imported by strategies." },
  'unknown-import': { severity: 'error', summary: "Only 'algoagent' and relative files of the workspace can be imported." },
  require: { severity: 'error', summary: '`require` is not available to strategies.' },
  'dynamic-import': { severity: 'error', summary: 'Dynamic `import()` is not available to strategies.' },
  eval: { severity: 'error', summary: '`eval` runs code from strings; strategies may not use it.' },
  'function-constructor': { severity: 'error', summary: '`new Function` runs code from strings; strategies may not use it.' },
  process: { severity: 'error', summary: '`process` is not available to strategies.' },
  'global-write': { severity: 'error', summary: 'Strategies may not write to the global object.' },
  'builtin-write': { severity: 'error', summary: 'Strategies may not change built-in objects or their prototypes.' },
  'non-deterministic': { severity: 'warning', summary: 'Results change from run to run.' },
};

const GLOBAL_NAMES = new Set(['globalThis', 'global', 'window', 'self']);
const BUILTINS = new Set([
  'Object', 'Array', 'Function', 'String', 'Number', 'Boolean', 'Symbol', 'Math', 'Date', 'JSON', 'RegExp',
  'Promise', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Error', 'TypeError', 'RangeError', 'Reflect', 'Proxy',
  'Float64Array', 'Float32Array', 'Int32Array', 'Uint8Array', 'ArrayBuffer', 'BigInt', 'console',
]);

function isRelative(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../');
}

function isBuiltinModule(spec: string): boolean {
  return spec.startsWith('node:') || BUILTIN_MODULES.has(spec.split('/')[0]);
}

function importMessage(spec: string): string {
  return isBuiltinModule(spec)
    ? `import of Node built-in '${spec}' is not allowed: strategies can import only 'algoagent' and relative files`
    : `import of package '${spec}' is not allowed: strategies can import only 'algoagent' and relative files`;
}

const BUILTIN_MODULES = new Set([
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net',
  'os', 'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder',
  'sys', 'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib',
]);

/** Names declared anywhere in the file (a local `process` variable is not the Node global). */
function declaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (
      (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) || ts.isImportSpecifier(node) || ts.isImportClause(node) ||
        ts.isNamespaceImport(node) || ts.isBindingElement(node)) &&
      node.name && ts.isIdentifier(node.name)
    ) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** True when `id` is used as a value reference (not a property name, key, or declaration name). */
function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) ||
    ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) ||
    ts.isEnumMember(p)) && p.name === id) return false;
  if (ts.isQualifiedName(p)) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) ||
    ts.isBindingElement(p) || ts.isImportSpecifier(p) || ts.isExportSpecifier(p) ||
    ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p)) && p.name === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (ts.isTypeReferenceNode(p) || ts.isTypeQueryNode(p)) return false;
  return true;
}

/** The root identifier of `a.b.c` / `a['b'].c`, or undefined. */
function rootIdentifier(e: ts.Expression): ts.Identifier | undefined {
  let cur: ts.Expression = e;
  while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur) || ts.isParenthesizedExpression(cur)) {
    cur = cur.expression;
  }
  return ts.isIdentifier(cur) ? cur : undefined;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Checks one strategy source. `fileName` decides TS vs JS parsing (`.js` → JavaScript). */
export function checkSafety(source: string, fileName: string): Finding[] {
  const kind = /\.[cm]?jsx?$/i.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, kind);
  const declared = declaredNames(sf);
  const findings: Finding[] = [];

  const add = (code: SafetyCode, node: ts.Node, message: string) => {
    const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const end = sf.getLineAndCharacterOfPosition(node.getEnd());
    findings.push({
      code,
      severity: SAFETY_RULES[code].severity,
      message,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    });
  };

  const checkSpecifier = (spec: ts.Expression | undefined) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const s = spec.text;
    if (s === 'algoagent' || isRelative(s)) return;
    add(isBuiltinModule(s) ? 'forbidden-import' : 'unknown-import', spec, importMessage(s));
  };

  /** A write target rooted at the global object or at a built-in. */
  const checkWriteTarget = (target: ts.Expression, what: string) => {
    const root = rootIdentifier(target);
    if (!root || declared.has(root.text) || root === target) return;
    if (GLOBAL_NAMES.has(root.text)) add('global-write', target, `${what} the global object (${root.text}) is not allowed: keep state on \`this\``);
    else if (BUILTINS.has(root.text)) add('builtin-write', target, `${what} built-in ${root.text} is not allowed: it would leak into other runs`);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      checkSpecifier(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref)) {
        if (ts.isStringLiteralLike(ref.expression) && (ref.expression.text === 'algoagent' || isRelative(ref.expression.text))) {
          add('require', node, '`import … = require(…)` is not supported: use `import { … } from \'algoagent\'`');
        } else checkSpecifier(ref.expression);
      }
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) {
        add('dynamic-import', node, 'dynamic import() is not allowed in strategies: use a static `import … from \'algoagent\'`');
      } else if (ts.isIdentifier(callee) && !declared.has(callee.text)) {
        if (callee.text === 'require') {
          // `require('algoagent')` and relative requires are what `import` does; anything else is not.
          const arg = node.arguments[0];
          if (node.arguments.length === 1 && arg && ts.isStringLiteralLike(arg)) checkSpecifier(arg);
          else add('require', node, '`require` is not available to strategies: use `import … from \'algoagent\'`');
        }
        else if (callee.text === 'Function') add('function-constructor', node, '`Function(…)` builds code from a string and is not allowed');
      } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && !declared.has(callee.expression.text)) {
        const obj = callee.expression.text;
        const fn = callee.name.text;
        if (obj === 'Math' && fn === 'random') add('non-deterministic', node, 'Math.random() makes results differ between runs; use a seeded generator or remove it');
        else if (obj === 'Date' && fn === 'now') add('non-deterministic', node, 'Date.now() depends on the wall clock; use the bar time `this.data.time` instead');
        else if (obj === 'performance' && fn === 'now') add('non-deterministic', node, 'performance.now() depends on the wall clock');
        else if (obj === 'Object' && (fn === 'assign' || fn === 'defineProperty' || fn === 'defineProperties' || fn === 'setPrototypeOf') && node.arguments.length) {
          const first = node.arguments[0];
          const root = rootIdentifier(first);
          if (root && !declared.has(root.text) && (GLOBAL_NAMES.has(root.text) || BUILTINS.has(root.text))) {
            add(GLOBAL_NAMES.has(root.text) ? 'global-write' : 'builtin-write', node, `Object.${fn} on ${first.getText(sf)} is not allowed: it changes shared state`);
          }
        }
      }
    } else if (ts.isNewExpression(node)) {
      if (ts.isIdentifier(node.expression) && node.expression.text === 'Function' && !declared.has('Function')) {
        add('function-constructor', node, '`new Function(…)` builds code from a string and is not allowed');
      }
    } else if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      checkWriteTarget(node.left, 'writing to');
    } else if (ts.isDeleteExpression(node)) {
      checkWriteTarget(node.expression, 'deleting from');
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      checkWriteTarget(node.operand, 'writing to');
    } else if (ts.isIdentifier(node) && isValueReference(node) && !declared.has(node.text)) {
      if (node.text === 'eval') add('eval', node, '`eval` runs code from a string and is not allowed in strategies');
      else if (node.text === 'process') add('process', node, '`process` is not available to strategies (no environment, exit or I/O)');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return findings;
}

/** Only the errors (what stops a run). */
export function safetyErrors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}
