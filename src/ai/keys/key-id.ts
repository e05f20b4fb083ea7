import { createHash } from 'node:crypto';

/**
 * How a key is named anywhere a user or a log can see it: `key-` + the first 8 hex digits of its
 * SHA-256. The key itself is never printed, logged or stored outside SecretStorage.
 */
export function keyId(key: string): string {
  return 'key-' + createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Replaces every occurrence of any of `keys` in `text` by its id (error messages from servers may echo one). */
export function redactKeys(text: string, keys: Iterable<string>): string {
  let out = text;
  for (const k of keys) {
    if (k.length >= 4 && out.includes(k)) out = out.split(k).join(keyId(k));
  }
  return out;
}

/** Keys from `GEMINI_API_KEYS` (comma-separated) or `GEMINI_API_KEY`, trimmed, duplicates dropped. */
export function keysFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.GEMINI_API_KEYS ?? env.GEMINI_API_KEY ?? '';
  return [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
}
