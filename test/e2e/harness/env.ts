/** Where the pieces of one e2e run are; set by scripts/e2e/run.sh (see test/e2e/driver.ts). */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the e2e suite through scripts/e2e/run.sh`);
  return v;
}

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export const e2e = {
  get node24(): string {
    return required('E2E_NODE24');
  },
  get codeServerEntry(): string {
    return required('E2E_CODE_SERVER_ENTRY');
  },
  get extensionsDir(): string {
    return required('E2E_EXTENSIONS_DIR');
  },
  /** A fresh folder for this run: profiles, workspaces, logs. */
  get runDir(): string {
    return required('E2E_RUN_DIR');
  },
  /** Screenshots and logs kept after the run (git-ignored). */
  get artifacts(): string {
    return required('E2E_ARTIFACTS');
  },
  /** The bundled in-host suite and its test extension (scripts/e2e/build-suite.mjs). */
  get hostBuild(): string {
    return required('E2E_HOST_BUILD');
  },
  chromium: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
};

export const fixtures = path.join(repoRoot, 'test', 'e2e-fixtures');

/** A new folder under the run folder. */
export function freshDir(prefix: string): string {
  mkdirSync(e2e.runDir, { recursive: true });
  return mkdtempSync(path.join(e2e.runDir, `${prefix}-`));
}

/** A fresh workspace folder holding copies of the named fixture strategies (all when omitted). */
export function workspaceWith(prefix: string, strategies?: string[]): string {
  const ws = freshDir(prefix);
  const src = path.join(fixtures, 'strategies');
  for (const f of strategies ?? readdirSync(src)) cpSync(path.join(src, f), path.join(ws, f));
  return ws;
}

/** Keeps a measured figure of the UI checks for the run's summary (figures.json in the run folder). */
export function recordFigure(name: string, value: number | string): void {
  const file = path.join(e2e.runDir, 'figures-ui.json');
  let all: Record<string, number | string> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // first figure
  }
  all[name] = value;
  writeFileSync(file, JSON.stringify(all, null, 2));
}
