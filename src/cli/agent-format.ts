/** Plain-text tables of the agent's strategies and paper accounts for `algoagent agent` / `paper`. */
import type { StrategyRecord } from '../autopilot/state';

const num = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : v.toFixed(digits));

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (r: string[]) => r.map((c, k) => (k === 0 ? c.padEnd(w[k]) : c.padStart(w[k]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export function strategyTable(list: readonly StrategyRecord[]): string {
  if (!list.length) return '(no strategies yet: run `algoagent agent cycle`)';
  return table(
    ['strategy', 'status', 'trades', 'win %', 'PF', 'return %', 'OOS PF'],
    list.map((s) => [s.id, s.status, String(s.figures?.trades ?? '—'), num(s.figures?.winRatePct, 1), num(s.figures?.profitFactor), num(s.figures?.returnPct, 1), num(s.outOfSample?.profitFactor)]),
  );
}

export function paperTable(list: readonly StrategyRecord[]): string {
  const rows = list.filter((s) => s.paper);
  if (!rows.length) return '(no paper accounts: strategies are paper-traded once a cycle promotes them)';
  return table(
    ['strategy', 'status', 'bars', 'last bar', 'live trades', 'open', 'equity'],
    rows.map((s) => {
      const p = s.paper!;
      return [s.id, s.status, String(p.processedBars), p.lastBarTime?.slice(0, 16) ?? '—', String(p.trades.filter((t) => t.entryBar >= p.liveFromBar).length), String(p.openTrades.length), num(p.equity[p.equity.length - 1])];
    }),
  );
}
