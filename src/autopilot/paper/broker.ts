/**
 * Where the agent's orders go. `PaperBroker` is the only implementation: it simulates fills with
 * the engine's own rules (market orders at the next bar's open, commission, stops) and never sends
 * an order anywhere. A live exchange adapter would implement the same interface.
 */
import type { Bars } from '../../engine/bars';
import type { BacktestOptions } from '../../engine/options';
import type { Params } from '../../engine/strategy';
import type { RunBacktest } from '../../runner/protocol';
import { formatFailure } from '../../runner/failure';
import { AgentError } from '../errors';
import { type Booked, type PaperAccount, book } from './account';

export interface Broker {
  /** `paper`: simulated, no order leaves this machine. */
  readonly mode: 'paper';
  /** Brings the account up to date with `bars` (all of the account's bars, oldest first); returns what is new. */
  advance(account: PaperAccount, bars: Bars, signal?: AbortSignal): Promise<Booked>;
}

export interface PaperBrokerOptions {
  run: RunBacktest;
  strategyPath: string;
  root?: string;
  options?: BacktestOptions;
  params?: Params;
}

export class PaperBroker implements Broker {
  readonly mode = 'paper' as const;
  constructor(private readonly o: PaperBrokerOptions) {}

  async advance(account: PaperAccount, bars: Bars, signal?: AbortSignal): Promise<Booked> {
    const n = bars.close.length;
    const first = n ? new Date(bars.time[0]).toISOString() : null;
    if (first !== account.from) {
      throw new AgentError('NO_DATA', `paper account of ${this.o.strategyPath}: the bars start at ${first ?? '(none)'}, the account at ${account.from}`, 'Give the bars from the account\'s first bar on (the data source must keep its history).');
    }
    if (n < account.processedBars) {
      throw new AgentError('NO_DATA', `paper account of ${this.o.strategyPath}: ${n} bars given, ${account.processedBars} already processed`, 'The data lost bars it had before; download it again.');
    }
    if (n === account.processedBars) return { newBars: 0, fills: [] };
    const outcome = await this.o.run(
      { strategyPath: this.o.strategyPath, root: this.o.root, data: { kind: 'bars', bars }, options: { ...this.o.options, cash: account.cash, finalizeTrades: false }, params: this.o.params },
      { signal },
    );
    if (!outcome.ok) throw new AgentError('BAD_STATE', `paper run of ${this.o.strategyPath} failed: ${formatFailure(outcome.failure)}`, 'Open the strategy file and fix it (AlgoAgent: Fix with AI), then start the agent again.');
    return book(account, outcome.result, n);
  }
}
