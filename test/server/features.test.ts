/** Hover, completion, code lenses, the lastRun notification and document selection, over the real protocol. */
import * as assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LAST_RUN_NOTIFICATION, LENS_COMMANDS, type LastRunParams } from '../../src/server/protocol';
import { ServerSession, fileUri } from './session';

const SOURCE = `import { Strategy, crossover, ta, type Series } from 'algoagent';

export default class Cross extends Strategy {
  static params = { fast: 10, slow: 30 };
  fastMa!: Series;
  slowMa!: Series;

  init() {
    this.fastMa = this.I(ta.sma(this.data.close, this.params.fast), 'fast');
    this.slowMa = this.I(ta.ema(this.data.close, this.params.slow), 'slow');
  }

  next() {
    if (crossover(this.fastMa, this.slowMa)) this.buy({ size: 0.5, sl: this.data.low.at(-1)! });
    else if (this.position.isLong && this.fastMa.at(-1)! < this.slowMa.at(-1)!) this.position.close();
  }
}
`;

/** 0-based position of the `nth` occurrence of `needle` (+ `delta` characters). */
function pos(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const value = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');
const labels = (items: CompletionItem[] | null) => (items ?? []).map((i) => i.label);

describe('language server: hover, completion, code lenses, documents', function () {
  this.timeout(60_000);
  let server: ServerSession;
  const uri = fileUri('/ws/strategies/cross.strategy.ts');
  before(async () => {
    server = await ServerSession.start();
    assert.deepEqual(await server.open(uri, SOURCE), []);
  });
  after(() => server.stop());

  it('hovers an indicator with its formula, parameters and warm-up', async () => {
    const sma = value(await server.hover(uri, ...Object.values(pos(SOURCE, 'ta.sma', 4)) as [number, number]));
    assert.match(sma, /ta\.sma\(src, period\)/);
    assert.match(sma, /\*\*Formula:\*\* SMA\[i\] = mean/);
    assert.match(sma, /\*\*Warm-up:\*\* n − 1 bars/);
    const ema = value(await server.hover(uri, ...Object.values(pos(SOURCE, 'ta.ema', 3)) as [number, number]));
    assert.match(ema, /`period` = 20/);
    assert.match(ema, /typical: n = 12, 26, 50/);
  });

  it('hovers Strategy, Position, Series members, params, crossover and order options', async () => {
    const at = async (needle: string, delta: number, nth = 0) => value(await server.hover(uri, ...Object.values(pos(SOURCE, needle, delta, nth)) as [number, number]));
    assert.match(await at('this.I(', 5), /\(Strategy\) I\(values, name\?, options\?/);
    assert.match(await at('this.buy', 5), /\(Strategy\) buy\(/);
    assert.match(await at('position.isLong', 9), /\(Position\) isLong: boolean/);
    assert.match(await at('position.close', 9), /\(Position\) close\(portion = 1\)/);
    assert.match(await at('this.data.low.at', 14), /\(Series\) at\(offset: number\)/);
    assert.match(await at('this.data.low.at', 10), /\(data\) low: Series/);
    assert.match(await at('this.params.slow', 12), /params\.slow = 30/);
    assert.match(await at('crossover(this', 2), /a\[-2\] < b\[-2\] && a\[-1\] > b\[-1\]/);
    assert.match(await at('size: 0.5', 1), /\(order option\) size\?: number/);
    assert.equal(await server.hover(uri, 0, 0), null);
    assert.equal(await at('Cross extends', 1), '');
  });

  it('completes ta. with parameter snippets and this.params. from static params', async () => {
    const typed = SOURCE.replace("this.position.close();\n", 'this.position.close();\n    const x = ta.\n');
    await server.open(uri, typed);
    const items = await server.completion(uri, ...Object.values(pos(typed, 'ta.\n', 3)) as [number, number]);
    assert.ok(labels(items).includes('sma') && labels(items).includes('macd') && labels(items).includes('patterns'), JSON.stringify(labels(items)));
    const macd = items!.find((i) => i.label === 'macd')!;
    assert.equal(macd.insertText, 'macd(${1:this.data.close}, ${2:12}, ${3:26}, ${4:9})');
    assert.equal(macd.insertTextFormat, 2);
    assert.match(macd.detail!, /→ \{ macd, signal, histogram \}/);
    const atr = items!.find((i) => i.label === 'atr')!;
    assert.equal(atr.insertText, 'atr(${1:this.data.high}, ${2:this.data.low}, ${3:this.data.close}, ${4:14})');

    const partial = SOURCE.replace('this.params.slow)', 'this.params.s)');
    await server.open(uri, partial);
    const params = await server.completion(uri, ...Object.values(pos(partial, 'this.params.s)', 13)) as [number, number]);
    assert.deepEqual(labels(params), ['fast', 'slow']);
    assert.equal(params![1].detail, 'params.slow = 30');

    const patterns = SOURCE.replace("'fast');", "'fast');\n    ta.patterns.\n");
    await server.open(uri, patterns);
    const pats = await server.completion(uri, ...Object.values(pos(patterns, 'ta.patterns.\n', 12)) as [number, number]);
    assert.ok(labels(pats).includes('bullishEngulfingPattern') && labels(pats).includes('doji'));

    const none = await server.completion(uri, ...Object.values(pos(patterns, 'this.data.close', 10)) as [number, number]);
    assert.deepEqual(labels(none), []);
    await server.open(uri, SOURCE);
  });

  it('puts Backtest and Optimize lenses above the class, Fix with AI on errors, and the last run from the client', async () => {
    const lenses = (await server.codeLenses(uri))!;
    assert.deepEqual(lenses.map((l) => [l.command!.title, l.command!.command, l.command!.arguments, l.range.start.line]), [
      ['▶ Backtest', LENS_COMMANDS.runBacktest, [uri], 2],
      ['⚙ Optimize', LENS_COMMANDS.optimize, [uri], 2],
    ]);
    const refreshed = new Promise<void>((resolve) => server.connection.onRequest('workspace/codeLens/refresh', () => { resolve(); return null; }));
    const last: LastRunParams = { uri, run: { returnPct: 12.345, sharpeRatio: 0.8512, trades: 7, finishedAt: '2026-01-01T00:00:00Z' } };
    await server.notify(LAST_RUN_NOTIFICATION, last);
    await refreshed;
    const after = (await server.codeLenses(uri))!.map((l) => l.command!.title);
    assert.deepEqual(after, ['▶ Backtest', '⚙ Optimize', 'Last run: +12.35 % · Sharpe 0.85 · 7 trades']);

    await server.notify(LAST_RUN_NOTIFICATION, { uri, run: null, failed: { kind: 'runtime', message: 'x is undefined' } } satisfies LastRunParams);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual((await server.codeLenses(uri))!.map((l) => l.command!.title), ['▶ Backtest', '⚙ Optimize', '🛠 Fix with AI', 'Last run failed: runtime']);

    await server.notify(LAST_RUN_NOTIFICATION, { uri, run: null } satisfies LastRunParams);
    const broken = SOURCE.replace('ta.sma(', 'ta.smaa(');
    assert.equal((await server.open(uri, broken))[0].code, 'unknown-indicator');
    assert.deepEqual((await server.codeLenses(uri))!.map((l) => l.command!.title), ['▶ Backtest', '⚙ Optimize', '🛠 Fix with AI']);
    await server.open(uri, SOURCE);
  });

  it('analyzes strategy files and files importing algoagent, and nothing else', async () => {
    const helper = fileUri('/ws/src/helper.ts');
    const d = await server.open(helper, "import { ta } from 'algoagent';\nexport const x = ta.sma([1, 2, 3], 0);\n");
    assert.deepEqual(d.map((x) => x.code), ['indicator-parameter']);
    const plain = fileUri('/ws/src/plain.ts');
    assert.deepEqual(await server.open(plain, "import * as fs from 'fs';\nexport const y = eval('1') + ta.nope;\n"), []);
    assert.deepEqual(await server.codeLenses(plain), []);
    assert.equal(await server.hover(plain, 1, 32), null);
    const js = fileUri('/ws/strategies/hold.strategy.js');
    const jd = await server.open(js, "const { Strategy } = require('algoagent');\nclass Hold extends Strategy {\n  next() { if (!this.position.isOpen) this.buy({ size: 2.5 }); }\n}\nmodule.exports = Hold;\n");
    assert.deepEqual(jd.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}`), ['order-size@2:55']);
  });

  it('clears diagnostics when a document closes', async () => {
    const u = fileUri('/ws/strategies/closing.strategy.ts');
    assert.equal((await server.open(u, 'export const x = 1;\n')).length, 1);
    const cleared = new Promise<unknown[]>((resolve) => server.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => { if (p.uri === u) resolve(p.diagnostics); }));
    await server.close(u);
    assert.deepEqual(await cleared, []);
  });
});
