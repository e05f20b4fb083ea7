/** A unified diff of two texts (line-based LCS), for attempt records and previews. */

function lcsTable(a: string[], b: string[]): Uint32Array {
  const w = b.length + 1;
  const t = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      t[i * w + j] = a[i] === b[j] ? t[(i + 1) * w + j + 1] + 1 : Math.max(t[(i + 1) * w + j], t[i * w + j + 1]);
    }
  }
  return t;
}

type Op = { t: ' ' | '-' | '+'; line: string; ai: number; bi: number };

export function unifiedDiff(before: string, after: string, file = 'strategy', context = 3): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common head and tail so the quadratic table covers only the changed middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const ops: Op[] = [];
  for (let k = 0; k < head; k++) ops.push({ t: ' ', line: a[k], ai: k, bi: k });
  const t = lcsTable(am, bm);
  const w = bm.length + 1;
  let i = 0;
  let j = 0;
  while (i < am.length || j < bm.length) {
    if (i < am.length && j < bm.length && am[i] === bm[j]) ops.push({ t: ' ', line: am[i], ai: head + i++, bi: head + j++ });
    else if (i < am.length && (j === bm.length || t[(i + 1) * w + j] >= t[i * w + j + 1])) ops.push({ t: '-', line: am[i], ai: head + i++, bi: head + j });
    else ops.push({ t: '+', line: bm[j], ai: head + i, bi: head + j++ });
  }
  for (let k = 0; k < tail; k++) ops.push({ t: ' ', line: a[a.length - tail + k], ai: a.length - tail + k, bi: b.length - tail + k });

  const out = [`--- a/${file}`, `+++ b/${file}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].t === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while changes are within 2*context lines of each other.
    for (let m = k; m < ops.length; m++) {
      if (ops[m].t !== ' ') end = m;
      else if (m - end > 2 * context) break;
    }
    end = Math.min(ops.length - 1, end + context);
    const hunk = ops.slice(start, end + 1);
    const aCount = hunk.filter((o) => o.t !== '+').length;
    const bCount = hunk.filter((o) => o.t !== '-').length;
    const aStart = hunk[0].ai + (aCount ? 1 : 0);
    const bStart = hunk[0].bi + (bCount ? 1 : 0);
    out.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const o of hunk) out.push(o.t + o.line);
    k = end + 1;
  }
  return out.join('\n') + '\n';
}
