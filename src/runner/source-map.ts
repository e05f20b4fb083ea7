/**
 * Just enough of Source Map v3 to map a generated (line, column) back to the original file:
 * decodes the base64-VLQ `mappings` once, then answers look-ups by binary search.
 */
export interface OriginalPosition {
  source: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

interface RawMap {
  sources: string[];
  mappings: string;
  sourceRoot?: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let k = 0; k < B64.length; k++) DIGIT[B64.charCodeAt(k)] = k;

export class SourceMapLookup {
  /** Per generated line: flat [genCol, srcIdx, srcLine, srcCol, …] sorted by genCol (all 0-based). */
  private readonly lines: number[][] = [];
  readonly sources: string[];

  constructor(map: RawMap) {
    this.sources = map.sources;
    let src = 0;
    let srcLine = 0;
    let srcCol = 0;
    for (const lineText of map.mappings.split(';')) {
      const seg: number[] = [];
      let genCol = 0;
      if (lineText) {
        for (const segment of lineText.split(',')) {
          const v = decodeVlq(segment);
          if (!v.length) continue;
          genCol += v[0];
          if (v.length >= 4) {
            src += v[1];
            srcLine += v[2];
            srcCol += v[3];
            seg.push(genCol, src, srcLine, srcCol);
          }
        }
      }
      this.lines.push(seg);
    }
  }

  /** Maps a 1-based generated position; null when the line has no mapping. */
  originalPosition(line: number, column: number): OriginalPosition | null {
    const seg = this.lines[line - 1];
    if (!seg || !seg.length) return null;
    const col = column - 1;
    let best = 0;
    for (let k = 0; k < seg.length; k += 4) {
      if (seg[k] <= col) best = k;
      else break;
    }
    return { source: this.sources[seg[best + 1]], line: seg[best + 2] + 1, column: seg[best + 3] + 1 };
  }

  /** Reads the inline `//# sourceMappingURL=data:…;base64,…` comment of generated code. */
  static fromInline(code: string): SourceMapLookup | null {
    const m = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
    if (!m) return null;
    return new SourceMapLookup(JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) as RawMap);
  }
}

function decodeVlq(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (let k = 0; k < s.length; k++) {
    const d = DIGIT[s.charCodeAt(k)];
    if (d < 0) throw new Error(`invalid source map character "${s[k]}"`);
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}
