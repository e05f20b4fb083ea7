/**
 * Language-server benchmark over the real protocol (IPC, as the editor runs it): start (fork →
 * `initialize` answered), first diagnostics after start (includes loading the TypeScript compiler),
 * and diagnostics for a 500-line strategy after an edit (didChange → publishDiagnostics), with the
 * in-process analysis of the same file as the baseline.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeStrategy } from '../src/analysis/analyze';
import { ServerSession, buildServer } from '../test/server/session';
import { measure, measureAsync } from './harness';

/** A realistic strategy of about `lines` lines: many indicators, rules and helpers, and no findings. */
export function largeStrategy(lines = 500): string {
  const fields: string[] = [];
  const init: string[] = [];
  const rules: string[] = [];
  const helpers: string[] = [];
  const kinds = ['sma', 'ema', 'wma', 'rsi', 'roc', 'highest', 'lowest'];
  let i = 0;
  while (fields.length + init.length + rules.length + helpers.length + 26 < lines) {
    const kind = kinds[i % kinds.length];
    fields.push(`  ind${i}!: Series;`);
    init.push(`    this.ind${i} = this.I(ta.${kind}(this.data.close, this.params.p${i % 8} + ${i % 5}), '${kind.toUpperCase()} ${i}');`);
    rules.push(
      `    if (crossover(this.ind${i}, this.data.close) && this.ind${i}.at(-1)! > this.ind${i}.at(-2)!) {`,
      `      score += this.weight(${i});`,
      `    } else if (this.ind${i}.at(-1)! < this.data.close.at(-1)! * (1 - ${(i % 7) / 100 + 0.01})) {`,
      `      score -= this.weight(${i});`,
      '    }',
      '',
    );
    if (i % 4 === 0) {
      helpers.push(
        `  private band${i}(k: number): number {`,
        `    const v = this.ind${i}.values;`,
        '    let sum = 0;',
        `    for (let j = Math.max(0, v.length - k); j < v.length; j++) sum += v[j];`,
        '    return sum / Math.max(1, k);',
        '  }',
        '',
        '',
      );
    }
    i++;
  }
  const params = Array.from({ length: 8 }, (_, k) => `p${k}: ${10 + k * 5}`).join(', ');
  return [
    "import { Strategy, crossover, ta, type Series } from 'algoagent';",
    '',
    '/** Generated for the language-server benchmark. */',
    'export default class Large extends Strategy {',
    `  static params = { ${params}, threshold: 3 };`,
    ...fields,
    '',
    '  init() {',
    ...init,
    '  }',
    '',
    '  private weight(k: number): number {',
    '    return 1 + (k % 3) / 10;',
    '  }',
    '',
    ...helpers,
    '  next() {',
    '    let score = 0;',
    ...rules,
    '    if (!this.position.isOpen && score > this.params.threshold) this.buy({ size: 0.5 });',
    '    else if (this.position.isLong && score < -this.params.threshold) this.position.close();',
    `    if (this.bar % 1000 === 999) this.log('score', score, this.band0(20));`,
    '  }',
    '}',
    '',
  ].join('\n');
}

export async function benchServer(say: (line: string) => void, root: string): Promise<void> {
  const dist = path.join(root, 'dist', 'server.js');
  const script = fs.existsSync(dist) && fs.existsSync(path.join(root, 'dist', 'typescript.js')) ? dist : await buildServer(root);
  const source = largeStrategy(500);
  const lines = source.split('\n').length;
  const fileName = '/bench/strategies/large.strategy.ts';
  const found = analyzeStrategy(source, fileName).diagnostics;
  if (found.length) throw new Error(`benchmark strategy should be clean: ${found.map((d) => d.message).join('; ')}`);
  const inProcess = measure('analysis in-process', () => analyzeStrategy(source, fileName), 40, 10);

  // Baseline: fork a bare Node process with an IPC channel until its first message (what any server pays).
  const bare: number[] = [];
  const bareScript = path.join(os.tmpdir(), `algoagent-bare-${process.pid}.js`);
  fs.writeFileSync(bareScript, "process.send('ready', () => process.exit(0));\n");
  for (let k = 0; k < 7; k++) {
    const t0 = process.hrtime.bigint();
    const child = fork(bareScript, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    await new Promise<void>((resolve) => child.once('message', () => resolve()));
    bare.push(Number(process.hrtime.bigint() - t0) / 1e6);
    child.kill();
  }
  fs.rmSync(bareScript, { force: true });
  const starts: number[] = [];
  const firsts: number[] = [];
  for (let k = 0; k < 7; k++) {
    const t0 = process.hrtime.bigint();
    const s = await ServerSession.start({ script });
    starts.push(s.initializeMs);
    await s.open(`file://${fileName}`, source);
    firsts.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await s.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

  const server = await ServerSession.start({ script });
  try {
    let n = 0;
    const uri = `file://${fileName}`;
    await server.open(uri, source);
    const edit = await measureAsync('didChange → diagnostics', async () => {
      n++;
      const d = await server.open(uri, source.replace('threshold: 3', `threshold: ${3 + (n % 5)}`));
      if (d.length) throw new Error('unexpected diagnostics');
    }, 30, 5);
    const start = median(starts);
    const node = median(bare);
    say(`language server: start ${start.toFixed(0)} ms (target ≤ 300, ${(start / 300).toFixed(2)}× budget; a bare Node fork with IPC takes ${node.toFixed(0)} ms here → server ${(start / node).toFixed(1)}× bare Node); first diagnostics after start ${median(firsts).toFixed(0)} ms (loads TypeScript)`);
    say(`language server: diagnostics for a ${lines}-line strategy ${edit.medianMs.toFixed(1)} ms over IPC (target ≤ 50, ${(edit.medianMs / 50).toFixed(2)}× budget); in-process analysis ${inProcess.medianMs.toFixed(1)} ms → protocol overhead ${(edit.medianMs / inProcess.medianMs).toFixed(1)}×`);
  } finally {
    await server.stop();
  }
}
