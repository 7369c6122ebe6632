// The safetensors format (`import * as safetensors from 'torchts/safetensors'`), with the API of
// the safetensors package's `safetensors.torch`: save_file, load_file, save, load. Layout: an
// 8-byte little-endian header size N, N bytes of JSON (padded with spaces to a multiple of 8),
// then the tensors' bytes. Reading follows the format's rules strictly: header size limit, offsets
// that are contiguous, sorted, non-overlapping and cover the whole buffer, sizes that match shapes.
import * as fs from 'fs';
import { native } from './native';
import { Tensor } from './tensor';
import * as dt from './dtype';
import { empty } from './creation';
import { DeviceLike, deviceString } from './device';
import { TorchError } from './errors';
import { isOptions } from './python/options';
import { ByteSource, BufferSource, FileSource } from './serialization/source';
import { storagePieces } from './serialization/storages';
import { writeAtomically } from './serialization/sink';

/** The reference implementation's limit on the JSON header. */
const MAX_HEADER_SIZE = 100_000_000;
const METADATA_KEY = '__metadata__';

const DTYPES: [string, dt.dtype][] = [
  ['F64', dt.float64], ['F32', dt.float32], ['F16', dt.float16], ['BF16', dt.bfloat16], ['I64', dt.int64],
  ['I32', dt.int32], ['I16', dt.int16], ['I8', dt.int8], ['U8', dt.uint8], ['BOOL', dt.bool],
];
const BY_NAME = new Map(DTYPES);
const NAME_OF = new Map(DTYPES.map(([n, d]) => [d.name, n]));

const headerError = (message: string) => new TorchError(`Error while deserializing header: ${message}`, 'SafetensorError');

interface Entry { name: string; dtype: dt.dtype; shape: number[]; begin: number; end: number }

/** Reads and checks the header; returns the entries in offset order and where the data starts. */
function readHeader(source: ByteSource): { entries: Entry[]; metadata: Record<string, string> | null; dataStart: number } {
  if (source.size < 8) throw headerError('HeaderTooSmall');
  const head = source.read(0, 8);
  const n = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_SIZE)) throw headerError(`HeaderTooLarge (${n} bytes, the limit is ${MAX_HEADER_SIZE})`);
  const size = Number(n);
  if (8 + size > source.size) throw headerError(`InvalidHeaderLength (${size} bytes, the file has ${source.size - 8} after the size)`);
  const text = source.read(8, size);
  if (text[0] !== 0x7b) throw headerError('InvalidHeaderStart (the header must start with `{`)');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
  } catch (e) {
    throw headerError(`InvalidHeaderDeserialization (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw headerError('InvalidHeaderDeserialization (not an object)');
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      if (info === null) continue;
      if (typeof info !== 'object' || Array.isArray(info) || !Object.values(info as object).every((v) => typeof v === 'string'))
        throw headerError('InvalidHeaderDeserialization (__metadata__ must map strings to strings)');
      metadata = { ...(info as Record<string, string>) };
      continue;
    }
    entries.push(parseEntry(name, info));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const bufferLen = source.size - 8 - size;
  let expected = 0;
  for (const e of entries) {
    if (e.begin !== expected) throw headerError(`InvalidOffset (${e.name}: data starts at ${e.begin}, expected ${expected}: offsets must be contiguous without gaps or overlaps)`);
    expected = e.end;
  }
  if (expected !== bufferLen) throw headerError(`MetadataIncompleteBuffer (the tensors cover ${expected} bytes, the data has ${bufferLen})`);
  return { entries, metadata, dataStart: 8 + size };
}

function parseEntry(name: string, info: unknown): Entry {
  const bad = (why: string) => headerError(`InvalidHeaderDeserialization (${name}: ${why})`);
  if (info === null || typeof info !== 'object') throw bad('expected an object');
  const { dtype, shape, data_offsets: offsets, ...rest } = info as Record<string, unknown>;
  if (Object.keys(rest).length) throw bad(`unknown field ${Object.keys(rest)[0]}`);
  const d = typeof dtype === 'string' ? BY_NAME.get(dtype) : undefined;
  if (!d) throw bad(`unsupported dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) throw bad('shape must be a list of non-negative integers');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) throw bad('data_offsets must be [begin, end]');
  const [begin, end] = offsets as number[];
  if (end < begin) throw headerError(`InvalidOffset (${name}: end ${end} before begin ${begin})`);
  const nbytes = (shape as number[]).reduce((a, s) => a * BigInt(s), BigInt(d.itemsize));
  if (BigInt(end - begin) !== nbytes) throw headerError(`TensorInvalidInfo (${name}: shape [${shape.join(', ')}] of ${dtype} needs ${nbytes} bytes, data_offsets give ${end - begin})`);
  return { name, dtype: d, shape: shape as number[], begin, end };
}

function readTensors(source: ByteSource, device: DeviceLike | undefined): Record<string, Tensor> {
  const { entries, dataStart } = readHeader(source);
  const target = device === undefined ? 'cpu' : deviceString(device);
  const out: Record<string, Tensor> = {};
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const t = empty(e.shape, { dtype: e.dtype });
    let at = dataStart + e.begin;
    for (const piece of storagePieces(t, 0, e.end - e.begin)) {
      source.readInto(at, piece);
      at += piece.length;
    }
    out[e.name] = target === 'cpu' ? t : t.to(target);
  }
  return out;
}

/** `load(data)`: the tensors in safetensors bytes, by name. */
export function load(data: Uint8Array): Record<string, Tensor> {
  if (!(data instanceof Uint8Array)) throw new TypeError('load(): expected bytes (a Buffer or Uint8Array) for data');
  return readTensors(new BufferSource(data), undefined);
}

/** `load_file(filename, { device: 'cpu' })`: the tensors in a safetensors file, by name. */
export function load_file(filename: string, options: DeviceLike | { device?: DeviceLike } = {}): Record<string, Tensor> {
  const device = isOptions(options) ? (options as { device?: DeviceLike }).device : options;
  const fd = fs.openSync(filename, 'r');
  try { return readTensors(new FileSource(fd), device); } finally { fs.closeSync(fd); }
}

/** `metadata(filename)`: the header's `__metadata__` (strings), or null. */
export function metadata(filename: string): Record<string, string> | null {
  const fd = fs.openSync(filename, 'r');
  try { return readHeader(new FileSource(fd)).metadata; } finally { fs.closeSync(fd); }
}

/** The header and each tensor's bytes, in file order. */
function layout(tensors: Record<string, Tensor>, metadata: Record<string, string> | null | undefined): Uint8Array[] {
  if (tensors === null || typeof tensors !== 'object') throw new TypeError('save(): expected an object of tensors for tensors');
  if (metadata != null && (typeof metadata !== 'object' || !Object.values(metadata).every((v) => typeof v === 'string')))
    throw new TypeError('save(): metadata must map strings to strings');
  const items = Object.entries(tensors).map(([name, t]) => {
    if (!(t instanceof Tensor)) throw new TypeError(`save(): expected a Tensor for ${name}`);
    if (!t.is_contiguous()) throw new TorchError(`You are trying to save a non contiguous tensor: \`${name}\` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call \`.contiguous()\` on your tensor to pack it before saving.`, 'ValueError');
    const code = NAME_OF.get(t.dtype.name);
    if (!code) throw new TypeError(`save(): safetensors has no dtype for ${t.dtype} (${name})`);
    return { name, t, code };
  });
  checkNoSharedMemory(items);
  // As the reference writer: larger elements first (each stays aligned), then by name.
  items.sort((a, b) => b.t.dtype.itemsize - a.t.dtype.itemsize || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata != null) header[METADATA_KEY] = metadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const { name, t, code } of items) {
    const nbytes = t.numel() * t.dtype.itemsize;
    header[name] = { dtype: code, shape: t.shape, data_offsets: [offset, offset + nbytes] };
    offset += nbytes;
    const start = t.storage_offset() * t.dtype.itemsize;
    chunks.push(...storagePieces(t, start, start + nbytes));
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded > json.length) json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(json.length));
  return [size, json, ...chunks];
}

function checkNoSharedMemory(items: { name: string; t: Tensor }[]): void {
  const byStorage = new Map<number, { name: string; begin: number; end: number }[]>();
  for (const { name, t } of items) {
    const [impl] = native.storageInfo(t);
    const begin = t.storage_offset() * t.dtype.itemsize, end = begin + t.numel() * t.dtype.itemsize;
    if (end === begin) continue;
    const list = byStorage.get(impl) ?? [];
    const clash = list.find((o) => o.begin < end && begin < o.end);
    if (clash) throw new TorchError(`Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: [${clash.name}, ${name}]. A potential way to correctly save your model is to use \`save_model\`.`, 'RuntimeError');
    list.push({ name, begin, end });
    byStorage.set(impl, list);
  }
}

/** `save(tensors, metadata?)`: safetensors bytes. */
export function save(tensors: Record<string, Tensor>, metadata?: Record<string, string> | null): Buffer {
  return Buffer.concat(layout(tensors, metadata));
}

/** `save_file(tensors, filename, metadata?)`: writes a file (to a temporary name, then renamed). */
export function save_file(tensors: Record<string, Tensor>, filename: string, metadata?: Record<string, string> | null): void {
  const chunks = layout(tensors, metadata);
  writeAtomically(filename, (sink) => { for (const c of chunks) sink.write(c); });
}
