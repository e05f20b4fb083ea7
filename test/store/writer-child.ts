/**
 * A separate process that records runs into a history database and tells its parent (over IPC) the
 * id of each run once `recordRun` has resolved, i.e. once it is committed to disk.
 * argv: <db file> <count | "forever"> <strategy tag>
 */
import { Store } from '../../src/store/store';
import { okOutcome, realResult } from './fixtures';

async function main(): Promise<void> {
  const [file, countText, tag] = process.argv.slice(2);
  const count = countText === 'forever' ? Infinity : Number(countText);
  const store = await Store.open(file, { maxRunsPerStrategy: 100_000 });
  const result = realResult(2);
  for (let k = 0; k < count; k++) {
    const id = await store.recordRun({ strategyPath: `/ws/${tag}.strategy.ts`, workspaceRoot: '/ws', outcome: okOutcome(result), source: `// ${tag} run ${k}` });
    await new Promise<void>((resolve, reject) => process.send!({ id, k }, (err: Error | null) => (err ? reject(err) : resolve())));
  }
  await store.close();
}

main().then(
  () => process.disconnect?.(),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
