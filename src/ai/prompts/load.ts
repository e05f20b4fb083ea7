/**
 * Prompt files: Markdown templates with `{{name}}` slots, read at run time. In the source tree they
 * sit beside this file; in the bundle the build copies them to dist/prompts/ (and
 * docs/strategy-api.md with them), so one set of files serves the docs, the tests and the prompts.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export type PromptName = 'system' | 'spec' | 'spec-format' | 'code' | 'fix' | 'explain';

const cache = new Map<string, string>();

function firstExisting(candidates: string[], what: string): string {
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`${what} not found (looked in ${candidates.join(', ')}); the build must copy it beside the bundle`);
  return found;
}

function readCached(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    cache.set(file, text);
  }
  return text;
}

export function promptTemplate(name: PromptName): string {
  return readCached(firstExisting([path.join(__dirname, `${name}.md`), path.join(__dirname, 'prompts', `${name}.md`)], `prompt ${name}.md`));
}

/** docs/strategy-api.md: the API reference users read and models are given. */
export function apiReference(): string {
  return readCached(firstExisting([
    path.resolve(__dirname, '..', '..', '..', 'docs', 'strategy-api.md'),
    path.join(__dirname, 'prompts', 'strategy-api.md'),
    path.resolve(__dirname, '..', 'docs', 'strategy-api.md'),
  ], 'docs/strategy-api.md'));
}

/** Fills `{{slot}}`s; a slot without a value is an error (a prompt must never go out half-built). */
export function fillPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`prompt slot {{${key}}} has no value`);
    return v;
  });
}

export function prompt(name: PromptName, values: Record<string, string> = {}): string {
  return fillPrompt(promptTemplate(name), values).trim() + '\n';
}
