/**
 * A fingerprint of the shared state one strategy could change for the next one in a reused child:
 * the global object's own properties and those of the built-ins and engine prototypes, by identity.
 * The parent reuses a child only when the fingerprint after a run equals the one before.
 */
import { Series } from '../engine/series';
import { Position, Strategy } from '../engine/strategy';

type Snapshot = Map<object, Map<PropertyKey, unknown>>;

function watched(): object[] {
  const ctors = [Object, Array, Function, String, Number, Boolean, Symbol, Date, RegExp, Promise, Map, Set, WeakMap,
    Error, TypeError, RangeError, ReferenceError, SyntaxError, Float64Array, Float32Array, Int32Array, Uint8Array, ArrayBuffer];
  const objs: object[] = [globalThis, Math, JSON, Reflect, console];
  for (const c of ctors) objs.push(c, c.prototype);
  objs.push(Strategy, Strategy.prototype, Series, Series.prototype, Position, Position.prototype);
  objs.push(Object.getPrototypeOf(Float64Array), Object.getPrototypeOf(Float64Array.prototype));
  return objs;
}

const WATCHED = watched();

function props(o: object): Map<PropertyKey, unknown> {
  const m = new Map<PropertyKey, unknown>();
  for (const k of Reflect.ownKeys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, k)!;
    m.set(k, 'value' in d ? d.value : d.get ?? d.set);
  }
  return m;
}

export function takeSnapshot(): Snapshot {
  const s: Snapshot = new Map();
  for (const o of WATCHED) s.set(o, props(o));
  s.set(WATCHED, new Map([['extensible', WATCHED.map((o) => Object.isExtensible(o))]]));
  return s;
}

export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  for (const o of WATCHED) {
    const x = a.get(o)!;
    const y = b.get(o)!;
    if (x.size !== y.size) return false;
    for (const [k, v] of x) if (!y.has(k) || !Object.is(y.get(k), v)) return false;
  }
  const ea = a.get(WATCHED)!.get('extensible') as boolean[];
  const eb = b.get(WATCHED)!.get('extensible') as boolean[];
  return ea.every((e, i) => e === eb[i]);
}
