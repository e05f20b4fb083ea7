/** Parameter search: grid, random (budget + seed) and adaptive (TPE-style), over an injected evaluator. */
export { adaptivePoints, type AdaptiveOptions, type ScoredPoint } from './adaptive';
export { randomIndex, seededRandom, type Random } from './prng';
export { randomCombos, samplePoints } from './random';
export { SEARCH_METHODS, SearchCancelled, searchParams, type Evaluate, type SearchMethod, type SearchOptions, type SearchResult } from './run';
export { allPoints, comboAt, pointOf, searchSpace, type SearchSpace } from './space';
