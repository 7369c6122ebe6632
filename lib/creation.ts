// Tensor factories: torch.tensor, zeros, ones, full, arange, rand*, *_like, from_blob.
import { native } from './native';
import { Tensor, Scalar, sizeArgs, PyArgs, SizeArgs } from './tensor';
import { bind, bindArgs, signature } from './python/binder';
import { trailingOptions } from './python/options';
import * as dt from './dtype';
import { dtype, dtypeOfArray, get_default_dtype } from './dtype';
import { DeviceLike, deviceString, factoryDevice } from './device';
import { callAten } from './ops/dispatch';
import { TorchError } from './errors';
import { initDevice } from './cuda_init';
import { describeValue } from './python/check';
import { Complex, isComplexValue, complexDtypeOf } from './complex';

export interface FactoryOptions {
  dtype?: dtype | null;
  device?: DeviceLike | null;
  size?: number[];
  requires_grad?: boolean;
  layout?: unknown;
  pin_memory?: boolean;
  generator?: unknown;
}

type NestedArray = number | boolean | Complex | NestedArray[];
type TypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint8ClampedArray;

function finish(t: Tensor, options?: FactoryOptions): Tensor {
  if (options?.requires_grad) native.setRequiresGrad(t, true);
  return t;
}

/** The typed array that carries `n` values of `d` across to native code. */
function transferArray(d: dtype, n: number): TypedArray {
  if (d.transfer === undefined) throw new TypeError(`torch.tensor does not support dtype ${d}`);
  return new d.transfer(n);
}

const MAX_DIMS = 128;

/** Shape of nested arrays, checking they are rectangular (PyTorch's ValueError otherwise). */
function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    // PyTorch's limit (MAX_DIMS); it also ends the walk down an array that contains itself.
    if (shape.length === MAX_DIMS) throw new TorchError("too many dimensions 'list'", 'ValueError');
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  const path = new Set<NestedArray>();
  const check = (v: NestedArray, d: number) => {
    if (path.has(v)) throw new TypeError('new(): self-referential lists are incompatible');
    if (d === shape.length) {
      if (Array.isArray(v)) throw new TorchError(`expected sequence of length ${shape[d - 1]} at dim ${d - 1} (got ${v.length})`, 'ValueError');
      if (typeof v !== 'number' && typeof v !== 'boolean' && !isComplexValue(v)) throw new TypeError(`Expected number, boolean or { real, imag } in tensor data but received ${v === null ? 'null' : typeof v}`);
      return;
    }
    if (!Array.isArray(v)) throw new TorchError(`expected sequence of length ${shape[d]} at dim ${d} (got a scalar)`, 'ValueError');
    if (v.length !== shape[d]) throw new TorchError(`expected sequence of length ${shape[d]} at dim ${d} (got ${v.length})`, 'ValueError');
    path.add(v);
    for (const e of v) check(e, d + 1);
    path.delete(v);
  };
  check(data, 0);
  return shape;
}

/** torch.tensor(data, {dtype, device, requires_grad}): copies nested arrays, numbers, or a TypedArray. */
export function tensor(...args: PyArgs<[['data', NestedArray | TypedArray | Tensor]], FactoryOptions>): Tensor {
  const [data] = bindArgs<[NestedArray | TypedArray | Tensor]>(args, ['data'], {}, 'tensor', FACTORY_KEYS);
  const options: FactoryOptions = trailingOptions(args) ?? {};
  if (data instanceof Tensor) return finish(native.to(native.detach(data), options.dtype?.code ?? null, initDevice(factoryDevice(options.device)), false, true), options);
  let flat: ArrayLike<number | boolean | bigint | Complex>;
  let shape: number[];
  let inferred: dtype;
  let hasComplex = false;
  if (ArrayBuffer.isView(data)) {
    flat = data as TypedArray;
    shape = [(data as TypedArray).length];
    inferred = dtypeOfArray(data as TypedArray) ?? dt.uint8;
  } else {
    shape = inferShape(data);
    const values: (number | boolean | Complex)[] = Array.isArray(data) ? (data as any[]).flat(Infinity) : [data as number | boolean | Complex];
    flat = values;
    hasComplex = values.some(isComplexValue);
    // Python's rules: all bools -> bool, all integers -> int64, any complex -> the default complex dtype, else the default float dtype.
    inferred = values.length > 0 && values.every((v) => typeof v === 'boolean') ? dt.bool
      : values.every((v) => typeof v === 'boolean' || Number.isInteger(v)) ? (values.length === 0 ? get_default_dtype() : dt.int64)
      : hasComplex ? complexDtypeOf(get_default_dtype())
      : get_default_dtype();
  }
  const target = options.dtype ?? inferred;
  if (target.is_complex) return finish(complexTensor(flat, shape, target, options), options);
  if (hasComplex && target === dt.bool) flat = Array.from(flat, (v) => (isComplexValue(v) ? v.real !== 0 || v.imag !== 0 : v));
  else if (hasComplex) throw new TypeError(target.is_floating_point ? 'must be real number, not complex' : "'complex' object cannot be interpreted as an integer");
  const buf = transferArray(target, flat.length);
  if (buf instanceof BigInt64Array) for (let i = 0; i < flat.length; i++) buf[i] = BigInt(Math.trunc(Number(flat[i])));
  else if (target === dt.bool) for (let i = 0; i < flat.length; i++) buf[i] = Number(flat[i]) !== 0 ? 1 : 0;
  else for (let i = 0; i < flat.length; i++) (buf as Float32Array)[i] = Number(flat[i]);
  return finish(native.fromBuffer(buf, shape, target.code, initDevice(factoryDevice(options.device)), false), options);
}

/** A complex tensor from numbers and { real, imag } values, converted from double precision as Python converts. */
function complexTensor(values: ArrayLike<number | boolean | bigint | Complex>, shape: number[], target: dtype, options: FactoryOptions): Tensor {
  const re = new Float64Array(values.length), im = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isComplexValue(v)) [re[i], im[i]] = [v.real, v.imag];
    else re[i] = Number(v);
  }
  const part = (a: Float64Array): Tensor => native.fromBuffer(a, shape, dt.float64.code, null, false);
  const pairs: Tensor = callAten('complex', [part(re), part(im)]);
  return native.to(pairs, target.code, initDevice(factoryDevice(options.device)), false, false);
}

/**
 * Wraps a TypedArray's memory without copying (like torch.from_numpy): writes through either side are
 * seen by the other, and the buffer stays alive while the tensor does.
 */
export function from_blob(data: TypedArray, shape?: number[], options: { requires_grad?: boolean } = {}): Tensor {
  if (!ArrayBuffer.isView(data)) throw new TypeError('from_blob expects a TypedArray');
  const d = dtypeOfArray(data) ?? dt.uint8;
  return finish(native.fromBuffer(data, shape ?? [data.length], d.code, null, true), options);
}
export const from_numpy = (data: TypedArray) => from_blob(data);

/** Keyword arguments of an ATen factory call; `like`: a *_like call, whose device follows its input, not the default device. */
function factoryKwargs(options: FactoryOptions | undefined, defaultDtype: dtype | null, like = false): Record<string, unknown> {
  const kw: Record<string, unknown> = {};
  const d = options?.dtype ?? defaultDtype;
  if (d) kw.dtype = d;
  const device = initDevice(like ? (options?.device != null ? deviceString(options.device) : null) : factoryDevice(options?.device));
  if (device !== null) kw.device = device;
  if (options?.generator != null) kw.generator = options.generator;
  return kw;
}

type SizeAndOptions = SizeArgs<'size', FactoryOptions>;
const FACTORY_KEYS = ['dtype', 'device', 'requires_grad', 'layout', 'pin_memory', 'generator', 'memory_format', 'size'];

function sized(op: string, floatDefault: boolean) {
  const spec = signature(op, [], {}, { extra: FACTORY_KEYS });
  return (...args: SizeAndOptions): Tensor => {
    const { size, rest } = sizeArgs(args);
    const options = trailingOptions(rest) as FactoryOptions | undefined;
    if (options !== undefined) bind(spec, rest);
    return finish(callAten(op, [size, factoryKwargs(options, floatDefault ? get_default_dtype() : null)]), options);
  };
}

export const zeros = sized('zeros', true);
export const ones = sized('ones', true);
export const empty = sized('empty', true);
export const rand = sized('rand', true);
export const randn = sized('randn', true);

function scalarDtype(v: Scalar): dtype {
  return typeof v === 'boolean' ? dt.bool : isComplexValue(v) ? complexDtypeOf(get_default_dtype()) : Number.isInteger(v) ? dt.int64 : get_default_dtype();
}

export function full(...args: PyArgs<[['size', number[]], ['fill_value', Scalar]], FactoryOptions>): Tensor {
  const [size, fill_value] = bindArgs<[number[], Scalar]>(args, ['size', 'fill_value'], {}, 'full', FACTORY_KEYS);
  const options = trailingOptions(args) as FactoryOptions | undefined;
  return finish(callAten('full', [size, fill_value, factoryKwargs(options, scalarDtype(fill_value))]), options);
}

export function eye(...args: PyArgs<[['n', number], ['m', number | null, '?']], FactoryOptions>): Tensor {
  const [n, m] = bindArgs<[number, number | null | undefined]>(args, ['n', 'm'], {}, 'eye', FACTORY_KEYS);
  const options = trailingOptions(args) as FactoryOptions | undefined;
  return finish(callAten('eye', [...(m == null ? [n] : [n, m]), factoryKwargs(options, get_default_dtype())]), options);
}

/** torch.arange(end) / (start, end) / (start, end, step): int64 when every bound is an integer. */
export function arange(...args: PyArgs<[['end', number]], FactoryOptions> | PyArgs<[['start', number], ['end', number], ['step', number, '?']], FactoryOptions>): Tensor {
  const options = trailingOptions(args) as (FactoryOptions & { start?: number; end?: number; step?: number }) | undefined;
  const positional = (options ? args.slice(0, -1) : args) as number[];
  // One positional number is `end` unless `end` is given by name.
  const names = positional.length === 1 && options?.end === undefined ? ['end', 'start', 'step'] : ['start', 'end', 'step'];
  const [p0, p1, p2] = bindArgs<[number | undefined, number | undefined, number | undefined]>(args, names, {}, 'arange', FACTORY_KEYS);
  const v: Record<string, number | undefined> = { [names[0]]: p0, [names[1]]: p1, [names[2]]: p2 };
  if (v.end === undefined) throw new TypeError("arange() missing required argument 'end'");
  const nums = v.step !== undefined ? [v.start ?? 0, v.end, v.step] : v.start !== undefined ? [v.start, v.end] : [v.end];
  const allInt = nums.every((n) => Number.isInteger(n));
  const overload = nums.length === 1 ? '' : nums.length === 2 ? 'start' : 'start_step';
  return finish(callAten('arange', [...nums, factoryKwargs(options, allInt ? dt.int64 : get_default_dtype())], overload), options);
}

export function linspace(...args: PyArgs<[['start', number], ['end', number], ['steps', number]], FactoryOptions>): Tensor {
  const [start, end, steps] = bindArgs<[number, number, number]>(args, ['start', 'end', 'steps'], {}, 'linspace', FACTORY_KEYS);
  const options = trailingOptions(args) as FactoryOptions | undefined;
  return finish(callAten('linspace', [start, end, steps, factoryKwargs(options, get_default_dtype())]), options);
}
export function logspace(...args: PyArgs<[['start', number], ['end', number], ['steps', number], ['base', number, '?']], FactoryOptions>): Tensor {
  const [start, end, steps, base] = bindArgs<[number, number, number, number]>(args, ['start', 'end', 'steps', 'base'], { base: 10 }, 'logspace', FACTORY_KEYS);
  const options = trailingOptions(args) as FactoryOptions | undefined;
  return finish(callAten('logspace', [start, end, steps, base, factoryKwargs(options, get_default_dtype())]), options);
}

/** torch.randint(high, size) or (low, high, size); any of them by name. */
export function randint(...args: PyArgs<[['high', number], ['size', number[]]], FactoryOptions & { low?: number }> | PyArgs<[['low', number], ['high', number], ['size', number[]]], FactoryOptions>): Tensor {
  const options = trailingOptions(args) as (FactoryOptions & { low?: number; high?: number }) | undefined;
  const positional = options ? args.slice(0, -1) : args;
  // (high, size) when the second positional value is the size or `high` is not given by name.
  const highFirst = positional.length === 2 ? Array.isArray(positional[1]) : positional.length === 1 ? options?.high === undefined : false;
  const names = highFirst ? ['high', 'size', 'low'] : ['low', 'high', 'size'];
  const values = bindArgs<unknown[]>(args, names, {}, 'randint', FACTORY_KEYS);
  const v: Record<string, any> = Object.fromEntries(names.map((n, i) => [n, values[i]]));
  if (v.high === undefined || v.size === undefined) throw new TypeError('randint() missing required arguments: high and size');
  return finish(callAten('randint', [v.low ?? 0, v.high, v.size, factoryKwargs(options, dt.int64)], 'low'), options);
}

export function randperm(...args: PyArgs<[['n', number]], FactoryOptions>): Tensor {
  const [n] = bindArgs<[number]>(args, ['n'], {}, 'randperm', FACTORY_KEYS);
  const options = trailingOptions(args) as FactoryOptions | undefined;
  return finish(callAten('randperm', [n, factoryKwargs(options, dt.int64)]), options);
}

/** torch.normal(mean, std, size?) with tensors or numbers, as PyTorch. */
export function normal(...args: PyArgs<[['mean', Tensor | number], ['std', Tensor | number, '?'], ['size', number[], '?']], FactoryOptions>): Tensor {
  const [mean, std, size] = bindArgs<[Tensor | number, Tensor | number, number[] | undefined]>(args, ['mean', 'std', 'size'], { std: 1 }, 'normal', FACTORY_KEYS);
  const options = trailingOptions(args) as FactoryOptions | undefined;
  if (typeof mean === 'number' && typeof std === 'number') {
    return finish(callAten('normal', [mean, std, size ?? [], factoryKwargs(options, get_default_dtype())], 'float_float'), options);
  }
  const kw = options?.generator != null ? [{ generator: options.generator }] : [];
  return callAten('normal', [mean, std, ...kw]);
}

type LikeOptions = FactoryOptions & { memory_format?: unknown };
function like(op: string) {
  return (...args: PyArgs<[['input', Tensor]], LikeOptions>): Tensor => {
    const [input] = bindArgs<[Tensor]>(args, ['input'], {}, op, FACTORY_KEYS);
    const options = trailingOptions(args) as LikeOptions | undefined;
    return finish(callAten(op, [input, factoryKwargs(options, null, true)]), options);
  };
}
export const zeros_like = like('zeros_like');
export const ones_like = like('ones_like');
export const empty_like = like('empty_like');
export const rand_like = like('rand_like');
export const randn_like = like('randn_like');
export function full_like(...args: PyArgs<[['input', Tensor], ['fill_value', Scalar]], LikeOptions>): Tensor {
  const [input, fill_value] = bindArgs<[Tensor, Scalar]>(args, ['input', 'fill_value'], {}, 'full_like', FACTORY_KEYS);
  const options = trailingOptions(args) as LikeOptions | undefined;
  return finish(callAten('full_like', [input, fill_value, factoryKwargs(options, null, true)]), options);
}
/** torch.randint_like(input, high) or (input, low, high). */
export function randint_like(...args: PyArgs<[['input', Tensor], ['high', number]], LikeOptions & { low?: number }> | PyArgs<[['input', Tensor], ['low', number], ['high', number]], LikeOptions>): Tensor {
  const options = trailingOptions(args) as (LikeOptions & { low?: number; high?: number }) | undefined;
  const positional = options ? args.slice(0, -1) : args;
  const names = positional.length === 2 && options?.high === undefined ? ['input', 'high', 'low'] : ['input', 'low', 'high'];
  const values = bindArgs<unknown[]>(args, names, {}, 'randint_like', FACTORY_KEYS);
  const v: Record<string, any> = Object.fromEntries(names.map((n, i) => [n, values[i]]));
  if (v.low === undefined) return finish(callAten('randint_like', [v.input, v.high, factoryKwargs(options, null, true)]), options);
  return finish(callAten('randint_like', [v.input, v.low, v.high, factoryKwargs(options, null, true)], 'low_dtype'), options);
}

/** torch.cat / concat / stack and friends take a list of tensors first. */
type ListDimArgs = PyArgs<[['tensors', Tensor[]], ['dim', number, '?']]>;
export function cat(...args: ListDimArgs): Tensor {
  const [tensors, dim] = bindArgs<[Tensor[], number]>(args, ['tensors', 'dim'], { dim: 0 }, 'cat');
  return callAten('cat', [tensors, dim]);
}
export const concat = cat;
export const concatenate = cat;
export function stack(...args: ListDimArgs): Tensor {
  const [tensors, dim] = bindArgs<[Tensor[], number]>(args, ['tensors', 'dim'], { dim: 0 }, 'stack');
  return callAten('stack', [tensors, dim]);
}
function listOp(op: string) {
  return (...args: PyArgs<[['tensors', Tensor[]]]>): Tensor => callAten(op, [bindArgs<[Tensor[]]>(args, ['tensors'], {}, op)[0]]);
}
export const hstack = listOp('hstack');
export const vstack = listOp('vstack');
export const dstack = listOp('dstack');
/** torch.meshgrid(*tensors, indexing='ij'): tensors as varargs or one list. */
export function meshgrid(...args: (Tensor | Tensor[] | { indexing?: 'ij' | 'xy' })[]): Tensor[] {
  const kw = trailingOptions(args) as { indexing?: 'ij' | 'xy' } | undefined;
  const tensors = (kw ? args.slice(0, -1) : args).flat() as Tensor[];
  return callAten('meshgrid', [tensors, { indexing: kw?.indexing ?? 'ij' }], 'indexing');
}
export const broadcast_tensors = (...tensors: Tensor[]): Tensor[] => callAten('broadcast_tensors', [tensors]);
export const cartesian_prod = (...tensors: Tensor[]): Tensor => callAten('cartesian_prod', [tensors]);
export const block_diag = (...tensors: Tensor[]): Tensor => callAten('block_diag', [tensors]);

/** torch.where(condition, input, other), or torch.where(condition) -> index tensors. */
export function where(condition: Tensor | { condition: Tensor }): Tensor[];
export function where(...args: PyArgs<[['condition', Tensor], ['input', Tensor | Scalar], ['other', Tensor | Scalar]]>): Tensor;
export function where(...args: unknown[]): Tensor | Tensor[] {
  const [condition, input, other] = bindArgs<[Tensor, unknown, unknown]>(args, ['condition', 'input', 'other'], {}, 'where');
  if (input === undefined && other === undefined) return callAten('where', [condition], '');
  return callAten('where', [condition, input, other]);
}
export const is_tensor = (x: unknown): x is Tensor => x instanceof Tensor;
export const numel = (x: Tensor): number => {
  if (!(x instanceof Tensor)) throw new TypeError(`numel(): argument 'input' (position 1) must be Tensor, not ${describeValue(x)}`);
  return x.numel();
};

/** torch.einsum(equation, *operands): operands as varargs or one list. */
export function einsum(equation: string, ...operands: (Tensor | Tensor[])[]): Tensor {
  return callAten('einsum', [equation, operands.flat()]);
}

const CDIST_MODES: Record<string, number | null> = { use_mm_for_euclid_dist_if_necessary: null, use_mm_for_euclid_dist: 1, donot_use_mm_for_euclid_dist: 2 };
/** torch.cdist(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary'). */
export function cdist(...args: PyArgs<[['x1', Tensor], ['x2', Tensor], ['p', number, '?'], ['compute_mode', string, '?']]>): Tensor {
  const [x1, x2, p, mode] = bindArgs<[Tensor, Tensor, number, string]>(args, ['x1', 'x2', 'p', 'compute_mode'], { p: 2, compute_mode: 'use_mm_for_euclid_dist_if_necessary' }, 'cdist');
  if (!(mode in CDIST_MODES)) throw new TypeError(`${mode} is not a valid value for compute_mode`);
  return callAten('cdist', [x1, x2, p, CDIST_MODES[mode]]);
}

/** torch.tensordot(a, b, dims=2): dims an int (last dims of a with first of b) or [dims_a, dims_b]. */
export function tensordot(...args: PyArgs<[['a', Tensor], ['b', Tensor], ['dims', number | [number[], number[]] | number[][], '?']]>): Tensor {
  const [a, b, dims] = bindArgs<[Tensor, Tensor, number | number[][]]>(args, ['a', 'b', 'dims'], { dims: 2 }, 'tensordot');
  if (!(a instanceof Tensor)) throw new TypeError(`tensordot(): argument 'a' (position 1) must be Tensor, not ${describeValue(a)}`);
  if (typeof dims !== 'number' && !Array.isArray(dims)) throw new TypeError(`tensordot(): expected an int or a pair of int lists for dims but received ${describeValue(dims)}`);
  if (typeof dims === 'number') {
    if (dims < 0) throw new RangeError(`tensordot expects dims >= 0, but got dims=${dims}`);
    const na = a.dim();
    return callAten('tensordot', [a, b, [...Array(dims).keys()].map((i) => na - dims + i), [...Array(dims).keys()]]);
  }
  const [da, db] = dims.map((d) => (Array.isArray(d) ? d : [d]));
  return callAten('tensordot', [a, b, da, db]);
}

function checkDtypeArgument(fn: string, type: unknown): void {
  if (!(type instanceof dtype)) throw new TypeError(`${fn}(): argument 'type' (position 1) must be torch.dtype, not ${describeValue(type)}`);
}

/** torch.finfo(dtype): the limits of a floating-point type. */
class FInfo {
  readonly bits: number;
  readonly eps: number;
  readonly max: number;
  readonly min: number;
  readonly tiny: number;
  readonly smallest_normal: number;
  readonly resolution: number;
  readonly dtype: string;
  constructor(type: dtype = get_default_dtype()) {
    checkDtypeArgument('finfo', type);
    const info = FINFO[type.name];
    if (!info) throw new TypeError(`torch.finfo() requires a floating point input type, got ${type}`);
    [this.bits, this.eps, this.max, this.tiny, this.resolution] = info;
    this.min = -this.max;
    this.smallest_normal = this.tiny;
    this.dtype = type.name;
  }
}
const FINFO: Record<string, [number, number, number, number, number]> = {
  float32: [32, 1.1920928955078125e-7, 3.4028234663852886e38, 1.1754943508222875e-38, 1e-6],
  float64: [64, 2.220446049250313e-16, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-15],
  float16: [16, 0.0009765625, 65504, 6.103515625e-5, 0.001],
  bfloat16: [16, 0.0078125, 3.3895313892515355e38, 1.1754943508222875e-38, 0.01],
};
/** torch.iinfo(dtype): the limits of an integer type (int64's bounds are the nearest JS numbers). */
class IInfo {
  readonly bits: number;
  readonly min: number;
  readonly max: number;
  readonly dtype: string;
  constructor(type: dtype) {
    checkDtypeArgument('iinfo', type);
    const bits: Record<string, number> = { uint8: 8, int8: 8, int16: 16, int32: 32, int64: 64, bool: 8 };
    if (type.is_floating_point || !(type.name in bits)) throw new TypeError(`torch.iinfo() requires an integer input type, got ${type}`);
    this.bits = bits[type.name];
    this.min = type.name === 'uint8' || type.name === 'bool' ? 0 : -(2 ** (this.bits - 1));
    this.max = type.name === 'uint8' ? 255 : type.name === 'bool' ? 1 : 2 ** (this.bits - 1) - 1;
    this.dtype = type.name;
  }
}
/** torch.finfo / torch.iinfo work with and without `new`, as the other classes. */
const callable = <C extends new (...args: any[]) => any>(cls: C) =>
  new Proxy(cls, { apply: (target, _this, args) => new target(...args) }) as C & ((...args: ConstructorParameters<C>) => InstanceType<C>);
export const finfo = callable(FInfo);
export const iinfo = callable(IInfo);
export type finfo = FInfo;
export type iinfo = IInfo;

export const pi = Math.PI;
export const e = Math.E;
export const inf = Infinity;
export const nan = NaN;

/** torch.as_tensor(data, dtype=None, device=None): a tensor shares its memory when no conversion is needed. */
export function as_tensor(...args: PyArgs<[['data', NestedArray | TypedArray | Tensor], ['dtype', dtype | null, '?'], ['device', DeviceLike | null, '?']]>): Tensor {
  const [data, d, dev] = bindArgs<[NestedArray | TypedArray | Tensor, dtype | null | undefined, DeviceLike | null | undefined]>(args, ['data', 'dtype', 'device'], {}, 'as_tensor');
  if (data instanceof Tensor) return d == null && dev == null ? data : data.to({ dtype: d ?? data.dtype, device: dev ?? data.device });
  return tensor(data, { dtype: d, device: dev });
}

// Legacy typed constructors: torch.FloatTensor([1, 2]) copies data, torch.FloatTensor(2, 3) is uninitialized.
type LegacyArgs = [NestedArray | TypedArray] | number[] | [number[]];
export interface LegacyTensorType {
  (...args: LegacyArgs): Tensor;
  /** The dtype it makes, so `x.type(torch.FloatTensor)` works. */
  readonly dtype: dtype;
}
function legacy(d: dtype, name: string): LegacyTensorType {
  const make = (...args: unknown[]): Tensor => {
    if (args.length === 0) return callAten('empty', [[0], { dtype: d }]);
    if (args.every((a) => typeof a === 'number')) return callAten('empty', [args, { dtype: d }]);
    if (args.length === 1) return tensor(args[0] as NestedArray, { dtype: d });
    throw new TypeError(`${name}(): expected data or sizes`);
  };
  Object.defineProperty(make, 'name', { value: name });
  Object.defineProperty(make, 'dtype', { value: d });
  Object.defineProperty(make, 'toString', { value: () => `<class 'torch.${name}'>` });
  return make as LegacyTensorType;
}
export const FloatTensor = legacy(dt.float32, 'FloatTensor');
export const DoubleTensor = legacy(dt.float64, 'DoubleTensor');
export const HalfTensor = legacy(dt.float16, 'HalfTensor');
export const BFloat16Tensor = legacy(dt.bfloat16, 'BFloat16Tensor');
export const LongTensor = legacy(dt.int64, 'LongTensor');
export const IntTensor = legacy(dt.int32, 'IntTensor');
export const ShortTensor = legacy(dt.int16, 'ShortTensor');
export const CharTensor = legacy(dt.int8, 'CharTensor');
export const ByteTensor = legacy(dt.uint8, 'ByteTensor');
export const BoolTensor = legacy(dt.bool, 'BoolTensor');

// torch.linalg: aten::linalg_<name> with PyTorch's argument names; tuples come back as arrays with the names as properties.
type Named<K extends string> = Tensor[] & { [P in K]: Tensor };
const la = <R = Tensor>(name: string) => (...args: any[]): R => callAten(`linalg_${name}`, args);
export const linalg = {
  norm: la('norm'), vector_norm: la('vector_norm'), matrix_norm: la('matrix_norm'), inv: la('inv'), det: la('det'),
  solve: la('solve'), svd: la<Named<'U' | 'S' | 'Vh'>>('svd'), svdvals: la('svdvals'), qr: la<Named<'Q' | 'R'>>('qr'),
  eigh: la<Named<'eigenvalues' | 'eigenvectors'>>('eigh'), eigvalsh: la('eigvalsh'), eig: la<Named<'eigenvalues' | 'eigenvectors'>>('eig'),
  eigvals: la('eigvals'), cholesky: la('cholesky'), pinv: la('pinv'), matrix_rank: la('matrix_rank'),
  lstsq: la<Named<'solution' | 'residuals' | 'rank' | 'singular_values'>>('lstsq'), cross: la('cross'),
  slogdet: la<Named<'sign' | 'logabsdet'>>('slogdet'), matrix_power: la('matrix_power'),
  multi_dot: (tensors: Tensor[]): Tensor => callAten('linalg_multi_dot', [tensors]), matrix_exp: la('matrix_exp'),
  inv_ex: la<Named<'inverse' | 'info'>>('inv_ex'), cholesky_ex: la<Named<'L' | 'info'>>('cholesky_ex'),
  lu_factor: la<Named<'LU' | 'pivots'>>('lu_factor'), lu: la<Named<'P' | 'L' | 'U'>>('lu'), tensorinv: la('tensorinv'),
  tensorsolve: la('tensorsolve'), cond: la('cond'), diagonal: la('diagonal'), vecdot: la('vecdot'),
};
