// Installs the table-driven Tensor methods (ops/table.ts) and the ones with PyTorch-specific
// argument handling. Fast paths call the native function directly; anything with extra
// arguments or options goes through the dispatcher with PyTorch's keyword names.
import { native } from './native';
import { Tensor, Scalar } from './tensor';
import { callAten, isPlainObject } from './ops/dispatch';
import { UNARY, UNARY_PURE, BINARY, BINARY_TENSOR, GENERIC, UnaryName, UnaryPureName, BinaryName, BinaryTensorName, GenericName } from './ops/table';

/** A named tuple result (`values, indices`): an array that also has the names as properties. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };

// Extra arguments take the dispatcher path with PyTorch's names: `x.round({ decimals: 1 })`.
type UnaryArgs = (number | Scalar | Record<string, unknown>)[];
type UnaryMethods = { [K in UnaryName]: (...args: UnaryArgs) => Tensor } & { [K in UnaryName as `${K}_`]: (...args: UnaryArgs) => Tensor };
type BinaryMethods = { [K in BinaryName]: (other: Tensor | Scalar, options?: Record<string, unknown>) => Tensor } & {
  [K in BinaryName as `${K}_`]: (other: Tensor | Scalar, options?: Record<string, unknown>) => Tensor;
};
type BinaryTensorMethods = { [K in BinaryTensorName]: (other: Tensor) => Tensor };
type ReductionName = Exclude<UnaryPureName, 'max' | 'min' | 'median' | 'nonzero'>;
type UnaryPureMethods = { [K in ReductionName]: (...args: any[]) => Tensor };
type GenericMethods = { [K in GenericName]: (...args: any[]) => any };

declare module './tensor' {
  interface Tensor extends UnaryMethods, BinaryMethods, BinaryTensorMethods, UnaryPureMethods, GenericMethods {
    add(other: Tensor | Scalar, options?: { alpha?: Scalar }): Tensor;
    add_(other: Tensor | Scalar, options?: { alpha?: Scalar }): Tensor;
    sub(other: Tensor | Scalar, options?: { alpha?: Scalar }): Tensor;
    sub_(other: Tensor | Scalar, options?: { alpha?: Scalar }): Tensor;
    subtract(other: Tensor | Scalar, options?: { alpha?: Scalar }): Tensor;
    multiply(other: Tensor | Scalar): Tensor;
    divide(other: Tensor | Scalar, options?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor;
    rsub(other: Tensor | Scalar, options?: { alpha?: Scalar }): Tensor;
    nonzero(): Tensor;
    nonzero(options: { as_tuple: true }): Tensor[];
    nonzero(options: { as_tuple?: boolean }): Tensor | Tensor[];
    max(): Tensor;
    max(other: Tensor): Tensor;
    max(dim: number, keepdim?: boolean | { keepdim?: boolean }): ValuesIndices;
    max(options: { dim: number; keepdim?: boolean }): ValuesIndices;
    min(): Tensor;
    min(other: Tensor): Tensor;
    min(dim: number, keepdim?: boolean | { keepdim?: boolean }): ValuesIndices;
    min(options: { dim: number; keepdim?: boolean }): ValuesIndices;
    median(): Tensor;
    median(dim: number, keepdim?: boolean): ValuesIndices;
    clamp(min?: Scalar | Tensor | null | { min?: Scalar | Tensor | null; max?: Scalar | Tensor | null }, max?: Scalar | Tensor | null): Tensor;
    clamp_(min?: Scalar | Tensor | null | { min?: Scalar | Tensor | null; max?: Scalar | Tensor | null }, max?: Scalar | Tensor | null): Tensor;
    clip(min?: Scalar | Tensor | null | { min?: Scalar | Tensor | null; max?: Scalar | Tensor | null }, max?: Scalar | Tensor | null): Tensor;
    clip_(min?: Scalar | Tensor | null | { min?: Scalar | Tensor | null; max?: Scalar | Tensor | null }, max?: Scalar | Tensor | null): Tensor;
    softmax(dim: number | { dim: number; dtype?: unknown }): Tensor;
    log_softmax(dim: number | { dim: number; dtype?: unknown }): Tensor;
    norm(p?: number | string | null | { p?: number | string | null; dim?: number | number[] | null; keepdim?: boolean; dtype?: unknown }, dim?: number | number[] | null, keepdim?: boolean): Tensor;
    where(condition: Tensor, other: Tensor | Scalar): Tensor;
    fill_(value: Scalar | Tensor): Tensor;
    zero_(): Tensor;
    copy_(src: Tensor, non_blocking?: boolean): Tensor;
    requires_grad_(requires_grad?: boolean): Tensor;
    detach_(): Tensor;
    contiguous(): Tensor;
    addmm(mat1: Tensor, mat2: Tensor, options?: { beta?: Scalar; alpha?: Scalar }): Tensor;
  }
}

const proto = Tensor.prototype as any;

function define(name: string, fn: Function): void {
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

for (const name of GENERIC) define(name, function (this: Tensor, ...args: unknown[]) { return callAten(name, [this, ...args]); });

for (const name of UNARY) {
  const fn = native[name], inplace = native[`${name}_`];
  define(name, function (this: Tensor, ...args: unknown[]) { return args.length === 0 ? fn(this) : callAten(name, [this, ...args]); });
  define(`${name}_`, function (this: Tensor, ...args: unknown[]) { return args.length === 0 ? inplace(this) : callAten(`${name}_`, [this, ...args]); });
}

for (const name of UNARY_PURE) {
  const fn = native[name];
  define(name, function (this: Tensor, ...args: unknown[]) { return args.length === 0 ? fn(this) : callAten(name, [this, ...args]); });
}

for (const name of BINARY) {
  const fn = native[name], inplace = native[`${name}_`];
  define(name, function (this: Tensor, other: unknown, options?: unknown) { return options === undefined ? fn(this, other) : callAten(name, [this, other, options]); });
  define(`${name}_`, function (this: Tensor, other: unknown, options?: unknown) { return options === undefined ? inplace(this, other) : callAten(`${name}_`, [this, other, options]); });
}

// x.nonzero({as_tuple: true}) -> one index tensor per dim, as Python.
define('nonzero', function (this: Tensor, options?: { as_tuple?: boolean }) {
  const idx: Tensor = native.nonzero(this);
  return options?.as_tuple ? (this.dim() === 0 ? [idx.view(-1)] : callAten('unbind', [idx, 1], 'int')) : idx;
});

for (const name of BINARY_TENSOR) {
  const fn = native[name];
  define(name, function (this: Tensor, other: Tensor) { return fn(this, other); });
}

// add/sub: alpha
for (const name of ['add', 'sub']) {
  const fn = native[name], inplace = native[`${name}_`];
  const alphaOf = (o?: { alpha?: Scalar }) => (o && o.alpha !== undefined ? o.alpha : undefined);
  define(name, function (this: Tensor, other: unknown, options?: { alpha?: Scalar }) { return fn(this, other, alphaOf(options)); });
  define(`${name}_`, function (this: Tensor, other: unknown, options?: { alpha?: Scalar }) { return inplace(this, other, alphaOf(options)); });
}
define('subtract', proto.sub);
define('multiply', proto.mul);
define('divide', function (this: Tensor, other: unknown, options?: unknown) { return options === undefined ? native.div(this, other) : callAten('div', [this, other, options]); });
define('rsub', function (this: Tensor, other: unknown, options?: unknown) { return callAten('rsub', options === undefined ? [this, other] : [this, other, options]); });

function clampArgs(min: unknown, max: unknown): [unknown, unknown] {
  if (isPlainObject(min)) return [min.min ?? null, min.max ?? null];
  return [min ?? null, max ?? null];
}
const isNumberOrNull = (v: unknown) => v === null || typeof v === 'number';
define('clamp', function (this: Tensor, min?: unknown, max?: unknown) {
  const [lo, hi] = clampArgs(min, max);
  if (isNumberOrNull(lo) && isNumberOrNull(hi)) return native.clamp(this, lo, hi);
  return callAten('clamp', [this, lo, hi]);
});
define('clamp_', function (this: Tensor, min?: unknown, max?: unknown) {
  const [lo, hi] = clampArgs(min, max);
  if (isNumberOrNull(lo) && isNumberOrNull(hi)) return native.clamp_(this, lo, hi);
  return callAten('clamp_', [this, lo, hi]);
});
define('clip', proto.clamp);
define('clip_', proto.clamp_);

for (const name of ['softmax', 'log_softmax']) {
  const fn = native[name];
  define(name, function (this: Tensor, dim: unknown, ...rest: unknown[]) {
    return typeof dim === 'number' && rest.length === 0 ? fn(this, dim) : callAten(name, [this, dim, ...rest], 'int');
  });
}

// PyTorch's Tensor.norm lives in Python (torch/functional.py): 'fro' is the 2-norm over the dims.
define('norm', function (this: Tensor, p?: unknown, dim?: unknown, keepdim?: unknown) {
  const opts: Record<string, any> = isPlainObject(p) ? p : { p, dim, keepdim };
  let pv = opts.p ?? 'fro';
  let dv = opts.dim ?? null;
  const kv = opts.keepdim ?? false;
  if (pv === 'fro') pv = 2;
  if (pv === 'nuc') return dv === null ? callAten('nuclear_norm', [this, kv], '') : callAten('nuclear_norm', [this, dv, kv], 'dim');
  if (typeof dv === 'number') dv = [dv];
  if (opts.dtype !== undefined) return callAten('norm', [this, pv, dv ?? [], kv, { dtype: opts.dtype }], 'ScalarOpt_dim_dtype');
  if (dv === null && !kv) return callAten('norm', [this, pv], 'Scalar');
  return callAten('norm', [this, pv, dv ?? [], kv], 'ScalarOpt_dim');
});

// x.where(condition, y) == torch.where(condition, x, y)
define('where', function (this: Tensor, condition: Tensor, other: unknown) { return callAten('where', [condition, this, other]); });

define('fill_', function (this: Tensor, value: unknown) { return native.fill_(this, value); });
define('zero_', function (this: Tensor) { return native.zero_(this); });
define('copy_', function (this: Tensor, src: Tensor, non_blocking = false) { return native.copy_(this, src, non_blocking); });
define('requires_grad_', function (this: Tensor, flag: boolean | { requires_grad?: boolean } = true) {
  native.setRequiresGrad(this, typeof flag === 'object' ? flag.requires_grad ?? true : flag, true);
  return this;
});
define('detach_', function (this: Tensor) { return native.detach_(this); });
define('contiguous', function (this: Tensor) { return native.contiguous(this); });
define('addmm', function (this: Tensor, mat1: Tensor, mat2: Tensor, options?: { beta?: Scalar; alpha?: Scalar }) {
  return native.addmm(this, mat1, mat2, options?.beta ?? 1, options?.alpha ?? 1);
});
