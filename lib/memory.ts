// Tensor lifetime beyond the GC: tidy scopes, explicit dispose, live-memory statistics.
import { AsyncLocalStorage, createHook } from 'async_hooks';
import { native } from './native';
import { describeValue } from './python/check';
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

// Async scopes. Native code adds each new tensor to one "current" scope. A synchronous tidy makes
// its scope current for its duration (a plain stack, no async bookkeeping). An async callback runs
// with its scope id in an AsyncLocalStorage store, and while any async scope is open an async hook
// makes the store's scope current before each continuation and restores the previous one after.
// So overlapping tasks each own what they create, and code that runs after its scope closed (a
// late timer) belongs to no scope: the GC frees it.
const scopeStore = new AsyncLocalStorage<number>();
const entered: number[] = [];
let openAsyncScopes = 0;
const continuationHook = createHook({
  before() { entered.push(native.scopeEnter(scopeStore.getStore() ?? 0)); },
  after() { native.scopeEnter(entered.pop() ?? 0); },
});
const AsyncFunction = (async () => {}).constructor;

function asyncScopeOpened(): void {
  if (openAsyncScopes++ === 0) {
    entered.length = 0;
    continuationHook.enable();
  }
}

/** True when that was the last open async scope (the hook is off again). */
function releaseContinuationHook(): boolean {
  if (--openAsyncScopes !== 0) return false;
  continuationHook.disable();
  entered.length = 0;
  return true;
}

function asyncScopeClosed(): void {
  // no async scope is open, and settling runs outside every sync tidy
  if (releaseContinuationHook()) native.scopeEnter(0);
}

/** The scope of a callback that returned a promise closes when it settles. */
function closeOnSettle<T>(id: number, promise: Promise<T>, opened: boolean): Promise<T> {
  native.scopeLeave(id);  // the caller goes on in the enclosing scope
  if (!opened) asyncScopeOpened();
  return promise.then(
    (v) => { native.scopeEnd(id, collectTensors(v)); asyncScopeClosed(); return v; },
    (e) => { native.scopeEnd(id, []); asyncScopeClosed(); throw e; },
  );
}

/**
 * Runs fn and then frees every tensor it created except those reachable from its result (which
 * move to the enclosing scope). With an async callback the scope closes when the promise settles,
 * and follows its async context: overlapping async tidies each free only their own tensors.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`tidy(): expected a function for fn but received ${describeValue(fn)}`);
  const id: number = native.scopeBegin();
  // An async function's continuations must carry the scope id; a plain one needs no store. The
  // hook goes on before it runs: Node 24 calls a hook around the continuation of a promise only if
  // one was enabled when the promise was made (Node 20's AsyncLocalStorage kept its own on).
  const isAsync = fn.constructor === AsyncFunction;
  if (isAsync) asyncScopeOpened();
  let result: T;
  try {
    result = isAsync ? scopeStore.run(id, fn) : fn();
  } catch (e) {
    if (isAsync) releaseContinuationHook();
    native.scopeEnd(id, []);
    throw e;
  }
  if (result instanceof Promise) return closeOnSettle(id, result, isAsync) as unknown as T;
  if (isAsync) releaseContinuationHook();  // an async function's result from another realm
  native.scopeEnd(id, collectTensors(result));
  return result;
}

/**
 * `result`, after freeing `used` now: a library function's temporary, once the op that reads it
 * last has run, as Python's refcount frees it (its block is then reused while in cache). Only for
 * tensors the function made and nothing else can hold; an op may give its input back (dropout
 * when off), and then nothing is freed. What autograd saved stays alive through the graph.
 */
export function consumed<T>(used: Tensor, result: T): T {
  if ((used as unknown) !== result) native.dispose(used);
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
