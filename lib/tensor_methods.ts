// Installs the table-driven Tensor methods (ops/table.ts) and the ones with PyTorch-specific
// argument handling. Fast paths call the native function directly; anything with extra
// arguments or options goes through the dispatcher with PyTorch's keyword names.
// Porting rule: positional arguments keep PyTorch's order, and each may also be given by name in
// one trailing options object (`x.transpose(0, { dim1: 1 })`); the types (PyArgs) say the same.
import { native } from './native';
import { Tensor, Scalar, PyArgs, SizeArgs } from './tensor';
import { bindArgs } from './python/binder';
import { trailingOptions } from './python/options';
import { callAten, callMethod, takesNoArguments, pythonArgumentsError } from './ops/dispatch';
import { dtype, bool, int64, float64, complex128 } from './dtype';
import { isComplexValue } from './complex';
import { DeviceLike } from './device';
import {
  UNARY, UNARY_PURE, BINARY, BINARY_TENSOR, GENERIC, OTHER_NAME, INT_LIST_VARARGS, UnaryName, UnaryPureName, BinaryName,
  BinaryTensorName, GenericName, RESULT_VALUES_INDICES, RESULT_PAIR, RESULT_BOOL, RESULT_LIST, RESULT_ANY, RESULT_INT,
} from './ops/table';
import { tensor as makeTensor, FactoryOptions } from './creation';
import { isOptions } from './python/options';

/** A named tuple result (`values, indices`): an array that also has the names as properties. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

/** Keyword arguments passed on to the ATen operator by name. */
type Kwargs = { [name: string]: unknown };

// Extra arguments take the dispatcher path with PyTorch's names: `x.round({ decimals: 1 })`.
type UnaryArgs = (number | Scalar | Kwargs)[];
type UnaryMethods = { [K in UnaryName]: (...args: UnaryArgs) => Tensor } & { [K in UnaryName as `${K}_`]: (...args: UnaryArgs) => Tensor };
type OtherName<K extends string> = K extends keyof typeof OTHER_NAME ? (typeof OTHER_NAME)[K] : 'other';
type BinaryKw<K extends string> = K extends 'div' ? { rounding_mode?: 'trunc' | 'floor' | null } : {};
type BinaryArgs<K extends string> = PyArgs<[[OtherName<K>, Tensor | Scalar]], BinaryKw<K>>;
type BinaryMethods = { [K in BinaryName]: (...args: BinaryArgs<K>) => Tensor } & {
  [K in BinaryName as `${K}_`]: (...args: BinaryArgs<K>) => Tensor;
};
type BinaryTensorMethods = { [K in BinaryTensorName]: (...args: PyArgs<[[OtherName<K>, Tensor]]>) => Tensor };
type ReductionName = Exclude<UnaryPureName, 'max' | 'min' | 'median' | 'nonzero'>;
type UnaryPureMethods = { [K in ReductionName]: (...args: any[]) => Tensor };
type GenericResult<K> =
  K extends (typeof RESULT_VALUES_INDICES)[number] ? ValuesIndices
  : K extends (typeof RESULT_PAIR)[number] ? [Tensor, Tensor]
  : K extends (typeof RESULT_BOOL)[number] ? boolean
  : K extends (typeof RESULT_LIST)[number] ? Tensor[]
  : K extends (typeof RESULT_INT)[number] ? number
  : K extends (typeof RESULT_ANY)[number] ? any
  : Tensor;
type GenericMethods = { [K in GenericName]: (...args: any[]) => GenericResult<K> };
type NewOptions = { dtype?: dtype | null; device?: DeviceLike | null; requires_grad?: boolean; layout?: unknown; pin_memory?: boolean };
type UniqueOptions = { sorted?: boolean; return_inverse?: boolean; return_counts?: boolean; dim?: number | null };
type MinMax = {
  (): Tensor;
  (other: Tensor): Tensor;
  (dim: number, keepdim?: boolean | { keepdim?: boolean }): ValuesIndices;
  (options: { dim: number; keepdim?: boolean } | { axis: number; keepdims?: boolean }): ValuesIndices;
  (options: { other: Tensor }): Tensor;
};
type Clamp = (...args: PyArgs<[['min', Scalar | Tensor | null, '?'], ['max', Scalar | Tensor | null, '?']]>) => Tensor;
type AddSub = (...args: PyArgs<[['other', Tensor | Scalar]], { alpha?: Scalar }>) => Tensor;
type Softmax = (...args: PyArgs<[['dim', number], ['dtype', dtype | null, '?']]>) => Tensor;

declare module './tensor' {
  interface Tensor extends UnaryMethods, BinaryMethods, BinaryTensorMethods, UnaryPureMethods, GenericMethods {
    add: AddSub;
    add_: AddSub;
    sub: AddSub;
    sub_: AddSub;
    subtract: AddSub;
    rsub: AddSub;
    multiply(...args: PyArgs<[['other', Tensor | Scalar]]>): Tensor;
    divide(...args: PyArgs<[['other', Tensor | Scalar]], { rounding_mode?: 'trunc' | 'floor' | null }>): Tensor;
    nonzero(): Tensor;
    nonzero(options: { as_tuple: true }): Tensor[];
    nonzero(options: { as_tuple?: boolean }): Tensor | Tensor[];
    max: MinMax;
    min: MinMax;
    median(): Tensor;
    median(dim: number, keepdim?: boolean | { keepdim?: boolean }): ValuesIndices;
    median(options: { dim: number; keepdim?: boolean } | { axis: number; keepdims?: boolean }): ValuesIndices;
    clamp: Clamp;
    clamp_: Clamp;
    clip: Clamp;
    clip_: Clamp;
    softmax: Softmax;
    log_softmax: Softmax;
    norm(...args: PyArgs<[['p', number | string | null, '?'], ['dim', number | number[] | null, '?'], ['keepdim', boolean, '?'], ['dtype', dtype | null, '?']]>): Tensor;
    where(...args: PyArgs<[['condition', Tensor], ['other', Tensor | Scalar]]>): Tensor;
    fill_(...args: PyArgs<[['value', Scalar | Tensor]]>): Tensor;
    zero_(): Tensor;
    copy_(...args: PyArgs<[['other', Tensor | Scalar], ['non_blocking', boolean, '?']]>): Tensor;
    requires_grad_(...args: PyArgs<[['requires_grad', boolean, '?']]>): Tensor;
    detach_(): Tensor;
    contiguous(options?: { memory_format?: unknown }): Tensor;
    addmm(...args: PyArgs<[['mat1', Tensor], ['mat2', Tensor]], { beta?: Scalar; alpha?: Scalar }>): Tensor;
    new_zeros(...args: SizeArgs<'size', NewOptions>): Tensor;
    new_ones(...args: SizeArgs<'size', NewOptions>): Tensor;
    new_empty(...args: SizeArgs<'size', NewOptions>): Tensor;
    new_full(...args: PyArgs<[['size', number[]], ['fill_value', Scalar]], NewOptions>): Tensor;
    new_empty_strided(...args: PyArgs<[['size', number[]], ['stride', number[]]], NewOptions>): Tensor;
    /** A tensor from `data` with this tensor's dtype and device unless given. */
    new_tensor(...args: PyArgs<[['data', unknown]], NewOptions>): Tensor;
    flip(...args: SizeArgs<'dims'>): Tensor;
    tile(...args: SizeArgs<'dims'>): Tensor;
    broadcast_to(...args: SizeArgs<'size'>): Tensor;
    sum_to_size(...args: SizeArgs<'size'>): Tensor;
    /** Python's torch.unique: the sorted unique values, plus inverse indices and counts when asked for. */
    unique(sorted?: boolean | (UniqueOptions & { return_inverse?: false; return_counts?: false })): Tensor;
    unique(...args: PyArgs<[['sorted', boolean, '?'], ['return_inverse', boolean, '?'], ['return_counts', boolean, '?'], ['dim', number | null, '?']]>): any;
    unique_consecutive(options?: { return_inverse?: false; return_counts?: false; dim?: number | null }): Tensor;
    unique_consecutive(...args: PyArgs<[['return_inverse', boolean, '?'], ['return_counts', boolean, '?'], ['dim', number | null, '?']]>): any;
  }
}

const proto = Tensor.prototype as any;

function define(name: string, fn: Function): void {
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

/** `x.flip(0, 1)` -> `x.flip([0, 1])`: leading numbers become the one list argument. */
function listVarargs(args: unknown[]): unknown[] {
  if (typeof args[0] !== 'number') return args;
  let n = 0;
  while (n < args.length && typeof args[n] === 'number') n++;
  return [args.slice(0, n), ...args.slice(n)];
}

for (const name of GENERIC) {
  if ((INT_LIST_VARARGS as Record<string, string | undefined>)[name]) {
    define(name, function (this: Tensor, ...args: unknown[]) { return callMethod(name, this, listVarargs(args)); });
  } else {
    define(name, function (this: Tensor, ...args: unknown[]) { return callMethod(name, this, args); });
  }
}

for (const name of UNARY) {
  const fn = native[name], inplace = native[`${name}_`];
  define(name, function (this: Tensor, ...args: unknown[]) { return args.length === 0 ? fn(this) : callMethod(name, this, args); });
  define(`${name}_`, function (this: Tensor, ...args: unknown[]) { return args.length === 0 ? inplace(this) : callMethod(`${name}_`, this, args); });
}

for (const name of UNARY_PURE) {
  const fn = native[name];
  define(name, function (this: Tensor, ...args: unknown[]) { return args.length === 0 ? fn(this) : callMethod(name, this, args); });
}

/** A fast path called with a caller's operand as given: native code checks it (a TypeError naming it). */
const checkedNatively = (fn: (self: Tensor, ...args: never[]) => Tensor) => fn as (self: Tensor, ...args: unknown[]) => Tensor;

/** The one operand of a binary op, when it is all that was given (positionally or by its name); else undefined. */
function soleOperand(name: string, args: unknown[]): unknown {
  if (args.length !== 1) return undefined;
  const a = args[0];
  if (!isOptions(a)) return a;
  const key = (OTHER_NAME as Record<string, string>)[name] ?? 'other';
  const keys = Object.keys(a);
  return keys.length === 1 && keys[0] === key ? a[key] : undefined;
}

for (const name of BINARY) {
  const fn = checkedNatively(native[name]), inplace = checkedNatively(native[`${name}_`]);
  // Fast path: one operand, positional. Anything else (names, rounding_mode) goes by schema.
  define(name, function (this: Tensor, other?: unknown, options?: unknown) {
    if (options === undefined && !isOptions(other)) return fn(this, other);
    const o = soleOperand(name, options === undefined ? [other] : [other, options]);
    return o !== undefined ? fn(this, o) : callAten(name, options === undefined ? [this, other] : [this, other, options]);
  });
  define(`${name}_`, function (this: Tensor, other?: unknown, options?: unknown) {
    if (options === undefined && !isOptions(other)) return inplace(this, other);
    const o = soleOperand(name, options === undefined ? [other] : [other, options]);
    return o !== undefined ? inplace(this, o) : callAten(`${name}_`, options === undefined ? [this, other] : [this, other, options]);
  });
}

// x.nonzero({as_tuple: true}) -> one index tensor per dim, as Python.
define('nonzero', function (this: Tensor, ...args: unknown[]) {
  bindArgs(args, [], {}, 'nonzero', ['as_tuple']);
  const asTuple = trailingOptions(args)?.as_tuple;
  const idx: Tensor = native.nonzero(this);
  return asTuple ? (this.dim() === 0 ? [idx.view(-1)] : callAten('unbind', [idx, 1], 'int')) : idx;
});

for (const name of BINARY_TENSOR) {
  const fn = checkedNatively(native[name]);
  define(name, function (this: Tensor, other?: unknown, ...rest: unknown[]) {
    if (rest.length === 0 && !isOptions(other)) return fn(this, other);
    const o = soleOperand(name, [other, ...rest]);
    return o !== undefined ? fn(this, o) : callAten(name, [this, other, ...rest]);
  });
}

// add/sub: alpha (keyword-only in PyTorch)
for (const name of ['add', 'sub'] as const) {
  const fn = checkedNatively(native[name]), inplace = checkedNatively(native[`${name}_`]);
  const slow = (f: Function, op: string, self: Tensor, args: unknown[]) => {
    let other: unknown;
    try {
      [other] = bindArgs<[unknown]>(args, ['other'], {}, op, ['alpha']);
      if (other === undefined) throw new TypeError(`${op}() missing 1 required positional argument: "other"`);
    } catch (e) {
      throw pythonArgumentsError(e, op, self, args);
    }
    const alpha = trailingOptions(args)?.alpha;
    return f(self, other, alpha === null ? undefined : alpha);
  };
  define(name, function (this: Tensor, other?: unknown, options?: { alpha?: Scalar }) {
    if (options === undefined && arguments.length <= 2 && other !== undefined && !isOptions(other)) return fn(this, other);
    return slow(fn, name, this, [...arguments]);
  });
  define(`${name}_`, function (this: Tensor, other?: unknown, options?: { alpha?: Scalar }) {
    if (options === undefined && arguments.length <= 2 && other !== undefined && !isOptions(other)) return inplace(this, other);
    return slow(inplace, `${name}_`, this, [...arguments]);
  });
}
define('subtract', proto.sub);
define('multiply', proto.mul);
define('divide', proto.div);
define('rsub', function (this: Tensor, ...args: unknown[]) { return callAten('rsub', [this, ...args]); });

function clampArgs(args: unknown[], name: string): [unknown, unknown] {
  const [min, max] = bindArgs<[unknown, unknown]>(args, ['min', 'max'], {}, name);
  return [min ?? null, max ?? null];
}
const isNumberOrNull = (v: unknown): v is number | null => v === null || typeof v === 'number';
for (const name of ['clamp', 'clamp_'] as const) {
  const fast = native[name];
  define(name, function (this: Tensor, ...args: unknown[]) {
    try {
      const [lo, hi] = clampArgs(args, name);
      if (isNumberOrNull(lo) && isNumberOrNull(hi)) return fast(this, lo, hi);
      return callAten(name, [this, lo, hi]);
    } catch (e) {
      throw pythonArgumentsError(e, name, this, args);
    }
  });
}
define('clip', proto.clamp);
define('clip_', proto.clamp_);

for (const name of ['softmax', 'log_softmax'] as const) {
  const fn = native[name];
  define(name, function (this: Tensor, ...args: unknown[]) {
    const [dim, dt] = bindArgs<[number, dtype | null | undefined]>(args, ['dim', 'dtype'], {}, name);
    return dt == null && typeof dim === 'number' ? fn(this, dim) : callAten(name, [this, dim, dt ?? null], 'int');
  });
}

// PyTorch's Tensor.norm lives in Python (torch/functional.py): 'fro' is the 2-norm over the dims.
define('norm', function (this: Tensor, ...args: unknown[]) {
  const [p, dim, keepdim, dt] = bindArgs<[unknown, unknown, boolean | undefined, unknown]>(args, ['p', 'dim', 'keepdim', 'dtype'], {}, 'norm');
  let pv = p ?? 'fro';
  let dv = dim ?? null;
  const kv = keepdim ?? false;
  if (pv === 'fro') pv = 2;
  if (pv === 'nuc') return dv === null ? callAten('nuclear_norm', [this, kv], '') : callAten('nuclear_norm', [this, dv, kv], 'dim');
  if (typeof dv === 'number') dv = [dv];
  if (dt != null) return callAten('norm', [this, pv, dv ?? [], kv, { dtype: dt }], 'ScalarOpt_dim_dtype');
  if (dv === null && !kv) return callAten('norm', [this, pv], 'Scalar');
  return callAten('norm', [this, pv, dv ?? [], kv], 'ScalarOpt_dim');
});

// x.where(condition, y) == torch.where(condition, x, y)
define('where', function (this: Tensor, ...args: unknown[]) {
  const [condition, other] = bindArgs<[Tensor, unknown]>(args, ['condition', 'other'], {}, 'where');
  return callAten('where', [condition, this, other]);
});

define('fill_', function (this: Tensor, ...args: unknown[]) { return checkedNatively(native.fill_)(this, bindArgs<[unknown]>(args, ['value'], {}, 'fill_')[0]); });
define('zero_', function (this: Tensor) {
  if (arguments.length !== 0) takesNoArguments('zero_', arguments);
  return native.zero_(this);
});
// A number source is copied as Python's parser converts it (scalar_to_tensor: int64, float64, bool, complex128).
function numberTensor(v: unknown): unknown {
  if (typeof v === 'boolean') return makeTensor(v, { dtype: bool });
  if (typeof v === 'number') return makeTensor(v, { dtype: Number.isInteger(v) ? int64 : float64 });
  return isComplexValue(v) ? makeTensor(v, { dtype: complex128 }) : v;
}
define('copy_', function (this: Tensor, ...args: unknown[]) {
  const [other, nb] = bindArgs<[unknown, boolean]>(args, ['other', 'non_blocking'], { non_blocking: false }, 'copy_');
  if (typeof nb !== 'boolean') throw new TypeError(`copy_(): argument 'non_blocking' must be bool, not ${typeof nb}`);
  return checkedNatively(native.copy_)(this, numberTensor(other), nb);
});
define('requires_grad_', function (this: Tensor, ...args: unknown[]) {
  const [flag] = bindArgs<[boolean]>(args, ['requires_grad'], { requires_grad: true }, 'requires_grad_');
  if (typeof flag !== 'boolean') throw new TypeError(`requires_grad_(): argument 'requires_grad' must be bool, not ${typeof flag}`);
  native.setRequiresGrad(this, flag, true);
  return this;
});
define('detach_', function (this: Tensor) {
  if (arguments.length !== 0) takesNoArguments('detach_', arguments);
  return native.detach_(this);
});
define('contiguous', function (this: Tensor, options?: { memory_format?: unknown }) {
  return options?.memory_format != null ? callAten('contiguous', [this, options]) : native.contiguous(this);
});
define('addmm', function (this: Tensor, ...args: unknown[]) {
  const [mat1, mat2] = bindArgs<[Tensor, Tensor]>(args, ['mat1', 'mat2'], {}, 'addmm', ['beta', 'alpha']);
  const kw = trailingOptions(args);
  return checkedNatively(native.addmm)(this, mat1, mat2, kw?.beta ?? 1, kw?.alpha ?? 1);
});

// new_* take the factory keywords; requires_grad is applied here (ATen has no such argument).
function withRequiresGrad(t: Tensor, args: unknown[]): Tensor {
  if (trailingOptions(args)?.requires_grad) native.setRequiresGrad(t, true);
  return t;
}
function atenKwargs(args: unknown[]): unknown[] {
  const kw = trailingOptions(args);
  if (!kw || !('requires_grad' in kw)) return args;
  const { requires_grad: _, ...rest } = kw;
  return [...args.slice(0, -1), rest];
}
for (const name of ['new_zeros', 'new_ones', 'new_empty']) {
  define(name, function (this: Tensor, ...args: unknown[]) { return withRequiresGrad(callAten(name, [this, ...atenKwargs(listVarargs(args))]), args); });
}
for (const name of ['new_full', 'new_empty_strided']) {
  define(name, function (this: Tensor, ...args: unknown[]) { return withRequiresGrad(callAten(name, [this, ...atenKwargs(args)]), args); });
}
define('new_tensor', function (this: Tensor, ...args: unknown[]) {
  const [data] = bindArgs<[any]>(args, ['data'], {}, 'new_tensor', ['dtype', 'device', 'requires_grad', 'layout', 'pin_memory']);
  const kw = (trailingOptions(args) ?? {}) as FactoryOptions;
  return makeTensor(data, { dtype: kw.dtype ?? this.dtype, device: kw.device ?? this.device, requires_grad: kw.requires_grad });
});

/** Python's unique result: the values alone, or a tuple with inverse and counts when asked for. */
function uniqueResult(out: Tensor[], inverse: boolean, counts: boolean): Tensor | Tensor[] {
  if (!inverse && !counts) return out[0];
  return [out[0], ...(inverse ? [out[1]] : []), ...(counts ? [out[2]] : [])];
}
define('unique', function (this: Tensor, ...args: unknown[]) {
  const [sorted, inverse, counts, dim] = bindArgs<[boolean, boolean, boolean, number | null]>(args, ['sorted', 'return_inverse', 'return_counts', 'dim'],
    { sorted: true, return_inverse: false, return_counts: false, dim: null }, 'unique');
  const out: Tensor[] = dim === null ? callAten('_unique2', [this, sorted, inverse, counts]) : callAten('unique_dim', [this, dim, sorted, inverse, counts]);
  return uniqueResult(out, inverse, counts);
});
define('unique_consecutive', function (this: Tensor, ...args: unknown[]) {
  const [inverse, counts, dim] = bindArgs<[boolean, boolean, number | null]>(args, ['return_inverse', 'return_counts', 'dim'],
    { return_inverse: false, return_counts: false, dim: null }, 'unique_consecutive');
  return uniqueResult(callAten('unique_consecutive', [this, inverse, counts, dim]), inverse, counts);
});
