/**
 * A separate process that appends agent lifecycle events to a history database and tells its parent
 * (over IPC) the sequence number of each once `appendAgentEvents` has resolved (committed to disk).
 * It starts appending when the parent sends any message (after this one reported `ready`).
 * argv: <db file> <workspace> <count> <tag>
 */
import { Store } from '../../src/store/store';

async function main(): Promise<void> {
  const [file, workspace, countText, tag] = process.argv.slice(2);
  const store = await Store.open(file, { maxAgentEvents: 100_000 });
  // Both writers start appending together: the parent says go once each has its store open.
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  process.send!({ ready: true });
  await go;
  for (let k = 0; k < Number(countText); k++) {
    const [seq] = await store.appendAgentEvents(workspace, [{ at: new Date().toISOString(), step: 'fill', strategyId: tag, reason: `${tag} event ${k}` }]);
    await new Promise<void>((resolve, reject) => process.send!({ seq, k }, (err: Error | null) => (err ? reject(err) : resolve())));
    // A moment between steps, as an agent has: the lock is not fair, so a writer in a tight loop would keep it.
    await new Promise((r) => setTimeout(r, 15));
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
