/**
 * UI checks of writing a strategy from words and keeping its runs (Playwright on code-server with the
 * packaged .vsix, `algoagent.ai.provider` = "offline" in the fresh user settings, so no key and no
 * network): "New Strategy from Description" answered in the quick input (scenario 3), the History
 * view of the AlgoAgent activity-bar container, and the results panel after a window reload
 * (scenario 5). The tests run in order on one window.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { cliBacktest, pctText } from '../harness/cli';
import { goToPosition, hoverAtCursor, openHistoryView, reloadWindow } from '../harness/editor';
import { workspaceWith } from '../harness/env';
import { expectedKpis, kpiTexts, waitForRun } from '../harness/results-panel';
import { notificationText, openFile, openWorkbench, problemRows, runCommand, screenshot, statusBarText, type Workbench, onFailure } from '../harness/workbench';

const DESCRIPTION = 'Buy when RSI(14) drops below 30, sell when it rises above 70, 5 % stop loss';

describe('UI, authoring and history', function () {
  this.timeout(180_000);
  let wb: Workbench;
  /** The file "New Strategy from Description" wrote (relative to the workspace). */
  let generated: string | undefined;

  before(async () => {
    wb = await openWorkbench({
      workspace: workspaceWith('ws-authoring', ['sma-cross.strategy.ts']),
      trusted: true,
      userSettings: { 'algoagent.ai.provider': 'offline' },
    });
  });

  after(async () => {
    await wb?.close();
  });

  afterEach(async function () {
    await onFailure(wb, this.currentTest);
  });

  it('scenario 3: "New Strategy from Description" (offline provider) writes strategies/<slug>.strategy.ts, opens it and runs it', async () => {
    const page = wb.page;
    await runCommand(page, 'AlgoAgent: New Strategy from Description');
    const widget = page.locator('.quick-input-widget', { hasText: 'Describe the strategy' });
    await widget.waitFor({ state: 'visible', timeout: 20_000 });
    await widget.locator('.quick-input-box input').fill(DESCRIPTION);
    await page.keyboard.press('Enter');

    // the summary notification comes after the file is written, opened and run
    const note = await notificationText(page, /ran —|failed|fixed after/, 120_000);
    const dir = path.join(wb.workspace, 'strategies');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.strategy.ts')) : [];
    assert.equal(files.length, 1, `expected one strategy file under strategies/, found ${JSON.stringify(files)}`);
    const name = files[0]!;
    generated = path.join('strategies', name);
    assert.match(name, /^rsi[\w-]*\.strategy\.ts$/, `the file name is not a slug of the description: ${name}`);
    assert.match(note, new RegExp(`${name.replace(/\./g, '\\.')}: ran — return`), `the run of the new strategy did not succeed: ${note}`);

    // the file is open in the editor
    await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).first().waitFor({ state: 'visible', timeout: 20_000 });
    // …and its results are the CLI's for the same file
    const { stats } = cliBacktest(path.join(wb.workspace, generated));
    assert.match(note, new RegExp(`return ${stats.returnPct!.toFixed(2)} %, ${stats.trades} trades`), `notification "${note}" differs from the CLI's return ${stats.returnPct} and ${stats.trades} trades`);
    const className = /export default class (\w+)/.exec(readFileSync(path.join(wb.workspace, generated), 'utf8'))?.[1];
    assert.ok(className, 'no default-exported strategy class in the generated file');
    const frame = await waitForRun(page, className);
    const shown = await kpiTexts(frame);
    await screenshot(page, 'scenario-3-new-strategy');
    assert.deepEqual(shown, expectedKpis(stats), 'the panel\'s KPI cards differ from the CLI\'s statistics of the generated file');
  });

  it('scenario 3: TypeScript resolves `algoagent` in the new strategy and its folder shows no problems', async () => {
    assert.ok(generated, 'scenario 3 wrote no file');
    const page = wb.page;
    // AlgoAgent writes strategies/tsconfig.json and strategies/.algoagent/types for the folder
    const lines = readFileSync(path.join(wb.workspace, generated), 'utf8').split('\n');
    const classLine = lines.findIndex((l) => /^export default class \w+ extends Strategy\b/.test(l));
    assert.ok(classLine >= 0, 'no `export default class … extends Strategy` in the generated file');
    await openFile(page, path.basename(generated));
    await goToPosition(page, classLine + 1, lines[classLine]!.indexOf('Strategy', lines[classLine]!.indexOf('extends')) + 2);
    // TypeScript's hover names the class when the import resolves (it says `any` when it does not)
    const hover = await hoverAtCursor(page, /class Strategy/, 60_000);
    await page.keyboard.press('Escape');
    assert.match(hover, /class Strategy/, hover);
    // the project is loaded now, so its problems are reported; only the new file was opened in this
    // window, so every problem listed comes from the folder AlgoAgent set up
    const rows = await problemRows(page, 1, 5_000).catch(() => [] as string[]);
    await screenshot(page, 'scenario-3-problems');
    assert.deepEqual(rows, [], 'problems in the folder AlgoAgent set up for the new strategy');
  });

  it('scenario 5: the History view lists every run of the session with its return and Sharpe', async () => {
    assert.ok(generated, 'scenario 3 wrote no file');
    const page = wb.page;
    const sma = cliBacktest(path.join(wb.workspace, 'sma-cross.strategy.ts')).stats;
    await openFile(page, 'sma-cross.strategy.ts');
    await runCommand(page, 'AlgoAgent: Run Backtest');
    await statusBarText(page, new RegExp(`${pctText(sma.returnPct).replace(/[+.]/g, '\\$&')} · Sharpe`), 90_000);

    const pane = await openHistoryView(page);
    const strategyRow = (file: string) => pane.locator('.monaco-list-row', { hasText: file }).first();
    await strategyRow('sma-cross.strategy.ts').waitFor({ state: 'visible', timeout: 30_000 });
    const smaRow = (await strategyRow('sma-cross.strategy.ts').innerText()).replace(/\s+/g, ' ');
    assert.match(smaRow, /E2eSmaCross/, smaRow);
    assert.match(smaRow, /1 run\b/, smaRow);
    // expand it: the run shows the CLI's return and Sharpe
    await strategyRow('sma-cross.strategy.ts').click();
    const runText = `${pctText(sma.returnPct)} · Sharpe ${sma.sharpeRatio === null ? '—' : sma.sharpeRatio.toFixed(2)}`;
    await pane.locator('.monaco-list-row', { hasText: runText }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot(page, 'scenario-5-history');
    const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    // the generated strategy ran too (scenario 3): its run belongs in the history as well
    assert.ok(rows.some((r) => r.includes(path.basename(generated!))), `the run of ${generated} is not in the History view: ${JSON.stringify(rows)}`);
  });

  it('scenario 5: reloading the window restores the results panel with the same figures', async () => {
    const page = wb.page;
    const file = path.join(wb.workspace, 'sma-cross.strategy.ts');
    const { stats } = cliBacktest(file);
    // the last run's panel is the one in front
    const before = await kpiTexts(await waitForRun(page, 'E2eSmaCross'));
    await reloadWindow(page, runCommand);
    const frame = await waitForRun(page, 'E2eSmaCross', 90_000);
    const after = await kpiTexts(frame);
    await screenshot(page, 'scenario-5-reloaded');
    assert.deepEqual(after, before, 'the restored panel shows other figures');
    assert.deepEqual(after, expectedKpis(stats));
    await page.locator('.tabs-container .tab', { hasText: 'Results: sma-cross.strategy.ts' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('scenario 5: after the reload the new strategy\'s results panel is back too', async () => {
    assert.ok(generated, 'scenario 3 wrote no file');
    const page = wb.page;
    const className = /export default class (\w+)/.exec(readFileSync(path.join(wb.workspace, generated), 'utf8'))?.[1];
    assert.ok(className);
    const tab = page.locator('.tabs-container .tab', { hasText: `Results: ${path.basename(generated)}` }).first();
    await tab.waitFor({ state: 'visible', timeout: 10_000 });
    await tab.click();
    const frame = await waitForRun(page, className, 30_000);
    await screenshot(page, 'scenario-5-reloaded-new-strategy');
    assert.deepEqual(await kpiTexts(frame), expectedKpis(cliBacktest(path.join(wb.workspace, generated)).stats));
  });
});
