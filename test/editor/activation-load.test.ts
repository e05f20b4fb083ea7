/**
 * What activation reads: dist/extension.js and the modules it shares with the lazy part, nothing
 * else. The store, SQLite, the exporters, the runner client, the agent and the AI clients load on the
 * first command that needs them (their code is in extension-lazy.js and dist/vendor). Checked on the
 * built bundle, in a child process, with a stand-in for the `vscode` module.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/paths';

const dist = path.join(ROOT, 'dist');
const built = fs.existsSync(path.join(dist, 'extension.js')) && fs.existsSync(path.join(dist, 'extension-lazy.js'));

(built ? describe : describe.skip)('activation (the built extension)', () => {
  it('activate() reads only the shell and the shared modules, and registers its commands, views and providers', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'test', 'helpers', 'activation-probe.cjs'), dist], { encoding: 'utf8' });
    const { read, subscriptions } = JSON.parse(out) as { read: string[]; subscriptions: number };
    assert.deepEqual(read.sort(), ['extension-shared.js', 'extension.js'], `activation read ${read.join(', ')}`);
    assert.ok(subscriptions >= 40, `only ${subscriptions} disposables registered: activate() stopped early`);
  });

  it('every file requires the vscode API as it is, without a per-module copy (scripts/vscode-import.mjs)', () => {
    for (const f of ['extension.js', 'extension-shared.js', 'extension-lazy.js']) {
      const code = fs.readFileSync(path.join(dist, f), 'utf8');
      assert.match(code, /require\("vscode"\)/, `${f} does not require vscode`);
      assert.doesNotMatch(code, /[\w$]+\(require\("vscode"\)\)/, `${f} still wraps require("vscode")`);
    }
  });

  it('the store, the exporters and the command bodies live in extension-lazy.js (the build fails if a module is in two files)', () => {
    const lazy = fs.readFileSync(path.join(dist, 'extension-lazy.js'), 'utf8');
    for (const key of ['src_store_store', 'src_results_export_file', 'src_vscode_data_actions', 'src_vscode_robustness_check', 'src_vscode_ai_actions', 'src_vscode_history_actions']) {
      assert.match(lazy, new RegExp(`\\b${key}\\s*:\\s*\\(\\)\\s*=>`), `${key} is not one of extension-lazy.js's modules`);
    }
  });
});
