/**
 * When to look for new bars and when the next cycle is due (interval-aware), and the clock the
 * agent runs on (the real one, or a fake in tests).
 */
import { intervalMs, toYahooInterval } from '../data/intervals';

export interface AgentClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: AgentClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, Math.min(ms, 2_147_000_000));
    t.unref?.();
    return t;
  },
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Slack after a bar should have closed before it is asked for (providers publish late). */
export const GRACE_MS = 5 * 60_000;
/** Never poll more often than this. */
export const MIN_POLL_MS = 60_000;

/**
 * When the bar after `lastBarTime` (bar times are opening times) should be complete: its open plus
 * one interval, plus grace. Bars already missed make it due now.
 */
export function nextBarDue(lastBarTime: number | null, timeframe: string, now: number): number {
  if (lastBarTime === null) return now;
  const ms = intervalMs(toYahooInterval(timeframe));
  const due = lastBarTime + 2 * ms + GRACE_MS;
  return due <= now ? now : Math.max(due, now + MIN_POLL_MS);
}

/** When the next cycle is due after `lastCycle` (ISO), every `hours`. */
export function nextCycleDue(lastCycle: string | undefined, hours: number): number {
  return lastCycle ? Date.parse(lastCycle) + hours * 3_600_000 : 0;
}
