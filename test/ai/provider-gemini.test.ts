/**
 * The real @google/genai client against a fake Gemini server on 127.0.0.1: unary and SSE
 * streaming, both API versions, key rotation on 429, disabling on 403 / API_KEY_INVALID, retries
 * on 5xx and dropped connections, the cooling-down error, cancellation, and no key in any output.
 */
import * as assert from 'node:assert/strict';
import { GeminiModel, geminiBaseUrl } from '../../src/ai/providers/gemini';
import { KeyPool, KeysCoolingError } from '../../src/ai/keys/key-pool';
import { keyId } from '../../src/ai/keys/key-id';
import { AbortError, ProviderError, complete } from '../../src/ai/provider';
import { type FakeGemini, type FakeReply, startFakeGemini } from '../helpers/fake-gemini';
import { captureOutput } from '../helpers/capture-output';

const KEYS = ['AIzaFAKE-key-number-one-0001', 'AIzaFAKE-key-number-two-0002', 'AIzaFAKE-key-number-three-03'];
const ask = [{ role: 'system' as const, content: 'You write strategies.' }, { role: 'user' as const, content: 'hello' }];

describe('Gemini provider (real @google/genai client, fake server)', function () {
  this.timeout(20_000);
  let fake: FakeGemini | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const serve = async (script: (n: number, key: string) => FakeReply) => {
    fake = await startFakeGemini((c) => script(c.n, c.key));
    return fake;
  };

  it('streams a reply over SSE in pieces, with the system instruction and the model from options', async () => {
    const f = await serve(() => ({ text: ['Hel', 'lo ', 'there'] }));
    const model = new GeminiModel({ pool: new KeyPool(KEYS.slice(0, 1)), baseUrl: f.url, model: 'gemini-test-flash' });
    const pieces: string[] = [];
    const text = await complete(model, ask, { onText: (t) => pieces.push(t) });
    assert.equal(text, 'Hello there');
    assert.deepEqual(pieces, ['Hel', 'lo ', 'there']);
    assert.equal(f.calls.length, 1);
    assert.equal(f.calls[0].stream, true);
    assert.equal(f.calls[0].apiVersion, 'v1beta');
    assert.equal(f.calls[0].model, 'gemini-test-flash');
    assert.equal(f.calls[0].key, KEYS[0]);
    assert.equal(f.calls[0].body.systemInstruction?.parts[0].text, 'You write strategies.');
    assert.equal(f.calls[0].prompt, 'hello');
  });

  it('answers unary (generateContent) on the /v1/ path too', async () => {
    const f = await serve(() => ({ text: 'whole reply' }));
    const model = new GeminiModel({ pool: new KeyPool(KEYS.slice(0, 1)), baseUrl: f.url, apiVersion: 'v1', streaming: false });
    assert.equal(await complete(model, ask), 'whole reply');
    assert.equal(f.calls[0].stream, false);
    assert.equal(f.calls[0].apiVersion, 'v1');
    assert.equal(f.calls[0].model, 'gemini-2.5-flash');
  });

  it('rotates round-robin over healthy keys', async () => {
    const f = await serve(() => ({ text: 'ok' }));
    const model = new GeminiModel({ pool: new KeyPool(KEYS), baseUrl: f.url });
    for (let k = 0; k < 4; k++) await complete(model, ask);
    assert.deepEqual(f.calls.map((c) => c.key), [KEYS[0], KEYS[1], KEYS[2], KEYS[0]]);
  });

  it('429 on the first key: it cools down for the server\'s retry delay and the next key serves', async () => {
    const f = await serve((n) => (n === 1 ? { status: 429, rpcStatus: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded', retryDelay: '37s' } : { text: 'served' }));
    let now = 1_000_000;
    const pool = new KeyPool(KEYS.slice(0, 2), { now: () => now });
    const model = new GeminiModel({ pool, baseUrl: f.url });
    assert.equal(await complete(model, ask), 'served');
    assert.deepEqual(f.calls.map((c) => c.key), [KEYS[0], KEYS[1]]);
    const [h0, h1] = pool.health();
    assert.equal(h0.id, keyId(KEYS[0]));
    assert.equal(h0.cooldownUntil, now + 37_000);
    assert.equal(h0.failures, 1);
    assert.match(h0.lastError ?? '', /quota: Quota exceeded/);
    assert.equal(h1.successes, 1);
    // While key 1 rests, key 2 serves everything; after the delay key 1 is back in the rotation.
    await complete(model, ask);
    assert.equal(f.calls[2].key, KEYS[1]);
    now += 37_001;
    await complete(model, ask);
    await complete(model, ask);
    assert.deepEqual(f.calls.slice(3).map((c) => c.key).sort(), [KEYS[0], KEYS[1]].sort());
  });

  it('403 disables that key until it is added again; API_KEY_INVALID (400) too', async () => {
    const f = await serve((_n, key) =>
      key === KEYS[0] ? { status: 403, rpcStatus: 'PERMISSION_DENIED', message: 'Permission denied' }
        : key === KEYS[1] ? { status: 400, rpcStatus: 'INVALID_ARGUMENT', message: 'API key not valid. Please pass a valid API key.', reason: 'API_KEY_INVALID' }
          : { text: 'fine' });
    const pool = new KeyPool(KEYS);
    const model = new GeminiModel({ pool, baseUrl: f.url });
    assert.equal(await complete(model, ask), 'fine');
    const h = pool.health();
    assert.deepEqual(h.map((x) => x.disabled), [true, true, false]);
    for (let k = 0; k < 3; k++) await complete(model, ask);
    assert.deepEqual(f.calls.slice(3).map((c) => c.key), [KEYS[2], KEYS[2], KEYS[2]], 'disabled keys are never used again');
    pool.setKeys(KEYS); // the same keys again: disabled ones stay disabled until re-added explicitly
    pool.reenable(keyId(KEYS[0]));
    assert.equal(pool.health()[0].disabled, false);
  });

  it('every key rejected → an auth error naming each key id', async () => {
    const f = await serve(() => ({ status: 401, rpcStatus: 'UNAUTHENTICATED', message: 'bad key' }));
    const model = new GeminiModel({ pool: new KeyPool(KEYS.slice(0, 2)), baseUrl: f.url });
    await assert.rejects(complete(model, ask), (e: ProviderError) => {
      assert.equal(e.kind, 'auth');
      assert.match(e.message, new RegExp(`${keyId(KEYS[0])}.*${keyId(KEYS[1])}`));
      return true;
    });
  });

  it('all keys cooling down → the error says which key is ready first and when', async () => {
    const delays = ['90s', '20s', '45s'];
    const f = await serve((n) => ({ status: 429, rpcStatus: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted', retryDelay: delays[n - 1] }));
    const now = Date.UTC(2025, 0, 2, 12, 0, 0);
    const model = new GeminiModel({ pool: new KeyPool(KEYS, { now: () => now }), baseUrl: f.url });
    await assert.rejects(complete(model, ask), (e: KeysCoolingError) => {
      assert.ok(e instanceof KeysCoolingError);
      assert.equal(e.kind, 'quota');
      assert.equal(e.readyInMs, 20_000);
      assert.equal(e.readyKeyId, keyId(KEYS[1]));
      assert.match(e.message, /all 3 usable Gemini API keys are cooling down/);
      assert.match(e.message, /ready in 20 s, at 12:00:20 UTC/);
      return true;
    });
    assert.equal(f.calls.length, 3);
  });

  it('429 without a retry delay backs off exponentially', async () => {
    const f = await serve(() => ({ status: 429, rpcStatus: 'RESOURCE_EXHAUSTED' }));
    let now = 0;
    const pool = new KeyPool(KEYS.slice(0, 1), { now: () => now, baseBackoffMs: 1000 });
    const model = new GeminiModel({ pool, baseUrl: f.url });
    const waits: number[] = [];
    for (let k = 0; k < 3; k++) {
      await assert.rejects(complete(model, ask), (e: KeysCoolingError) => (waits.push(e.readyInMs), true));
      now += waits[k];
    }
    assert.deepEqual(waits, [1000, 2000, 4000]);
    assert.equal(f.calls.length, 3);
  });

  it('5xx and a dropped connection are retried (on the next key) with backoff, bounded', async () => {
    const f = await serve((n) => (n === 1 ? { status: 503, rpcStatus: 'UNAVAILABLE', message: 'overloaded' } : n === 2 ? { drop: true } : { text: 'third time' }));
    const pool = new KeyPool(KEYS.slice(0, 2));
    const model = new GeminiModel({ pool, baseUrl: f.url, retryBackoffMs: 10 });
    assert.equal(await complete(model, ask), 'third time');
    assert.deepEqual(f.calls.map((c) => c.key), [KEYS[0], KEYS[1], KEYS[0]]);
    assert.deepEqual(pool.health().map((h) => h.disabled), [false, false]);

    const g = await startFakeGemini(() => ({ status: 500, rpcStatus: 'INTERNAL', message: 'boom' }));
    try {
      const m2 = new GeminiModel({ pool: new KeyPool(KEYS.slice(0, 1)), baseUrl: g.url, retryBackoffMs: 5, maxTransientRetries: 2 });
      await assert.rejects(complete(m2, ask), (e: ProviderError) => e.kind === 'network' && /after 3 tries: boom/.test(e.message));
      assert.equal(g.calls.length, 3);
    } finally {
      await g.close();
    }
  });

  it('an unknown model (404) is a clear not-found error, not a key problem', async () => {
    const f = await serve(() => ({ status: 404, rpcStatus: 'NOT_FOUND', message: 'models/nope is not found' }));
    const pool = new KeyPool(KEYS.slice(0, 2));
    const model = new GeminiModel({ pool, baseUrl: f.url, model: 'nope' });
    await assert.rejects(complete(model, ask), (e: ProviderError) => e.kind === 'not-found' && /model "nope" was not found \(algoagent\.gemini\.model\)/.test(e.message));
    assert.equal(f.calls.length, 1);
    assert.deepEqual(pool.health().map((h) => h.disabled), [false, false]);
  });

  it('honours an AbortSignal', async () => {
    const f = await serve(() => ({ text: 'late' }));
    const model = new GeminiModel({ pool: new KeyPool(KEYS.slice(0, 1)), baseUrl: f.url });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(complete(model, ask, { signal: ac.signal }), AbortError);
    assert.equal(f.calls.length, 0);
    const g = await startFakeGemini(() => new Promise<FakeReply>((r) => setTimeout(() => r({ text: 'too late' }), 3000)));
    try {
      const m2 = new GeminiModel({ pool: new KeyPool(KEYS.slice(0, 1)), baseUrl: g.url });
      const ac2 = new AbortController();
      setTimeout(() => ac2.abort(), 100);
      const t0 = Date.now();
      await assert.rejects(complete(m2, ask, { signal: ac2.signal }), AbortError);
      assert.ok(Date.now() - t0 < 2000);
    } finally {
      await g.close();
    }
  });

  it('no key string appears in any output, error, health record or call log', async () => {
    const f = await serve((n, key) =>
      n === 1 ? { status: 429, rpcStatus: 'RESOURCE_EXHAUSTED', message: `quota for ${key} exceeded`, retryDelay: '5s' }
        : n === 2 ? { status: 403, rpcStatus: 'PERMISSION_DENIED', message: `key ${key} is not allowed` }
          : { status: 400, message: `bad request with key=${key}` });
    const logged: string[] = [];
    const pool = new KeyPool(KEYS);
    const model = new GeminiModel({ pool, baseUrl: f.url, onCall: (c) => logged.push(JSON.stringify(c)) });
    const { value: err, output } = await captureOutput(async () => {
      try {
        await complete(model, ask);
        return undefined;
      } catch (e) {
        return e as Error;
      }
    });
    assert.ok(err instanceof ProviderError);
    assert.equal(f.calls.length, 3, 'the fake server did see the keys (in the header)');
    const everything = [output, err.message, String(err.stack), JSON.stringify(pool.health()), ...logged].join('\n');
    for (const k of KEYS) assert.ok(!everything.includes(k), `key ${keyId(k)} leaked`);
    assert.match(everything, new RegExp(keyId(KEYS[0])), 'messages name keys by id instead');
  });

  it('base URL: the setting wins, then env ALGOAGENT_GEMINI_BASE_URL', () => {
    assert.equal(geminiBaseUrl(' http://a ', { ALGOAGENT_GEMINI_BASE_URL: 'http://b' }), 'http://a');
    assert.equal(geminiBaseUrl('', { ALGOAGENT_GEMINI_BASE_URL: 'http://b' }), 'http://b');
    assert.equal(geminiBaseUrl(undefined, {}), undefined);
  });
});
