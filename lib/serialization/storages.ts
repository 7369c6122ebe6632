// Storages as PyTorch's files describe them: a typed storage class per dtype, a key, a location
// tag, and raw bytes. Loading makes one native uint8 "holder" tensor per storage and views of it
// for every tensor, so tensors that shared a storage in the file share one here.
import { native } from '../native';
import { Tensor } from '../tensor';
import * as dt from '../dtype';
import { empty } from '../creation';
import { device as Device } from '../device';
import { formatError } from './errors';

/** PyTorch's typed storage class names (torch.FloatStorage, ...) by dtype name. */
const STORAGE_NAMES: [string, dt.dtype][] = [
  ['FloatStorage', dt.float32], ['DoubleStorage', dt.float64], ['HalfStorage', dt.float16],
  ['BFloat16Storage', dt.bfloat16], ['CharStorage', dt.int8], ['ShortStorage', dt.int16],
  ['IntStorage', dt.int32], ['LongStorage', dt.int64], ['ByteStorage', dt.uint8], ['BoolStorage', dt.bool],
  ['ComplexFloatStorage', dt.complex64], ['ComplexDoubleStorage', dt.complex128],
  // Untyped storages hold bytes.
  ['UntypedStorage', dt.uint8],
];
const BY_NAME = new Map(STORAGE_NAMES);
const BY_DTYPE = new Map(STORAGE_NAMES.filter(([n]) => n !== 'UntypedStorage').map(([n, d]) => [d.name, n]));

/** A storage class global (`torch.FloatStorage`) as the reader sees it. */
export class StorageType {
  constructor(readonly name: string, readonly dtype: dt.dtype) {}
}

export function storageTypeByName(name: string): StorageType | undefined {
  const d = BY_NAME.get(name);
  return d && new StorageType(name, d);
}

export function storageNameOf(d: dt.dtype): string {
  const n = BY_DTYPE.get(d.name);
  if (!n) throw new TypeError(`torch.save: no storage type for dtype ${d}`);
  return n;
}

/** One storage of a file: where its bytes are, and, once read, the holder tensor. */
export class StorageRef {
  holder: Tensor | null = null;
  constructor(
    readonly key: string,
    readonly dtype: dt.dtype,
    /** Size in bytes the file claims (checked against the real record before anything is allocated). */
    readonly nbytes: number,
    readonly location: string,
    /** A legacy view: the storage it is a byte range of. */
    readonly root: StorageRef | null = null,
    readonly byteOffset = 0,
  ) {}
}

/** A tensor described by the pickle, made once its storage has been read. */
export class PendingTensor {
  constructor(
    readonly storage: StorageRef,
    readonly dtype: dt.dtype,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
    public requiresGrad: boolean,
    public parameter = false,
  ) {}
}

function checkIntList(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0))
    throw formatError(`torch.load: tensor ${what} must be a tuple of non-negative ints`);
  return v as number[];
}

export function pendingTensor(storage: unknown, dtype: dt.dtype | null, offset: unknown, size: unknown, stride: unknown, requiresGrad: unknown): PendingTensor {
  if (!(storage instanceof StorageRef)) throw formatError('torch.load: a tensor record does not refer to a storage');
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw formatError('torch.load: tensor storage offset must be a non-negative int');
  const sizes = checkIntList(size, 'size'), strides = checkIntList(stride, 'stride');
  if (sizes.length !== strides.length) throw formatError(`torch.load: tensor has ${sizes.length} sizes but ${strides.length} strides`);
  const d = dtype ?? storage.dtype;
  // The last element the view touches must lie inside the storage (LibTorch checks again).
  const numel = sizes.reduce((a, s) => a * s, 1);
  const last = numel === 0 ? 0 : sizes.reduce((a, s, i) => a + (s - 1) * strides[i], offset) + 1;
  const available = storage.nbytes / d.itemsize;
  if (numel > 0 && !(last <= available))
    throw formatError(`torch.load: tensor of size [${sizes.join(', ')}] at offset ${offset} needs ${last} elements but its storage has ${Math.floor(available)} (the file is damaged)`);
  return new PendingTensor(storage, d, offset, sizes, strides, requiresGrad === true);
}

// ---- map_location ------------------------------------------------------------------------------

/** PyTorch's map_location: a device, a { from: to } mapping, or fn(storage, location) -> storage | null. */
export type MapLocation = string | Device | Record<string, string | Device> | ((storage: Tensor, location: string) => Tensor | null | undefined) | null;

/** Moves a freshly read storage (a CPU uint8 holder) where map_location says. */
export function restoreLocation(holder: Tensor, location: string, mapLocation: MapLocation | undefined): Tensor {
  let target = location;
  if (typeof mapLocation === 'function') {
    const r = mapLocation(holder, location);
    if (r instanceof Tensor) return r;
    if (r != null) throw new TypeError('torch.load(): map_location function must return a storage (a Tensor) or null');
  } else if (typeof mapLocation === 'string' || mapLocation instanceof Device) {
    target = String(mapLocation);
  } else if (mapLocation != null && typeof mapLocation === 'object') {
    const m = (mapLocation as Record<string, string | Device>)[location];
    if (m !== undefined) target = String(m);
  }
  if (target.startsWith('cuda') && !native.cudaIsAvailable())
    throw formatError('Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device(\'cpu\') to map your storages to the CPU.');
  return target === 'cpu' ? holder : holder.to(target);
}

/** A typed array holds at most 4 GiB - 1 here: storages cross to JS in pieces of 1 GiB. */
const PIECE = 1 << 30;

/** Byte views of t's storage over [begin, end), in pieces (aliasing CPU memory). */
export function storagePieces(t: Tensor, begin: number, end: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let p = begin; p < end; p += PIECE) out.push(native.storageBytes(t, p, Math.min(PIECE, end - p)));
  return out;
}

/** A new uint8 tensor of `nbytes` and byte views aliasing its memory, for reading file data into. */
export function newHolder(nbytes: number): { holder: Tensor; pieces: Uint8Array[] } {
  const holder = empty([nbytes], { dtype: dt.uint8 });
  return { holder, pieces: storagePieces(holder, 0, nbytes) };
}

/** The tensor a PendingTensor describes, over its storage's holder. */
export function materialize(p: PendingTensor): Tensor {
  const s = p.storage.root ?? p.storage;
  if (!s.holder) throw formatError(`torch.load: storage ${s.key} was never read`);
  const extra = p.storage.root ? p.storage.byteOffset / p.dtype.itemsize : 0;
  if (!Number.isInteger(extra)) throw formatError('torch.load: a storage view is not aligned to its element size');
  return native.viewStorage(s.holder, p.dtype.code, p.offset + extra, p.size, p.stride);
}
