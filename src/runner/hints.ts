/** Hints written for a person and for a model: what went wrong in the strategy's own words. */
import * as engine from '../engine';
import type { Strategy } from '../engine/strategy';
import { editDistance } from '../text/edit-distance';


function memberNames(strategy: Strategy | undefined): string[] {
  if (!strategy) return [];
  const names = new Set<string>(Object.keys(strategy));
  for (let p = Object.getPrototypeOf(strategy); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor') names.add(k);
  }
  return [...names];
}

/** For `X is not defined`: `this.X`, `ta.X`, a missing import, or the nearest known name. */
export function referenceHint(message: string, strategy: Strategy | undefined): string {
  const name = /^(\S+) is not defined/.exec(message)?.[1];
  if (!name) return '';
  const members = memberNames(strategy);
  if (members.includes(name)) return `\`${name}\` is not defined — did you mean \`this.${name}\`?`;
  if (name in engine.ta) return `\`${name}\` is not defined — did you mean \`ta.${name}\`? (import { ta } from 'algoagent')`;
  if (name in engine) return `\`${name}\` is not defined — add it to the import: import { ${name} } from 'algoagent'`;
  const candidates = [
    ...members.map((m) => ({ text: `this.${m}`, d: editDistance(name, m) })),
    ...Object.keys(engine.ta).map((m) => ({ text: `ta.${m}`, d: editDistance(name, m) })),
  ].filter((c) => c.d <= Math.max(1, Math.floor(name.length / 4)));
  candidates.sort((a, b) => a.d - b.d);
  return candidates.length ? `\`${name}\` is not defined — did you mean \`${candidates[0].text}\`?` : `\`${name}\` is not defined — declare it, or keep it on \`this\` in init()`;
}
