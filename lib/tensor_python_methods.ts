// The Tensor methods PyTorch writes in Python (torch/_tensor.py, torch/functional.py) or keeps as
// legacy entry points: lu, stft, resize, new, apply_/map_/map2_, as_subclass, the complex casts.
import { Tensor, PyArgs, Scalar, SizeArgs, sizeArgs } from './tensor';
import { native } from './native';
import { callAten, takesNoArguments } from './ops/dispatch';
import { pyBind } from './python/binder';
import { trailingOptions } from './python/options';
import { warnOnce } from './python/warnings';
import { describeValue } from './python/check';
import { TorchError } from './errors';
import { complex64, complex128 } from './dtype';
import { tensor as makeTensor } from './creation';
import { forRelease } from './release';

type Callback = (...values: any[]) => Scalar;

declare module './tensor' {
  interface Tensor {
    /** LU factorization: `[LU, pivots]`, or `[LU, pivots, infos]` with `get_infos`. */
    lu(...args: PyArgs<[['pivot', boolean, '?'], ['get_infos', boolean, '?']]>): Tensor[];
    /** Short-time Fourier transform, as torch.stft (centered with `pad_mode` padding by default). */
    stft(...args: PyArgs<[['n_fft', number], ['hop_length', number | null, '?'], ['win_length', number | null, '?'], ['window', Tensor | null, '?'],
      ['center', boolean, '?'], ['pad_mode', string, '?'], ['normalized', boolean, '?'], ['onesided', boolean | null, '?'], ['return_complex', boolean | null, '?']]>): Tensor;
    /** A reshaped copy with the same number of elements (deprecated in PyTorch, which warns). */
    resize(...sizes: SizeArgs<'sizes'>): Tensor;
    resize_as(...args: PyArgs<[['tensor', Tensor]]>): Tensor;
    /** Legacy constructor: `x.new()` (empty), `x.new(2, 3)` (uninitialized), `x.new([1, 2])` (data), `x.new(t)` (t). */
    new(...args: unknown[]): Tensor;
    /** Replaces each element by `callable(element)` (CPU tensors). */
    apply_(callable: Callback): Tensor;
    /** Replaces each element by `callable(element, other_element)`, `tensor` broadcast to this shape (CPU). */
    map_(tensor: Tensor, callable: Callback): Tensor;
    map2_(x: Tensor, y: Tensor, callable: Callback): Tensor;
    /** This tensor's data as an instance of `cls` (a Tensor subclass), sharing storage and autograd history. */
    as_subclass<T extends Tensor>(cls: { prototype: T }): T;
    cfloat(): Tensor;
    cdouble(): Tensor;
    /** The CUDA device index, -1 on the CPU. */
    get_device(): number;
    ndimension(): number;
    /** Whether the storage is in shared memory: CUDA tensors are, CPU tensors here never are. */
    is_shared(): boolean;
    ipu(): Tensor;
    xpu(): Tensor;
    to_sparse_coo(): Tensor;
  }
}

const proto = Tensor.prototype as any;
function define(name: string, fn: Function): void {
  Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
}

define('lu', function (this: Tensor, ...args: unknown[]) {
  const [pivot, get_infos] = pyBind<[boolean, boolean]>('Tensor.lu', args, ['pivot', 'get_infos'], { pivot: true, get_infos: false });
  const [LU, pivots, infos] = callAten('linalg_lu_factor_ex', [this, { pivot, check_errors: false }]) as Tensor[];
  return get_infos ? [LU, pivots, infos] : [LU, pivots];
});

// torch.stft of PyTorch 1.13 (torch/functional.py): `center` pads here, then ATen transforms.
define('stft', function (this: Tensor, ...args: unknown[]) {
  const [n_fft, hop_length, win_length, window, center, pad_mode, normalized, onesided, return_complex] =
    pyBind<[number, number | null, number | null, Tensor | null, boolean, string, boolean, boolean | null, boolean | null]>('Tensor.stft', args,
      ['n_fft', 'hop_length', 'win_length', 'window', 'center', 'pad_mode', 'normalized', 'onesided', 'return_complex'],
      { hop_length: null, win_length: null, window: null, center: true, pad_mode: 'reflect', normalized: false, onesided: null, return_complex: null });
  let input: Tensor = this;
  if (center) {
    const signalDim = input.dim();
    const extended = [...Array(Math.max(0, 3 - signalDim)).fill(1), ...input.shape];
    const pad = Math.floor(n_fft / 2);
    input = callAten('pad', [input.view(extended), [pad, pad], pad_mode]) as Tensor;
    input = input.view(input.shape.slice(-signalDim));
  }
  return callAten('stft', [input, n_fft, hop_length, win_length, window, normalized, onesided, return_complex]);
});

// torch.autograd._functions.Resize: a contiguous view of the same elements in the new shape.
function resized(self: Tensor, sizes: number[]): Tensor {
  const numel = sizes.reduce((a, b) => a * b, 1);
  if (self.numel() !== numel)
    throw new TorchError(`requested resize to ${sizes.join('x')} (${numel} elements in total), but the given tensor has a size of ` +
      `${self.shape.join('x')} (${self.numel()} elements). autograd's resize can only change the shape of a given tensor, while preserving the number of elements. `);
  return self.contiguous().view(sizes);
}
define('resize', function (this: Tensor, ...args: unknown[]) {
  warnOnce('non-inplace resize is deprecated');
  return resized(this, sizeArgs(args, 'sizes').size);
});
define('resize_as', function (this: Tensor, ...args: unknown[]) {
  const [t] = pyBind<[Tensor]>('Tensor.resize_as', args, ['tensor']);
  warnOnce('non-inplace resize_as is deprecated');
  return resized(this, t.shape);
});

define('new', function (this: Tensor, ...args: unknown[]) {
  const kw = trailingOptions(args);
  const positional = kw ? args.slice(0, -1) : args;
  const options = { dtype: this.dtype, device: this.device, ...(kw ?? {}) };
  if (positional.length === 0) return callAten('empty', [[0], options]);
  if (positional.every((v) => typeof v === 'number')) return callAten('empty', [positional, options]);
  if (positional.length === 1 && positional[0] instanceof Tensor) return callAten('alias', [positional[0]]);
  if (positional.length === 1 && Array.isArray(positional[0])) return makeTensor(positional[0], options);
  throw new TypeError(`new(): invalid arguments: ${positional.map((v) => describeValue(v)).join(', ')}`);
});

/** Writes `fn` of each element (and of the matching elements of `others`, broadcast) into `self`. */
function mapInPlace(self: Tensor, name: string, others: Tensor[], fn: Callback): Tensor {
  if (typeof fn !== 'function') throw new TypeError(`${name}(): argument 'callable' must be a function, not ${describeValue(fn)}`);
  if (!self.is_cpu || others.some((o) => !o.is_cpu)) throw new TorchError(`${name} is only implemented on CPU tensors`, 'TypeError');
  const columns = [self, ...others.map((o) => o.expand_as(self))].map((t) => t.contiguous().view(-1).tolist() as any[]);
  const out = columns[0].map((_, i) => fn(...columns.map((c) => c[i])));
  self.copy_(makeTensor(out, { dtype: self.dtype }).view(self.shape));
  return self;
}
define('apply_', function (this: Tensor, callable: Callback) { return mapInPlace(this, 'apply_', [], callable); });
define('map_', function (this: Tensor, tensor: Tensor, callable: Callback) { return mapInPlace(this, 'map_', [tensor], callable); });
define('map2_', function (this: Tensor, x: Tensor, y: Tensor, callable: Callback) { return mapInPlace(this, 'map2_', [x, y], callable); });

define('as_subclass', function (this: Tensor, cls: { prototype: unknown }) {
  if (typeof cls !== 'function' || !(cls.prototype instanceof Tensor || cls.prototype === Tensor.prototype))
    throw new TypeError(`as_subclass(): argument 'cls' must be a Tensor subclass, not ${describeValue(cls)}`);
  return Object.setPrototypeOf(callAten('alias', [this]), cls.prototype as object);
});

define('cfloat', function (this: Tensor) { return this.to(complex64); });
define('cdouble', function (this: Tensor) { return this.to(complex128); });
define('get_device', function (this: Tensor) {
  if (arguments.length !== 0) takesNoArguments('get_device', arguments);
  return this.is_cpu ? -1 : this.device.index ?? 0; });
define('ndimension', function (this: Tensor) {
  if (arguments.length !== 0) takesNoArguments('ndimension', arguments);
  return native.dim(this); });
define('is_shared', function (this: Tensor) { return this.is_cuda; });
define('ipu', function () { throw new TorchError('PyTorch is not linked with support for ipu devices'); });
define('xpu', function () {
  throw forRelease([['1.13', new TorchError('PyTorch is not linked with support for xpu devices')],
    ['2.0', new TorchError('Torch not compiled with XPU enabled', 'AssertionError')]]);
});

define('to_sparse_coo', function (this: Tensor) { return callAten('to_sparse', [this]); });
