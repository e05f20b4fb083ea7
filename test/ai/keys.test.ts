/** KeyPool rules with a fake clock: round-robin, cooldowns, disabling, re-adding, per-key RPM. */
import * as assert from 'node:assert/strict';
import { KeyPool, KeysCoolingError, formatWait } from '../../src/ai/keys/key-pool';
import { keyId, keysFromEnv, redactKeys } from '../../src/ai/keys/key-id';
import { classifyGeminiError, parseDelay } from '../../src/ai/keys/gemini-errors';
import { ProviderError } from '../../src/ai/provider';

const A = 'AIza-test-key-aaaaaaaa';
const B = 'AIza-test-key-bbbbbbbb';
const C = 'AIza-test-key-cccccccc';

describe('Gemini key pool', () => {
  it('names keys by a short stable hash and redacts them from text', () => {
    assert.match(keyId(A), /^key-[0-9a-f]{8}$/);
    assert.equal(keyId(A), keyId(A));
    assert.notEqual(keyId(A), keyId(B));
    assert.equal(redactKeys(`failed for ${A} and ${B}!`, [A, B]), `failed for ${keyId(A)} and ${keyId(B)}!`);
  });

  it('reads GEMINI_API_KEYS (comma-separated) before GEMINI_API_KEY', () => {
    assert.deepEqual(keysFromEnv({ GEMINI_API_KEYS: ` ${A}, ${B},,${A} `, GEMINI_API_KEY: C }), [A, B]);
    assert.deepEqual(keysFromEnv({ GEMINI_API_KEY: C }), [C]);
    assert.deepEqual(keysFromEnv({}), []);
  });

  it('round-robin skips cooling and disabled keys; counts requests', () => {
    let now = 0;
    const pool = new KeyPool([A, B, C], { now: () => now });
    assert.deepEqual([1, 2, 3, 4].map(() => pool.acquire().key), [A, B, C, A]);
    pool.failed(keyId(B), { type: 'quota', retryAfterMs: 10_000, message: 'x' });
    pool.failed(keyId(C), { type: 'auth', message: 'bad' });
    assert.deepEqual([1, 2].map(() => pool.acquire().key), [A, A]);
    now = 10_001;
    assert.deepEqual([1, 2].map(() => pool.acquire().key).sort(), [A, B]);
    const h = pool.health();
    assert.deepEqual(h.map((x) => x.requests), [5, 2, 1]);
    assert.equal(h[2].disabled, true);
    assert.match(h[2].disabledReason ?? '', /auth: bad/);
  });

  it('a success resets the backoff; backoff is capped', () => {
    let now = 0;
    const pool = new KeyPool([A], { now: () => now, baseBackoffMs: 1000, maxBackoffMs: 3000 });
    const cool = () => {
      pool.failed(keyId(A), { type: 'quota', message: 'q' });
      const wait = pool.health()[0].cooldownUntil! - now;
      now += wait;
      return wait;
    };
    assert.deepEqual([cool(), cool(), cool()], [1000, 2000, 3000]);
    pool.succeeded(keyId(A));
    assert.equal(cool(), 1000);
  });

  it('no keys → a no-key error; all disabled → auth; all cooling → when the first is ready', () => {
    assert.throws(() => new KeyPool([]).acquire(), (e: ProviderError) => e.kind === 'no-key' && /Add Gemini API Key/.test(e.message));
    const pool = new KeyPool([A, B], { now: () => 0 });
    pool.failed(keyId(A), { type: 'quota', retryAfterMs: 150_000, message: 'q' });
    pool.failed(keyId(B), { type: 'quota', retryAfterMs: 61_000, message: 'q' });
    assert.throws(() => pool.acquire(), (e: KeysCoolingError) => e.readyInMs === 61_000 && e.readyKeyId === keyId(B) && /ready in 61 s/.test(e.message));
    pool.failed(keyId(A), { type: 'auth', message: 'no' });
    pool.failed(keyId(B), { type: 'auth', message: 'no' });
    assert.throws(() => pool.acquire(), (e: ProviderError) => e.kind === 'auth');
    assert.equal(formatWait(150_000), '2 min 30 s');
  });

  it('re-adding a disabled key enables it; removing drops it', () => {
    const pool = new KeyPool([A, B]);
    pool.failed(keyId(A), { type: 'auth', message: 'no' });
    assert.equal(pool.acquire().key, B);
    assert.equal(pool.add(A), keyId(A));
    assert.equal(pool.health()[0].disabled, false);
    assert.equal(pool.add(C), keyId(C));
    assert.equal(pool.size, 3);
    assert.equal(pool.remove(keyId(B)), true);
    assert.equal(pool.remove(keyId(B)), false);
    assert.deepEqual(pool.health().map((h) => h.id), [keyId(A), keyId(C)]);
  });

  it('per-key requests-per-minute limit rests a key that used its minute', () => {
    let now = 0;
    const pool = new KeyPool([A, B], { now: () => now, rpm: 2 });
    assert.deepEqual([1, 2, 3, 4].map(() => pool.acquire().key), [A, B, A, B]);
    now = 30_000;
    assert.throws(() => pool.acquire(), (e: KeysCoolingError) => e.readyInMs === 30_000);
    assert.ok(pool.health()[0].cooldownUntil === 60_000);
    now = 60_001;
    assert.equal(pool.acquire().key, A);
  });

  it('classifies Gemini errors: quota with delay, auth, transient, request', () => {
    const api = (status: number, body: object) => Object.assign(new Error(JSON.stringify(body)), { status });
    assert.deepEqual(classifyGeminiError(api(429, { error: { code: 429, message: 'm', status: 'RESOURCE_EXHAUSTED', details: [{ retryDelay: '1.5s' }] } })), { type: 'quota', retryAfterMs: 1500, message: 'm' });
    assert.equal(classifyGeminiError(api(403, { error: { message: 'denied' } })).type, 'auth');
    assert.equal(classifyGeminiError(api(400, { error: { message: 'x', details: [{ reason: 'API_KEY_INVALID' }] } })).type, 'auth');
    assert.equal(classifyGeminiError(api(502, { error: { message: 'bad gateway' } })).type, 'transient');
    assert.equal(classifyGeminiError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })).type, 'transient');
    assert.deepEqual(classifyGeminiError(api(400, { error: { message: 'bad field' } })), { type: 'request', status: 400, message: 'bad field' });
    assert.equal(parseDelay('250ms'), 250);
    assert.equal(parseDelay('nonsense'), undefined);
  });
});
