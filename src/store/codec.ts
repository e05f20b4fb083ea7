/**
 * Compact column encodings for the runs table.
 *
 * - Per-bar columns (equity, drawdown) are the raw little-endian bytes of a Float64Array: 8 bytes a
 *   bar, NaN and -0 kept exactly.
 * - Structured values (trades, indicators, open trades, log) are "packed": JSON in which every
 *   Float64Array is replaced by a reference into a binary section, non-finite numbers and -0 are
 *   tagged so they come back as they went in, and the JSON text is deflated when it is large.
 *
 * Packed layout: "AAP1" | u32 flags (bit 0: JSON deflated) | u32 JSON byte length | JSON bytes |
 * zero padding to a multiple of 8 | binary section (Float64 values).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const MAGIC = 0x31504141; // "AAP1" little-endian
const DEFLATE_ABOVE = 2048;
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

export class CodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodecError';
  }
}

/** Float64 column → bytes (no copy when given a Float64Array on a little-endian machine). */
export function encodeF64(values: ArrayLike<number | null>): Uint8Array {
  const a = values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number | null>, (v) => (v === null ? NaN : v));
  if (LITTLE_ENDIAN) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i], true);
  return out;
}

/** Bytes → a fresh Float64Array. */
export function decodeF64(bytes: Uint8Array, offset = 0, length = bytes.length - offset): Float64Array {
  if (length % 8 !== 0) throw new CodecError(`a Float64 column has ${length} bytes, not a multiple of 8`);
  if (LITTLE_ENDIAN) {
    const copy = bytes.slice(offset, offset + length);
    return new Float64Array(copy.buffer, copy.byteOffset, length / 8);
  }
  const out = new Float64Array(length / 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

type Tagged = { $: 'f64'; at: number; n: number } | { $: 'n'; v: string } | { $: 'o'; v: [string, unknown][] } | { $: 'a'; v: unknown[] } | { $: 'u' };
const UNDEFINED: Tagged = { $: 'u' };

function needsEntries(o: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(o) !== Object.prototype && Object.getPrototypeOf(o) !== null) return false;
  for (const k in o) if (k === '$' || o[k] === undefined) return true;
  return false;
}

/** Value → packed bytes. */
export function pack(value: unknown): Uint8Array {
  const chunks: Float64Array[] = [];
  let binaryBytes = 0;
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { $: 'n', v: Object.is(v, -0) ? '-0' : String(v) } satisfies Tagged;
    }
    if (v instanceof Float64Array) {
      const tag: Tagged = { $: 'f64', at: binaryBytes, n: v.length };
      chunks.push(v);
      binaryBytes += v.byteLength;
      return tag;
    }
    if (v && typeof v === 'object' && v !== UNDEFINED) {
      if (Array.isArray(v)) return v.includes(undefined) ? ({ $: 'a', v: v.map((x: unknown) => (x === undefined ? UNDEFINED : x)) } satisfies Tagged) : v;
      // An object with its own "$" key (it could pass for a tag) or an explicit `undefined` (JSON
      // would drop it) goes as a list of entries. A tag returned here is not replaced again.
      if (needsEntries(v as Record<string, unknown>)) {
        return { $: 'o', v: Object.entries(v).map(([k, x]) => [k, x === undefined ? UNDEFINED : x]) } satisfies Tagged;
      }
    }
    return v;
  }) ?? 'null';
  let text: Uint8Array = Buffer.from(json, 'utf8');
  let flags = 0;
  if (text.length > DEFLATE_ABOVE) {
    text = deflateRawSync(text, { level: 1 });
    flags |= 1;
  }
  const head = 12;
  const binaryAt = align8(head + text.length);
  const out = new Uint8Array(binaryAt + binaryBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, flags, true);
  view.setUint32(8, text.length, true);
  out.set(text, head);
  let at = binaryAt;
  for (const c of chunks) {
    out.set(encodeF64(c), at);
    at += c.byteLength;
  }
  return out;
}

/** Packed bytes → value. */
export function unpack(bytes: Uint8Array): unknown {
  if (bytes.length < 12) throw new CodecError(`a packed value is ${bytes.length} bytes, too short for its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new CodecError('a packed value does not start with AAP1');
  const flags = view.getUint32(4, true);
  const textLength = view.getUint32(8, true);
  if (12 + textLength > bytes.length) throw new CodecError('a packed value is truncated');
  let text = bytes.subarray(12, 12 + textLength);
  if (flags & 1) text = inflateRawSync(text);
  const binaryAt = align8(12 + textLength);
  return JSON.parse(Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8'), (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v) || !('$' in v)) return v;
    const t = v as Tagged;
    switch (t.$) {
      case 'f64':
        if (binaryAt + t.at + t.n * 8 > bytes.length) throw new CodecError('a packed Float64 column points past the end');
        return decodeF64(bytes, binaryAt + t.at, t.n * 8);
      case 'n':
        return t.v === '-0' ? -0 : Number(t.v);
      case 'o':
        // An entry whose value was undefined came back as a hole: Object.fromEntries keeps the key.
        return Object.fromEntries(t.v);
      case 'a':
        return Array.from(t.v); // holes (undefined members) become undefined again
      case 'u':
        return undefined;
      default:
        return v;
    }
  });
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
