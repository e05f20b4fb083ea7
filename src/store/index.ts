/** The execution history store: public surface. */
export { Store, type StoreOptions, type AgentStateChange } from './store';
export { StoreMemory } from './memory';
export { strategyKey } from './runs';
export { LATEST as SCHEMA_VERSION, NewerSchemaError } from './schema';
export { LockTimeoutError } from './file-lock';
export type * from './types';
export type { KeyHealthRow } from './agent-records';
export type { AgentEventRow, AgentMeta, StoredAgentState } from './agent-lifecycle';
