// IDX files (the MNIST family's format; torchvision's read_sn3_pascalvincent_tensor): a 4-byte
// big-endian magic (0, 0, type, ndim), ndim big-endian int32 sizes, then the values, big-endian.
// Gzipped files are read too.
import * as fs from 'fs';
import { gunzipSync } from 'zlib';
import { Tensor } from '../../tensor';
import { from_blob } from '../../creation';
import { dtype, uint8, int8, int16, int32, float32, float64 } from '../../dtype';
import { TorchError } from '../../errors';

const TYPES: Record<number, { dtype: dtype; bytes: number; array: (buf: ArrayBuffer, n: number) => Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array }> = {
  8: { dtype: uint8, bytes: 1, array: (b, n) => new Uint8Array(b, 0, n) },
  9: { dtype: int8, bytes: 1, array: (b, n) => new Int8Array(b, 0, n) },
  11: { dtype: int16, bytes: 2, array: (b, n) => new Int16Array(b, 0, n) },
  12: { dtype: int32, bytes: 4, array: (b, n) => new Int32Array(b, 0, n) },
  13: { dtype: float32, bytes: 4, array: (b, n) => new Float32Array(b, 0, n) },
  14: { dtype: float64, bytes: 8, array: (b, n) => new Float64Array(b, 0, n) },
};

/** The bytes of `file`, gunzipped when they start with gzip's magic. */
export function readMaybeGzip(file: string): Buffer {
  const raw = fs.readFileSync(file);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (e) {
      throw new TorchError(`Corrupt gzip file ${file}: ${(e as Error).message}`, 'RuntimeError');
    }
  }
  return raw;
}

/**
 * Parses IDX `data` (read from `file`, named in errors) into a tensor of the header's shape and
 * type. `strict`: the data must be exactly as long as the header says (else at least as long).
 */
export function parseIdx(data: Buffer, file: string, strict = true): Tensor {
  if (data.length < 4) throw new TorchError(`Invalid IDX file ${file}: ${data.length} bytes, too short for the 4-byte header`, 'RuntimeError');
  const magic = data.readUInt32BE(0);
  const nd = magic % 256, ty = Math.floor(magic / 256);
  const info = TYPES[ty];
  if (nd < 1 || nd > 3 || !info || magic >>> 16 !== 0) throw new TorchError(`Invalid IDX file ${file}: bad magic number 0x${magic.toString(16).padStart(8, '0')} (expected 0x00000801..0x00000e03: a type code 08-0e and 1-3 dims)`, 'RuntimeError');
  const headerBytes = 4 * (nd + 1);
  if (data.length < headerBytes) throw new TorchError(`Invalid IDX file ${file}: truncated header (${data.length} bytes, ${headerBytes} needed for ${nd} dims)`, 'RuntimeError');
  const shape = Array.from({ length: nd }, (_, i) => data.readUInt32BE(4 * (i + 1)));
  const count = shape.reduce((a, b) => a * b, 1);
  const have = data.length - headerBytes;
  const need = count * info.bytes;
  if (have < need || (strict && have !== need)) {
    throw new TorchError(`Invalid IDX file ${file}: the header says ${shape.join('x')} values (${need} bytes) but the file holds ${have} bytes of data${have < need ? ' (truncated)' : ''}`, 'RuntimeError');
  }
  // Copy into an aligned buffer, swapping multi-byte values from big-endian.
  const bytes = new ArrayBuffer(need);
  const dst = new Uint8Array(bytes);
  data.copy(dst, 0, headerBytes, headerBytes + need);
  if (info.bytes > 1) {
    for (let i = 0; i < need; i += info.bytes) dst.subarray(i, i + info.bytes).reverse();
  }
  return from_blob(info.array(bytes, count) as any, shape);
}

/** Reads an IDX file (raw or gzipped) into a tensor. */
export function read_sn3_pascalvincent_tensor(file: string, strict = true): Tensor {
  return parseIdx(readMaybeGzip(file), file, strict);
}

/** An IDX image file: a uint8 (N, H, W) tensor. */
export function read_image_file(file: string): Tensor {
  const x = read_sn3_pascalvincent_tensor(file, false);
  if (x.dtype !== uint8 || x.dim() !== 3) throw new TorchError(`Invalid IDX image file ${file}: expected uint8 data with 3 dims (N, H, W), got ${x.dtype} with shape [${x.shape}]`, 'RuntimeError');
  return x;
}

/** An IDX label file: an int64 (N) tensor. */
export function read_label_file(file: string): Tensor {
  const x = read_sn3_pascalvincent_tensor(file, false);
  if (x.dtype !== uint8 || x.dim() !== 1) throw new TorchError(`Invalid IDX label file ${file}: expected uint8 data with 1 dim (N), got ${x.dtype} with shape [${x.shape}]`, 'RuntimeError');
  return x.long();
}
