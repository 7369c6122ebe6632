// The Tensor class. Instances are created natively (see native/tensor_wrap.h); their prototype
// chain runs through this class, so methods defined here and in tensor_methods.ts apply to them.
import { inspect } from 'util';
import { native } from './native';
import { registerHook, registerPostAccumulateGradHook, TensorHook, PostAccumulateGradHook } from './tensor_hooks';
import type { RemovableHandle } from './hooks';
import * as dt from './dtype';
import { dtype, dtypeFromCode, dtypeFromLegacy, get_default_dtype, memory_format } from './dtype';
import { device, DeviceLike, deviceString } from './device';
import { callAten, numpyNames, takesNoArguments } from './ops/dispatch';
import { formatTensor } from './format';
import { isOptions, trailingOptions } from './python/options';
import { bindArgs, missingArguments } from './python/binder';
import { describeValue } from './python/check';
import { TorchError } from './errors';
import { forRelease } from './release';
import { initDevice } from './cuda_init';
import { warnOnce, warnFromLibTorch } from './python/warnings';
import { currentTangent } from './forward_ad';
import type { Complex } from './complex';
import { Slice, parseSlice } from './python/slice';

/** A Python number: int / float (number), bool, or complex ({ real, imag }). */
export type Scalar = number | boolean | Complex;
export type Size = number[];
/** One item of `x.index(...)`: Python's int, slice (':' '1:3' '::2' or {start, stop, step}), None (null), '...', tensor, list. */
export type IndexItem = number | null | boolean | string | Slice | Tensor | number[] | boolean[];
export type { Slice };

export interface BackwardOptions { gradient?: Tensor | null; retain_graph?: boolean | null; create_graph?: boolean; inputs?: Tensor[] }

export interface ToOptions {
  dtype?: dtype; device?: DeviceLike; non_blocking?: boolean; copy?: boolean; memory_format?: unknown;
}

/** Sizes as PyTorch takes them: varargs `(2, 3)` or one array `([2, 3])`. */
export function sizeArgs(args: unknown[], name = 'size'): { size: number[]; rest: unknown[] } {
  let size: unknown[];
  let rest: unknown[];
  if (args.length > 0 && Array.isArray(args[0])) {
    size = args[0];
    rest = args.slice(1);
  } else if (args.length === 1 && isOptions(args[0]) && Array.isArray(args[0][name])) {
    size = args[0][name] as unknown[];
    rest = [args[0]];
  } else {
    let n = 0;
    while (n < args.length && typeof args[n] === 'number') n++;
    size = args.slice(0, n);
    rest = args.slice(n);
  }
  for (const s of size) {
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new TypeError(`Expected integer sizes for ${name} but received ${describeValue(s)}`);
  }
  if (rest.length > 1 || (rest.length === 1 && !isOptions(rest[0]))) {
    const bad = rest.find((r) => !isOptions(r));
    throw new TypeError(`Expected integer sizes for ${name} but received ${describeValue(bad)}`);
  }
  return { size: size as number[], rest };
}

// ---- Python signatures as types ---------------------------------------------------------------
// PyArgs<[['dim0', number], ['dim1', number]]> accepts every way Python binds those parameters:
// (0, 1), (0, { dim1: 1 }), ({ dim0: 0, dim1: 1 }). A third element '?' marks a parameter with a
// default; K adds keyword-only options.

/** One parameter: [name, type] or [name, type, '?'] when it has a default. */
export type Param = readonly [string, unknown] | readonly [string, unknown, '?'];
type IsOptional<P> = P extends readonly [string, unknown, '?'] ? true : false;
type AllOptional<S> = S extends readonly [infer H, ...infer T] ? (IsOptional<H> extends true ? AllOptional<T> : false) : true;
type Named<S extends readonly Param[]> =
  { [P in S[number] as IsOptional<P> extends true ? never : P[0]]: P[1] } &
  { [P in S[number] as IsOptional<P> extends true ? P[0] : never]?: P[1] };
type NoKeys<T> = keyof T extends never ? true : false;
// NumPy's names, which PyTorch accepts too: `axis` for `dim`, `keepdims` for `keepdim`.
type NumpyName<N> = N extends 'dim' ? 'axis' : N extends 'keepdim' ? 'keepdims' : N;
type NumpyNamed<S extends readonly Param[]> =
  { [P in S[number] as IsOptional<P> extends true ? never : NumpyName<P[0]>]: P[1] } &
  { [P in S[number] as IsOptional<P> extends true ? NumpyName<P[0]> : never]?: P[1] };
type HasDim<S extends readonly Param[]> = 'dim' extends S[number][0] ? true : 'keepdim' extends S[number][0] ? true : false;
type Options<S extends readonly Param[], K> = HasDim<S> extends true ? Flat<Named<S> & K> | Flat<NumpyNamed<S> & K> : Flat<Named<S> & K>;
// One flat object type, so that TS's weak-type check rejects objects sharing no option name.
type Flat<T> = { [P in keyof T]: T[P] };
/** The argument lists Python accepts for parameters S (positional, then by name) plus keyword-only K. */
export type PyArgs<S extends readonly Param[], K = {}> =
  | (NoKeys<Named<S> & K> extends true ? [] : AllOptional<S> extends true ? [options?: Options<S, K>] : [options: Options<S, K>])
  | (S extends readonly [infer H extends Param, ...infer T extends readonly Param[]] ? [H[1], ...PyArgs<T, K>] : never);

/** size(dim)'s and stride(dim)'s index for `dim` of `ndim` dims (negative counts from the end). */
function dimIndex(fn: string, dim: unknown, ndim: number): number {
  if (!Number.isInteger(dim)) throw new TypeError(`${fn}(): argument 'dim' must be int, not ${describeValue(dim)}`);
  const d = (dim as number) < 0 ? (dim as number) + ndim : (dim as number);
  if (d < 0 || d >= ndim) throw new RangeError(`Dimension out of range (expected to be in range of [${-ndim}, ${ndim - 1}], but got ${dim})`);
  return d;
}
/** Sizes as varargs `(2, 3)`, one array `([2, 3])` or by name (`{ size: [2, 3] }`), then keyword-only K. */
export type SizeArgs<N extends string, K = {}> =
  | number[] | [...number[], K] | [number[]] | [number[], K] | [Record<N, number[]> & K];

// c10::ScalarType codes of QInt8, QUInt8, QInt32, QUInt4x2 and QUInt2x4.
const QUANTIZED_DTYPE_CODES = [12, 13, 14, 16, 17];

export class Tensor {
  // Tensors come from torch.* factories and ops, never from this constructor.
  protected constructor() {
    throw new TypeError('Create tensors with torch.tensor(), torch.zeros(), ... (torch.Tensor cannot be constructed directly)');
  }

  // ---- properties -------------------------------------------------------------------------
  get shape(): Size { return native.shape(this); }
  size(): Size;
  size(dim: number | { dim: number }): number;
  size(...args: unknown[]): Size | number {
    const s: number[] = native.shape(this);
    const dim = typeof args[0] === 'number' && args.length === 1 ? args[0] : bindArgs<[number | undefined]>(args, ['dim'], {}, 'size')[0];
    return dim === undefined || dim === null ? s : s[dimIndex('size', dim, s.length)];
  }
  dim(): number { if (arguments.length !== 0) takesNoArguments('dim', arguments); return native.dim(this); }
  get ndim(): number { return native.dim(this); }
  numel(): number { if (arguments.length !== 0) takesNoArguments('numel', arguments); return native.numel(this); }
  nelement(): number { if (arguments.length !== 0) takesNoArguments('nelement', arguments); return native.numel(this); }
  get dtype(): dtype { return dtypeFromCode(native.dtypeCode(this)); }
  get device(): device { return new device(native.deviceName(this)); }
  get is_cuda(): boolean { return native.deviceName(this).startsWith('cuda'); }
  get is_leaf(): boolean { return native.isLeaf(this); }
  get requires_grad(): boolean { return native.requiresGrad(this); }
  set requires_grad(flag: boolean) { native.setRequiresGrad(this, flag); }
  /** The accumulated gradient, null until backward() reaches this tensor. Typed as Tensor so that
   * Python's `w.grad.zero_()` ports as is; check `x.grad === null` where it may be missing. */
  get grad(): Tensor { return native.getGrad(this) as Tensor; }
  set grad(g: Tensor | null) { native.setGrad(this, g); }
  /** The autograd node that produced this tensor, or null for leaves. */
  get grad_fn(): { name(): string; toString(): string } | null {
    const n: string | null = native.gradFnName(this);
    return n === null ? null : { name: () => n, toString: () => `<${n} object>` };
  }
  /** A tensor sharing storage, outside autograd (PyTorch's `.data`). Assigning replaces the storage. */
  get data(): Tensor { return native.data(this); }
  set data(t: Tensor) { native.setData(this, t); }
  /** The count of in-place modifications of this tensor's data (autograd's version counter). */
  get _version(): number { return native.tensorVersion(this); }
  /** The dims reversed. As in PyTorch, LibTorch warns that this is deprecated for other than 2-D (and 0-D) tensors. */
  get T(): Tensor { return this.dim() === 2 ? native.permute(this, [1, 0]) : callAten('numpy_T', [this]); }
  get mT(): Tensor { return native.transpose(this, -2, -1); }
  /** The conjugate transpose of a matrix (2-D only), as PyTorch's `x.H`. */
  get H(): Tensor { return callAten('matrix_H', [this]); }
  /** The conjugate transpose of the last two dims. */
  get mH(): Tensor { return callAten('mH', [this]); }
  /** torch.strided for dense tensors; torch.sparse_coo for sparse gradients (Embedding(..., { sparse: true })). */
  get layout(): dt.layout { return dt.layoutFromCode(native.layoutCode(this)); }
  get is_sparse(): boolean { return native.layoutCode(this) === dt.sparse_coo.code; }
  get is_sparse_csr(): boolean { return native.layoutCode(this) === dt.sparse_csr.code; }
  get is_mkldnn(): boolean { return native.layoutCode(this) === dt._mkldnn.code; }
  get is_quantized(): boolean { return QUANTIZED_DTYPE_CODES.includes(native.dtypeCode(this)); }
  get is_cpu(): boolean { return this.deviceType() === 'cpu'; }
  get is_meta(): boolean { return this.deviceType() === 'meta'; }
  get is_mps(): boolean { return this.deviceType() === 'mps'; }
  get is_xpu(): boolean { return this.deviceType() === 'xpu'; }
  get is_ipu(): boolean { return this.deviceType() === 'ipu'; }
  get is_vulkan(): boolean { return this.deviceType() === 'vulkan'; }
  get is_ort(): boolean { return this.deviceType() === 'ort'; }
  /** Whether this is a nested tensor (made only inside TransformerEncoder's fast path: torchts has no nested-tensor API). */
  get is_nested(): boolean { return native.isNested(this); }
  /** Which output of its grad_fn this tensor is. */
  get output_nr(): number { return native.outputNr(this); }
  /** Python's legacy variable name: always None. */
  get name(): null { return null; }
  /** Removed in PyTorch (always false), with PyTorch's warning. */
  get volatile(): boolean {
    warnOnce('volatile was removed (Variable.volatile is always False)');
    return false;
  }
  private deviceType(): string { return native.deviceName(this).split(':')[0]; }
  stride(): number[];
  stride(dim: number | { dim: number }): number;
  stride(...args: unknown[]): number[] | number {
    const s: number[] = native.strides(this);
    const dim = typeof args[0] === 'number' && args.length === 1 ? args[0] : bindArgs<[number | undefined]>(args, ['dim'], {}, 'stride')[0];
    return dim === undefined || dim === null ? s : s[dimIndex('stride', dim, s.length)];
  }
  storage_offset(): number { if (arguments.length !== 0) takesNoArguments('storage_offset', arguments); return native.storageOffset(this); }
  element_size(): number { if (arguments.length !== 0) takesNoArguments('element_size', arguments); return native.elementSize(this); }
  get itemsize(): number { return native.elementSize(this); }
  data_ptr(): number { if (arguments.length !== 0) takesNoArguments('data_ptr', arguments); return native.dataPtr(this); }
  is_contiguous(...args: PyArgs<[['memory_format', memory_format, '?']]>): boolean {
    const [mf] = bindArgs<[memory_format | undefined]>(args, ['memory_format'], {}, 'is_contiguous');
    if (mf == null || mf.name === 'contiguous_format') return native.isContiguous(this);
    // c10's compute_channels_last_contiguous_{2d,3d}: strides dense in N, (D,) H, W, C order, size-1 dims ignored.
    const order = mf.name === 'channels_last' ? [1, 3, 2, 0] : mf.name === 'channels_last_3d' ? [1, 4, 3, 2, 0] : null;
    if (order === null) throw new TypeError(`is_contiguous(): unsupported memory format ${mf}`);
    const size = this.shape, strides = this.stride();
    if (size.length !== order.length) return false;
    let expected = 1;
    for (const d of order) {
      if (size[d] === 1) continue;
      if (strides[d] !== expected) return false;
      expected *= size[d];
    }
    return true;
  }
  is_floating_point(): boolean { if (arguments.length !== 0) takesNoArguments('is_floating_point', arguments); return this.dtype.is_floating_point; }
  is_complex(): boolean { if (arguments.length !== 0) takesNoArguments('is_complex', arguments); return this.dtype.is_complex; }
  get length(): number {
    const s = this.shape;
    if (s.length === 0) throw new TypeError('len() of a 0-d tensor');
    return s[0];
  }
  /** `for (const row of x)`: the sub-tensors along dim 0, like iterating a tensor in Python. */
  *[Symbol.iterator](): Iterator<Tensor> {
    if (this.dim() === 0) throw new TypeError('iteration over a 0-d tensor');
    const n = this.shape[0];
    for (let i = 0; i < n; i++) yield this.select(0, i);
  }

  // ---- conversion -------------------------------------------------------------------------
  /** The single value of a one-element tensor: a number (integer tensors too), a boolean for bool
   * tensors. Typed `any` like Python's int | float | bool, so `total += loss.item()` ports as is. */
  item(): any {
    if (arguments.length !== 0) takesNoArguments('item', arguments);
    // PyTorch 2.x reports LibTorch's own error ("a Tensor with N elements cannot be converted to Scalar").
    if (native.numel(this) !== 1 && !forRelease([['1.13', false], ['2.6', true]]))
      throw new TorchError('only one element tensors can be converted to Python scalars', 'ValueError');
    if (this.dtype.is_complex) {
      const [real, imag] = complexPairs(this);
      return { real, imag };
    }
    return native.item(this);
  }
  /** Nested arrays of numbers/booleans, `{ real, imag }` for complex values (a plain value for 0-d tensors). */
  tolist(): any {
    if (arguments.length !== 0) takesNoArguments('tolist', arguments);
    let values: (number | boolean | Complex)[];
    if (this.dtype.is_complex) {
      const pairs = complexPairs(this);
      values = Array.from({ length: pairs.length / 2 }, (_, i) => ({ real: pairs[2 * i], imag: pairs[2 * i + 1] }));
    } else {
      const isBool = this.dtype.name === 'bool';
      values = Array.from(this.toTypedArray() as ArrayLike<number | bigint>, (v) => (isBool ? v !== 0 : Number(v)));
    }
    const shape = this.shape;
    if (shape.length === 0) return values[0];
    let offset = 0;
    const build = (d: number): any[] => {
      const out: any[] = [];
      for (let i = 0; i < shape[d]; i++) out.push(d === shape.length - 1 ? values[offset++] : build(d + 1));
      return out;
    };
    return build(0);
  }
  /** A contiguous CPU copy as a TypedArray (float16/bfloat16 as Float32Array, int64 as BigInt64Array, bool as Uint8Array). */
  toTypedArray(): Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array {
    return native.toBuffer(this);
  }

  /** Python's three forms: `to(dtype, non_blocking, copy)`, `to(device, dtype, non_blocking, copy)`, `to(other, non_blocking, copy)`. */
  to(...args: ToArgs): Tensor {
    const first = args[0];
    const kw = trailingOptions(args);
    let d: dtype | null | undefined, dev: DeviceLike | null | undefined, nb: boolean | undefined, cp: boolean | undefined;
    if (first instanceof dtype) [d, nb, cp] = bindArgs(args, ['dtype', 'non_blocking', 'copy'], {}, 'to', ['memory_format']);
    else if (first instanceof Tensor || (kw && kw === first && kw.other instanceof Tensor)) {
      let other: Tensor;
      [other, nb, cp] = bindArgs(args, ['other', 'non_blocking', 'copy'], {}, 'to', ['memory_format']);
      [d, dev] = [other.dtype, other.device];
    } else [dev, d, nb, cp] = bindArgs(args, ['device', 'dtype', 'non_blocking', 'copy'], {}, 'to', ['memory_format']);
    const out: Tensor = native.to(this, d ? d.code : null, dev != null ? initDevice(deviceString(dev)) : null, !!nb, !!cp);
    const mf = kw?.memory_format as memory_format | null | undefined;
    if (mf == null || mf.name === 'preserve_format') return out;
    // A copy laid out in that format (c10's get_channels_last_strides), unless it already is.
    const want = formatStrides(out.shape, mf);
    return want !== null && want.every((st, i) => st === out.stride(i)) ? out : callAten('clone', [out, { memory_format: mf }]);
  }
  cpu(): Tensor { return this.to('cpu'); }
  cuda(...args: PyArgs<[['device', DeviceLike | null, '?'], ['non_blocking', boolean, '?']], { memory_format?: unknown }>): Tensor {
    const [dev, nb] = bindArgs<[DeviceLike | null | undefined, boolean | undefined]>(args, ['device', 'non_blocking'], {}, 'cuda', ['memory_format']);
    return this.to(dev == null ? 'cuda' : typeof dev === 'number' ? `cuda:${dev}` : dev, { non_blocking: !!nb });
  }
  float(): Tensor { return this.to(dt.float32); }
  double(): Tensor { return this.to(dt.float64); }
  half(): Tensor { return this.to(dt.float16); }
  bfloat16(): Tensor { return this.to(dt.bfloat16); }
  long(): Tensor { return this.to(dt.int64); }
  int(): Tensor { return this.to(dt.int32); }
  short(): Tensor { return this.to(dt.int16); }
  char(): Tensor { return this.to(dt.int8); }
  byte(): Tensor { return this.to(dt.uint8); }
  bool(): Tensor { return this.to(dt.bool); }
  /** `x.type()` is the type name ('torch.FloatTensor'); `x.type(torch.float64)` or `x.type('torch.DoubleTensor')` converts. */
  type(): string;
  type(...args: PyArgs<[['dtype', dtype | string | TensorType], ['non_blocking', boolean, '?']]>): Tensor;
  type(...args: unknown[]): Tensor | string {
    let [t, nb] = bindArgs<[dtype | string | TensorType | undefined, boolean | undefined]>(args, ['dtype', 'non_blocking'], {}, 'type');
    if (typeof t === 'function') t = t.dtype;
    if (t === undefined || t === null) {
      const name = `torch.${this.dtype.legacy ?? ''}Tensor`;
      return this.is_cuda ? name.replace('torch.', 'torch.cuda.') : name;
    }
    if (t instanceof dtype) return this.to(t, { non_blocking: !!nb });
    const m = /^torch\.(cuda\.)?(\w+)Tensor$/.exec(String(t));
    const target = m ? dtypeFromLegacy(m[2]) : undefined;
    if (!m || !target) throw new TypeError(`invalid type: '${String(t)}'`);
    return m[1] ? this.to({ device: 'cuda', dtype: target, non_blocking: !!nb }) : this.to({ device: 'cpu', dtype: target, non_blocking: !!nb });
  }

  // ---- memory -----------------------------------------------------------------------------
  /** Frees the native memory now. Later use of this tensor throws. */
  dispose(): void { native.dispose(this); }
  get isDisposed(): boolean { return native.isDisposed(this); }

  // ---- autograd ---------------------------------------------------------------------------
  backward(...args: PyArgs<[['gradient', Tensor | null, '?'], ['retain_graph', boolean | null, '?'], ['create_graph', boolean, '?'], ['inputs', Tensor | Tensor[] | null, '?']]>): void {
    const [g, retain, create, inputs] = bindArgs<[Tensor | null | undefined, boolean | null | undefined, boolean | undefined, Tensor | Tensor[] | null | undefined]>(
      args, ['gradient', 'retain_graph', 'create_graph', 'inputs'], {}, 'backward');
    native.backward([this], g ? [g] : null, retain ?? null, !!create, inputs == null ? null : Array.isArray(inputs) ? inputs : [inputs]);
  }
  retain_grad(): void {
    if (arguments.length !== 0) takesNoArguments('retain_grad', arguments);
    native.retainGrad(this);
  }
  /** Calls hook(grad) each time a gradient for this tensor is computed; a Tensor it returns replaces the gradient. */
  register_hook(hook: TensorHook): RemovableHandle { return registerHook(this, hook); }
  /** Calls hook(this) after backward has accumulated into this leaf's `.grad`. */
  register_post_accumulate_grad_hook(hook: PostAccumulateGradHook): RemovableHandle { return registerPostAccumulateGradHook(this, hook); }
  get retains_grad(): boolean { return callAten('retains_grad', [this]); }

  // ---- shapes and indexing ----------------------------------------------------------------
  view(...shape: SizeArgs<'size'> | [dtype] | [{ dtype: dtype }]): Tensor {
    const first: unknown = shape[0];
    if (first instanceof dtype) return callAten('view', [this, first], 'dtype');
    if (isOptions(first) && first.dtype instanceof dtype) return callAten('view', [this, first.dtype], 'dtype');
    return native.view(this, sizeArgs(shape).size);
  }
  reshape(...shape: SizeArgs<'shape'>): Tensor { return native.reshape(this, sizeArgs(shape, 'shape').size); }
  permute(...dims: SizeArgs<'dims'>): Tensor { return native.permute(this, sizeArgs(dims, 'dims').size); }
  expand(...sizes: SizeArgs<'size', { implicit?: boolean }>): Tensor { return native.expand(this, sizeArgs(sizes).size); }
  repeat(...sizes: SizeArgs<'repeats'>): Tensor { return native.repeat(this, sizeArgs(sizes, 'repeats').size); }
  transpose(...args: PyArgs<[['dim0', number], ['dim1', number]]>): Tensor {
    const [d0, d1] = bindArgs<[number, number]>(args, ['dim0', 'dim1'], {}, 'transpose');
    return native.transpose(this, d0, d1);
  }
  swapaxes(...args: PyArgs<[['axis0', number], ['axis1', number]]>): Tensor {
    const [d0, d1] = bindArgs<[number, number]>(args, ['axis0', 'axis1'], {}, 'swapaxes');
    return native.transpose(this, d0, d1);
  }
  swapdims(...args: PyArgs<[['dim0', number], ['dim1', number]]>): Tensor {
    const [d0, d1] = bindArgs<[number, number]>(args, ['dim0', 'dim1'], {}, 'swapdims');
    return native.transpose(this, d0, d1);
  }
  flatten(...args: PyArgs<[['start_dim', number, '?'], ['end_dim', number, '?']]>): Tensor {
    const [s, e] = bindArgs<[number, number]>(args, ['start_dim', 'end_dim'], { start_dim: 0, end_dim: -1 }, 'flatten');
    return native.flatten(this, s, e);
  }
  unflatten(...args: PyArgs<[['dim', number], ['sizes', number[]]]>): Tensor {
    const [d, sizes] = bindArgs<[number, number[]]>(args, ['dim', 'sizes'], {}, 'unflatten');
    return callAten('unflatten', [this, d, sizes], 'int');
  }
  squeeze(...args: PyArgs<[['dim', number | null, '?']]>): Tensor {
    const [d] = bindArgs<[number | undefined]>(args, ['dim'], {}, 'squeeze');
    return native.squeeze(this, d ?? null);
  }
  unsqueeze(...args: PyArgs<[['dim', number]]>): Tensor { return native.unsqueeze(this, bindArgs<[number]>(args, ['dim'], {}, 'unsqueeze')[0]); }
  select(...args: PyArgs<[['dim', number], ['index', number]]>): Tensor {
    const [d, i] = bindArgs<[number, number]>(args, ['dim', 'index'], {}, 'select');
    return native.select(this, d, i);
  }
  narrow(...args: PyArgs<[['dim', number], ['start', number | Tensor], ['length', number]]>): Tensor {
    const [d, s, l] = bindArgs<[number, number | Tensor, number]>(args, ['dim', 'start', 'length'], {}, 'narrow');
    return s instanceof Tensor ? callAten('narrow', [this, d, s, l], 'Tensor') : native.narrow(this, d, s, l);
  }
  /** Python's `x[..., start:end:step]` along one dim. */
  slice(...args: PyArgs<[['dim', number, '?'], ['start', number | null, '?'], ['end', number | null, '?'], ['step', number, '?']]>): Tensor {
    const [d, s, e, st] = bindArgs<[number, number | null, number | null, number]>(args, ['dim', 'start', 'end', 'step'], { dim: 0, start: null, end: null, step: 1 }, 'slice');
    return native.slice(this, d, s, e, st);
  }
  chunk(...args: PyArgs<[['chunks', number], ['dim', number, '?']]>): Tensor[] {
    const [c, d] = bindArgs<[number, number]>(args, ['chunks', 'dim'], { dim: 0 }, 'chunk');
    return callAten('chunk', [this, c, d]);
  }
  /** `split(split_size, dim=0)`; torch.split names the first argument `split_size_or_sections`, which works too. */
  split(...args: PyArgs<[['split_size', number | number[], '?'], ['dim', number, '?']], { split_size_or_sections?: number | number[] }>): Tensor[] {
    const [sz, d, alias] = bindArgs<[number | number[], number, number | number[]]>(args, ['split_size', 'dim', 'split_size_or_sections'], { dim: 0 }, 'split');
    const size = sz ?? alias;
    if (size === undefined) throw missingArguments('split', ['split_size']);
    return Array.isArray(size)
      ? callAten('split_with_sizes', [this, size, d])
      : callAten('split', [this, size, d], 'Tensor');
  }
  unbind(...args: PyArgs<[['dim', number, '?']]>): Tensor[] { return callAten('unbind', [this, bindArgs<[number]>(args, ['dim'], { dim: 0 }, 'unbind')[0]], 'int'); }

  /** Python's `x[idx]`: ints, slices (':' '1:3' '::2'), null (None), '...', index tensors, boolean masks. */
  index(...items: IndexItem[]): Tensor {
    let result: Tensor = this;
    const specified = items.reduce<number>((n, it) => n + (it === null || it === undefined || it === '...' || typeof it === 'boolean' ? 0 : it instanceof Tensor && it.dtype.name === 'bool' ? it.dim() : 1), 0);
    const selfDim = this.dim();
    if (specified > selfDim) throw new TorchError(`too many indices for tensor of dimension ${selfDim}`, 'IndexError');
    let dim = 0;
    const tensorIndices: (Tensor | null)[] = [];
    for (const item of items) {
      if (item === undefined) {
        throw new TypeError('Invalid index undefined: use an int, a slice like \'1:3\', null, \'...\' or a tensor');
      } else if (typeof item === 'number') {
        const size = native.shape(result)[dim];
        if (Number.isInteger(item) && (item >= size || item < -size)) throw new TorchError(`index ${item} is out of bounds for dimension ${dim} with size ${size}`, 'IndexError');
        result = native.select(result, dim, item);
      } else if (item === null || item === true) {
        result = native.unsqueeze(result, dim);
        dim++;
      } else if (item === '...') {
        dim += selfDim - specified;
      } else if (typeof item === 'string' || (typeof item === 'object' && !(item instanceof Tensor) && !Array.isArray(item))) {
        const s = typeof item === 'string' ? parseSlice(item) : item;
        if (!s) throw new TypeError(`Invalid index '${String(item)}': use an int, a slice like '1:3', null, '...' or a tensor`);
        if (s.step != null && s.step <= 0) throw new TorchError('step must be greater than zero', 'ValueError');
        result = native.slice(result, dim, s.start ?? null, s.stop ?? null, s.step ?? 1);
        dim++;
      } else {
        const t = item instanceof Tensor ? item : tensorFromIndexList(item as number[] | boolean[]);
        tensorIndices[dim] = t;
        dim += t.dtype.name === 'bool' ? t.dim() : 1;
      }
    }
    if (tensorIndices.length === 0) return result === this ? native.alias(this) : result;
    for (let i = 0; i < tensorIndices.length; i++) if (tensorIndices[i] === undefined) tensorIndices[i] = null;
    return callAten('index', [result, tensorIndices], 'Tensor');
  }
  index_put_(...args: IndexPutArgs): Tensor { return indexPut(this, 'index_put_', args); }
  index_put(...args: IndexPutArgs): Tensor { return indexPut(this, 'index_put', args); }

  // ---- printing ---------------------------------------------------------------------------
  toString(): string {
    const dt = this.dtype;
    const tangent = currentTangent(this);
    return formatTensor({
      data: (dt.is_complex ? complexPairs(this) : this.toTypedArray()) as ArrayLike<number | bigint>,
      shape: this.shape,
      dtype: dt.name,
      device: native.deviceName(this),
      requiresGrad: this.requires_grad,
      gradFn: native.gradFnName(this),
      isParameter: (this as any)._isParameter === true,
      defaultDtype: get_default_dtype().name,
      tangent: tangent === null ? null : tangent.toString(),
    });
  }
  [inspect.custom](): string { return this.isDisposed ? 'tensor(<disposed>)' : this.toString(); }
}

type ToArgs =
  | PyArgs<[['dtype', dtype], ['non_blocking', boolean, '?'], ['copy', boolean, '?']], { memory_format?: unknown }>
  | PyArgs<[['device', DeviceLike | null, '?'], ['dtype', dtype | null, '?'], ['non_blocking', boolean, '?'], ['copy', boolean, '?']], { memory_format?: unknown }>
  | PyArgs<[['other', Tensor], ['non_blocking', boolean, '?'], ['copy', boolean, '?']]>;

/** The strides of a dense tensor of `size` in memory format `mf` (null for formats that do not apply). */
function formatStrides(size: number[], mf: memory_format): number[] | null {
  const order = mf.name === 'contiguous_format' ? [...size.keys()].reverse()
    : mf.name === 'channels_last' && size.length === 4 ? [1, 3, 2, 0]
    : mf.name === 'channels_last_3d' && size.length === 5 ? [1, 4, 3, 2, 0] : null;
  if (order === null) return null;
  const strides = new Array<number>(size.length);
  let expected = 1;
  for (const d of order) {
    strides[d] = expected;
    expected *= Math.max(size[d], 1);
  }
  return strides;
}

/** A complex tensor's values as flat [re, im] pairs, row-major (a conjugate view resolved first). */
function complexPairs(t: Tensor): Float32Array | Float64Array {
  return callAten('view_as_real', [callAten('resolve_conj', [t])]).toTypedArray();
}

/** A legacy tensor type (torch.FloatTensor, ...), accepted by `x.type(torch.FloatTensor)`. */
export type TensorType = ((...args: any[]) => Tensor) & { readonly dtype: dtype };

type IndexPutArgs = PyArgs<[['indices', (Tensor | null)[]], ['values', Tensor | number | boolean], ['accumulate', boolean, '?']]>;
function indexPut(self: Tensor, op: string, args: unknown[]): Tensor {
  const [indices, values, accumulate] = bindArgs<[(Tensor | null)[], Tensor | number | boolean, boolean]>(args, ['indices', 'values', 'accumulate'], { accumulate: false }, op);
  const v = values instanceof Tensor ? values : scalarLike(values, self);
  return callAten(op, [self, indices, v, accumulate]);
}

function tensorFromIndexList(list: number[] | boolean[]): Tensor {
  if (list.length > 0 && typeof list[0] === 'boolean') return native.fromBuffer(Uint8Array.from(list as boolean[], (b) => (b ? 1 : 0)), [list.length], dt.bool.code);
  return native.fromBuffer(BigInt64Array.from(list as number[], (v) => BigInt(v)), [list.length], dt.int64.code);
}

/** A 0-d tensor holding `value` with `like`'s dtype and device. */
export function scalarLike(value: number | boolean, like: Tensor): Tensor {
  return callAten('full', [[], value, { dtype: like.dtype, device: native.deviceName(like) }]);
}

// Native tensors inherit from Tensor.prototype.
Object.setPrototypeOf(native.TensorBase.prototype, Tensor.prototype);
native.setup(TorchError, TypeError, RangeError);
native.setWarningSink(warnFromLibTorch);
