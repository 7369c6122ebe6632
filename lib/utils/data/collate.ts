// default_collate / default_convert (PyTorch's torch/utils/data/_utils/collate.py): how the
// DataLoader turns a list of samples into a batch.
import { Tensor } from '../../tensor';
import { tensor, stack } from '../../creation';
import { float64 } from '../../dtype';
import { TorchError } from '../../errors';
import { isOptions } from '../../python/options';
import { classRepr } from '../../python/typename';

type TypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint8ClampedArray;
const isTypedArray = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

const errorFormat = (elem: unknown) => `default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ${classRepr(elem)}`;

/**
 * Collates a list of samples into a batch, by the type of the first sample:
 * - Tensor -> `torch.stack(batch, 0)` (a new leading batch dim)
 * - TypedArray (PyTorch's numpy array) -> each converted with torch.tensor, then stacked
 * - number -> a tensor: int64 when the first is an integer (Python int; later non-integers make
 *   it the default float dtype, as torch.tensor does), float64 otherwise (Python float)
 * - boolean -> a bool tensor; bigint -> int64
 * - string -> the list unchanged
 * - plain object or Map -> the same keys, each collated over the batch
 * - array (Python list/tuple) -> transposed: element k of the result collates element k of every
 *   sample (all samples must have the same length)
 *
 * Note: JS has one number type, so `1.0` is an integer here; Python's `[1.0, 2.0]` (float) collates
 * to float64 but JS's `[1, 2]` to int64.
 */
export function default_collate(batch: unknown[]): any {
  if (!Array.isArray(batch)) throw new TypeError(`default_collate(): expected an array of samples for batch but received ${classRepr(batch)}`);
  if (batch.length === 0) throw new TorchError('list index out of range', 'IndexError');
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0);
  if (isTypedArray(elem)) return default_collate(batch.map((b) => tensor(b as TypedArray)));
  if (typeof elem === 'number') {
    return Number.isInteger(elem) ? tensor(batch as number[]) : tensor(batch as number[], { dtype: float64 });
  }
  if (typeof elem === 'boolean') return tensor(batch as boolean[]);
  if (typeof elem === 'bigint') return tensor(BigInt64Array.from(batch as bigint[]));
  if (typeof elem === 'string') return batch;
  if (elem instanceof Map) {
    return new Map([...elem.keys()].map((k) => [k, default_collate(batch.map((d) => (d as Map<unknown, unknown>).get(k)))]));
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!batch.every((b) => Array.isArray(b) && b.length === size)) throw new TorchError('each element in list of batch should be of equal size', 'RuntimeError');
    return Array.from({ length: size }, (_, k) => default_collate(batch.map((b) => (b as unknown[])[k])));
  }
  if (isOptions(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) out[key] = default_collate(batch.map((d) => (d as Record<string, unknown>)[key]));
    return out;
  }
  throw new TypeError(errorFormat(elem));
}

/**
 * What the DataLoader applies to each sample when automatic batching is off (batch_size=null):
 * TypedArrays become tensors, arrays / plain objects / Maps are converted element-wise, anything
 * else is returned unchanged.
 */
export function default_convert(data: unknown): any {
  if (data instanceof Tensor) return data;
  if (isTypedArray(data)) return tensor(data);
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, default_convert(v)]));
  if (Array.isArray(data)) return data.map(default_convert);
  if (isOptions(data)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = default_convert(v);
    return out;
  }
  return data;
}
