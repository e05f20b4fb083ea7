/** `algoagent agent` and `algoagent paper`, called as functions on a temporary workspace. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { agentCommand } from '../../src/cli/agent-command';
import { paperCommand } from '../../src/cli/paper-command';
import type { Io } from '../../src/cli/commands';
import { RUNNER, buildRunner, tempDir } from './helpers';

function sink() {
  const o = { out: '', err: '' };
  const io: Io = { out: (t) => void (o.out += t), err: (t) => void (o.err += t) };
  return { o, io };
}

describe('algoagent agent / paper (functions)', function () {
  this.timeout(300_000);
  let root: string;
  before(async () => {
    await buildRunner();
    root = tempDir('cli');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const deps = { runnerEntry: RUNNER, env: {} as NodeJS.ProcessEnv, now: () => Date.UTC(2024, 0, 1) };
  const agent = async (...argv: string[]) => {
    const { o, io } = sink();
    const code = await agentCommand([...argv, '--root', root], io, deps);
    return { code, ...o };
  };
  const paper = async (...argv: string[]) => {
    const { o, io } = sink();
    const code = await paperCommand([...argv, '--root', root], io, deps);
    return { code, ...o };
  };

  it('config: validated changes are saved; bad ones are BAD_CONFIG naming the field', async () => {
    const ok = await agent('config', '--set', 'kinds=["meanReversion"]', '--set', 'candidatesPerKind=2', '--json');
    assert.equal(ok.code, 0, ok.err);
    const saved = JSON.parse(fs.readFileSync(path.join(root, '.algoagent', 'agent-config.json'), 'utf8'));
    assert.deepEqual(saved.kinds, ['meanReversion']);
    assert.equal(saved.candidatesPerKind, 2);
    const bad = await agent('config', '--set', 'runMode=sometimes');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^BAD_CONFIG: the agent configuration has 1 problem\(s\):\n {2}runMode: must be never, manual or always, got "sometimes" — Fix these settings/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, '.algoagent', 'agent-config.json'), 'utf8')).runMode, 'manual', 'nothing saved');
  });

  it('cycle without a provider is NO_AI_PROVIDER with what to do', async () => {
    const r = await agent('cycle', '--provider', 'gemini');
    assert.equal(r.code, 1);
    assert.match(r.err, /^NO_AI_PROVIDER: no language model is available: --provider gemini needs a key.* — Add a Gemini API key or pick a chat model/m);
  });

  it('cycle (offline) writes strategies, decides each with a reason; status and paper run/status show them', async () => {
    const r = await agent('cycle', '--provider', 'offline', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { report: { generated: number; promoted: number }; strategies: { id: string; file: string; status: string; reason: string }[] };
    assert.equal(j.report.generated, 2);
    for (const s of j.strategies) {
      assert.ok(fs.existsSync(path.join(root, s.file)), s.file);
      assert.match(s.reason, /^(retired|promoted to paper): /);
    }
    const st = await agent('status');
    assert.equal(st.code, 0);
    for (const s of j.strategies) assert.match(st.out, new RegExp(`${s.id}\\s+${s.status}`));
    assert.match(st.out, /Latest steps:\n.*cycle/);

    const run = await paper('run', '--once', '--json');
    assert.equal(run.code, 0, run.err);
    const pass = JSON.parse(run.out.trim().split('\n')[0]) as { newBars: number; accounts: { processedBars: number }[] };
    const promoted = j.strategies.filter((s) => s.status === 'paper').length;
    assert.ok(promoted >= 1, 'the Bollinger mean reversion passes on the sample');
    assert.equal(pass.accounts.length, promoted);
    assert.equal(pass.newBars, 0, 'the cycle already brought them up to date');
    const ps = await paper('status');
    assert.equal(ps.code, 0);
    assert.match(ps.out, /strategy\s+status\s+bars\s+last bar/);
    assert.match(ps.out, /sample-mean-reversion-bb\s+paper\s+250 /);
  });

  it('usage errors name the problem', async () => {
    await assert.rejects(agent('launch'), /unknown subcommand "launch"/);
    await assert.rejects(paper('run', '--bogus'), /unknown option --bogus/);
  });
});
