/**
 * The weighted vote that combines strategies (pure; the generated combination strategy carries the
 * same rule, see combine.ts). Each component is "in" from its entry signal until its exit signal.
 * The combination enters when the agreement becomes true — at least `minAgree` components in AND
 * their weight share Σw(in) ÷ Σw ≥ `minScore` — and it was not true on the bar before; it exits
 * as soon as any component signals an exit. A component that signals exit and entry on the same
 * bar counts as out.
 */
export interface VoteRule {
  weights: readonly number[];
  minAgree: number;
  /** Weight share the agreeing components need (0.5 = a weighted majority). */
  minScore: number;
}

export interface VoteState {
  inState: boolean[];
  agreed: boolean;
  long: boolean;
}

export type VoteAction = 'enter' | 'exit' | 'none';

export function initialVote(components: number): VoteState {
  return { inState: new Array<boolean>(components).fill(false), agreed: false, long: false };
}

/** Weight share of the components that are in (0 when every weight is 0). */
export function voteScore(weights: readonly number[], inState: readonly boolean[]): number {
  let total = 0;
  let yes = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    if (inState[i]) yes += weights[i];
  }
  return total > 0 ? yes / total : 0;
}

/** Advances the vote by one bar; mutates `state` and says what the combination does. */
export function voteStep(rule: VoteRule, state: VoteState, entries: readonly boolean[], exits: readonly boolean[]): VoteAction {
  let anyExit = false;
  let count = 0;
  for (let i = 0; i < state.inState.length; i++) {
    if (exits[i]) {
      anyExit = true;
      state.inState[i] = false;
    } else if (entries[i]) state.inState[i] = true;
    if (state.inState[i]) count++;
  }
  const agree = count >= rule.minAgree && voteScore(rule.weights, state.inState) >= rule.minScore;
  const wasAgreed = state.agreed;
  state.agreed = agree;
  if (state.long) {
    if (anyExit) {
      state.long = false;
      return 'exit';
    }
    return 'none';
  }
  if (agree && !wasAgreed) {
    state.long = true;
    return 'enter';
  }
  return 'none';
}

/** Runs the vote over whole signal columns (one boolean array per component); returns the actions per bar. */
export function voteSeries(rule: VoteRule, entries: readonly (readonly boolean[])[], exits: readonly (readonly boolean[])[]): VoteAction[] {
  const n = entries[0]?.length ?? 0;
  const state = initialVote(entries.length);
  const out: VoteAction[] = [];
  for (let t = 0; t < n; t++) out.push(voteStep(rule, state, entries.map((e) => e[t]), exits.map((e) => e[t])));
  return out;
}
