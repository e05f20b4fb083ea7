/**
 * What activating AlgoAgent costs, in the terms VS Code uses (Developer: Show Running Extensions
 * shows code loading + the synchronous activate() call). The extension host marks when it starts and
 * ends loading an extension's module (`code/extHost/willLoadExtensionCode/<id>`, Date.now() values
 * in `globalThis.MonacoPerformanceMarks`); the bundle's first line marks when its code starts to run.
 */

export interface HostLoadTiming {
  /** VS Code's code-loading time of the bundle (reading, compiling and running it). */
  codeLoadingMs: number;
  /** Of that, the part before the bundle's first line ran (reading and compiling the file). */
  beforeFirstLineMs?: number;
}

export interface ActivationTiming {
  /** From the bundle's first line to the end of its top-level code. */
  loadMs?: number;
  /** activate() (synchronous). */
  activateMs: number;
  /** activate()'s parts in order, ms each (what registering the history, the chat … took). */
  steps?: Record<string, number>;
  /** The host's own marks, when it keeps them (VS Code and code-server do). */
  host?: HostLoadTiming;
}

interface Mark {
  name: string;
  startTime: number;
}

/** The host's load marks for the extension `id`; `firstLineEpochMs` is when the bundle's first line ran. */
export function hostLoadTiming(id: string, firstLineEpochMs: number | undefined, scope: object = globalThis): HostLoadTiming | undefined {
  const perf = (scope as { MonacoPerformanceMarks?: { getMarks?: () => Mark[] } }).MonacoPerformanceMarks;
  let marks: Mark[];
  try {
    marks = perf?.getMarks?.() ?? [];
  } catch {
    return undefined;
  }
  const lower = id.toLowerCase();
  const at = (what: string) => marks.filter((m) => m.name.toLowerCase() === `code/exthost/${what}extensioncode/${lower}`).at(-1)?.startTime;
  const will = at('willload');
  const did = at('didload');
  if (will === undefined || did === undefined || did < will) return undefined;
  const before = firstLineEpochMs === undefined ? undefined : Math.max(0, Math.round(firstLineEpochMs - will));
  return { codeLoadingMs: did - will, ...(before === undefined ? {} : { beforeFirstLineMs: before }) };
}

export function describeActivation(t: ActivationTiming): string {
  const parts = [];
  if (t.host) parts.push(`VS Code counted ${t.host.codeLoadingMs} ms of code loading${t.host.beforeFirstLineMs === undefined ? '' : ` (${t.host.beforeFirstLineMs} ms before the bundle's first line ran)`}`);
  if (t.loadMs !== undefined) parts.push(`bundle top-level code ${t.loadMs} ms`);
  const slowest = Object.entries(t.steps ?? {}).sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 1).slice(0, 3);
  parts.push(`activate() ${t.activateMs} ms${slowest.length ? ` (${slowest.map(([name, ms]) => `${name} ${ms} ms`).join(', ')})` : ''}`);
  return `AlgoAgent activated: ${parts.join(', ')}`;
}
