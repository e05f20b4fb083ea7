/**
 * CSV market-data loader.
 *
 * Accepted layout: one header line, then one bar per line.
 *
 * - Header names are trimmed and matched case-insensitively.
 * - Time column: `Date`, `Datetime`, `Time` or `Timestamp`, or an empty first header cell
 *   (the layout pandas writes for a DatetimeIndex, e.g. `,Open,High,Low,Close,Volume`).
 * - `Open`, `High`, `Low`, `Close` are required and must hold finite numbers (`null`, `NaN` or an
 *   empty cell is an error). `Volume` is optional: a missing column or an empty / `NaN` / `null` /
 *   `NA` cell reads as NaN.
 * - `Adj Close` (`AdjClose`, `adj_close`) is accepted but ignored: prices are always taken from the
 *   raw `Open`/`High`/`Low`/`Close` columns, never adjusted. Any other column is ignored as well.
 * - Times: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff]]`, the same with `T` and an optional `Z` or
 *   `±HH[:MM]` offset (UTC when there is none), or a number of seconds / milliseconds since the
 *   epoch (values above 1e11 are taken as milliseconds).
 * - Delimiter: `,`, `;` or tab, whichever the header uses. Fields may be double-quoted.
 * - CRLF line ends, a UTF-8 byte-order mark and blank lines are tolerated.
 *
 * Rows must be in strictly ascending time order. Of the OHLC consistency rules only `high < low`
 * is refused: a high below the open/close or a low above it is common in real feeds and accepted.
 * Anything else is refused with a {@link CsvError} that names the file and the 1-based line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Bars } from '../engine/bars';

/** Bad CSV input. `message` is `${file}:${line}: ${reason}`. */
export class CsvError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line number in the file; the header is line 1. */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  /** Instrument name stored in `Bars.symbol`. */
  symbol?: string;
  /** Bar interval stored in `Bars.interval`; inferred from the time spacing when omitted. */
  interval?: string;
}

const TIME_NAMES = ['datetime', 'timestamp', 'date', 'time'];
const PRICE_COLUMNS = ['Open', 'High', 'Low', 'Close'] as const;
const VOLUME_NAMES = ['volume', 'vol'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Parses CSV text into Bars. Pure: no I/O. `file` is only used in error messages. */
export function parseCsv(text: string, file = '<input>', opts: CsvOptions = {}): Bars {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.indexOf('\n') >= 0 ? text.split('\n') : text.split('\r');
  const nLines = lines.length;

  // Header: first non-blank line.
  let li = 0;
  while (li < nLines && isBlank(lines[li])) li++;
  if (li === nLines) throw new CsvError(file, 1, 'empty file');
  const headerLine = stripCr(lines[li]);
  const headerLineNo = li + 1;
  li++;

  const delim = detectDelimiter(headerLine);
  const header = splitFields(headerLine, delim).map((h) => unquote(h).trim().toLowerCase());
  const nFields = header.length;

  let timeCol = -1;
  for (const name of TIME_NAMES) {
    timeCol = header.indexOf(name);
    if (timeCol >= 0) break;
  }
  if (timeCol < 0 && header[0] === '') timeCol = 0;
  const priceCols: number[] = [];
  for (const name of PRICE_COLUMNS) {
    const c = header.indexOf(name.toLowerCase());
    if (c < 0) throw new CsvError(file, headerLineNo, `missing column "${name}"`);
    priceCols.push(c);
  }
  if (timeCol < 0) {
    throw new CsvError(
      file,
      headerLineNo,
      'missing time column (Date, Datetime, Time, Timestamp or an unnamed first column)',
    );
  }
  let volCol = -1;
  for (const name of VOLUME_NAMES) {
    volCol = header.indexOf(name);
    if (volCol >= 0) break;
  }
  const [openCol, highCol, lowCol, closeCol] = priceCols;

  // Most files have no quotes at all; then a plain split per line is enough.
  const quoted = text.indexOf('"') >= 0;
  const cap = nLines - li;
  const time = new Float64Array(cap);
  const open = new Float64Array(cap);
  const high = new Float64Array(cap);
  const low = new Float64Array(cap);
  const close = new Float64Array(cap);
  const volume = new Float64Array(cap);
  let n = 0;
  let prevTime = NaN;

  const num = (cells: string[], col: number, name: string, lineNo: number): number => {
    const s = cell(cells, col, quoted);
    const v = parseNumber(s);
    if (v !== v) throw new CsvError(file, lineNo, `unparsable number "${s}" in column "${name}"`);
    return v;
  };

  for (; li < nLines; li++) {
    const raw = lines[li];
    if (isBlank(raw)) continue;
    const lineNo = li + 1;
    const line = stripCr(raw);
    const cells = quoted ? splitFields(line, delim) : line.split(delim);
    if (cells.length !== nFields) {
      throw new CsvError(file, lineNo, `expected ${nFields} fields, found ${cells.length}`);
    }

    const ts = cell(cells, timeCol, quoted);
    const t = parseTime(ts);
    if (t !== t) throw new CsvError(file, lineNo, `unparsable time "${ts}"`);

    const o = num(cells, openCol, 'Open', lineNo);
    const h = num(cells, highCol, 'High', lineNo);
    const l = num(cells, lowCol, 'Low', lineNo);
    const c = num(cells, closeCol, 'Close', lineNo);
    let v = NaN;
    if (volCol >= 0) {
      const vs = cell(cells, volCol, quoted);
      if (vs !== '' && !isMissingMarker(vs)) {
        v = parseNumber(vs);
        if (v !== v) throw new CsvError(file, lineNo, `unparsable number "${vs}" in column "Volume"`);
      }
    }
    // Only high < low is refused: high below open/close and low above open/close occur in real feeds.
    if (h < l) throw new CsvError(file, lineNo, `high < low (${h} < ${l})`);

    if (n > 0) {
      if (t === prevTime) throw new CsvError(file, lineNo, `duplicate time ${formatTime(t)}`);
      if (t < prevTime) {
        throw new CsvError(
          file,
          lineNo,
          `time ${formatTime(t)} is before the previous row's ${formatTime(prevTime)} (rows must be in ascending time order)`,
        );
      }
    }
    prevTime = t;

    time[n] = t;
    open[n] = o;
    high[n] = h;
    low[n] = l;
    close[n] = c;
    volume[n] = v;
    n++;
  }

  if (n === 0) throw new CsvError(file, headerLineNo, 'no data rows');

  const out = {
    time: time.slice(0, n),
    open: open.slice(0, n),
    high: high.slice(0, n),
    low: low.slice(0, n),
    close: close.slice(0, n),
    volume: volume.slice(0, n),
    symbol: opts.symbol,
    interval: opts.interval,
  };
  if (out.interval === undefined) {
    const inferred = inferInterval(out.time);
    if (inferred !== '') out.interval = inferred;
  }
  return out;
}

/**
 * Reads a CSV file (synchronously) and parses it. `symbol` defaults to the file's base name without
 * extension, upper-cased (`data/goog.csv` → `GOOG`); `interval` is inferred from the time spacing.
 */
export function loadCsv(file: string, opts: CsvOptions = {}): Bars {
  const text = fs.readFileSync(file, 'utf8');
  const symbol = opts.symbol ?? path.basename(file, path.extname(file)).toUpperCase();
  return parseCsv(text, file, { ...opts, symbol });
}

/**
 * Names the bar interval from the median spacing of `time` (ms): `1m`, `5m`, `15m`, `30m`, `1h`,
 * `4h`, `1d`, `1wk`, `1mo`, `3mo`, `1y`, or another multiple such as `2h`, `3d`, `2wk`, `90s`.
 * Gaps such as weekends or market closes do not matter as long as most bars are evenly spaced.
 * Returns `''` for fewer than two bars.
 */
export function inferInterval(time: Float64Array): string {
  const m = time.length - 1;
  if (m < 1) return '';
  const diffs = new Float64Array(m);
  for (let i = 0; i < m; i++) diffs[i] = time[i + 1] - time[i];
  diffs.sort();
  // Lower median: with a mix of 1-day and 3-day (weekend) gaps this keeps the regular spacing.
  const med = diffs[(m - 1) >> 1];
  if (!(med > 0)) return '';

  if (med >= 27 * DAY && med <= 32 * DAY) return '1mo';
  if (med >= 88 * DAY && med <= 93 * DAY) return '3mo';
  if (med >= 360 * DAY && med <= 367 * DAY) return '1y';
  if (med % WEEK === 0) return `${med / WEEK}wk`;
  if (med % DAY === 0) return `${med / DAY}d`;
  if (med % HOUR === 0) return `${med / HOUR}h`;
  if (med % MINUTE === 0) return `${med / MINUTE}m`;
  if (med % 1000 === 0) return `${med / 1000}s`;
  return `${Math.round(med)}ms`;
}

/* ------------------------------------------------------------------------------------------ */

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

/** `,`, `;` or tab, whichever occurs most often (outside quotes) in the header; `,` on a tie. */
function detectDelimiter(header: string): string {
  let comma = 0;
  let semi = 0;
  let tab = 0;
  let inQuotes = false;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === 44) comma++;
    else if (c === 59) semi++;
    else if (c === 9) tab++;
  }
  if (semi > comma && semi >= tab) return ';';
  if (tab > comma && tab > semi) return '\t';
  return ',';
}

/** Splits one line on `delim`, keeping delimiters that sit inside double quotes. */
function splitFields(line: string, delim: string): string[] {
  if (line.indexOf('"') < 0) return line.split(delim);
  const out: string[] = [];
  const d = delim.charCodeAt(0);
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === d && !inQuotes) {
      out.push(line.slice(start, i));
      start = i + 1;
    }
  }
  out.push(line.slice(start));
  return out;
}

/** Removes surrounding double quotes (and un-doubles inner `""`); leaves other text alone. */
function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && t.charCodeAt(0) === 34 && t.charCodeAt(t.length - 1) === 34) {
    return t.slice(1, -1).replace(/""/g, '"');
  }
  return t;
}

function cell(cells: string[], col: number, quoted: boolean): string {
  const s = cells[col];
  return quoted && s.indexOf('"') >= 0 ? unquote(s).trim() : s.trim();
}

function isMissingMarker(s: string): boolean {
  const l = s.toLowerCase();
  return l === 'nan' || l === 'null' || l === 'na' || l === 'n/a';
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** A finite decimal number (digits, sign, point, exponent), else NaN. */
function parseNumber(s: string): number {
  const len = s.length;
  if (len === 0) return NaN;
  // Fast path for plain decimals with at most 15 digits: the integer mantissa and the power of ten
  // are exact doubles, so one correctly rounded division gives the same result as Number(s).
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i = 1;
  }
  let mant = 0;
  let nDigits = 0;
  let frac = -1;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      nDigits++;
    } else if (c === 46 && frac < 0) {
      frac = i;
    } else {
      break;
    }
  }
  if (i === len && nDigits > 0 && nDigits <= 15) {
    const v = frac < 0 ? mant : mant / POW10[len - frac - 1];
    return neg ? -v : v;
  }
  // General path (exponents, long mantissas), still refusing hex, `Infinity`, whitespace and the like.
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(k);
    // 0-9 . + - e E
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) return NaN;
  }
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12); plain arithmetic, no Date. */
function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Parses one time cell to ms since the epoch (UTC), or NaN. */
function parseTime(s: string): number {
  const n = s.length;
  if (n === 0) return NaN;

  // Epoch seconds or milliseconds.
  if (n < 10 || (s.charCodeAt(4) !== 45 && s.charCodeAt(4) !== 47)) {
    const v = parseNumber(s);
    if (v !== v || v < 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0) return NaN;
    return v > 1e11 ? v : v * 1000;
  }

  // YYYY-MM-DD (or YYYY/MM/DD)
  const sep = s.charCodeAt(4);
  if (s.charCodeAt(7) !== sep) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  const dayMs = daysFromCivil(y, mo, d) * DAY;
  if (n === 10) return dayMs;

  // [T ]HH:MM[:SS[.fff]][Z|±HH[:MM]]
  const tsep = s.charCodeAt(10);
  if (tsep !== 84 && tsep !== 116 && tsep !== 32) return NaN;
  if (n < 16 || s.charCodeAt(13) !== 58) return NaN;
  const hh = digits(s, 11, 2);
  const mm = digits(s, 14, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return NaN;
  let i = 16;
  let ss = 0;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 58) {
    ss = digits(s, i + 1, 2);
    if (i + 3 > n || ss < 0 || ss > 59) return NaN;
    i += 3;
    if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
      i++;
      let scale = 100;
      const start = i;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return NaN;
      ms = Math.floor(ms);
    }
  }
  let offsetMin = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if ((c === 90 || c === 122) && i + 1 === n) {
      // Z
    } else if (c === 43 || c === 45) {
      const rest = n - i - 1;
      const oh = digits(s, i + 1, 2);
      let om = 0;
      if (rest === 2) om = 0;
      else if (rest === 4) om = digits(s, i + 3, 2);
      else if (rest === 5 && s.charCodeAt(i + 3) === 58) om = digits(s, i + 4, 2);
      else return NaN;
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
      offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
    } else {
      return NaN;
    }
  }
  return dayMs + (hh * 60 + mm - offsetMin) * MINUTE + ss * 1000 + ms;
}

/** `YYYY-MM-DD` at midnight UTC, else ISO without milliseconds (kept only when non-zero). */
function formatTime(t: number): string {
  const iso = new Date(t).toISOString();
  if (t % DAY === 0) return iso.slice(0, 10);
  return t % 1000 === 0 ? iso.slice(0, 19) + 'Z' : iso;
}
