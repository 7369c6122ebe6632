// torch.load: PyTorch's zip format (1.6+), its legacy stream format, from a path, bytes, an open
// file or a readable stream.
import * as fs from 'fs';
import { z } from 'zod';
import { Tensor } from '../tensor';
import { checkArgs } from '../errors';
import { Parameter } from '../nn/parameter';
import { ByteSource, BufferSource, FileSource } from './source';
import { ZipReader } from './zip';
import { unpickle, toJs, UnpickleHooks } from './pickle';
import { formatError, unpicklingError } from './errors';
import { findGlobal, storagePid } from './globals';
import { MapLocation, PendingTensor, StorageRef, materialize, newHolder, restoreLocation } from './storages';
import { loadLegacy } from './legacy';

export interface LoadOptions {
  /** Where storages go: 'cpu', 'cuda', a torch.device, a { 'cuda:0': 'cpu' } mapping, or fn(storage, location). */
  map_location?: MapLocation;
  /** Accept only what PyTorch's weights-only unpickler accepts (tensors, containers, plain values). */
  weights_only?: boolean;
}

/** An open file: an `fs.promises.FileHandle` (read through its descriptor) or a descriptor. */
export type FileLike = { readonly fd: number } | number;
/** A readable stream or any async iterable of byte chunks. */
export type ReadableLike = AsyncIterable<Uint8Array | string>;

const optionsSchema = z.object({
  map_location: z.any().optional(),
  weights_only: z.boolean().optional(),
}).strict();

/**
 * `torch.load(f, { map_location, weights_only })`: the object a `torch.save` (Python's or ours)
 * wrote. `f` is a path, the file's bytes, or an open file; a readable stream gives a Promise.
 */
export function load(f: string | Uint8Array | ArrayBuffer | FileLike, options?: LoadOptions): any;
export function load(f: ReadableLike, options?: LoadOptions): Promise<any>;
export function load(f: unknown, options: LoadOptions = {}): any {
  const opts = checkArgs(optionsSchema, options, 'load');
  if (typeof f === 'string') {
    const fd = fs.openSync(f, 'r');
    try { return loadFrom(new FileSource(fd), opts); } finally { fs.closeSync(fd); }
  }
  if (f instanceof Uint8Array) return loadFrom(new BufferSource(f), opts);
  if (f instanceof ArrayBuffer) return loadFrom(new BufferSource(new Uint8Array(f)), opts);
  if (typeof f === 'number') return loadFrom(new FileSource(f), opts);
  if (f !== null && typeof f === 'object') {
    if (typeof (f as { fd?: unknown }).fd === 'number') return loadFrom(new FileSource((f as { fd: number }).fd), opts);
    if (Symbol.asyncIterator in f) return readAll(f as ReadableLike).then((bytes) => loadFrom(new BufferSource(bytes), opts));
  }
  throw new TypeError(`load(): expected a path, bytes, a FileHandle or a readable stream for f but received ${f === null ? 'null' : typeof f}`);
}

async function readAll(stream: ReadableLike): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  return Buffer.concat(chunks);
}

const ZIP_MAGIC = 0x04034b50;

function loadFrom(source: ByteSource, opts: LoadOptions): unknown {
  if (source.size === 0) throw formatError('torch.load: the file is empty');
  const head = source.read(0, Math.min(4, source.size));
  const isZip = head.length === 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === ZIP_MAGIC;
  return isZip ? loadZip(source, opts) : loadLegacy(source, opts);
}

/** Hooks shared by both formats: allowed globals, and tensors left pending until storages are read. */
export function unpickleHooks(weightsOnly: boolean, persistentLoad: (pid: unknown) => StorageRef): UnpickleHooks {
  return {
    findClass: (module, name) => findGlobal(module, name, weightsOnly),
    persistentLoad,
    build: (inst) => {
      // _rebuild_parameter_with_state and tensor subclasses set Python attributes: nothing to keep here.
      if (inst instanceof PendingTensor) return inst;
      throw unpicklingError(`cannot BUILD an object of type ${typeof inst}`);
    },
  };
}

/** Converts the unpickled value to JS, making each pending tensor over its storage. */
export function finish(value: unknown): unknown {
  const made = new Map<PendingTensor, Tensor>();
  const replace = (v: unknown): unknown => {
    if (v instanceof PendingTensor) {
      let t = made.get(v);
      if (!t) {
        t = materialize(v);
        if (v.parameter) t = new Parameter(t, { requires_grad: v.requiresGrad });
        else if (v.requiresGrad) t.requires_grad = true;
        made.set(v, t);
      }
      return t;
    }
    if (v instanceof StorageRef) throw formatError('torch.load: bare storages are not supported; save tensors instead');
    return undefined;
  };
  return toJs(value, new Map(), (v) => replace(v));
}

function loadZip(source: ByteSource, opts: LoadOptions): unknown {
  const zip = new ZipReader(source);
  const names = [...zip.entries.keys()];
  const pkl = names.find((n) => /^[^/]*\/?data\.pkl$/.test(n));
  const prefix = pkl === undefined ? '' : pkl.slice(0, pkl.length - 'data.pkl'.length);
  if (names.some((n) => n.endsWith('/constants.pkl') || n === 'constants.pkl' || n.startsWith(`${prefix}code/`)))
    throw formatError('torch.load: this file is a TorchScript archive (torch.jit.save); load it with torch.jit.load');
  if (pkl === undefined) throw formatError("PytorchStreamReader failed locating file data.pkl: file not found");
  // PyTorch 2.x records the writer's byte order; storages here are little-endian.
  if (zip.has(`${prefix}byteorder`)) {
    const order = Buffer.from(zip.read(`${prefix}byteorder`)).toString('latin1');
    if (order !== 'little') throw formatError(`torch.load: storages in ${order}-endian byte order are not supported`);
  }
  const storages = new Map<string, StorageRef>();
  const persistentLoad = (pid: unknown): StorageRef => {
    const { type, key, location, numel } = storagePid(pid);
    let ref = storages.get(key);
    if (!ref) {
      const name = `${prefix}data/${key}`;
      const entry = zip.entries.get(name);
      if (!entry) throw formatError(`PytorchStreamReader failed locating file ${name}: file not found`);
      const nbytes = numel * type.dtype.itemsize;
      if (entry.size < nbytes) throw formatError(`torch.load: storage ${key} claims ${nbytes} bytes but its record holds ${entry.size} (the file is damaged)`);
      ref = new StorageRef(key, type.dtype, entry.size, location);
      storages.set(key, ref);
    }
    return ref;
  };
  const { value } = unpickle(zip.read(pkl), unpickleHooks(opts.weights_only === true, persistentLoad));
  for (const ref of storages.values()) {
    const { holder, pieces } = newHolder(ref.nbytes);
    zip.readInto(`${prefix}data/${ref.key}`, pieces);
    ref.holder = restoreLocation(holder, ref.location, opts.map_location);
  }
  return finish(value);
}

