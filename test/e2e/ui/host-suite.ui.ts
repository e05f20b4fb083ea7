/**
 * Runs the mocha suite inside VS Code's extension host (test/e2e/host, bundled by
 * scripts/e2e/build-suite.mjs) through the workbench's smoke-test payload, on a fresh workspace with
 * no strategy files. Each inner test is counted by test/e2e/driver.ts from the results file; this
 * check fails when the suite does not start, does not finish, or reports nothing.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { e2e, freshDir, repoRoot } from '../harness/env';
import { openWorkbench, screenshot, type Workbench } from '../harness/workbench';

export const HOST_RESULTS = 'host-results.json';

describe('in-extension-host suite', function () {
  this.timeout(600_000);
  let wb: Workbench | undefined;

  after(async () => {
    await wb?.close();
  });

  it('runs inside VS Code and reports every test', async () => {
    const workspace = freshDir('ws-host');
    writeFileSync(path.join(workspace, 'README.md'), 'AlgoAgent e2e workspace (strategies are copied in by the tests).\n');
    const results = path.join(e2e.runDir, HOST_RESULTS);
    const hostLog = path.join(e2e.artifacts, 'extension-host-console.log');
    let exitCode: number | undefined;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const remote = (p: string, port: number) => `vscode-remote://127.0.0.1:${port}${p}`;
    wb = await openWorkbench({
      workspace,
      trusted: true,
      beforeOpen: async (page) => {
        await page.exposeFunction('codeAutomationExit', (code: number) => {
          exitCode = code;
          done();
        });
        await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
          appendFileSync(hostLog, `[${type}] ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
        });
      },
      query: (serverPort) => `&payload=${encodeURIComponent(JSON.stringify([
        ['extensionDevelopmentPath', remote(path.join(e2e.hostBuild, '..', 'host-extension'), serverPort)],
        ['extensionTestsPath', remote(path.join(e2e.hostBuild, 'index'), serverPort)],
        ['extensionEnvironment', JSON.stringify({ RESULTS_FILE: results, E2E_REPO: repoRoot })],
      ]))}`,
    });
    const timeout = new Promise<void>((_, reject) => setTimeout(() => reject(new Error('the in-host suite did not finish within 8 minutes')), 480_000));
    await Promise.race([finished, timeout]);
    await screenshot(wb.page, 'host-suite-end').catch(() => undefined);
    assert.ok(existsSync(results), `the suite wrote no results file (exit code ${exitCode}); see ${hostLog}`);
    const report = JSON.parse(readFileSync(results, 'utf8')) as { tests: unknown[]; fatal?: string };
    assert.equal(report.fatal, undefined, `the suite could not load: ${report.fatal}`);
    assert.ok(report.tests.length > 0, 'the suite ran no tests');
    // exit code 1 with failures is reported per test by the driver; any other code is a harness fault.
    assert.ok(exitCode === 0 || exitCode === 1, `unexpected exit code ${exitCode}`);
  });

  // After the suite the window's extension host has exited (the smoke-test driver ends it): only what
  // was already rendered can be read here — the chat answer is, a webview waiting for its host is not.
  it('scenario 4: the chat view shows @algo\'s answer with the statistics table and the file anchor', async () => {
    assert.ok(wb, 'the in-host suite did not start');
    const figures = (JSON.parse(readFileSync(path.join(e2e.runDir, HOST_RESULTS), 'utf8')) as { figures: Record<string, string> }).figures;
    assert.ok(figures.chatFile, 'the in-host chat test did not get to an answer (see its failure)');
    const response = wb.page.locator('.interactive-session .interactive-response', { hasText: figures.chatFile }).last();
    await response.waitFor({ state: 'visible', timeout: 30_000 });
    await response.scrollIntoViewIfNeeded();
    await screenshot(wb.page, 'scenario-4-chat');
    const table = response.locator('table', { hasText: 'Return' }).first();
    await table.waitFor({ state: 'visible', timeout: 10_000 });
    const rows = (await table.locator('tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    assert.ok(rows.includes(`Return ${figures.chatReturn}`), `the table lacks "Return ${figures.chatReturn}": ${JSON.stringify(rows)}`);
    // the anchor: a link to the file the answer wrote
    const anchor = response.locator('a', { hasText: figures.chatFile }).first();
    await anchor.waitFor({ state: 'visible', timeout: 10_000 });
  });
});
