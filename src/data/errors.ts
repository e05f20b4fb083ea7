/** Market-data failures a user can act on. `message` says what happened and what to do. */

export type MarketDataErrorKind =
  /** Yahoo does not know the symbol (or it is delisted). */
  | 'unknown-symbol'
  /** Yahoo kept answering 429 after the retries. */
  | 'rate-limited'
  /** No connection to Yahoo (DNS, refused, reset, timeout) and no cache to fall back on. */
  | 'network'
  /** Yahoo answered 5xx after the retries. */
  | 'server'
  /** The response was not the JSON Yahoo's chart API sends, or lacked expected fields. */
  | 'malformed'
  /** The connection closed before the whole response arrived. */
  | 'truncated'
  /** The range asks for intraday bars older than Yahoo serves. */
  | 'lookback'
  /** Yahoo refused the request as invalid (HTTP 400). */
  | 'bad-request'
  /** Invalid arguments (interval, dates) before anything was fetched. */
  | 'invalid'
  /** The range holds no bars. */
  | 'no-data';

export class MarketDataError extends Error {
  constructor(
    readonly kind: MarketDataErrorKind,
    message: string,
    readonly symbol?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MarketDataError';
  }
}

/** Kinds worth another attempt after a pause. */
export function isTransient(kind: MarketDataErrorKind): boolean {
  return kind === 'rate-limited' || kind === 'server' || kind === 'truncated';
}

/** Kinds for which cached bars are served instead of failing (Yahoo could not be reached or answered badly). */
export function allowsCacheFallback(kind: MarketDataErrorKind): boolean {
  return kind === 'network' || kind === 'rate-limited' || kind === 'server' || kind === 'truncated' || kind === 'malformed';
}
