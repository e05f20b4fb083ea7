/**
 * A pool of Gemini API keys: round-robin over the healthy ones. A 429 cools a key down (for the
 * server's retry delay, else exponential backoff); 401/403/API_KEY_INVALID disables it until it is
 * added again; an optional requests-per-minute limit rests a key that has used its minute. Health
 * is kept per key under its short hash; the pool never lets a key string out of `acquire`.
 */
import { ProviderError } from '../provider';
import type { KeyFailure } from './gemini-errors';
import { keyId, redactKeys } from './key-id';

export interface KeyHealth {
  /** `key-1a2b3c4d`: the first 8 hex digits of the key's SHA-256. */
  id: string;
  requests: number;
  successes: number;
  failures: number;
  lastError?: string;
  lastErrorAt?: number;
  /** Epoch ms until which the key rests (quota), when in the future. */
  cooldownUntil?: number;
  disabled: boolean;
  disabledReason?: string;
}

export interface KeyPoolOptions {
  /** Per-key requests per minute; 0 or absent = no limit. */
  rpm?: number;
  /** First cooldown after a 429 that named no delay; doubles on each further one. Default 2 s. */
  baseBackoffMs?: number;
  /** Longest cooldown. Default 5 min. */
  maxBackoffMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** Thrown by `acquire` when every key is resting; says when the first will be ready. */
export class KeysCoolingError extends ProviderError {
  constructor(
    message: string,
    readonly readyInMs: number,
    readonly readyKeyId: string,
  ) {
    super('quota', message, 'gemini');
    this.name = 'KeysCoolingError';
  }
}

interface Slot {
  key: string;
  health: KeyHealth;
  /** Consecutive quota failures (for backoff). */
  strikes: number;
  /** Start times of requests in the last minute (rpm limit). */
  window: number[];
}

export interface KeyLease {
  readonly id: string;
  /** The key itself: pass it to the client, nowhere else. */
  readonly key: string;
}

export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

export class KeyPool {
  private slots: Slot[] = [];
  private next = 0;
  private readonly rpm: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;

  constructor(keys: readonly string[], opts: KeyPoolOptions = {}) {
    this.rpm = opts.rpm && opts.rpm > 0 ? Math.floor(opts.rpm) : 0;
    this.baseBackoffMs = opts.baseBackoffMs ?? 2000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 300_000;
    this.now = opts.now ?? Date.now;
    this.setKeys(keys);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Replaces the set of keys; keys still present keep their health (a disabled one stays disabled). */
  setKeys(keys: readonly string[]): void {
    const old = new Map(this.slots.map((s) => [s.key, s]));
    const unique = [...new Set(keys.map((k) => k.trim()).filter(Boolean))];
    this.slots = unique.map((key) => old.get(key) ?? { key, health: { id: keyId(key), requests: 0, successes: 0, failures: 0, disabled: false }, strikes: 0, window: [] });
    this.next = this.slots.length ? this.next % this.slots.length : 0;
  }

  /** Adds a key; a key already present but disabled counts as re-added and is enabled again. */
  add(key: string): string {
    const k = key.trim();
    const s = this.slots.find((x) => x.key === k);
    if (s) {
      this.reenable(s.health.id);
      return s.health.id;
    }
    this.setKeys([...this.slots.map((x) => x.key), k]);
    return keyId(k);
  }

  /** Removes the key with this id; false when there is none. */
  remove(id: string): boolean {
    const n = this.slots.length;
    this.setKeys(this.slots.filter((s) => s.health.id !== id).map((s) => s.key));
    return this.slots.length < n;
  }

  /** Enables a key that was disabled (the user added it again). */
  reenable(id: string): void {
    const s = this.slots.find((x) => x.health.id === id);
    if (s) {
      s.health.disabled = false;
      s.health.disabledReason = undefined;
    }
  }

  /** The next healthy key, round-robin. Throws a ProviderError when none can serve now. */
  acquire(): KeyLease {
    if (!this.slots.length) {
      throw new ProviderError('no-key', 'no Gemini API key: run "AlgoAgent: Add Gemini API Key" (or set GEMINI_API_KEYS for the CLI)', 'gemini');
    }
    const now = this.now();
    for (let k = 0; k < this.slots.length; k++) {
      const s = this.slots[(this.next + k) % this.slots.length];
      if (this.readyAt(s, now) > now) continue;
      this.next = (this.slots.indexOf(s) + 1) % this.slots.length;
      s.health.requests++;
      if (this.rpm) s.window.push(now);
      return { id: s.health.id, key: s.key };
    }
    const live = this.slots.filter((s) => !s.health.disabled);
    if (!live.length) {
      const last = this.slots.map((s) => `${s.health.id}: ${s.health.disabledReason ?? 'rejected'}`).join('; ');
      throw new ProviderError('auth', `every Gemini API key was rejected (${last}); add a valid key with "AlgoAgent: Add Gemini API Key"`, 'gemini');
    }
    const first = live.reduce((a, b) => (this.readyAt(a, now) <= this.readyAt(b, now) ? a : b));
    const wait = this.readyAt(first, now) - now;
    const count = live.length === 1 ? 'the only usable Gemini API key is' : `all ${live.length} usable Gemini API keys are`;
    throw new KeysCoolingError(
      `${count} cooling down after rate limits; the first (${first.health.id}) is ready in ${formatWait(wait)}, at ${new Date(now + wait).toISOString().slice(11, 19)} UTC`,
      wait,
      first.health.id,
    );
  }

  succeeded(id: string): void {
    const s = this.slot(id);
    if (!s) return;
    s.health.successes++;
    s.strikes = 0;
  }

  /** Records a failure of the key `id` and rests or disables it as the failure demands. */
  failed(id: string, failure: KeyFailure): void {
    const s = this.slot(id);
    if (!s) return;
    const now = this.now();
    s.health.failures++;
    s.health.lastError = redactKeys(`${failure.type}: ${failure.message}`, this.slots.map((x) => x.key)).slice(0, 300);
    s.health.lastErrorAt = now;
    if (failure.type === 'quota') {
      s.strikes++;
      const backoff = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (s.strikes - 1));
      s.health.cooldownUntil = now + (failure.retryAfterMs !== undefined ? Math.max(failure.retryAfterMs, 1) : backoff);
    } else if (failure.type === 'auth') {
      s.health.disabled = true;
      s.health.disabledReason = s.health.lastError;
    }
  }

  /** A snapshot of every key's health (ids only, never keys). */
  health(): KeyHealth[] {
    const now = this.now();
    return this.slots.map((s) => {
      const h = { ...s.health };
      const ready = this.readyAt(s, now);
      if (!h.disabled && ready > now) h.cooldownUntil = ready;
      else delete h.cooldownUntil;
      return h;
    });
  }

  /** Removes every occurrence of a pooled key from `text`. */
  redact(text: string): string {
    return redactKeys(text, this.slots.map((s) => s.key));
  }

  private slot(id: string): Slot | undefined {
    return this.slots.find((s) => s.health.id === id);
  }

  /** When the slot can serve again (Infinity when disabled). */
  private readyAt(s: Slot, now: number): number {
    if (s.health.disabled) return Infinity;
    let at = s.health.cooldownUntil ?? 0;
    if (this.rpm) {
      s.window = s.window.filter((t) => t > now - 60_000);
      if (s.window.length >= this.rpm) at = Math.max(at, s.window[0] + 60_000);
    }
    return at;
  }
}
