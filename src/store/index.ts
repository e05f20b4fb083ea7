/** The execution history store: public surface. */
export { Store, type StoreOptions } from './store';
export { StoreMemory } from './memory';
export { strategyKey } from './runs';
export { LATEST as SCHEMA_VERSION, NewerSchemaError } from './schema';
export { LockTimeoutError } from './file-lock';
export type * from './types';
export type { KeyHealthRow } from './agent-records';
