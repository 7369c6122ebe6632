// torchts/safetensors against the format's specification: files whose bytes are written out here
// by hand (header size, JSON padded with spaces to 8 bytes, little-endian data) are what save()
// produces and what load() reads; the strict parser rejects every malformed header.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import * as safetensors from '../lib/safetensors';
import { rawBase64 } from './serialization_summary';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-safetensors-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** A file from its parts: the header's declared length, the header text, the data. */
const file = (header: string, data: Buffer, declared = Buffer.byteLength(header)) => Buffer.concat([u64(declared), Buffer.from(header), data]);

// {"a": float32 [[1, 2]], "b": int16 [1, -2]}: 110 bytes of JSON + 2 spaces, then 8 + 4 data bytes.
const HEADER = '{"a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"b":{"dtype":"I16","shape":[2],"data_offsets":[8,12]}}  ';
const DATA = hex('0000803f 00000040  0100 feff');
const HAND_WRITTEN = Buffer.concat([hex('7000000000000000'), Buffer.from(HEADER), DATA]);
const META_HEADER = '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"b":{"dtype":"I16","shape":[2],"data_offsets":[8,12]}}   ';

const ab = () => ({ b: torch.tensor([1, -2], { dtype: torch.int16 }), a: torch.tensor([[1, 2]], { dtype: torch.float32 }) });

test('save() writes the bytes the specification gives, larger elements first', () => {
  expect(HEADER.length).toBe(112);
  expect(safetensors.save(ab())).toEqual(HAND_WRITTEN);
  expect(safetensors.save(ab(), { format: 'pt' })).toEqual(file(META_HEADER, DATA));
});

test('load() reads hand-written bytes, names in sorted order', () => {
  const t = safetensors.load(HAND_WRITTEN);
  expect(Object.keys(t)).toEqual(['a', 'b']);
  expect(t.a.dtype).toBe(torch.float32);
  expect(t.a.tolist()).toEqual([[1, 2]]);
  expect(t.b.dtype).toBe(torch.int16);
  expect(t.b.tolist()).toEqual([1, -2]);
  // Offsets may be listed in any order; bf16 1.0 = 0x3f80, bool, and an empty tensor.
  const header = '{"z":{"dtype":"BOOL","shape":[2],"data_offsets":[2,4]},"e":{"dtype":"F64","shape":[0,3],"data_offsets":[2,2]},"h":{"dtype":"BF16","shape":[],"data_offsets":[0,2]}}';
  const u = safetensors.load(file(header, hex('803f 0100')));
  expect(u.h.dtype).toBe(torch.bfloat16);
  expect(u.h.item()).toBe(1);
  expect(u.z.tolist()).toEqual([true, false]);
  expect(u.e.shape).toEqual([0, 3]);
});

test('save_file / load_file / metadata round-trip every dtype bit for bit', () => {
  const tensors: Record<string, torch.Tensor> = {
    f32: torch.tensor([1.5, -0, Infinity, NaN, 1e-45]), f64: torch.tensor([Math.PI], { dtype: torch.float64 }),
    f16: torch.tensor([65504, 6e-8, NaN], { dtype: torch.float16 }), bf16: torch.tensor([3e38, 0.1], { dtype: torch.bfloat16 }),
    i64: torch.tensor([-(2 ** 53) + 1], { dtype: torch.int64 }), i32: torch.tensor([-(2 ** 31)], { dtype: torch.int32 }),
    i16: torch.tensor([-32768], { dtype: torch.int16 }), i8: torch.tensor([-128], { dtype: torch.int8 }),
    u8: torch.tensor([255], { dtype: torch.uint8 }), bool: torch.tensor([true, false]), scalar: torch.tensor(2.5),
    empty: torch.zeros(0, 4), row: torch.arange(12).reshape(3, 4).index(1),
  };
  const f = path.join(tmp, 'all.safetensors');
  safetensors.save_file(tensors, f, { step: '10' });
  const back = safetensors.load_file(f, { device: 'cpu' });
  expect(Object.keys(back)).toEqual(Object.keys(tensors).sort());
  for (const [k, t] of Object.entries(tensors)) {
    expect([k, back[k].dtype, back[k].shape, rawBase64(back[k])]).toEqual([k, t.dtype, t.shape, rawBase64(t)]);
  }
  expect(safetensors.metadata(f)).toEqual({ step: '10' });
  expect(Object.keys(safetensors.load_file(f, 'cpu'))).toHaveLength(13);
  const bytes = fs.readFileSync(f);
  expect(Number(bytes.readBigUInt64LE(0)) % 8).toBe(0);
  expect(safetensors.load(bytes).f16.tolist()).toEqual(back.f16.tolist());
});

test('the strict parser rejects malformed headers', () => {
  const err = (bytes: Buffer) => { try { safetensors.load(bytes); } catch (e) { return (e as Error).message; } throw new Error('accepted'); };
  const one = (offsets: string, dtype = 'F32', shape = '[2]') => `{"a":{"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}}}`;
  expect(err(Buffer.alloc(4))).toMatch(/HeaderTooSmall/);
  expect(err(Buffer.concat([u64(100_000_001), Buffer.from('{}')]))).toMatch(/HeaderTooLarge/);
  expect(err(file('{}', Buffer.alloc(0), 1000))).toMatch(/InvalidHeaderLength/);
  expect(err(file(' {}', Buffer.alloc(0)))).toMatch(/InvalidHeaderStart/);
  expect(err(file('{"a":', Buffer.alloc(0)))).toMatch(/InvalidHeaderDeserialization/);
  expect(err(Buffer.concat([u64(4), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]))).toMatch(/InvalidHeaderDeserialization/);
  expect(err(file(one('[4,12]'), Buffer.alloc(12)))).toMatch(/InvalidOffset .*starts at 4, expected 0/);
  const two = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}';
  expect(err(file(two, Buffer.alloc(12)))).toMatch(/InvalidOffset .*b: data starts at 4, expected 8/);
  expect(err(file(one('[8,0]'), Buffer.alloc(8)))).toMatch(/end 0 before begin 8/);
  expect(err(file(one('[0,8]'), Buffer.alloc(12)))).toMatch(/MetadataIncompleteBuffer/);
  expect(err(file(one('[0,8]'), Buffer.alloc(4)))).toMatch(/MetadataIncompleteBuffer/);
  expect(err(file(one('[0,4]'), Buffer.alloc(4)))).toMatch(/TensorInvalidInfo .*needs 8 bytes/);
  expect(err(file(one('[0,8]', 'F32', '[4294967296,4294967296]'), Buffer.alloc(8)))).toMatch(/TensorInvalidInfo/);
  expect(err(file(one('[0,2]', 'F8_E4M3'), Buffer.alloc(2)))).toMatch(/unsupported dtype "F8_E4M3"/);
  expect(err(file(one('[0,8]', 'F32', '[-2]'), Buffer.alloc(8)))).toMatch(/non-negative integers/);
  expect(err(file('{"__metadata__":{"n":1}}', Buffer.alloc(0)))).toMatch(/strings to strings/);
  for (let n = 0; n < HAND_WRITTEN.length; n++) err(HAND_WRITTEN.subarray(0, n));
});

test('save refuses non-contiguous tensors, tensors sharing memory and non-string metadata', () => {
  const x = torch.randn(3, 4);
  expect(() => safetensors.save({ t: x.t() })).toThrow(/non contiguous tensor: `t`/);
  expect(() => safetensors.save({ a: x, b: x.index(1) })).toThrow(/Some tensors share memory/);
  expect(safetensors.save({ a: x.index(0), b: x.index(1) }).length).toBeGreaterThan(32);
  expect(() => safetensors.save({ a: x }, { n: 1 } as any)).toThrow(/metadata must map strings to strings/);
});
