/**
 * Runs the e2e UI checks (test/e2e/ui/*.ui.ts, mocha in this process, Playwright outside VS Code)
 * — one of which runs the in-extension-host suite — then counts every check, prints the figures
 * and a closing `N passed, N failed` line. Exit code 1 when anything failed or nothing ran.
 * Started by scripts/e2e/run.sh, which provides the environment (see harness/env.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { e2e } from './harness/env';

interface Counted {
  title: string;
  passed: boolean;
  error?: string;
}

async function runUiChecks(only?: string): Promise<Counted[]> {
  const dir = path.join(__dirname, 'ui');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ui.ts') && (!only || f.includes(only))).sort();
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false, reporter: 'spec' });
  for (const f of files) mocha.addFile(path.join(dir, f));
  const counted: Counted[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => counted.push({ title: t.fullTitle(), passed: true }));
    runner.on('fail', (t, err: Error) => counted.push({ title: t.fullTitle(), passed: false, error: err.message }));
  });
  return counted;
}

function hostChecks(): { counted: Counted[]; figures: Record<string, unknown> } {
  const file = path.join(e2e.runDir, 'host-results.json');
  if (!existsSync(file)) return { counted: [], figures: {} };
  const r = JSON.parse(readFileSync(file, 'utf8')) as { tests: { title: string; state: string; error?: string }[]; figures: Record<string, unknown> };
  return {
    counted: r.tests.map((t) => ({ title: `[extension host] ${t.title}`, passed: t.state === 'passed', error: t.error })),
    figures: r.figures,
  };
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

async function main(): Promise<number> {
  mkdirSync(e2e.artifacts, { recursive: true });
  const ui = await runUiChecks(process.env.E2E_ONLY);
  const host = hostChecks();
  const all = [...ui, ...host.counted];
  console.log('\nextension-host suite:');
  for (const t of host.counted) console.log(`  ${t.passed ? 'ok  ' : 'FAIL'} ${t.title}${t.error ? `\n       ${t.error.split('\n').slice(0, 3).join('\n       ')}` : ''}`);
  const figures = { ...host.figures, ...readJson(path.join(e2e.runDir, 'figures-ui.json')) };
  console.log('\nfigures:');
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${v}`);
  console.log(`screenshots and logs: ${e2e.artifacts}`);
  const failed = all.filter((t) => !t.passed).length;
  const passed = all.length - failed;
  for (const t of all.filter((x) => !x.passed)) console.log(`FAILED: ${t.title}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed > 0 || all.length === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
