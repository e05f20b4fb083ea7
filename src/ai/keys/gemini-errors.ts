/**
 * What a failed Gemini call means for the key that made it. Reads the HTTP status and the
 * google.rpc error body that @google/genai puts in `ApiError.message` (JSON), including the
 * `RetryInfo.retryDelay` ("30s", "1.5s") the server sends with a 429.
 */

export type KeyFailure =
  /** 429 / RESOURCE_EXHAUSTED: cool the key down (for `retryAfterMs` when the server said). */
  | { type: 'quota'; retryAfterMs?: number; message: string }
  /** 401 / 403 / API_KEY_INVALID: the key is unusable until re-added. */
  | { type: 'auth'; message: string }
  /** 5xx, network failure, timeout: try another key after a pause. */
  | { type: 'transient'; message: string }
  /** Anything else (400 bad request, 404 model not found, safety block): not the key's fault. */
  | { type: 'request'; status?: number; message: string };

interface RpcError {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; retryDelay?: string; reason?: string }[];
}

function parseBody(message: string): RpcError | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const body = JSON.parse(message.slice(start)) as { error?: RpcError } | RpcError[];
    const first = Array.isArray(body) ? (body[0] as { error?: RpcError }) : body;
    return first?.error;
  } catch {
    return undefined;
  }
}

/** "30s", "1.5s", "250ms" → milliseconds. */
export function parseDelay(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^\s*([\d.]+)\s*(ms|s)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  return Math.round(m[2] === 'ms' ? n : n * 1000);
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown })?.status;
  return typeof s === 'number' ? s : undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function isNetworkError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (e instanceof TypeError && /fetch failed|network/i.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function classifyGeminiError(err: unknown): KeyFailure {
  const status = statusOf(err);
  const raw = err instanceof Error ? err.message : String(err);
  const body = parseBody(raw);
  const message = body?.message ?? raw;
  const reasons = (body?.details ?? []).map((d) => d.reason ?? '');
  if (status === 429 || body?.status === 'RESOURCE_EXHAUSTED') {
    const retry = body?.details?.find((d) => d.retryDelay !== undefined)?.retryDelay;
    return { type: 'quota', retryAfterMs: parseDelay(retry), message };
  }
  if (status === 401 || status === 403 || reasons.includes('API_KEY_INVALID') || /API_KEY_INVALID|API key not valid/i.test(raw)) {
    return { type: 'auth', message };
  }
  if ((status !== undefined && status >= 500) || status === 408 || isNetworkError(err)) {
    return { type: 'transient', message: status ? message : `network error: ${(err as Error)?.message ?? raw}` };
  }
  return { type: 'request', status, message };
}
