// c10d's key-value stores (torch.distributed.TCPStore, FileStore, PrefixStore): where ranks meet
// before the process group connects them. The stores are LibTorch's own; this is their TS face.
import { native, DistHandle } from '../native';
import { bind, signature } from '../python/binder';
import { typed, ranged } from '../python/check';

/**
 * A `datetime.timedelta` ported: `timedelta(seconds=30)` -> `{ seconds: 30 }`, or a number of
 * seconds.
 */
export type Timedelta = number | { days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number };

const isTimedelta = (v: unknown): boolean =>
  (typeof v === 'number' && v >= 0 && Number.isFinite(v)) ||
  (typeof v === 'object' && v !== null && Object.entries(v).every(([k, n]) => ['days', 'hours', 'minutes', 'seconds', 'milliseconds'].includes(k) && typeof n === 'number' && n >= 0));
export const timedeltaCheck = ranged<Timedelta>('a timedelta (seconds >= 0, or { seconds, minutes, ... })', isTimedelta);

/** The timedelta in whole milliseconds (at least 1: c10d reads 0 as "no timeout" in places). */
export function timedeltaMs(t: Timedelta): number {
  if (typeof t === 'number') return Math.max(1, Math.round(t * 1000));
  const ms = (t.days ?? 0) * 86400e3 + (t.hours ?? 0) * 3600e3 + (t.minutes ?? 0) * 60e3 + (t.seconds ?? 0) * 1e3 + (t.milliseconds ?? 0);
  return Math.max(1, Math.round(ms));
}

/** PyTorch's default_pg_timeout (30 minutes) and the TCPStore's own default (300 s). */
export const DEFAULT_PG_TIMEOUT: Timedelta = { minutes: 30 };
const DEFAULT_STORE_TIMEOUT: Timedelta = { seconds: 300 };

export function requireDistributed(): void {
  if (!native.distAvailable) throw new Error('torch.distributed is not available: this torchts build has no Gloo (install libgloo-dev and rebuild)');
}

const str = typed<string>('str', (v) => typeof v === 'string');
const port = ranged<number>('int in [0, 65535]', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535);
const optInt = typed<number | null>('int or None', (v) => v === null || Number.isInteger(v));
const int = typed<number>('int', Number.isInteger);
const bool = typed<boolean>('bool', (v) => typeof v === 'boolean');

const toBytes = (value: string | Uint8Array): Uint8Array => (typeof value === 'string' ? new TextEncoder().encode(value) : value);

/** Base class of the stores: `set`, `get` (bytes), `add` (an atomic counter). */
export class Store {
  /** @internal the native store */
  readonly _handle: DistHandle;
  /** @internal */
  constructor(handle: DistHandle) { this._handle = handle; }
  set(key: string, value: string | Uint8Array): void { native.distStoreSet(this._handle, key, toBytes(value)); }
  /** Waits (up to the store's timeout) until `key` is set. */
  get(key: string): Uint8Array { return native.distStoreGet(this._handle, key); }
  add(key: string, amount: number): number { return native.distStoreAdd(this._handle, key, amount); }
}

const tcpSpec = signature('TCPStore.__init__', ['host_name', 'port', 'world_size', 'is_master', 'timeout', 'wait_for_workers'],
  { world_size: null, is_master: false, timeout: DEFAULT_STORE_TIMEOUT, wait_for_workers: true },
  { implicit: 1, checks: { host_name: str, port, world_size: optInt, is_master: bool, timeout: timedeltaCheck, wait_for_workers: bool } });

/**
 * TCPStore(host_name, port, world_size=None, is_master=False, timeout=300 s, wait_for_workers=True):
 * the master serves the store from a thread of this process (port 0 picks a free port: read it
 * from `.port`); the others connect, retrying until `timeout`.
 */
export class TCPStore extends Store {
  readonly host: string;
  readonly port: number;
  constructor(...args: unknown[]) {
    requireDistributed();
    const [host, p, worldSize, isMaster, timeout, waitWorkers] = bind(tcpSpec, args) as [string, number, number | null, boolean, Timedelta, boolean];
    const [handle, bound] = native.distTcpStore(host, p, isMaster, worldSize, timedeltaMs(timeout), waitWorkers);
    super(handle);
    this.host = host;
    this.port = bound;
  }
}

const fileSpec = signature('FileStore.__init__', ['file_name', 'world_size'], { world_size: -1 },
  { implicit: 1, checks: { file_name: str, world_size: int } });

/** FileStore(file_name, world_size=-1): a store in a file every rank can reach (a shared filesystem). */
export class FileStore extends Store {
  constructor(...args: unknown[]) {
    requireDistributed();
    const [file, worldSize] = bind(fileSpec, args) as [string, number];
    super(native.distFileStore(file, worldSize, timedeltaMs(DEFAULT_STORE_TIMEOUT)));
  }
  /** @internal a FileStore with the process group's timeout */
  static _withTimeout(file: string, worldSize: number, timeoutMs: number): Store {
    requireDistributed();
    return new Store(native.distFileStore(file, worldSize, timeoutMs));
  }
}

const prefixSpec = signature('PrefixStore.__init__', ['prefix', 'store'], {},
  { implicit: 1, checks: { prefix: str, store: typed<Store>('Store', (v) => v instanceof Store) } });

/** PrefixStore(prefix, store): `store` with every key prefixed (one namespace per process group). */
export class PrefixStore extends Store {
  constructor(...args: unknown[]) {
    requireDistributed();
    const [prefix, store] = bind(prefixSpec, args) as [string, Store];
    super(native.distPrefixStore(prefix, store._handle));
  }
}
