// torch.save: PyTorch's zip format with a protocol-2 pickle that names only globals on PyTorch's
// weights-only allowlist, so `torch.load(f, weights_only=True)` in Python reads tensors and state
// dicts written here. Storage bytes go from native memory to the file without a JS copy.
import { z } from 'zod';
import { native } from '../native';
import { Tensor } from '../tensor';
import { checkArgs } from '../errors';
import * as dt from '../dtype';
import { device as Device } from '../device';
import { pickle, PyGlobal, PyPersistent, PyReduce, tuple } from './pickle';
import { storageNameOf, storagePieces } from './storages';
import { ByteSink, ZipWriter } from './zip';
import { fdSink, writeAtomically } from './sink';

export interface SaveOptions {
  /** Write ZIP64 records even for small files (files over 4 GiB always get them). */
  _force_zip64?: boolean;
}

/** A writable stream: anything with `write(chunk)` (its data is copied, so later changes do not leak in). */
export type WritableLike = { write(chunk: Uint8Array): unknown };

const optionsSchema = z.object({
  _force_zip64: z.boolean().optional(),
  pickle_protocol: z.literal(2).optional(),
  _use_new_zipfile_serialization: z.literal(true).optional(),
}).strict();

/** Keys under which PyTorch's optimizers keep tuples (Adam's betas, Rprop's etas and step_sizes). */
const TUPLE_KEYS = new Set(['betas', 'etas', 'step_sizes']);

const REBUILD_TENSOR = new PyGlobal('torch._utils', '_rebuild_tensor_v2');
const REBUILD_PARAMETER = new PyGlobal('torch._utils', '_rebuild_parameter');
const ORDERED_DICT = new PyGlobal('collections', 'OrderedDict');

interface SavedStorage { key: string; tensor: Tensor; dtype: dt.dtype; nbytes: number }

/** The pickle of `obj` and the storages its tensors use, keyed as PyTorch keys them ('0', '1', ...). */
export function serialize(obj: unknown): { data: Buffer; storages: SavedStorage[] } {
  const byImpl = new Map<number, SavedStorage>();
  const storagePid = (t: Tensor): PyPersistent => {
    const [impl, nbytes, location] = native.storageInfo(t);
    let s = byImpl.get(impl);
    if (!s) {
      s = { key: String(byImpl.size), tensor: t, dtype: t.dtype, nbytes };
      byImpl.set(impl, s);
    } else if (s.dtype !== t.dtype) {
      throw new TypeError('torch.save: Cannot save multiple tensors or storages that view the same data as different types');
    }
    return new PyPersistent(tuple(['storage', new PyGlobal('torch', storageNameOf(t.dtype)), s.key, location, nbytes / t.dtype.itemsize]));
  };
  const tensorReduce = (t: Tensor, requiresGrad: boolean): PyReduce =>
    new PyReduce(REBUILD_TENSOR, [storagePid(t), t.storage_offset(), tuple(t.shape), tuple(t.stride()), requiresGrad, new PyReduce(ORDERED_DICT, [])]);
  const data = pickle(obj, {
    reduce(value) {
      if (value instanceof Tensor) {
        if ((value as { _isParameter?: boolean })._isParameter === true)
          return new PyReduce(REBUILD_PARAMETER, [tensorReduce(value, false), value.requires_grad, new PyReduce(ORDERED_DICT, [])]);
        return tensorReduce(value, value.requires_grad);
      }
      if (value instanceof Device) return new PyReduce(new PyGlobal('torch', 'device'), value.index === null ? [value.type] : [value.type, value.index]);
      if (value instanceof dt.dtype) return new PyGlobal('torch', value.name);
      return undefined;
    },
    tupleKey: (key) => TUPLE_KEYS.has(key),
  });
  // PyTorch writes records in sorted key order (as strings).
  return { data, storages: [...byImpl.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
}

/** Writes the archive for `obj` to `sink`. */
function writeArchive(obj: unknown, sink: ByteSink, zip64: boolean): void {
  const { data, storages } = serialize(obj);
  const zip = new ZipWriter(sink, { zip64 });
  zip.add('archive/data.pkl', [data]);
  for (const s of storages) zip.add(`archive/data/${s.key}`, storagePieces(s.tensor, 0, s.nbytes));
  zip.add('archive/version', [Buffer.from('3\n')]);
  zip.finish();
}

/**
 * `torch.save(obj, f)`: tensors, Parameters, state dicts, optimizer state dicts and nested
 * objects/arrays of these with numbers, strings, booleans and null. `f` is a path (written to a
 * temporary file in the same directory, then renamed: never a torn file), an open FileHandle or
 * descriptor, or a writable stream.
 */
export function save(obj: unknown, f: string | { readonly fd: number } | number | WritableLike, options: SaveOptions = {}): void {
  const opts = checkArgs(optionsSchema, options, 'save');
  const zip64 = opts._force_zip64 === true;
  if (typeof f === 'string') return writeAtomically(f, (sink) => writeArchive(obj, sink, zip64));
  if (typeof f === 'number') return writeArchive(obj, fdSink(f), zip64);
  if (f !== null && typeof f === 'object') {
    if (typeof (f as { fd?: unknown }).fd === 'number') return writeArchive(obj, fdSink((f as { fd: number }).fd), zip64);
    if (typeof (f as WritableLike).write === 'function') {
      const stream = f as WritableLike;
      return writeArchive(obj, { write: (chunk) => { stream.write(Buffer.from(chunk)); } }, zip64);
    }
  }
  throw new TypeError(`save(): expected a path, a FileHandle, a file descriptor or a writable stream for f but received ${f === null ? 'null' : typeof f}`);
}
