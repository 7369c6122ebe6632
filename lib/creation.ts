// Tensor factories: torch.tensor, zeros, ones, full, arange, rand*, *_like, from_blob.
import { native } from './native';
import { Tensor, sizeArgs, bindArgs } from './tensor';
import * as dt from './dtype';
import { dtype, get_default_dtype } from './dtype';
import { DeviceLike, deviceString } from './device';
import { callAten } from './ops/dispatch';
import { TorchError } from './errors';

export interface FactoryOptions {
  dtype?: dtype | null;
  device?: DeviceLike | null;
  size?: number[];
  requires_grad?: boolean;
  layout?: unknown;
  pin_memory?: boolean;
  generator?: unknown;
}

type NestedArray = number | boolean | NestedArray[];
type TypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint8ClampedArray;

function finish(t: Tensor, options?: FactoryOptions): Tensor {
  if (options?.requires_grad) native.setRequiresGrad(t, true);
  return t;
}

function dtypeOfTypedArray(a: TypedArray): dtype {
  if (a instanceof Float32Array) return dt.float32;
  if (a instanceof Float64Array) return dt.float64;
  if (a instanceof Int8Array) return dt.int8;
  if (a instanceof Int16Array) return dt.int16;
  if (a instanceof Int32Array) return dt.int32;
  if (a instanceof BigInt64Array) return dt.int64;
  return dt.uint8;
}

/** The typed array that carries values of `d` across to native code (see native/dtype_table.h). */
function transferArray(d: dtype, n: number): TypedArray {
  switch (d.name) {
    case 'float64': return new Float64Array(n);
    case 'int8': return new Int8Array(n);
    case 'int16': return new Int16Array(n);
    case 'int32': return new Int32Array(n);
    case 'int64': return new BigInt64Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
    case 'float32': case 'float16': case 'bfloat16': return new Float32Array(n);
    default: throw new TypeError(`torch.tensor does not support dtype ${d}`);
  }
}

/** Shape of nested arrays, checking they are rectangular (PyTorch's ValueError otherwise). */
function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const check = (v: NestedArray, d: number) => {
    if (d === shape.length) {
      if (Array.isArray(v)) throw new TorchError(`expected sequence of length ${shape[d - 1]} at dim ${d - 1} (got ${v.length})`, 'ValueError');
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new TypeError(`Expected number or boolean in tensor data but received ${v === null ? 'null' : typeof v}`);
      return;
    }
    if (!Array.isArray(v)) throw new TorchError(`expected sequence of length ${shape[d]} at dim ${d} (got a scalar)`, 'ValueError');
    if (v.length !== shape[d]) throw new TorchError(`expected sequence of length ${shape[d]} at dim ${d} (got ${v.length})`, 'ValueError');
    for (const e of v) check(e, d + 1);
  };
  check(data, 0);
  return shape;
}

/** torch.tensor(data, {dtype, device, requires_grad}): copies nested arrays, numbers, or a TypedArray. */
export function tensor(data: NestedArray | TypedArray | Tensor, options: FactoryOptions = {}): Tensor {
  if (data instanceof Tensor) return finish(native.to(native.detach(data), options.dtype?.code ?? null, options.device != null ? deviceString(options.device) : null, false, true), options);
  let flat: ArrayLike<number | boolean | bigint>;
  let shape: number[];
  let inferred: dtype;
  if (ArrayBuffer.isView(data)) {
    flat = data as TypedArray;
    shape = [(data as TypedArray).length];
    inferred = dtypeOfTypedArray(data as TypedArray);
  } else {
    shape = inferShape(data);
    const values: (number | boolean)[] = Array.isArray(data) ? (data as any[]).flat(Infinity) : [data as number | boolean];
    flat = values;
    // Python's rules: all bools -> bool, all integers -> int64, else the default float dtype.
    inferred = values.length > 0 && values.every((v) => typeof v === 'boolean') ? dt.bool
      : values.every((v) => typeof v === 'boolean' || Number.isInteger(v)) ? (values.length === 0 ? get_default_dtype() : dt.int64)
      : get_default_dtype();
  }
  const target = options.dtype ?? inferred;
  const buf = transferArray(target, flat.length);
  if (buf instanceof BigInt64Array) for (let i = 0; i < flat.length; i++) buf[i] = BigInt(Math.trunc(Number(flat[i])));
  else if (target === dt.bool) for (let i = 0; i < flat.length; i++) buf[i] = Number(flat[i]) !== 0 ? 1 : 0;
  else for (let i = 0; i < flat.length; i++) (buf as Float32Array)[i] = Number(flat[i]);
  const device = options.device != null ? deviceString(options.device) : null;
  return finish(native.fromBuffer(buf, shape, target.code, device, false), options);
}

/**
 * Wraps a TypedArray's memory without copying (like torch.from_numpy): writes through either side are
 * seen by the other, and the buffer stays alive while the tensor does.
 */
export function from_blob(data: TypedArray, shape?: number[], options: { requires_grad?: boolean } = {}): Tensor {
  if (!ArrayBuffer.isView(data)) throw new TypeError('from_blob expects a TypedArray');
  const d = dtypeOfTypedArray(data);
  return finish(native.fromBuffer(data, shape ?? [data.length], d.code, null, true), options);
}
export const from_numpy = (data: TypedArray) => from_blob(data);

function factoryKwargs(options: FactoryOptions | undefined, defaultDtype: dtype | null): Record<string, unknown> {
  const kw: Record<string, unknown> = {};
  const d = options?.dtype ?? defaultDtype;
  if (d) kw.dtype = d;
  if (options?.device != null) kw.device = deviceString(options.device);
  if (options?.generator != null) kw.generator = options.generator;
  return kw;
}

function splitOptions(rest: unknown[]): FactoryOptions | undefined {
  const last = rest[rest.length - 1];
  return last !== null && typeof last === 'object' && !Array.isArray(last) ? (last as FactoryOptions) : undefined;
}

type SizeAndOptions = (number | number[] | FactoryOptions)[];

function sized(op: string, floatDefault: boolean) {
  return (...args: SizeAndOptions): Tensor => {
    const { size, rest } = sizeArgs(args);
    const options = splitOptions(rest);
    return finish(callAten(op, [size, factoryKwargs(options, floatDefault ? get_default_dtype() : null)]), options);
  };
}

export const zeros = sized('zeros', true);
export const ones = sized('ones', true);
export const empty = sized('empty', true);
export const rand = sized('rand', true);
export const randn = sized('randn', true);

function scalarDtype(v: number | boolean): dtype {
  return typeof v === 'boolean' ? dt.bool : Number.isInteger(v) ? dt.int64 : get_default_dtype();
}

export function full(size: number[], fill_value: number | boolean, options?: FactoryOptions): Tensor {
  return finish(callAten('full', [size, fill_value, factoryKwargs(options, scalarDtype(fill_value))]), options);
}

export function eye(n: number, m?: number | FactoryOptions, options?: FactoryOptions): Tensor {
  if (typeof m === 'object') [m, options] = [undefined, m];
  const args = m === undefined ? [n] : [n, m];
  return finish(callAten('eye', [...args, factoryKwargs(options, get_default_dtype())]), options);
}

/** torch.arange(end) / (start, end) / (start, end, step): int64 when every bound is an integer. */
export function arange(...args: (number | FactoryOptions)[]): Tensor {
  const options = splitOptions(args);
  const nums = (options ? args.slice(0, -1) : args) as number[];
  const allInt = nums.every((v) => Number.isInteger(v));
  const overload = nums.length === 1 ? '' : nums.length === 2 ? 'start' : 'start_step';
  return finish(callAten('arange', [...nums, factoryKwargs(options, allInt ? dt.int64 : get_default_dtype())], overload), options);
}

type RangeOptions = FactoryOptions & { start?: number; end?: number; steps?: number; base?: number };

export function linspace(...args: (number | RangeOptions)[]): Tensor {
  const [start, end, steps] = bindArgs<[number, number, number]>(args, ['start', 'end', 'steps']);
  const options = splitOptions(args);
  return finish(callAten('linspace', [start, end, steps, factoryKwargs(options, get_default_dtype())]), options);
}
export function logspace(...args: (number | RangeOptions)[]): Tensor {
  const [start, end, steps, base] = bindArgs<[number, number, number, number]>(args, ['start', 'end', 'steps', 'base'], { base: 10 });
  const options = splitOptions(args);
  return finish(callAten('logspace', [start, end, steps, base, factoryKwargs(options, get_default_dtype())]), options);
}

/** torch.randint(high, size) or (low, high, size). */
export function randint(...args: (number | number[] | FactoryOptions)[]): Tensor {
  const options = splitOptions(args);
  const pos = (options ? args.slice(0, -1) : args) as (number | number[])[];
  const sizeKw = (options as { size?: number[] } | undefined)?.size;
  if (sizeKw !== undefined) pos.push(sizeKw);
  const [low, high, size] = pos.length === 2 ? [0, pos[0] as number, pos[1] as number[]] : (pos as [number, number, number[]]);
  return finish(callAten('randint', [low, high, size, factoryKwargs(options, dt.int64)], 'low'), options);
}

export function randperm(n: number, options?: FactoryOptions): Tensor {
  return finish(callAten('randperm', [n, factoryKwargs(options, dt.int64)]), options);
}

/** torch.normal(mean, std, size?) with tensors or numbers, as PyTorch. */
export function normal(mean: Tensor | number, std: Tensor | number = 1, size?: number[] | (FactoryOptions & { size?: number[] }), options?: FactoryOptions): Tensor {
  if (size !== undefined && !Array.isArray(size)) [size, options] = [size.size, size];
  if (typeof mean === 'number' && typeof std === 'number') {
    return finish(callAten('normal', [mean, std, size ?? [], factoryKwargs(options, get_default_dtype())], 'float_float'), options);
  }
  const kw = options?.generator != null ? [{ generator: options.generator }] : [];
  return callAten('normal', [mean, std, ...kw]);
}

function like(op: string) {
  return (input: Tensor, options?: FactoryOptions & { memory_format?: unknown }): Tensor =>
    finish(callAten(op, [input, factoryKwargs(options, null)]), options);
}
export const zeros_like = like('zeros_like');
export const ones_like = like('ones_like');
export const empty_like = like('empty_like');
export const rand_like = like('rand_like');
export const randn_like = like('randn_like');
export function full_like(input: Tensor, fill_value: number | boolean, options?: FactoryOptions): Tensor {
  return finish(callAten('full_like', [input, fill_value, factoryKwargs(options, null)]), options);
}
export function randint_like(input: Tensor, low: number, high?: number | FactoryOptions, options?: FactoryOptions): Tensor {
  if (typeof high !== 'number') return finish(callAten('randint_like', [input, low, factoryKwargs(high, null)]), high);
  return finish(callAten('randint_like', [input, low, high, factoryKwargs(options, null)], 'low_dtype'), options);
}

/** torch.cat / concat / stack and friends take a list of tensors first. */
export const cat = (tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor => callAten('cat', [tensors, typeof dim === 'object' ? dim.dim ?? 0 : dim]);
export const concat = cat;
export const concatenate = cat;
export const stack = (tensors: Tensor[], dim: number | { dim?: number } = 0): Tensor => callAten('stack', [tensors, typeof dim === 'object' ? dim.dim ?? 0 : dim]);
export const hstack = (tensors: Tensor[]): Tensor => callAten('hstack', [tensors]);
export const vstack = (tensors: Tensor[]): Tensor => callAten('vstack', [tensors]);
export const dstack = (tensors: Tensor[]): Tensor => callAten('dstack', [tensors]);
export const meshgrid = (tensors: Tensor[], options: { indexing?: 'ij' | 'xy' } = {}): Tensor[] => callAten('meshgrid', [tensors, { indexing: options.indexing ?? 'ij' }], 'indexing');
export const broadcast_tensors = (...tensors: Tensor[]): Tensor[] => callAten('broadcast_tensors', [tensors]);
export const cartesian_prod = (...tensors: Tensor[]): Tensor => callAten('cartesian_prod', [tensors]);
export const block_diag = (...tensors: Tensor[]): Tensor => callAten('block_diag', [tensors]);
/** torch.where(condition, input, other), or torch.where(condition) -> index tensors. */
export function where(condition: Tensor, input?: Tensor | number, other?: Tensor | number): any {
  if (input === undefined) return callAten('where', [condition], '');
  return callAten('where', [condition, input, other]);
}
export const is_tensor = (x: unknown): x is Tensor => x instanceof Tensor;
export const numel = (x: Tensor): number => x.numel();
