/**
 * The spec a generated strategy file carries (`export const spec = {…};`, written by
 * src/ai/codegen/generate.ts), read back from the text without running it, and whether the file is
 * still exactly what that spec generates (so regenerating it in place loses no hand edits).
 */
import { specToCode } from '../ai/codegen/generate';
import type { StrategySpec } from '../ai/spec/types';
import { validateSpec } from '../ai/spec/validate';

export type SpecReading =
  | { ok: true; spec: StrategySpec; /** The file is byte for byte what the spec generates. */ pristine: boolean }
  | { ok: false; reason: string };

/** The `{…}` starting at `from` (which must be `{`), honouring JSON strings; undefined when unbalanced. */
function objectAt(text: string, from: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(from, i + 1);
  }
  return undefined;
}

export function readEmbeddedSpec(source: string): SpecReading {
  const m = /^export const spec\s*=\s*(?=\{)/m.exec(source);
  if (!m) return { ok: false, reason: 'the file has no `export const spec` (it was not generated from a spec, or the spec was removed)' };
  const body = objectAt(source, m.index + m[0].length);
  if (!body) return { ok: false, reason: 'the `export const spec` object is not closed' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return { ok: false, reason: `the \`export const spec\` object is not plain JSON any more (${(e as Error).message})` };
  }
  const checked = validateSpec(value);
  if (!checked.ok) return { ok: false, reason: `the embedded spec is not valid: ${checked.errors.join('; ')}` };
  let pristine = false;
  try {
    pristine = specToCode(checked.spec) === source.replace(/\r\n/g, '\n');
  } catch {
    pristine = false;
  }
  return { ok: true, spec: checked.spec, pristine };
}
