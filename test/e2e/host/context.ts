/** What the in-host e2e tests share: the extension under test, the workspace, the CLI, figures. */
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'algoagent.algoagent';

/** The repository (for fixtures and the CLI); the bundle lives in .cache/e2e/build/host/. */
export const repoRoot = process.env.E2E_REPO ?? path.resolve(__dirname, '..', '..', '..', '..');
export const fixtureStrategies = path.join(repoRoot, 'test', 'e2e-fixtures', 'strategies');

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite needs a workspace folder');
  return folder.uri.fsPath;
}

/** Copies a fixture strategy into the workspace (the repo copy is never touched). */
export function copyFixture(name: string, as = name): vscode.Uri {
  const dest = path.join(workspaceRoot(), as);
  copyFileSync(path.join(fixtureStrategies, name), dest);
  return vscode.Uri.file(dest);
}

/** 0-based line of the first line of `file` containing `marker`. */
export function lineOf(file: string, marker: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not found in ${file}`);
  return i;
}

/** `node dist/cli.js backtest <file> --sample --json` of the repository, parsed. */
export function cliBacktestJson(file: string): Promise<{ stats: Record<string, unknown> }> {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'backtest', file, '--sample', '--json'], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`CLI failed: ${err.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout));
      } catch (e) {
        reject(new Error(`CLI printed no JSON: ${(e as Error).message}\n${stdout.slice(0, 500)}`));
      }
    });
  });
}

/** Figures a test measured (activation time…); index.ts writes them to the results file. */
export function record(name: string, value: number | string): void {
  const g = globalThis as { __algoagentE2eFigures?: Record<string, number | string> };
  (g.__algoagentE2eFigures ??= {})[name] = value;
  console.log(`[e2e figure] ${name} = ${value}`);
}

export function figures(): Record<string, number | string> {
  return (globalThis as { __algoagentE2eFigures?: Record<string, number | string> }).__algoagentE2eFigures ?? {};
}
