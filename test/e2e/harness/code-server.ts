/**
 * Starts code-server (a real VS Code) detached in its own process group with a fresh user-data-dir,
 * waits for /healthz, and stops the whole group (server, extension host, watchers) on `stop()` —
 * and, as a last resort, when this process exits.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';

export interface CodeServerOptions {
  /** Node 24 binary (code-server's engines.node). */
  node: string;
  /** code-server's out/node/entry.js. */
  entry: string;
  extensionsDir: string;
  /** A fresh folder; the user-data-dir, XDG folders and the log go inside. */
  home: string;
  /** false drops --disable-workspace-trust (folders open in Restricted Mode). */
  trusted: boolean;
  /** Settings added to (or overriding) USER_SETTINGS in the fresh profile's User/settings.json. */
  userSettings?: Record<string, unknown>;
}

export interface CodeServer {
  port: number;
  /** The fresh HOME of this server (its profile, logs, AlgoAgent's activation.jsonl). */
  home: string;
  origin: string;
  logFile: string;
  userDataDir: string;
  stop(): Promise<void>;
}

const live = new Set<number>();
process.on('exit', () => {
  for (const pgid of live) killGroup(pgid, 'SIGKILL');
});

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** User settings of a fresh profile: quiet, offline, no startup editor, no trust prompt. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
  'window.restoreWindows': 'none',
  // room for the editor and the results panel: no chat side bar, no sticky-scroll overlay over the code
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.stickyScroll.enabled': false,
};

export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = path.join(o.home, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...o.userSettings }, null, 2));
  for (const d of ['config', 'data', 'cache']) mkdirSync(path.join(o.home, d), { recursive: true });
  const port = await freePort();
  const logFile = path.join(o.home, 'code-server.log');
  const log = openSync(logFile, 'a');
  const args = [
    o.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(o.trusted ? ['--disable-workspace-trust'] : []),
    '--extensions-dir', o.extensionsDir,
    '--user-data-dir', userDataDir,
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(o.node, args, {
    detached: true, // own process group: stop() signals all of it
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      PATH: `${path.dirname(o.node)}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: o.home,
      XDG_CONFIG_HOME: path.join(o.home, 'config'),
      XDG_DATA_HOME: path.join(o.home, 'data'),
      XDG_CACHE_HOME: path.join(o.home, 'cache'),
      // AlgoAgent appends its activation figures here (see src/extension.ts)
      ALGOAGENT_ACTIVATION_LOG: path.join(o.home, 'activation.jsonl'),
    },
  });
  const pgid = child.pid!;
  live.add(pgid);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));

  const stop = async () => {
    if (!live.has(pgid)) return;
    killGroup(pgid, 'SIGTERM');
    for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
    if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
    for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(100);
    live.delete(pgid);
  };

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server ${exited} before it was ready; see ${logFile}`);
    }
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${origin}/healthz within 90 s; see ${logFile}`);
    }
    await sleep(250);
  }
  return { port, origin, logFile, userDataDir, home: o.home, stop };
}
