/**
 * Child-process entry (dist/runner.js). The parent side and the message protocol arrive with the
 * runner issue; today this entry runs one backtest given on the command line and prints its Result
 * JSON, so the build and the layout are in place.
 */
import { main } from '../cli';

main(['backtest', ...process.argv.slice(2), '--json'], { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => (process.exitCode = code),
);
