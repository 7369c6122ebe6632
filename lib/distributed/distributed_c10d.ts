// torch.distributed's process groups and collectives (PyTorch's distributed_c10d.py): the default
// group from init_process_group, subgroups from new_group, and every collective as one c10d call
// on the group's Gloo process group. Ranks in arguments (src, dst) are global ranks, as in PyTorch.
import { native, DistHandle } from '../native';
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { bind, signature, Spec } from '../python/binder';
import { typed, ranged, Check } from '../python/check';
import { save, load } from '../serialization';
import { empty, from_blob, zeros } from '../creation';
import { uint8, int64, complex64, complex128 } from '../dtype';
import { forRelease } from '../release';
import { callAten } from '../ops/dispatch';
import { Store, TCPStore, FileStore, PrefixStore, Timedelta, timedeltaCheck, timedeltaMs, DEFAULT_PG_TIMEOUT, requireDistributed } from './store';
import { Work } from './work';

/** Reduction operations (torch.distributed.ReduceOp); Gloo averages from PyTorch 2.8 on (before, AVG is its error). */
export const ReduceOp = Object.freeze({ SUM: 0, AVG: 1, PRODUCT: 2, MIN: 3, MAX: 4, BAND: 5, BOR: 6, BXOR: 7 } as const);
export type ReduceOp = (typeof ReduceOp)[keyof typeof ReduceOp];

/** A process group: the default one (GroupMember.WORLD) or one from new_group(ranks). */
export class ProcessGroup {
  /** @internal */
  _handle: DistHandle | null;
  /** @internal the global rank of each group rank */
  readonly _ranks: readonly number[];
  /** @internal */
  readonly _store: Store;
  /** @internal in milliseconds */
  readonly _timeoutMs: number;
  /** @internal 'gloo' or 'nccl' */
  readonly _backend: 'gloo' | 'nccl';
  /** @internal */
  constructor(handle: DistHandle, backend: 'gloo' | 'nccl', ranks: readonly number[], store: Store, timeoutMs: number) {
    this._handle = handle;
    this._backend = backend;
    this._ranks = ranks;
    this._store = store;
    this._timeoutMs = timeoutMs;
  }
  rank(): number { return this._ranks.indexOf(defaultState().rank); }
  size(): number { return this._ranks.length; }
  toString(): string { return `<torch.distributed.ProcessGroup${this._backend === 'nccl' ? 'NCCL' : 'Gloo'} (ranks ${this._ranks.join(', ')})>`; }
}

/** What new_group returns on a rank outside `ranks` (collectives on it do nothing). */
const NON_GROUP_MEMBER: unique symbol = Symbol('NON_GROUP_MEMBER');
export const GroupMember: { WORLD: ProcessGroup | null; readonly NON_GROUP_MEMBER: typeof NON_GROUP_MEMBER } = { WORLD: null, NON_GROUP_MEMBER };
export type Group = ProcessGroup | typeof NON_GROUP_MEMBER | null;

interface DefaultState { group: ProcessGroup; store: Store; rank: number; worldSize: number; groups: ProcessGroup[]; groupCount: number }
let state: DefaultState | null = null;

function defaultState(): DefaultState {
  if (state === null) throw new TorchError('Default process group has not been initialized, please make sure to call init_process_group.', 'RuntimeError');
  return state;
}

/** True: this build binds c10d with Gloo (false when it was built without Gloo's headers). */
export function is_available(): boolean { return native.distAvailable; }
export function is_initialized(): boolean { return state !== null; }
export function is_gloo_available(): boolean { return native.distAvailable; }
/** True when this build binds c10d's NCCL process group (a CUDA build of LibTorch with NCCL; see the README). */
export function is_nccl_available(): boolean { return native.distNcclAvailable; }

const rendezvousError = (scheme: string, what: string): TorchError =>
  new TorchError(`Error initializing torch.distributed using ${scheme} rendezvous: ${what}`, 'ValueError');

function envInt(name: string, scheme: string): number {
  const v = process.env[name];
  if (v === undefined || v === '') throw rendezvousError(scheme, `environment variable ${name} expected, but not set`);
  const n = Number(v);
  if (!Number.isInteger(n)) throw rendezvousError(scheme, `environment variable ${name} must be an integer, got '${v}'`);
  return n;
}

/** The store, rank and world size an init_method names (PyTorch's rendezvous handlers). */
function rendezvous(initMethod: string, rank: number, worldSize: number, timeoutMs: number): { store: Store; rank: number; worldSize: number } {
  const url = new URL(initMethod);
  const query = url.searchParams;
  if (rank < 0 && query.has('rank')) rank = Number(query.get('rank'));
  if (worldSize < 0 && query.has('world_size')) worldSize = Number(query.get('world_size'));
  const timeout = timeoutMs / 1000;  // seconds (a trailing object would read as the options)
  switch (url.protocol) {
    case 'env:': {
      if (rank < 0) rank = envInt('RANK', 'env://');
      if (worldSize < 0) worldSize = envInt('WORLD_SIZE', 'env://');
      const addr = process.env.MASTER_ADDR;
      if (!addr) throw rendezvousError('env://', 'environment variable MASTER_ADDR expected, but not set');
      const port = envInt('MASTER_PORT', 'env://');
      return { store: new TCPStore(addr, port, worldSize, rank === 0, timeout), rank, worldSize };
    }
    case 'tcp:': {
      if (rank < 0) throw rendezvousError('tcp://', 'rank parameter missing');
      if (worldSize < 0) throw rendezvousError('tcp://', 'world size parameter missing');
      if (!url.port) throw rendezvousError('tcp://', 'port number missing');
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      return { store: new TCPStore(host, Number(url.port), worldSize, rank === 0, timeout), rank, worldSize };
    }
    case 'file:': {
      if (rank < 0) throw rendezvousError('file://', 'rank parameter missing');
      if (worldSize < 0) throw rendezvousError('file://', 'world size parameter missing');
      return { store: FileStore._withTimeout(decodeURIComponent(url.pathname), worldSize, timeoutMs), rank, worldSize };
    }
    default:
      throw new TorchError(`No rendezvous handler for ${url.protocol}//`, 'RuntimeError');
  }
}

type Backend = 'gloo' | 'nccl';
function checkBackend(backend: string): Backend {
  const name = backend.toLowerCase();
  if (name === 'nccl' && native.distNcclAvailable) return name;
  if (name === 'nccl') throw new TorchError("Distributed package doesn't have NCCL built in", 'RuntimeError');
  if (name === 'mpi') throw new TorchError("Distributed package doesn't have MPI built in. MPI is only included if you build PyTorch from source on a host that has MPI installed.", 'RuntimeError');
  if (name !== 'gloo') throw new TorchError(`Invalid backend: '${backend}'`, 'ValueError');
  return 'gloo';
}

const str = typed<string>('str', (v) => typeof v === 'string');
const optStr = str.nullable();
const int = typed<number>('int', Number.isInteger);
const optInt = int.nullable();
const bool = typed<boolean>('bool', (v) => typeof v === 'boolean');
const tensor = typed<Tensor>('Tensor', (v) => v instanceof Tensor);
const tensorList = typed<Tensor[]>('list of Tensors', (v) => Array.isArray(v) && v.every((t) => t instanceof Tensor));
const optTensorList = tensorList.nullable();
const group = typed<Group>('ProcessGroup or None', (v) => v === null || v instanceof ProcessGroup || v === NON_GROUP_MEMBER);
const op = ranged<ReduceOp>('a ReduceOp', (v) => Object.values(ReduceOp).includes(v as ReduceOp));
const list = typed<unknown[]>('list', Array.isArray);

const initSpec = signature('init_process_group', ['backend', 'init_method', 'timeout', 'world_size', 'rank', 'store', 'group_name', 'pg_options'],
  { init_method: null, timeout: DEFAULT_PG_TIMEOUT, world_size: -1, rank: -1, store: null, group_name: '', pg_options: null },
  { checks: { backend: str, init_method: optStr, timeout: timedeltaCheck, world_size: int, rank: int, store: typed<Store | null>('Store or None', (v) => v === null || v instanceof Store), group_name: str } });

/**
 * init_process_group(backend, {init_method='env://', timeout=30 min, world_size=-1, rank=-1,
 * store=null}): joins the default process group. `env://` reads MASTER_ADDR, MASTER_PORT, RANK
 * and WORLD_SIZE (what torchts-run sets); `tcp://host:port` and `file:///path` take rank and
 * world_size. Blocks until every rank has joined, or throws after `timeout`.
 */
export function init_process_group(...args: unknown[]): void {
  requireDistributed();
  const [backend, initMethod, timeout, worldSizeArg, rankArg, storeArg] = bind(initSpec, args) as [string, string | null, Timedelta, number, number, Store | null];
  if (state !== null) throw new TorchError('trying to initialize the default process group twice!', 'RuntimeError');
  const name = checkBackend(backend);
  const timeoutMs = timedeltaMs(timeout);
  let store: Store, rank: number, worldSize: number;
  try {
    ({ store, rank, worldSize } = joinStore(initMethod, storeArg, rankArg, worldSizeArg, timeoutMs));
  } catch (e) {
    throw withContext(e, `rendezvous at ${initMethod ?? 'env://'} (rank ${rankArg}, world_size ${worldSizeArg}, timeout ${timeoutMs} ms)`);
  }
  if (rank < 0 || rank >= worldSize) throw new TorchError(`Invalid rank ${rank}, rank should be in the interval [0, ${worldSize - 1}]`, 'ValueError');
  const ranks = Array.from({ length: worldSize }, (_, i) => i);
  let handle: DistHandle;
  try {
    handle = native.distNewGroup(new PrefixStore('default_pg', store)._handle, name, rank, worldSize, timeoutMs);
  } catch (e) {
    throw withContext(e, `connecting rank ${rank} of ${worldSize} to its peers (timeout ${timeoutMs} ms)`);
  }
  const pg = new ProcessGroup(handle, name, ranks, store, timeoutMs);
  state = { group: pg, store, rank, worldSize, groups: [pg], groupCount: 0 };
  GroupMember.WORLD = pg;
}

/** A native failure while joining, with what was being done (c10d's own words are terse: "Socket Timeout"). */
function withContext(e: unknown, doing: string): unknown {
  if (!(e instanceof TorchError) || e.pythonType !== 'RuntimeError') return e;
  return new TorchError(`init_process_group failed ${doing}: ${e.message}`, 'RuntimeError');
}

function joinStore(initMethod: string | null, storeArg: Store | null, rankArg: number, worldSizeArg: number, timeoutMs: number): { store: Store; rank: number; worldSize: number } {
  let store: Store, rank: number, worldSize: number;
  if (storeArg !== null) {
    if (initMethod !== null) throw new TorchError('Cannot specify both init_method and store.', 'ValueError');
    if (worldSizeArg <= 0) throw new TorchError('world_size must be positive if using store', 'ValueError');
    if (rankArg < 0) throw new TorchError('rank must be non-negative if using store', 'ValueError');
    ({ store, rank, worldSize } = { store: storeArg, rank: rankArg, worldSize: worldSizeArg });
  } else {
    ({ store, rank, worldSize } = rendezvous(initMethod ?? 'env://', rankArg, worldSizeArg, timeoutMs));
  }
  return { store, rank, worldSize };
}

const newGroupSpec = signature('new_group', ['ranks', 'timeout', 'backend', 'pg_options'], { ranks: null, timeout: null, backend: null, pg_options: null },
  { checks: { ranks: typed<number[] | null>('list of ints or None', (v) => v === null || (Array.isArray(v) && v.every(Number.isInteger))), timeout: timedeltaCheck.nullable(), backend: optStr } });

/**
 * new_group(ranks=None, {timeout, backend}): a process group over `ranks` (global ranks). Every
 * rank of the default group must call it, in the same order; on ranks outside `ranks` it returns
 * GroupMember.NON_GROUP_MEMBER.
 */
export function new_group(...args: unknown[]): Group {
  const [ranksArg, timeout, backend] = bind(newGroupSpec, args) as [number[] | null, Timedelta | null, string | null];
  const s = defaultState();
  const kind = backend === null ? s.group._backend : checkBackend(backend);
  const ranks = ranksArg === null ? Array.from({ length: s.worldSize }, (_, i) => i) : [...ranksArg].sort((a, b) => a - b);
  for (const r of ranks) {
    if (r < 0 || r >= s.worldSize) throw new TorchError('The new group\'s rank should be within the the world_size set by init_process_group', 'RuntimeError');
  }
  const name = String(++s.groupCount);
  if (!ranks.includes(s.rank)) return NON_GROUP_MEMBER;
  const timeoutMs = timeout === null ? s.group._timeoutMs : timedeltaMs(timeout);
  const store = new PrefixStore(name, s.store);
  const pg = new ProcessGroup(native.distNewGroup(store._handle, kind, ranks.indexOf(s.rank), ranks.length, timeoutMs), kind, ranks, s.store, timeoutMs);
  s.groups.push(pg);
  return pg;
}

/** destroy_process_group(group=None): closes the group's connections; without a group, every group and the default one. */
export function destroy_process_group(g: Group = null): void {
  const s = defaultState();
  if (g === NON_GROUP_MEMBER) return;
  const victims = g === null || g === s.group ? s.groups : [g];
  for (const pg of victims) {
    if (pg._handle !== null) native.distRelease(pg._handle);
    pg._handle = null;
  }
  if (g === null || g === s.group) {
    native.distRelease(s.store._handle);
    state = null;
    GroupMember.WORLD = null;
  } else {
    s.groups = s.groups.filter((pg) => pg !== g);
  }
}

/** The group a collective runs on, or null when this rank is not in it (the collective is skipped, as in PyTorch). */
function resolve(g: Group): ProcessGroup | null {
  const s = defaultState();
  if (g === NON_GROUP_MEMBER) return null;
  const pg = g ?? s.group;
  if (pg._handle === null) throw new TorchError('The process group has been destroyed', 'RuntimeError');
  return pg;
}

/** get_rank(group=None): this process's rank in the group (-1 outside it). */
export function get_rank(g: Group = null): number {
  const pg = resolve(g);
  return pg === null ? -1 : pg.rank();
}
/** get_world_size(group=None): the number of ranks in the group (-1 outside it). */
export function get_world_size(g: Group = null): number {
  const pg = resolve(g);
  return pg === null ? -1 : pg.size();
}
/** get_backend(group=None): the group's backend, 'gloo' or 'nccl'. */
export function get_backend(g: Group = null): string {
  if (g === NON_GROUP_MEMBER) throw new TorchError('Invalid process group specified', 'RuntimeError');
  return resolve(g)!._backend;
}
/** get_global_rank(group, group_rank): the global rank of a group rank. */
export function get_global_rank(g: ProcessGroup, groupRank: number): number {
  const r = g._ranks[groupRank];
  if (r === undefined) throw new TorchError(`Group rank ${groupRank} is not part of group ${g}`, 'RuntimeError');
  return r;
}

function groupRank(pg: ProcessGroup, globalRank: number): number {
  const r = pg._ranks.indexOf(globalRank);
  if (r < 0) throw new TorchError(`The global rank ${globalRank} is not part of the group ${pg}`, 'RuntimeError');
  return r;
}

/** Starts a c10d collective; returns its Work with async_op, else waits for it and returns null. */
function run(pg: ProcessGroup, asyncOp: boolean, result: Tensor[], name: string, ...args: unknown[]): Work | null {
  const work = new Work(native.distCollective(pg._handle!, name, ...args), result);
  if (asyncOp) return work;
  work.wait();
  return null;
}

type Collective = (...args: unknown[]) => Work | null;

/** A collective with PyTorch's signature: binds the arguments, skips non-members, then `body`. */
function collective(spec: Spec, body: (pg: ProcessGroup, asyncOp: boolean, v: Record<string, any>) => Work | null): Collective {
  const asyncIndex = spec.names.indexOf('async_op');
  const groupIndex = spec.names.indexOf('group');
  return (...args: unknown[]) => {
    const values = bind(spec, args);
    const v: Record<string, any> = {};
    spec.names.forEach((n, i) => (v[n] = values[i]));
    const pg = resolve(values[groupIndex] as Group);
    if (pg === null) return null;
    return body(pg, asyncIndex >= 0 ? (values[asyncIndex] as boolean) : false, v);
  };
}

const common = { group: null, async_op: false };
const commonChecks = { group, async_op: bool };
const sig = (fn: string, names: string[], defaults: Record<string, unknown>, checks: Record<string, Check<any, boolean>>): Spec =>
  signature(fn, names, { ...common, ...defaults }, { checks: { ...commonChecks, ...checks } });

/** all_reduce(tensor, op=SUM, group=None, async_op=False): every rank ends with the reduction of everyone's `tensor`, in place. */
export const all_reduce = collective(sig('all_reduce', ['tensor', 'op', 'group', 'async_op'], { op: ReduceOp.SUM }, { tensor, op }),
  (pg, a, v) => run(pg, a, [v.tensor], 'allreduce', v.tensor, v.op));

/** broadcast(tensor, src, group=None, async_op=False): rank `src`'s tensor, copied into everyone's. */
export const broadcast = collective(sig('broadcast', ['tensor', 'src', 'group', 'async_op'], {}, { tensor, src: int }),
  (pg, a, v) => run(pg, a, [v.tensor], 'broadcast', v.tensor, groupRank(pg, v.src)));

/** reduce(tensor, dst, op=SUM, group=None, async_op=False): the reduction lands in rank `dst`'s tensor. */
export const reduce = collective(sig('reduce', ['tensor', 'dst', 'op', 'group', 'async_op'], { op: ReduceOp.SUM }, { tensor, dst: int, op }),
  (pg, a, v) => run(pg, a, [v.tensor], 'reduce', v.tensor, groupRank(pg, v.dst), v.op));

/** all_gather(tensor_list, tensor, group=None, async_op=False): tensor_list[i] receives rank i's tensor. */
export const all_gather = collective(sig('all_gather', ['tensor_list', 'tensor', 'group', 'async_op'], {}, { tensor_list: tensorList, tensor }),
  (pg, a, v) => run(pg, a, v.tensor_list, 'allgather', v.tensor_list, v.tensor));

/** all_gather_into_tensor(output_tensor, input_tensor, group=None, async_op=False): the ranks' inputs concatenated along dim 0. */
export const all_gather_into_tensor = collective(sig('all_gather_into_tensor', ['output_tensor', 'input_tensor', 'group', 'async_op'], {}, { output_tensor: tensor, input_tensor: tensor }),
  (pg, a, v) => run(pg, a, [v.output_tensor], 'allgather_base', v.output_tensor, v.input_tensor));

/** PyTorch's rule: the root rank gives the list, the others give none (an empty list counts as none). */
function checkRootList(isRoot: boolean, given: unknown[] | null, name: string, root: 'destination' | 'source'): void {
  if (isRoot && (given === null || given.length === 0)) throw new TorchError(`Argument \`\`${name}\`\` must be specified on ${root} rank.`, 'ValueError');
  if (!isRoot && given !== null && given.length > 0) throw new TorchError(`Argument \`\`${name}\`\` must NOT be specified on non-${root} ranks.`, 'ValueError');
}

/** gather(tensor, gather_list=None, dst=0, group=None, async_op=False): rank `dst` receives every rank's tensor in gather_list. */
export const gather = collective(sig('gather', ['tensor', 'gather_list', 'dst', 'group', 'async_op'], { gather_list: null, dst: 0 }, { tensor, gather_list: optTensorList, dst: int }),
  (pg, a, v) => {
    const root = groupRank(pg, v.dst);
    const isRoot = pg.rank() === root;
    checkRootList(isRoot, v.gather_list, 'gather_list', 'destination');
    return run(pg, a, isRoot ? v.gather_list : [], 'gather', isRoot ? v.gather_list : null, v.tensor, root);
  });

/** scatter(tensor, scatter_list=None, src=0, group=None, async_op=False): rank i receives scatter_list[i] of rank `src`. */
export const scatter = collective(sig('scatter', ['tensor', 'scatter_list', 'src', 'group', 'async_op'], { scatter_list: null, src: 0 }, { tensor, scatter_list: optTensorList, src: int }),
  (pg, a, v) => {
    const root = groupRank(pg, v.src);
    const isRoot = pg.rank() === root;
    checkRootList(isRoot, v.scatter_list, 'scatter_list', 'source');
    return run(pg, a, [v.tensor], 'scatter', v.tensor, isRoot ? v.scatter_list : null, root);
  });

/** reduce_scatter(output, input_list, op=SUM, group=None, async_op=False): rank i receives the reduction of everyone's input_list[i]. */
export const reduce_scatter = collective(sig('reduce_scatter', ['output', 'input_list', 'op', 'group', 'async_op'], { op: ReduceOp.SUM }, { output: tensor, input_list: tensorList, op }),
  (pg, a, v) => run(pg, a, [v.output], 'reduce_scatter', v.output, v.input_list, v.op));

/** PyTorch's check that a collective's tensors share one dtype (a complex dtype counts as its real one). */
function sameDtype(tensors: Tensor[]): void {
  const real = (t: Tensor): string => (t.dtype === complex64 ? 'torch.float32' : t.dtype === complex128 ? 'torch.float64' : String(t.dtype));
  let last: string | null = null;
  for (const t of tensors) {
    const d = real(t);
    if (last === null) last = d;
    else if (last !== d) throw new TorchError(`Invalid usage of tensors with different dtypesFound ${last} and  ${t.dtype}`, forRelease([['1.13', 'RuntimeError'], ['2.6', 'ValueError']]));
  }
}
const asReal = (t: Tensor): Tensor => (t.is_complex() ? callAten('view_as_real', [t]) : t);
const splitSizes = typed<number[] | null>('list of ints or None', (v) => v === null || (Array.isArray(v) && v.every(Number.isInteger)));

/**
 * all_to_all_single(output, input, output_split_sizes=None, input_split_sizes=None, group=None,
 * async_op=False): rank i's input is split along dim 0 (evenly, or by input_split_sizes) and its
 * j-th piece goes to rank j, whose output holds the pieces in rank order.
 */
export const all_to_all_single = collective(sig('all_to_all_single', ['output', 'input', 'output_split_sizes', 'input_split_sizes', 'group', 'async_op'],
  { output_split_sizes: null, input_split_sizes: null }, { output: tensor, input: tensor, output_split_sizes: splitSizes, input_split_sizes: splitSizes }),
  (pg, a, v) => {
    sameDtype([v.output, v.input]);
    return run(pg, a, [v.output], 'alltoall_base', asReal(v.output), asReal(v.input), v.output_split_sizes ?? [], v.input_split_sizes ?? []);
  });

/** all_to_all(output_tensor_list, input_tensor_list, group=None, async_op=False): input_tensor_list[j] goes to rank j's output_tensor_list[i]. */
export const all_to_all = collective(sig('all_to_all', ['output_tensor_list', 'input_tensor_list', 'group', 'async_op'], {}, { output_tensor_list: tensorList, input_tensor_list: tensorList }),
  (pg, a, v) => {
    sameDtype([...v.output_tensor_list, ...v.input_tensor_list]);
    return run(pg, a, v.output_tensor_list, 'alltoall', v.output_tensor_list.map(asReal), v.input_tensor_list.map(asReal));
  });

/** barrier(group=None, async_op=False, device_ids=None): returns once every rank has reached it. */
export const barrier = collective(signature('barrier', ['group', 'async_op', 'device_ids'], { ...common, device_ids: null }, { checks: commonChecks }),
  (pg, a) => run(pg, a, [], 'barrier'));

const p2p = (fn: string, peer: string, peerDefault: Record<string, unknown>): Spec =>
  signature(fn, ['tensor', peer, 'group', 'tag'], { group: null, tag: 0, ...peerDefault }, { checks: { tensor, [peer]: peer in peerDefault ? optInt : int, group, tag: int } });

/** isend(tensor, dst, group=None, tag=0): starts sending `tensor` to rank `dst`; returns its Work. */
export const isend = collective(p2p('isend', 'dst', {}), (pg, _a, v) => run(pg, true, [v.tensor], 'send', v.tensor, groupRank(pg, v.dst), v.tag));
/** irecv(tensor, src=None, group=None, tag=0): starts receiving into `tensor` from `src` (any rank when null); returns its Work. */
export const irecv = collective(p2p('irecv', 'src', { src: null }), (pg, _a, v) =>
  v.src === null ? run(pg, true, [v.tensor], 'recv_any', v.tensor, v.tag) : run(pg, true, [v.tensor], 'recv', v.tensor, groupRank(pg, v.src), v.tag));

/** send(tensor, dst, group=None, tag=0): sends `tensor` to rank `dst` and waits until it is sent. */
export function send(...args: unknown[]): void {
  const work = isend(...args);
  work?.wait();
}
/** recv(tensor, src=None, group=None, tag=0): receives into `tensor`; returns the sender's rank (-1 outside the group). */
export function recv(...args: unknown[]): number {
  const work = irecv(...args);
  if (work === null) return -1;
  work.wait();
  return work._source_rank();
}

// ------------------------------------------------------------------ Python objects
// Objects travel as torch.save bytes in uint8 tensors: a sizes exchange, then the bytes.

function pickleObject(obj: unknown): Uint8Array {
  const chunks: Uint8Array[] = [];
  save(obj, { write: (c: Uint8Array) => { chunks.push(c.slice()); } });
  return Buffer.concat(chunks);
}
const unpickleObject = (bytes: Uint8Array): unknown => load(bytes, { weights_only: false });
const bytesOf = (t: Tensor, n: number): Uint8Array => (t.toTypedArray() as Uint8Array).subarray(0, n);

const objectListSpec = signature('broadcast_object_list', ['object_list', 'src', 'group', 'device'], { src: 0, group: null, device: null }, { checks: { object_list: list, src: int, group } });

/** broadcast_object_list(object_list, src=0, group=None): every rank's object_list becomes rank `src`'s (in place). */
export function broadcast_object_list(...args: unknown[]): void {
  const [objects, src, g] = bind(objectListSpec, args) as [unknown[], number, Group];
  const pg = resolve(g);
  if (pg === null) return;
  const isSrc = pg.rank() === groupRank(pg, src);
  const payloads = isSrc ? objects.map(pickleObject) : [];
  const sizes = isSrc ? from_blob(new BigInt64Array(payloads.map((p) => BigInt(p.length)))) : zeros([objects.length], { dtype: int64 });
  broadcast(sizes, src, { group: g });
  const lengths = Array.from(sizes.toTypedArray() as BigInt64Array, Number);
  const total = lengths.reduce((x, y) => x + y, 0);
  const bytes = isSrc ? from_blob(Buffer.concat(payloads)) : empty([total], { dtype: uint8 });
  broadcast(bytes, src, { group: g });
  if (isSrc) return;
  const all = bytesOf(bytes, total);
  let offset = 0;
  lengths.forEach((n, i) => {
    objects[i] = unpickleObject(all.subarray(offset, offset + n));
    offset += n;
  });
}

const gatherObjectSpec = signature('all_gather_object', ['object_list', 'obj', 'group'], { group: null }, { checks: { object_list: list, group } });

/** all_gather_object(object_list, obj, group=None): object_list[i] becomes rank i's `obj`. */
export function all_gather_object(...args: unknown[]): void {
  // A plain object in obj's position is the object (porting rule 11), not the options.
  const [objects, obj, g] = bind(gatherObjectSpec, args.length === 2 ? [...args, {}] : args) as [unknown[], unknown, Group];
  const pg = resolve(g);
  if (pg === null) return;
  const { padded, lengths } = paddedPayload(obj, pg, g);
  const outputs = lengths.map(() => empty([padded.numel()], { dtype: uint8 }));
  all_gather(outputs, padded, { group: g });
  outputs.forEach((t, i) => (objects[i] = unpickleObject(bytesOf(t, lengths[i]))));
}

/** `obj` pickled and padded to the longest of the group's payloads, and every rank's payload length. */
function paddedPayload(obj: unknown, pg: ProcessGroup, g: Group): { padded: Tensor; lengths: number[] } {
  const mine = pickleObject(obj);
  const sizes = Array.from({ length: pg.size() }, () => zeros([1], { dtype: int64 }));
  all_gather(sizes, from_blob(new BigInt64Array([BigInt(mine.length)])), { group: g });
  const lengths = sizes.map((t) => Number((t.toTypedArray() as BigInt64Array)[0]));
  const padded = new Uint8Array(Math.max(...lengths));
  padded.set(mine);
  return { padded: from_blob(padded), lengths };
}

const gatherObjSpec = signature('gather_object', ['obj', 'object_gather_list', 'dst', 'group'], { object_gather_list: null, dst: 0, group: null },
  { checks: { object_gather_list: list.nullable(), dst: int, group } });

/** gather_object(obj, object_gather_list=None, dst=0, group=None): on rank `dst`, object_gather_list[i] becomes rank i's `obj`. */
export function gather_object(...args: unknown[]): void {
  // A plain object in obj's position is the object (porting rule 11), not the options.
  const [obj, objects, dst, g] = bind(gatherObjSpec, args.length === 1 ? [args[0], {}] : args) as [unknown, unknown[] | null, number, Group];
  const pg = resolve(g);
  if (pg === null) return;
  const isDst = defaultState().rank === dst;
  checkRootList(isDst, objects, 'gather_list', 'destination');
  const { padded, lengths } = paddedPayload(obj, pg, g);
  const outputs = isDst ? lengths.map(() => empty([padded.numel()], { dtype: uint8 })) : null;
  gather(padded, outputs, dst, { group: g });
  outputs?.forEach((t, i) => (objects![i] = unpickleObject(bytesOf(t, lengths[i]))));
}

const scatterObjSpec = signature('scatter_object_list', ['scatter_object_output_list', 'scatter_object_input_list', 'src', 'group'],
  { scatter_object_input_list: null, src: 0, group: null }, { checks: { src: int, group } });

/**
 * scatter_object_list(scatter_object_output_list, scatter_object_input_list=None, src=0, group=None):
 * rank i's scatter_object_output_list[0] becomes rank `src`'s scatter_object_input_list[i].
 */
export function scatter_object_list(...args: unknown[]): void {
  const [output, input, src, g] = bind(scatterObjSpec, args) as [unknown, unknown[] | null, number, Group];
  const pg = resolve(g);
  if (pg === null) return;
  if (!Array.isArray(output) || output.length < 1) throw new TorchError('Expected argument scatter_object_output_list to be a list of size at least 1.', 'ValueError');
  const isSrc = defaultState().rank === src;
  if (isSrc && !Array.isArray(input)) throw new TorchError('source rank must provide non-None scatter_object_input_list', 'ValueError');
  const payloads = isSrc ? input!.map(pickleObject) : [];
  const maxSize = from_blob(new BigInt64Array([BigInt(Math.max(0, ...payloads.map((p) => p.length)))]));
  broadcast(maxSize, src, { group: g });
  const max = Number((maxSize.toTypedArray() as BigInt64Array)[0]);
  const padded = payloads.map((p) => { const b = new Uint8Array(max); b.set(p); return from_blob(b); });
  const bytes = empty([max], { dtype: uint8 });
  scatter(bytes, isSrc ? padded : null, src, { group: g });
  const size = zeros([1], { dtype: int64 });
  scatter(size, isSrc ? payloads.map((p) => from_blob(new BigInt64Array([BigInt(p.length)]))) : null, src, { group: g });
  output[0] = unpickleObject(bytesOf(bytes, Number((size.toTypedArray() as BigInt64Array)[0])));
}

/** @internal for DistributedDataParallel */
export function _groupHandle(g: Group): ProcessGroup | null { return resolve(g); }
