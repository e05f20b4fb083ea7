/**
 * Loads sql.js (SQLite compiled to WebAssembly) once per process. The `.wasm` file sits beside the
 * running bundle (`dist/sql-wasm.wasm`, copied by the build); from source (tests, tsx) it is taken
 * from the sql.js package.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type initSqlJs from 'sql.js';

export type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;
export type SqlDatabase = InstanceType<SqlJs['Database']>;

let loading: Promise<SqlJs> | undefined;

/** Where `sql-wasm.wasm` is: beside this bundle, else inside node_modules/sql.js. */
export function wasmPath(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (existsSync(beside)) return beside;
  try {
    return require.resolve('sql.js/dist/sql-wasm.wasm');
  } catch {
    throw new Error(`sql-wasm.wasm not found: looked beside the extension (${beside}) and in the sql.js package`);
  }
}

export function loadSqlJs(): Promise<SqlJs> {
  loading ??= (async () => {
    const bytes = readFileSync(wasmPath());
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Required here, not at load: the extension's activation does not pay for SQLite until a
    // history query or a record needs it.
    const { default: init } = await import('sql.js');
    return init({ wasmBinary });
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
