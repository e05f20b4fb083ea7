/** Captures everything written to stdout/stderr and through console.* while `fn` runs. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ value: T; output: string }> {
  let output = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  const grab = (chunk: unknown) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  for (const m of methods) console[m] = (...args: unknown[]) => void grab(args.map(String).join(' ') + '\n');
  try {
    const value = await fn();
    return { value, output };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    methods.forEach((m, k) => (console[m] = saved[k]));
  }
}
