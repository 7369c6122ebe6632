// The Tensor class. Instances are created natively (see native/tensor_wrap.h); their prototype
// chain runs through this class, so methods defined here and in tensor_methods.ts apply to them.
import { inspect } from 'util';
import { native } from './native';
import { dtype, dtypeFromCode, get_default_dtype } from './dtype';
import { device, DeviceLike, deviceString } from './device';
import { callAten } from './ops/dispatch';
import { formatTensor } from './format';

export type Scalar = number | boolean;
export type Size = number[];
/** One item of `x.index(...)`: Python's int, slice (':' '1:3' '::2' or {start, stop, step}), None (null), '...', tensor, list. */
export type IndexItem = number | null | boolean | string | Slice | Tensor | number[] | boolean[];
export interface Slice { start?: number | null; stop?: number | null; step?: number | null }

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
  } else if (args.length === 1 && isKwargs(args[0]) && Array.isArray(args[0][name])) {
    size = args[0][name] as unknown[];
    rest = [];
  } else {
    let n = 0;
    while (n < args.length && typeof args[n] === 'number') n++;
    size = args.slice(0, n);
    rest = args.slice(n);
  }
  for (const s of size) {
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new TypeError(`Expected integer sizes for ${name} but received ${typeof s === 'string' ? `'${s}'` : String(s)} of type ${typeof s}`);
  }
  if (rest.length > 1 || (rest.length === 1 && !isKwargs(rest[0]))) {
    const bad = rest.find((r) => !isKwargs(r));
    throw new TypeError(`Expected integer sizes for ${name} but received ${typeof bad === 'string' ? `'${bad}'` : String(bad)} of type ${typeof bad}`);
  }
  return { size: size as number[], rest };
}

/** A trailing keyword-arguments object (a plain object, not a tensor, dtype or device). */
function isKwargs(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Python-style argument binding: positional values, or names given in a trailing options object. */
export function bindArgs<T extends unknown[]>(args: unknown[], names: string[], defaults: Partial<Record<string, unknown>> = {}): T {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const kw = end > 0 && isKwargs(args[end - 1]) ? (args[end - 1] as Record<string, unknown>) : null;
  const positional = args.slice(0, kw ? end - 1 : end);
  return names.map((n, i) => (i < positional.length && positional[i] !== undefined ? positional[i] : kw && n in kw ? kw[n] : defaults[n])) as T;
}

function parseSlice(s: string): Slice | null {
  const m = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/.exec(s);
  if (!m) return null;
  const num = (x: string | undefined) => (x === undefined ? null : Number(x));
  return { start: num(m[1]), stop: num(m[2]), step: num(m[3]) };
}

export class Tensor {
  // Tensors come from torch.* factories and ops, never from this constructor.
  protected constructor() {
    throw new TypeError('Create tensors with torch.tensor(), torch.zeros(), ... (torch.Tensor cannot be constructed directly)');
  }

  // ---- properties -------------------------------------------------------------------------
  get shape(): Size { return native.shape(this); }
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    const s: number[] = native.shape(this);
    if (dim === undefined) return s;
    const d = dim < 0 ? dim + s.length : dim;
    if (!Number.isInteger(dim) || d < 0 || d >= s.length) throw new RangeError(`Dimension out of range (expected to be in range of [${-s.length}, ${s.length - 1}], but got ${dim})`);
    return s[d];
  }
  dim(): number { return native.dim(this); }
  get ndim(): number { return native.dim(this); }
  numel(): number { return native.numel(this); }
  nelement(): number { return native.numel(this); }
  get dtype(): dtype { return dtypeFromCode(native.dtypeCode(this)); }
  get device(): device { return new device(native.deviceName(this)); }
  get is_cuda(): boolean { return native.deviceName(this).startsWith('cuda'); }
  get is_leaf(): boolean { return native.isLeaf(this); }
  get requires_grad(): boolean { return native.requiresGrad(this); }
  set requires_grad(flag: boolean) { native.setRequiresGrad(this, flag); }
  get grad(): Tensor | null { return native.getGrad(this); }
  set grad(g: Tensor | null) { native.setGrad(this, g); }
  /** The autograd node that produced this tensor, or null for leaves. */
  get grad_fn(): { name(): string; toString(): string } | null {
    const n: string | null = native.gradFnName(this);
    return n === null ? null : { name: () => n, toString: () => `<${n} object>` };
  }
  /** A tensor sharing storage, outside autograd (PyTorch's `.data`). Assigning replaces the storage. */
  get data(): Tensor { return native.data(this); }
  set data(t: Tensor) { native.setData(this, t); }
  get T(): Tensor { return this.dim() < 2 ? this : native.permute(this, [...Array(this.dim()).keys()].reverse()); }
  get mT(): Tensor { return native.transpose(this, -2, -1); }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    const s: number[] = native.strides(this);
    return dim === undefined ? s : s[dim < 0 ? dim + s.length : dim];
  }
  storage_offset(): number { return native.storageOffset(this); }
  element_size(): number { return native.elementSize(this); }
  get itemsize(): number { return native.elementSize(this); }
  data_ptr(): number { return native.dataPtr(this); }
  is_contiguous(): boolean { return native.isContiguous(this); }
  is_floating_point(): boolean { return this.dtype.is_floating_point; }
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
  /** The single value of a one-element tensor: a number (integer tensors too) or a boolean. */
  item(): number | boolean {
    if (native.numel(this) !== 1) throw new TorchError('only one element tensors can be converted to Python scalars', 'ValueError');
    return native.item(this);
  }
  /** Nested arrays of numbers/booleans (a plain number for 0-d tensors). */
  tolist(): any {
    const flat = this.toTypedArray();
    const isBool = this.dtype.name === 'bool';
    const values: (number | boolean)[] = Array.from(flat as ArrayLike<number | bigint>, (v) => (isBool ? v !== 0 : Number(v)));
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

  to(target: dtype | DeviceLike | Tensor | ToOptions, options?: ToOptions | dtype): Tensor {
    let opts: ToOptions = {};
    if (target instanceof dtype) opts = { dtype: target };
    else if (target instanceof Tensor) opts = { dtype: target.dtype, device: target.device };
    else if (typeof target === 'string' || typeof target === 'number' || target instanceof device) {
      opts = { device: target };
      if (options instanceof dtype) opts.dtype = options;
    } else opts = { ...target };
    if (options && !(options instanceof dtype)) opts = { ...opts, ...options };
    return native.to(this, opts.dtype ? opts.dtype.code : null, opts.device !== undefined ? deviceString(opts.device) : null, !!opts.non_blocking, !!opts.copy);
  }
  cpu(): Tensor { return this.to('cpu'); }
  cuda(dev: DeviceLike = 'cuda'): Tensor { return this.to(typeof dev === 'number' ? `cuda:${dev}` : dev); }
  float(): Tensor { return this.to(dtypeFromCode(6)); }
  double(): Tensor { return this.to(dtypeFromCode(7)); }
  half(): Tensor { return this.to(dtypeFromCode(5)); }
  bfloat16(): Tensor { return this.to(dtypeFromCode(15)); }
  long(): Tensor { return this.to(dtypeFromCode(4)); }
  int(): Tensor { return this.to(dtypeFromCode(3)); }
  short(): Tensor { return this.to(dtypeFromCode(2)); }
  char(): Tensor { return this.to(dtypeFromCode(1)); }
  byte(): Tensor { return this.to(dtypeFromCode(0)); }
  bool(): Tensor { return this.to(dtypeFromCode(11)); }
  type(t?: dtype): Tensor | string {
    if (t === undefined) return `torch.${{ float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int8: 'Char', int16: 'Short', int32: 'Int', int64: 'Long', uint8: 'Byte', bool: 'Bool' }[this.dtype.name] ?? ''}Tensor`;
    return this.to(t);
  }

  // ---- memory -----------------------------------------------------------------------------
  /** Frees the native memory now. Later use of this tensor throws. */
  dispose(): void { native.dispose(this); }
  get isDisposed(): boolean { return native.isDisposed(this); }

  // ---- autograd ---------------------------------------------------------------------------
  backward(gradient?: Tensor | null | BackwardOptions, options: BackwardOptions = {}): void {
    if (isKwargs(gradient)) [gradient, options] = [(gradient as BackwardOptions).gradient ?? null, gradient as BackwardOptions];
    const g = gradient as Tensor | null | undefined;
    native.backward([this], g ? [g] : null, options.retain_graph ?? null, !!options.create_graph, options.inputs ?? null);
  }
  retain_grad(): void { native.retainGrad(this); }
  get retains_grad(): boolean { return callAten('retains_grad', [this]); }

  // ---- shapes and indexing ----------------------------------------------------------------
  view(...shape: (number | number[] | dtype)[]): Tensor {
    if (shape[0] instanceof dtype) return callAten('view', [this, shape[0]], 'dtype');
    return native.view(this, sizeArgs(shape).size);
  }
  reshape(...shape: (number | number[] | { shape: number[] })[]): Tensor { return native.reshape(this, sizeArgs(shape, 'shape').size); }
  permute(...dims: (number | number[] | { dims: number[] })[]): Tensor { return native.permute(this, sizeArgs(dims, 'dims').size); }
  expand(...sizes: (number | number[])[]): Tensor { return native.expand(this, sizeArgs(sizes).size); }
  repeat(...sizes: (number | number[])[]): Tensor { return native.repeat(this, sizeArgs(sizes).size); }
  transpose(dim0: number | { dim0: number; dim1: number }, dim1?: number): Tensor {
    const [d0, d1] = bindArgs<[number, number]>([dim0, dim1], ['dim0', 'dim1']);
    return native.transpose(this, d0, d1);
  }
  swapaxes(dim0: number, dim1: number): Tensor { return native.transpose(this, dim0, dim1); }
  flatten(start_dim: number | { start_dim?: number; end_dim?: number } = 0, end_dim = -1): Tensor {
    if (typeof start_dim === 'object') return native.flatten(this, start_dim.start_dim ?? 0, start_dim.end_dim ?? -1);
    return native.flatten(this, start_dim, end_dim);
  }
  unflatten(dim: number, sizes: number[]): Tensor { return callAten('unflatten', [this, dim, sizes], 'int'); }
  squeeze(dim?: number | { dim?: number }): Tensor {
    const [d] = bindArgs<[number | undefined]>([dim], ['dim']);
    return native.squeeze(this, d ?? null);
  }
  unsqueeze(dim: number | { dim: number }): Tensor { return native.unsqueeze(this, bindArgs<[number]>([dim], ['dim'])[0]); }
  select(dim: number | { dim: number; index: number }, index?: number): Tensor {
    const [d, i] = bindArgs<[number, number]>([dim, index], ['dim', 'index']);
    return native.select(this, d, i);
  }
  narrow(dim: number | { dim: number; start: number; length: number }, start?: number, length?: number): Tensor {
    const [d, s, l] = bindArgs<[number, number, number]>([dim, start, length], ['dim', 'start', 'length']);
    return native.narrow(this, d, s, l);
  }
  /** Python's `x[..., start:end:step]` along one dim. */
  slice(dim: number | { dim?: number; start?: number | null; end?: number | null; step?: number } = 0, start: number | null = null, end: number | null = null, step = 1): Tensor {
    const [d, s, e, st] = bindArgs<[number, number | null, number | null, number]>([dim, start, end, step], ['dim', 'start', 'end', 'step'], { dim: 0, start: null, end: null, step: 1 });
    return native.slice(this, d, s, e, st);
  }
  chunk(chunks: number | { chunks: number; dim?: number }, dim: number | { dim?: number } = 0): Tensor[] {
    const [c, d] = bindArgs<[number, number]>([chunks, dim], ['chunks', 'dim'], { dim: 0 });
    return callAten('chunk', [this, c, d]);
  }
  split(split_size_or_sections: number | number[] | { split_size_or_sections?: number | number[]; split_size?: number | number[]; dim?: number }, dim: number | { dim?: number } = 0): Tensor[] {
    const [sz, d, alias] = bindArgs<[number | number[], number, number | number[]]>([split_size_or_sections, dim], ['split_size_or_sections', 'dim', 'split_size'], { dim: 0 });
    const size = sz ?? alias;
    return Array.isArray(size)
      ? callAten('split_with_sizes', [this, size, d])
      : callAten('split', [this, size, d], 'Tensor');
  }
  unbind(dim: number | { dim?: number } = 0): Tensor[] { return callAten('unbind', [this, bindArgs<[number]>([dim], ['dim'], { dim: 0 })[0]], 'int'); }

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
  index_put_(indices: (Tensor | null)[], values: Tensor | number, accumulate = false): Tensor {
    const v = values instanceof Tensor ? values : scalarLike(values, this);
    return callAten('index_put_', [this, indices, v, accumulate]);
  }
  index_put(indices: (Tensor | null)[], values: Tensor | number, accumulate = false): Tensor {
    const v = values instanceof Tensor ? values : scalarLike(values, this);
    return callAten('index_put', [this, indices, v, accumulate]);
  }

  // ---- printing ---------------------------------------------------------------------------
  toString(): string {
    const dt = this.dtype;
    return formatTensor({
      data: this.toTypedArray() as ArrayLike<number | bigint>,
      shape: this.shape,
      dtype: dt.name,
      device: native.deviceName(this),
      requiresGrad: this.requires_grad,
      gradFn: native.gradFnName(this),
      isParameter: (this as any)._isParameter === true,
      defaultDtype: get_default_dtype().name,
    });
  }
  [inspect.custom](): string { return this.isDisposed ? 'tensor(<disposed>)' : this.toString(); }
}

// Declared here, defined in errors.ts; imported late to keep this file's imports one-way.
import { TorchError } from './errors';

function tensorFromIndexList(list: number[] | boolean[]): Tensor {
  if (list.length > 0 && typeof list[0] === 'boolean') return native.fromBuffer(Uint8Array.from(list as boolean[], (b) => (b ? 1 : 0)), [list.length], 11);
  return native.fromBuffer(BigInt64Array.from(list as number[], (v) => BigInt(v)), [list.length], 4);
}

/** A 0-d tensor holding `value` with `like`'s dtype and device. */
export function scalarLike(value: number | boolean, like: Tensor): Tensor {
  return callAten('full', [[], value, { dtype: like.dtype, device: native.deviceName(like) }]);
}

// Native tensors inherit from Tensor.prototype.
Object.setPrototypeOf(native.TensorBase.prototype, Tensor.prototype);
native.setup(TorchError, TypeError, RangeError);
