/**
 * IntelliSense for strategies at a workspace root (Playwright on code-server with the packaged
 * .vsix). A strategy file that VS Code's TypeScript opened before AlgoAgent wrote the folder's
 * tsconfig.json — a restored editor, say — sits in an inferred project where `algoagent` does not
 * resolve. The order is made certain here: typings are switched off in the folder's settings while
 * the file opens, then on.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { goToPosition, hoverAtCursor } from '../harness/editor';
import { workspaceWith } from '../harness/env';
import { openFile, openWorkbench, problemRow, problemRows, screenshot, type Workbench, onFailure } from '../harness/workbench';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settingsFile = (workspace: string) => path.join(workspace, '.vscode', 'settings.json');

describe('UI, typings at a workspace root', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async () => {
    const workspace = workspaceWith('ws-root-typings', ['sma-cross.strategy.ts']);
    mkdirSync(path.join(workspace, '.vscode'));
    writeFileSync(settingsFile(workspace), JSON.stringify({ 'algoagent.typings.manage': false }, null, 2));
    wb = await openWorkbench({ workspace, trusted: true });
  });

  after(async () => {
    await wb?.close();
  });

  afterEach(async function () {
    await onFailure(wb, this.currentTest);
  });

  it('a strategy TypeScript opened before its tsconfig.json existed resolves `algoagent` once AlgoAgent writes it, with no reload', async () => {
    const name = 'sma-cross.strategy.ts';
    const tsconfig = path.join(wb.workspace, 'tsconfig.json');
    await openFile(wb.page, name);
    // The inferred project first: TypeScript cannot resolve the import.
    const unresolved = await problemRow(wb.page, 'algoagent', /Cannot find module 'algoagent'/, 90_000);
    assert.match(unresolved, /2307/);
    assert.ok(!existsSync(tsconfig), 'AlgoAgent wrote a tsconfig.json although typings were switched off');

    // Typings on in the folder's settings: AlgoAgent writes its tsconfig.json and types.
    writeFileSync(settingsFile(wb.workspace), JSON.stringify({ 'algoagent.typings.manage': true }, null, 2));
    for (let t0 = Date.now(); !existsSync(tsconfig); await sleep(200)) if (Date.now() - t0 > 60_000) assert.fail('AlgoAgent wrote no tsconfig.json within 60 s of the setting');

    // …and TypeScript takes it up: no problem left in the file, and `Strategy` is the library's class.
    let rows: string[] = [];
    for (let t0 = Date.now(); Date.now() - t0 < 90_000; await sleep(1_000)) {
      rows = await problemRows(wb.page, 1, 2_000).catch(() => [] as string[]);
      if (!rows.length) break;
    }
    await screenshot(wb.page, 'root-typings');
    assert.deepEqual(rows, [], 'TypeScript problems left in a strategy at the workspace root');
    const lines = readFileSync(path.join(wb.workspace, name), 'utf8').split('\n');
    const classLine = lines.findIndex((l) => /^export default class \w+ extends Strategy\b/.test(l));
    await openFile(wb.page, name);
    await goToPosition(wb.page, classLine + 1, lines[classLine]!.indexOf('Strategy', lines[classLine]!.indexOf('extends')) + 2);
    const hover = await hoverAtCursor(wb.page, /class Strategy/, 60_000);
    await wb.page.keyboard.press('Escape');
    assert.match(hover, /class Strategy/, hover);
  });
});
