/**
 * Tests that load src/vscode modules against a fake `vscode` must not leave those modules cached:
 * the next test file would get modules bound to another fake. Call before loading and after.
 */
import * as path from 'node:path';

const EDITOR = `${path.sep}src${path.sep}vscode${path.sep}`;

export function forgetEditorModules(): void {
  for (const k of Object.keys(require.cache)) if (k.includes(EDITOR)) delete require.cache[k];
}
