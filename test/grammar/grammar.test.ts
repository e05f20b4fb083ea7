/**
 * The output-channel log grammar against its vscode-tmgrammar-test cases (test/grammar/*.test.algoagent-log),
 * run with the real tool and only the grammar under test (an empty package.json config, so the
 * manifest's copy cannot stand in), and a broken copy of the grammar must fail them.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TOOL = path.join(ROOT, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
const GRAMMAR = path.join(ROOT, 'syntaxes/algoagent-log.tmLanguage.json');

function runCases(grammar: string): { status: number | null; output: string } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-grammar-'));
  try {
    const config = path.join(tmp, 'package.json');
    fs.writeFileSync(config, '{"contributes":{}}');
    const r = spawnSync(process.execPath, [TOOL, '--compact', '--config', config, '-g', grammar, 'test/grammar/*.test.algoagent-log'], { cwd: ROOT, encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe('output-channel log grammar', function () {
  this.timeout(60_000);

  it('passes its grammar test cases', () => {
    const r = runCases(GRAMMAR);
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /output-channel\.test\.algoagent-log run successfuly/);
  });

  it('fails them when a rule is broken (the cases can fail)', () => {
    const g = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')) as { patterns: { name: string }[] };
    g.patterns = g.patterns.filter((p) => !p.name.startsWith('keyword.other.kind'));
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-grammar-broken-')), 'broken.tmLanguage.json');
    fs.writeFileSync(broken, JSON.stringify(g));
    try {
      const r = runCases(broken);
      assert.notEqual(r.status, 0);
      assert.match(r.output, /Missing required scopes: \[ keyword\.other\.kind\.algoagent-log \]/);
    } finally {
      fs.rmSync(path.dirname(broken), { recursive: true, force: true });
    }
  });
});
