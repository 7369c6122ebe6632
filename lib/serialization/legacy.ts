// PyTorch's stream format before 1.6 (`_use_new_zipfile_serialization=False`): five pickles (magic
// number, protocol version, system info, the object, the storage keys) followed by each storage
// as an int64 element count and its raw bytes.
import { ByteSource } from './source';
import { unpickle, toJs } from './pickle';
import { formatError } from './errors';
import { storagePid } from './globals';
import { MapLocation, StorageRef, newHolder, restoreLocation } from './storages';
import { finish, unpickleHooks } from './load';

const MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;
const FIRST_WINDOW = 1 << 20;

interface Parsed { value: unknown; keys: unknown; dataStart: number; storages: Map<string, StorageRef> }

export function loadLegacy(source: ByteSource, opts: { map_location?: MapLocation; weights_only?: boolean }): unknown {
  // The pickles are small; their end is only known once parsed, so read a growing prefix.
  let window = Math.min(source.size, FIRST_WINDOW);
  let parsed: Parsed;
  for (;;) {
    try {
      parsed = parse(source.read(0, window), opts.weights_only === true);
      break;
    } catch (e) {
      if (window < source.size && /truncated/.test((e as Error).message)) window = Math.min(source.size, window * 4);
      else throw e;
    }
  }
  const { value, keys, storages } = parsed;
  let pos = parsed.dataStart;
  if (!Array.isArray(keys)) throw formatError('torch.load: the storage key list is damaged');
  for (const k of keys) {
    const ref = storages.get(String(k));
    if (!ref || ref.root) throw formatError(`torch.load: the file lists storage ${String(k)} that no tensor uses`);
    const head = source.read(pos, 8);
    const numel = new DataView(head.buffer, head.byteOffset, 8).getBigInt64(0, true);
    const nbytes = numel * BigInt(ref.dtype.itemsize);
    if (nbytes !== BigInt(ref.nbytes)) throw formatError(`storage has wrong byte size: expected ${ref.nbytes} got ${nbytes}`);
    pos += 8;
    if (pos + ref.nbytes > source.size) throw formatError(`torch.load: storage ${ref.key} (${ref.nbytes} bytes) runs past the end of the file`);
    const { holder, pieces } = newHolder(ref.nbytes);
    for (const piece of pieces) {
      source.readInto(pos, piece);
      pos += piece.length;
    }
    ref.holder = restoreLocation(holder, ref.location, opts.map_location);
  }
  for (const ref of storages.values()) {
    if (!(ref.root ?? ref).holder) throw formatError(`torch.load: storage ${ref.key} has no data in the file`);
  }
  return finish(value);
}

function parse(data: Uint8Array, weightsOnly: boolean): Parsed {
  const plain = unpickleHooks(weightsOnly, () => { throw formatError('torch.load: unexpected storage in a header pickle'); });
  let r = unpickle(data, plain);
  if (r.value !== MAGIC_NUMBER) throw formatError('Invalid magic number; corrupt file?');
  r = unpickle(data, plain, r.end);
  if (r.value !== PROTOCOL_VERSION) throw formatError(`Invalid protocol version: ${String(r.value)}`);
  r = unpickle(data, plain, r.end);
  const sysInfo = toJs(r.value) as Record<string, unknown> | null;
  if (sysInfo && sysInfo.little_endian === false) throw formatError('torch.load: big-endian files are not supported');

  const storages = new Map<string, StorageRef>();
  const persistentLoad = (pid: unknown): StorageRef => {
    const { type, key, location, numel, view } = storagePid(pid);
    let root = storages.get(key);
    if (!root) {
      root = new StorageRef(key, type.dtype, numel * type.dtype.itemsize, location);
      storages.set(key, root);
    }
    if (view === null || view === undefined) return root;
    if (!Array.isArray(view) || view.length !== 3) throw formatError('torch.load: damaged storage view record');
    const [viewKey, offset, size] = view as [unknown, number, number];
    const itemsize = type.dtype.itemsize;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(size) || offset < 0 || size < 0 || (offset + size) * itemsize > root.nbytes)
      throw formatError(`torch.load: storage view ${String(viewKey)} lies outside its storage`);
    const ref = new StorageRef(String(viewKey), type.dtype, size * itemsize, location, root, offset * itemsize);
    storages.set(ref.key, ref);
    return ref;
  };
  r = unpickle(data, unpickleHooks(weightsOnly, persistentLoad), r.end);
  const value = r.value;
  r = unpickle(data, plain, r.end);
  return { value, keys: toJs(r.value), dataStart: r.end, storages };
}
