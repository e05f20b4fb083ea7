/** `algoagent agent` and `algoagent paper`, called as functions on a temporary workspace. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { agentCommand } from '../../src/cli/agent-command';
import { paperCommand } from '../../src/cli/paper-command';
import type { Io } from '../../src/cli/commands';
import { Store } from '../../src/store/store';
import { RUNNER, buildRunner, tempDir } from './helpers';

function sink() {
  const o = { out: '', err: '' };
  const io: Io = { out: (t) => void (o.out += t), err: (t) => void (o.err += t) };
  return { o, io };
}

describe('algoagent agent / paper (functions)', function () {
  this.timeout(300_000);
  let root: string;
  let db: string;
  before(async () => {
    await buildRunner();
    root = tempDir('cli');
    db = path.join(root, 'elsewhere', 'history.db');
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

  it('cycle (offline) writes strategies, decides each with a reason into the --db store; status and paper run/status show them from it', async () => {
    const r = await agent('cycle', '--provider', 'offline', '--json', '--db', db);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { report: { generated: number; promoted: number }; strategies: { id: string; file: string; status: string; reason: string }[] };
    assert.equal(j.report.generated, 2);
    for (const s of j.strategies) {
      assert.ok(fs.existsSync(path.join(root, s.file)), s.file);
      assert.match(s.reason, /^(retired|promoted to paper): /);
    }
    // The lifecycle is in the database given, not in the workspace.
    assert.equal(fs.existsSync(path.join(root, '.algoagent', 'agent-state.json')), false);
    const store = await Store.open(db);
    const saved = store.loadAgentState(root)!;
    await store.close();
    assert.deepEqual(saved.strategies.map((s) => [s.id, s.status, s.reason]), j.strategies.map((s) => [s.id, s.status, s.reason]));
    assert.equal(saved.cycles, 1);

    const st = await agent('status', '--db', db);
    assert.equal(st.code, 0);
    for (const s of j.strategies) assert.match(st.out, new RegExp(`${s.id}\\s+${s.status}`));
    assert.match(st.out, /Latest steps:\n.*cycle/);
    for (const s of j.strategies) assert.ok(st.out.includes(`${s.id}: ${s.reason}`), `the decision with its reason: ${s.reason}`);
    const stJson = JSON.parse((await agent('status', '--db', db, '--json', '--events', '3')).out) as { db: string; cycles: number; events: { step: string }[] };
    assert.equal(stJson.db, db);
    assert.equal(stJson.cycles, 1);
    assert.equal(stJson.events.length, 3);
    assert.equal(stJson.events[2].step, 'cycle');
    // log: every step of one strategy, from the store, with its reason.
    const retired = j.strategies.find((s) => s.status === 'retired')!;
    const lg = await agent('log', '--db', db, '--strategy', retired.id);
    assert.equal(lg.code, 0, lg.err);
    assert.match(lg.out, new RegExp(`generated +${retired.id}: generated from`));
    assert.match(lg.out, new RegExp(`backtested +${retired.id}: backtested: \\d+ trades`));
    assert.ok(lg.out.includes(`retired    ${retired.id}: ${retired.reason}`), lg.out);
    assert.equal(lg.out.trim().split('\n').length, 3);
    const all = JSON.parse((await agent('log', '--db', db, '--events', '0', '--json')).out) as { events: { seq: number; step: string }[] };
    assert.equal(all.events[0].step, 'cycle');
    assert.equal(all.events.at(-1)!.step, 'cycle');
    assert.ok(all.events.every((e, k) => k === 0 || e.seq > all.events[k - 1].seq));
    await assert.rejects(agent('log', '--db', db, '--strategy', 'nope'), /agent log: no strategy "nope"/);
    // Without --db (and no editor, no $ALGOAGENT_DB) it is the workspace's own database: empty here.
    const none = JSON.parse((await agent('status', '--json')).out) as { db: string; cycles: number };
    assert.equal(none.db, path.join(root, '.algoagent', 'history.db'));
    assert.equal(none.cycles, 0, 'the provider-less attempt above left only its error there');
    // The database the editor noted for the workspace is the default, and $ALGOAGENT_DB before it.
    fs.writeFileSync(path.join(root, '.algoagent', 'history-db'), db + '\n');
    assert.equal((JSON.parse((await agent('status', '--json')).out) as { cycles: number }).cycles, 1);
    const { o, io } = sink();
    await agentCommand(['status', '--json', '--root', root], io, { ...deps, env: { ALGOAGENT_DB: path.join(root, 'env.db') } });
    assert.equal((JSON.parse(o.out) as { db: string }).db, path.join(root, 'env.db'));

    const run = await paper('run', '--once', '--json');
    assert.equal(run.code, 0, run.err);
    const pass = JSON.parse(run.out.trim().split('\n')[0]) as { newBars: number; accounts: { processedBars: number }[] };
    const promoted = j.strategies.filter((s) => s.status === 'paper').length;
    assert.ok(promoted >= 1, 'the Bollinger mean reversion passes on the sample');
    assert.equal(pass.accounts.length, promoted);
    assert.equal(pass.newBars, 0, 'the cycle already brought them up to date');
    const ps = await paper('status', '--db', db);
    assert.equal(ps.code, 0);
    assert.match(ps.out, /strategy\s+status\s+bars\s+last bar/);
    assert.match(ps.out, /sample-mean-reversion-bb\s+paper\s+250 /);
  });

  it('usage errors name the problem', async () => {
    await assert.rejects(agent('launch'), /unknown subcommand "launch"/);
    await assert.rejects(paper('run', '--bogus'), /unknown option --bogus/);
  });
});
