/**
 * What data the next run uses, as the user chose it (Select Data, `--data`, `--symbol`, a
 * strategy's `meta`). Resolved to bars by the data service; the runner receives a DataSpec.
 */
export type DataSelection =
  | { kind: 'sample' }
  | { kind: 'csv'; path: string }
  | { kind: 'symbol'; symbol: string; interval: string; from?: string; to?: string };

export function describeSelection(s: DataSelection): string {
  switch (s.kind) {
    case 'sample':
      return 'bundled sample data';
    case 'csv':
      return s.path;
    case 'symbol':
      return `${s.symbol} ${s.interval}${s.from ? ` from ${s.from}` : ''}${s.to ? ` to ${s.to}` : ''}`;
  }
}
