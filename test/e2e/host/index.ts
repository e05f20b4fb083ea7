/**
 * Entry of the e2e suite inside the VS Code extension host (the `extensionTestsPath`): runs every
 * bundled *.e2e.js beside it with mocha 11 (activation first) and writes each test's outcome and
 * the measured figures to $RESULTS_FILE. Resolves when all pass, rejects otherwise (exit code).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { figures } from './context';

interface TestOutcome {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  const outcomes: TestOutcome[] = [];
  const write = (fatal?: string) => {
    const file = process.env.RESULTS_FILE;
    if (file) writeFileSync(file, JSON.stringify({ tests: outcomes, figures: figures(), fatal }, null, 2));
  };
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.e2e.js'))
    .sort((a, b) => Number(b.startsWith('activation')) - Number(a.startsWith('activation')) || a.localeCompare(b));
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0 || outcomes.length === 0) reject(new Error(`${failures} of ${outcomes.length} e2e tests failed`));
        else resolve();
      });
      runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? err.message }));
    } catch (err) {
      write(err instanceof Error ? err.stack : String(err));
      reject(err);
    }
  });
}
