/** The agent's folder in a workspace: git sees the shared settings, not this machine's files. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AGENT_GITIGNORE, defaultAgentDb, rememberAgentDb, saveConfig } from '../../src/autopilot/workspace';

function gitStatus(dir: string): string[] {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3))
    .sort();
}

describe('agent workspace files', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-ws-'));
    execFileSync('git', ['init', '-q'], { cwd: root });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps the database, its side files, the lock and old state out of git, and the settings in', () => {
    saveConfig(root, { symbols: ['SAMPLE'] });
    const db = defaultAgentDb(root);
    assert.equal(db, path.join(root, '.algoagent', 'history.db'));
    for (const f of ['history.db', 'history.db.lock', 'agent.lock', 'agent-state.json.imported', 'history-db', 'x.123.tmp']) fs.writeFileSync(path.join(root, '.algoagent', f), 'x');
    fs.mkdirSync(path.join(root, '.algoagent', 'history.db.data'));
    fs.writeFileSync(path.join(root, '.algoagent', 'history.db.data', 'run-1.bin'), 'x');
    assert.deepEqual(gitStatus(root), ['.algoagent/.gitignore', '.algoagent/agent-config.json']);
  });

  it("writes the ignore file once and never replaces the user's own", () => {
    fs.mkdirSync(path.join(root, '.algoagent'));
    fs.writeFileSync(path.join(root, '.algoagent', '.gitignore'), 'mine\n');
    rememberAgentDb(root, path.join(os.tmpdir(), 'elsewhere.db'));
    assert.equal(fs.readFileSync(path.join(root, '.algoagent', '.gitignore'), 'utf8'), 'mine\n');
    fs.rmSync(path.join(root, '.algoagent', '.gitignore'));
    rememberAgentDb(root, path.join(os.tmpdir(), 'other.db'));
    assert.equal(fs.readFileSync(path.join(root, '.algoagent', '.gitignore'), 'utf8'), AGENT_GITIGNORE);
  });
});
