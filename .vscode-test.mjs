// @vscode/test-cli configuration (`npm run test:vscode`) for machines that can download VS Code:
// the same in-extension-host suite as scripts/e2e/run.sh (which runs it offline in code-server),
// here on the repository's own build, in a fresh empty workspace folder.
// Build first: node scripts/build.mjs && node scripts/e2e/build-suite.mjs
import { defineConfig } from '@vscode/test-cli';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import process from 'node:process';

const workspace = mkdtempSync(path.join(tmpdir(), 'algoagent-vscode-test-'));
writeFileSync(path.join(workspace, 'README.md'), 'AlgoAgent e2e workspace (strategies are copied in by the tests).\n');

export default defineConfig({
  label: 'e2e',
  files: '.cache/e2e/build/host/*.e2e.js',
  // the extension, and the test-only one with the fake language-model provider (chat scenario)
  extensionDevelopmentPath: ['.', '.cache/e2e/build/host-extension'],
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  env: { E2E_REPO: process.cwd() },
  mocha: { ui: 'bdd', timeout: 120000 },
});
