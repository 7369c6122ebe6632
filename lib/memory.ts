// Tensor lifetime beyond the GC: tidy scopes, explicit dispose, live-memory statistics.
import { native } from './native';
import { describe } from './errors';
import { Tensor } from './tensor';

/** Every tensor reachable from `value` through arrays, Maps, Sets and object properties. */
function collectTensors(value: unknown, out: Tensor[] = [], seen = new Set<unknown>()): Tensor[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (value instanceof Tensor) {
    out.push(value);
    return out;
  }
  if (value instanceof Map) for (const [k, v] of value) { collectTensors(k, out, seen); collectTensors(v, out, seen); }
  else if (value instanceof Set || Array.isArray(value)) for (const v of value) collectTensors(v, out, seen);
  else for (const key of Object.keys(value)) collectTensors((value as any)[key], out, seen);
  return out;
}

/**
 * Runs fn and then frees every tensor it created except those reachable from its result (which
 * move to the enclosing scope). Works with async callbacks: the scope closes when the promise settles.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`tidy(): expected a function for fn but received ${describe(fn)}`);
  const id: number = native.scopeBegin();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    native.scopeEnd(id, []);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (v) => { native.scopeEnd(id, collectTensors(v)); return v; },
      (e) => { native.scopeEnd(id, []); throw e; },
    ) as unknown as T;
  }
  native.scopeEnd(id, collectTensors(result));
  return result;
}

/** Frees the tensors in `value` (a tensor, or arrays/objects holding tensors) now. */
export function dispose(value: unknown): void {
  for (const t of collectTensors(value)) native.dispose(t);
}

export interface MemoryInfo {
  /** Native tensors alive (not yet collected or disposed). */
  tensors: number;
  /** Their element bytes (views counted per tensor). */
  bytes: number;
  /** Collections torchts triggered from its native-memory budget. */
  minorCollections: number;
  fullCollections: number;
  /** Collected small tensors whose memory is freed one per new tensor (so freed blocks are reused hot). */
  pendingFree: number;
}

/** torch.memory(): live native tensors and bytes in this thread. */
export function memory(): MemoryInfo {
  const [tensors, bytes, minorCollections, fullCollections, pendingFree] = native.memoryStats();
  return { tensors, bytes, minorCollections, fullCollections, pendingFree };
}

/** Frees every unreachable tensor now (a full GC), pending ones included. */
export function collect(): void { native.collect(); }
