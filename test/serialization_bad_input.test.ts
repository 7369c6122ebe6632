// torch.load on damaged and hostile files: every case throws an Error that says what is wrong,
// never crashes the process, and never allocates what a header merely claims.
import * as fs from 'fs';
import * as path from 'path';
import * as torch from '../lib';
import { native } from '../lib/native';
import { pickle, PyGlobal, PyPersistent, PyReduce, tuple } from '../lib/serialization/pickle';
import { FIXTURE_DIR, summarize } from './serialization_summary';
import { ORDERED_DICT, archive, floats, tensorPickle } from './serialization_archive';

const DIR = FIXTURE_DIR;
const small = fs.readFileSync(path.join(DIR, 'tensor.pt'));
const legacy = fs.readFileSync(path.join(DIR, 'legacy_shared.pt'));

/** Loads `bytes`; returns the error it threw (failing the test if it loaded). */
function loadError(bytes: Uint8Array): Error {
  try {
    torch.load(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('torch.load accepted a damaged file');
}

/** A deterministic byte stream (xorshift32) for random files and bit positions. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

test('empty input and wrong magic', () => {
  expect(loadError(new Uint8Array(0)).message).toMatch(/empty/);
  const wrongMagic = Buffer.from(legacy);
  wrongMagic[5] ^= 0xff; // inside the magic number's LONG1 bytes
  expect(loadError(wrongMagic).message).toMatch(/Invalid magic number/);
  expect(loadError(Buffer.from('PK\x03\x04 not really a zip')).message).toMatch(/central directory/);
  expect(loadError(Buffer.from('hello world')).message).toMatch(/Memo value not found/);
});

test('every prefix of a zip file and of a legacy file', () => {
  for (const file of [small, legacy]) {
    for (let n = 1; n < file.length; n++) loadError(file.subarray(0, n));
  }
});

test('random bytes', () => {
  const next = rng(7);
  for (let i = 0; i < 300; i++) {
    const bytes = Uint8Array.from({ length: 1 + (next() % 600) }, () => next() & 0xff);
    if (i % 3 === 0) bytes.set([0x50, 0x4b, 0x03, 0x04]); // zip magic in front of garbage
    if (i % 3 === 1) bytes.set([0x80, 0x02]); // a pickle protocol header in front of garbage
    loadError(bytes);
  }
});

/** A summary without the tensor values (a flipped bit in a storage record changes a value, as in PyTorch). */
const structure = (v: unknown) => JSON.parse(JSON.stringify(summarize(v), (k, x) => (k === 'data' ? undefined : x)));

test('one flipped bit anywhere either fails with an Error or loads the same structure (the pickle is CRC-checked)', () => {
  const want = structure(torch.load(small));
  const next = rng(11);
  let failed = 0;
  for (let i = 0; i < small.length; i++) {
    const bytes = Buffer.from(small);
    bytes[i] ^= 1 << (next() % 8);
    try {
      expect(structure(torch.load(bytes))).toEqual(want);
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      failed++;
    }
  }
  // The pickle is covered by its CRC; besides the storage bytes, only header fields that do not matter load.
  expect(failed).toBeGreaterThan(small.length / 4);
  for (let i = 0; i < legacy.length; i++) {
    const bytes = Buffer.from(legacy);
    bytes[i] ^= 1 << (next() % 8);
    try { torch.load(bytes); } catch (e) { expect(e).toBeInstanceOf(Error); }
  }
});

test('missing records, short storages and huge element counts', () => {
  const version = Buffer.from('3\n');
  const ok = archive({ 'archive/data.pkl': tensorPickle(4, [4], [1]), 'archive/data/0': floats(4), 'archive/version': version });
  expect(torch.load(ok).tolist()).toEqual([1, 1, 1, 1]);
  expect(loadError(archive({ 'archive/data.pkl': tensorPickle(4, [4], [1]), 'archive/version': version })).message).toMatch(/failed locating file archive\/data\/0/);
  expect(loadError(archive({ 'archive/version': version })).message).toMatch(/data\.pkl/);
  // The header claims 2^50 floats; the record holds 16 bytes: nothing that size is allocated.
  expect(loadError(archive({ 'archive/data.pkl': tensorPickle(2 ** 50, [4], [1]), 'archive/data/0': floats(4) })).message).toMatch(/claims 4503599627370496 bytes but its record holds 16/);
  // Tensors larger than their storage, by size, stride or offset.
  for (const [size, stride, offset] of [[[5], [1], 0], [[2 ** 40, 2 ** 40], [1, 1], 0], [[3], [2], 0], [[4], [1], 1]] as [number[], number[], number][]) {
    const bad = archive({ 'archive/data.pkl': tensorPickle(4, size, stride, offset), 'archive/data/0': floats(4) });
    expect(loadError(bad).message).toMatch(/needs \d+ elements but its storage has 4/);
  }
  expect(loadError(archive({ 'archive/data.pkl': tensorPickle(4, [2, 2], [1]), 'archive/data/0': floats(4) })).message).toMatch(/2 sizes but 1 strides/);
  expect(loadError(archive({ 'archive/data.pkl': tensorPickle(4, [-1], [1]), 'archive/data/0': floats(4) })).message).toMatch(/non-negative ints/);
});

test('pickle stack and memo misuse, lengths past the end, unknown globals', () => {
  const pkl = (...bytes: (number | string)[]) => archive({ 'archive/data.pkl': Buffer.concat(bytes.map((b) => (typeof b === 'string' ? Buffer.from(b, 'latin1') : Buffer.from([b])))) });
  expect(loadError(pkl(0x80, 2, '.')).message).toMatch(/stack underflow/);
  expect(loadError(pkl(0x80, 2, 'h', 5, '.')).message).toMatch(/Memo value not found at index 5/);
  expect(loadError(pkl(0x80, 2, '}', 'u', '.')).message).toMatch(/could not find MARK/);
  expect(loadError(pkl(0x80, 2, 'X', '\xff\xff\xff\xff', 'abc.')).message).toMatch(/truncated/);
  expect(loadError(pkl(0x80, 2, 0x8b, '\x00\x00\x00\x7f', '.')).message).toMatch(/LONG4 of 2130706432 bytes/);
  expect(loadError(pkl(0x80, 4, 0x8e, '\xff\xff\xff\xff\xff\xff\x00\x00', '.')).message).toMatch(/truncated/);
  expect(loadError(pkl(0x80, 2, 'cos\nsystem\n', 'X', '\x02\x00\x00\x00', 'ls', 0x85, 'R.')).message).toMatch(/Unsupported global: GLOBAL os\.system/);
  expect(loadError(pkl(0x80, 2, 0xff)).message).toMatch(/invalid load key, '\\xff'/);
  expect(loadError(pkl(0x80, 2, ']', 'K', 1)).message).toMatch(/no STOP/);
  expect(loadError(pkl(0x80, 2, 'K', 0, 'K', 1, 'K', 2, 's.')).message).toMatch(/SETITEM on int/);
  // 200,000 nested lists: ']' * n then 'a' * (n - 1).
  const n = 200000;
  expect(loadError(pkl(0x80, 2, ']'.repeat(n), 'a'.repeat(n - 1), '.')).message).toMatch(/more than 1000 levels deep/);
});

test('zip entries and directories that point past the end', () => {
  const good = archive({ 'archive/data.pkl': tensorPickle(4, [4], [1]), 'archive/data/0': floats(4) });
  const eocd = good.length - 22;
  const cdOffset = good.readUInt32LE(eocd + 16);
  const damaged = (edit: (b: Buffer) => void) => { const b = Buffer.from(good); edit(b); return b; };
  expect(loadError(damaged((b) => b.writeUInt32LE(0x7fffffff, eocd + 16))).message).toMatch(/runs past the end of the archive/);
  expect(loadError(damaged((b) => b.writeUInt16LE(60000, eocd + 10))).message).toMatch(/claims 60000 entries/);
  // The second entry's sizes (central directory) and its local header offset.
  const second = cdOffset + 46 + 'archive/data.pkl'.length;
  expect(loadError(damaged((b) => { b.writeUInt32LE(0x7ffffff0, second + 20); b.writeUInt32LE(0x7ffffff0, second + 24); })).message).toMatch(/runs past the end of the data/);
  expect(loadError(damaged((b) => b.writeUInt32LE(0x7ffffff0, second + 42))).message).toMatch(/local header of 'archive\/data\/0' is out of range/);
  expect(loadError(damaged((b) => b.writeUInt32LE(0, second + 42))).message).toMatch(/local header of 'archive\/data\/0' names another file/);
});

/** A legacy (pre-1.6) stream of one float tensor: `numel` in its record, `count` and `data` in the storage section. */
function legacyFile(numel: number, count: bigint, data: Uint8Array): Buffer {
  const p = (v: unknown) => pickle(v, { reduce: () => undefined });
  const sysInfo = { protocol_version: 1001, little_endian: true, type_sizes: { short: 2, int: 4, long: 4 } };
  const pid = new PyPersistent(tuple(['storage', new PyGlobal('torch', 'FloatStorage'), 'k', 'cpu', numel, null]));
  const obj = new PyReduce(new PyGlobal('torch._utils', '_rebuild_tensor_v2'), [pid, 0, tuple([Math.min(numel, 4)]), tuple([1]), false, ORDERED_DICT]);
  const head = Buffer.alloc(8);
  head.writeBigInt64LE(count);
  return Buffer.concat([p(0x1950a86a20f9469cfc6cn), p(1001), p(sysInfo), p(obj), p(['k']), head, data]);
}

test('legacy files whose storages claim more than the file holds', () => {
  expect(torch.load(legacyFile(4, 4n, floats(4))).tolist()).toEqual([1, 1, 1, 1]);
  expect(loadError(legacyFile(4, 2n ** 50n, floats(4))).message).toMatch(/storage has wrong byte size: expected 16 got 4503599627370496/);
  expect(loadError(legacyFile(2 ** 50, 2n ** 50n, floats(4))).message).toMatch(/runs past the end of the file/);
  expect(loadError(legacyFile(4, 4n, floats(3))).message).toMatch(/runs past the end of the file/);
  const wrongVersion = legacyFile(4, 4n, floats(4));
  wrongVersion.writeUInt16LE(1002, wrongVersion.indexOf(Buffer.from([0x4d, 0xe9, 0x03])) + 1);
  expect(loadError(wrongVersion).message).toMatch(/Invalid protocol version: 1002/);
});

test('storage byte ranges and views that do not fit their storage are RangeErrors (nothing grows)', () => {
  const t = torch.arange(4, { dtype: torch.float32 });
  expect(native.storageBytes(t, 4, 8)).toEqual(new Uint8Array(new Float32Array([1, 2]).buffer));
  expect(native.storageInfo(t)).toEqual([expect.any(Number), 16, 'cpu']);
  for (const [offset, length] of [[-1, 4], [0, 17], [16, 1], [0, 2 ** 40]]) {
    expect(() => native.storageBytes(t, offset, length)).toThrow(RangeError);
  }
  // LibTorch's set_ would grow the storage to fit; the view must fit instead.
  expect(native.viewStorage(t, torch.float64.code, 0, [2], [1]).tolist()).toEqual(Array.from(new Float64Array(new Float32Array([0, 1, 2, 3]).buffer)));
  for (const [offset, size, stride] of [[0, [3], [1]], [1, [2], [1]], [0, [2 ** 40, 2 ** 40], [2 ** 40, 1]], [-1, [1], [1]], [0, [2], [-1]]] as [number, number[], number[]][]) {
    expect(() => native.viewStorage(t, torch.float64.code, offset, size, stride)).toThrow(RangeError);
  }
  expect(native.viewStorage(t, torch.float64.code, 9, [0, 5], [1, 1]).shape).toEqual([0, 5]);
  expect(native.storageInfo(t)[1]).toBe(16);
});
