// torch.nn.functional's pooling (PyTorch 1.13's functional.py): max, average, adaptive, fractional
// and power-average pooling over 1 to 3 spatial dims, and max unpooling. Each keeps Python's
// signature and checks and calls the same ATen operator.
import { Tensor } from '../tensor';
import { callAten } from '../ops/dispatch';
import { TorchError } from '../errors';
import { rand } from '../creation';
import { typed } from '../python/check';
import { listRepr } from '../python/repr';
import { isInt, tensor, optTensor, float, int, bool, ints, optInts, signature, Signature, SigArgs, IndicesArgs } from './signature';
import { ntuple } from './repr';

type Pair = [Tensor, Tensor];
const sizeOrList = typed<number | (number | null)[]>('an integer or an array of integers (or null)', (v) => isInt(v) || (Array.isArray(v) && v.every((x) => x === null || isInt(x))));
const optFloats = typed<number | number[]>('a number or an array of numbers', (v) => typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number'))).nullable().default(null);

/** torch.nn.modules.utils._list_with_default: `null` entries of output_size take the input's size. */
function listWithDefault(out: number | (number | null)[], defaults: number[]): number | number[] {
  if (typeof out === 'number') return out;
  if (defaults.length <= out.length) throw new TorchError(`Input dimension should be at least ${out.length + 1}`, 'ValueError');
  const tail = defaults.slice(defaults.length - out.length);
  return out.map((v, i) => (v === null ? tail[i] : v));
}

/**
 * A pooling function's two forms from `run` (which always computes the pair): `f(..., return_indices)`
 * returning the pair or the values, and `f_with_indices(...)` returning the pair.
 */
function indexForms<G extends Signature<any, any>>(sig: G, withIndicesSig: G, run: (a: { return_indices: boolean } & Record<string, any>) => Pair) {
  function pool(...args: IndicesArgs<G>): Pair;
  function pool(...args: SigArgs<G>): Tensor;
  function pool(...args: unknown[]): Tensor | Pair {
    const a = sig.bind(args) as any;
    const result = run(a);
    return a.return_indices ? result : result[0];
  }
  const withIndices = (...args: SigArgs<G>): Pair => run(withIndicesSig.bind(args) as any);
  return [pool, withIndices] as const;
}

// ---- max pooling --------------------------------------------------------------------------

const maxPoolShape = [
  ['input', tensor], ['kernel_size', ints], ['stride', optInts], ['padding', ints.default(0)], ['dilation', ints.default(1)],
  ['ceil_mode', bool.default(false)], ['return_indices', bool.default(false)],
] as const;

/** F.max_poolNd and F.max_poolNd_with_indices (the pair whatever return_indices says). */
function maxPool(n: 1 | 2 | 3) {
  const sig = signature(`max_pool${n}d`, maxPoolShape);
  const withIndicesSig = signature(`max_pool${n}d_with_indices`, maxPoolShape);
  const run = (a: ReturnType<typeof sig.bind>, indices: boolean): Tensor | Pair => {
    const aten = [a.input, a.kernel_size, a.stride ?? [], a.padding, a.dilation, a.ceil_mode];
    return indices ? callAten(`max_pool${n}d_with_indices`, aten, '') : callAten(`max_pool${n}d`, aten, '');
  };
  function pool(...args: IndicesArgs<typeof sig>): Pair;
  function pool(...args: SigArgs<typeof sig>): Tensor;
  function pool(...args: unknown[]): Tensor | Pair {
    const a = sig.bind(args);
    return run(a, a.return_indices);
  }
  const withIndices = (...args: SigArgs<typeof withIndicesSig>): Pair => run(withIndicesSig.bind(args), true) as Pair;
  return [pool, withIndices] as const;
}

/** 1-d max pooling; with `return_indices` also the argmax indices. */
export const [max_pool1d, max_pool1d_with_indices] = maxPool(1);
/** 2-d max pooling over (N, C, H, W) input; with `return_indices` also the argmax indices. */
export const [max_pool2d, max_pool2d_with_indices] = maxPool(2);
/** 3-d max pooling over (N, C, D, H, W) input; with `return_indices` also the argmax indices. */
export const [max_pool3d, max_pool3d_with_indices] = maxPool(3);

// ---- average pooling ----------------------------------------------------------------------

const avgPool1dSig = signature('avg_pool1d', [
  ['input', tensor], ['kernel_size', ints], ['stride', optInts], ['padding', ints.default(0)], ['ceil_mode', bool.default(false)],
  ['count_include_pad', bool.default(true)],
]);
/** 1-d average pooling. */
export function avg_pool1d(...args: SigArgs<typeof avgPool1dSig>): Tensor {
  const a = avgPool1dSig.bind(args);
  return callAten('avg_pool1d', [a.input, a.kernel_size, a.stride ?? [], a.padding, a.ceil_mode, a.count_include_pad]);
}

const avgPoolShape = [
  ['input', tensor], ['kernel_size', ints], ['stride', optInts], ['padding', ints.default(0)], ['ceil_mode', bool.default(false)],
  ['count_include_pad', bool.default(true)], ['divisor_override', int.nullable().default(null)],
] as const;
function avgPool(n: 2 | 3) {
  const sig = signature(`avg_pool${n}d`, avgPoolShape);
  return (...args: SigArgs<typeof sig>): Tensor => {
    const a = sig.bind(args);
    return callAten(`avg_pool${n}d`, [a.input, a.kernel_size, a.stride ?? [], a.padding, a.ceil_mode, a.count_include_pad, a.divisor_override], '');
  };
}
/** 2-d average pooling; `divisor_override` replaces the window size as divisor. */
export const avg_pool2d = avgPool(2);
/** 3-d average pooling; `divisor_override` replaces the window size as divisor. */
export const avg_pool3d = avgPool(3);

// ---- adaptive pooling ---------------------------------------------------------------------

const adaptiveAvgPool1dSig = signature('adaptive_avg_pool1d', [['input', tensor], ['output_size', ints]]);
/** 1-d average pooling to a fixed output length. */
export function adaptive_avg_pool1d(...args: SigArgs<typeof adaptiveAvgPool1dSig>): Tensor {
  const a = adaptiveAvgPool1dSig.bind(args);
  return callAten('adaptive_avg_pool1d', [a.input, a.output_size]);
}

function adaptiveAvgPool(n: 2 | 3) {
  const sig = signature(`adaptive_avg_pool${n}d`, [['input', tensor], ['output_size', sizeOrList]]);
  return (...args: SigArgs<typeof sig>): Tensor => {
    const a = sig.bind(args);
    return callAten(`adaptive_avg_pool${n}d`, [a.input, listWithDefault(a.output_size, a.input.shape)], '');
  };
}
/** 2-d average pooling to a fixed output size (`null` keeps that input dim). */
export const adaptive_avg_pool2d = adaptiveAvgPool(2);
/** 3-d average pooling to a fixed output size (`null` keeps that input dim). */
export const adaptive_avg_pool3d = adaptiveAvgPool(3);

/** F.adaptive_max_poolNd and F.adaptive_max_poolNd_with_indices. */
function adaptiveMaxPool(n: 1 | 2 | 3) {
  const shape = [['input', tensor], ['output_size', n === 1 ? ints : sizeOrList], ['return_indices', bool.default(false)]] as const;
  const sig = signature(`adaptive_max_pool${n}d`, shape);
  const withIndicesSig = signature(`adaptive_max_pool${n}d_with_indices`, shape);
  return indexForms(sig, withIndicesSig, (a) =>
    callAten(`adaptive_max_pool${n}d`, [a.input, n === 1 ? a.output_size : listWithDefault(a.output_size, a.input.shape)], ''));
}
/** 1-d max pooling to a fixed output length; with `return_indices` also the indices. */
export const [adaptive_max_pool1d, adaptive_max_pool1d_with_indices] = adaptiveMaxPool(1);
/** 2-d max pooling to a fixed output size (`null` keeps that input dim); with `return_indices` also the indices. */
export const [adaptive_max_pool2d, adaptive_max_pool2d_with_indices] = adaptiveMaxPool(2);
/** 3-d max pooling to a fixed output size (`null` keeps that input dim); with `return_indices` also the indices. */
export const [adaptive_max_pool3d, adaptive_max_pool3d_with_indices] = adaptiveMaxPool(3);

// ---- fractional max pooling ---------------------------------------------------------------

/** F.fractional_max_poolNd (N = 2, 3) and its _with_indices form: windows at random steps that give `output_size` (or `output_ratio` of the input). */
function fractionalMaxPool(n: 2 | 3) {
  const shape = [
    ['input', tensor], ['kernel_size', ints], ['output_size', optInts], ['output_ratio', optFloats], ['return_indices', bool.default(false)],
    ['_random_samples', optTensor],
  ] as const;
  const sig = signature(`fractional_max_pool${n}d`, shape);
  const withIndicesSig = signature(`fractional_max_pool${n}d_with_indices`, shape);
  return indexForms(sig, withIndicesSig, (a): Pair => {
    let outputSize = a.output_size;
    if (outputSize === null && a.output_ratio === null) {
      throw new TorchError(`fractional_max_pool${n}d requires specifying either an output_size or an output_ratio`, 'ValueError');
    }
    if (outputSize === null) {
      const ratio = ntuple(a.output_ratio!, n);
      outputSize = ratio.map((r, i) => Math.trunc(a.input.size(i - n) * r));
    }
    let samples = a._random_samples;
    if (samples === null) {
      const batch = a.input.dim() === n + 1 ? 1 : a.input.size(0);
      samples = rand([batch, a.input.size(-n - 1), n], { dtype: a.input.dtype, device: a.input.device });
    }
    return callAten(`fractional_max_pool${n}d`, [a.input, a.kernel_size, outputSize, samples], '');
  });
}
/** 2-d fractional max pooling (Graham, 2014); with `return_indices` also the indices. */
export const [fractional_max_pool2d, fractional_max_pool2d_with_indices] = fractionalMaxPool(2);
/** 3-d fractional max pooling; with `return_indices` also the indices. */
export const [fractional_max_pool3d, fractional_max_pool3d_with_indices] = fractionalMaxPool(3);

// ---- max unpooling ------------------------------------------------------------------------

/** torch.nn.functional._unpool_output_size: the default output size, or `output_size` checked against it. */
function unpoolOutputSize(input: Tensor, kernel: number[], stride: number[], padding: number[], outputSize: number[] | null): number[] {
  const n = kernel.length;
  const defaults = kernel.map((k, d) => (input.size(d - n) - 1) * stride[d] + k - 2 * padding[d]);
  if (outputSize === null) return defaults;
  let size = outputSize;
  if (size.length === n + 2) size = size.slice(2);
  if (size.length !== n) {
    throw new TorchError(`output_size should be a sequence containing ${n} or ${n + 2} elements, but it has a length of '${size.length}'`, 'ValueError');
  }
  for (let d = 0; d < n; d++) {
    const min = defaults[d] - stride[d], max = defaults[d] + stride[d];
    if (!(min < size[d] && size[d] < max)) {
      throw new TorchError(`invalid output_size "${listRepr(outputSize)}" (dim ${d} must be between ${min} and ${max})`, 'ValueError');
    }
  }
  return size;
}

/** F.max_unpoolNd: scatters `input` back to the positions `indices` (from max_poolNd) name; zeros elsewhere. */
function maxUnpool(n: 1 | 2 | 3) {
  const sig = signature(`max_unpool${n}d`, [
    ['input', tensor], ['indices', tensor], ['kernel_size', ints], ['stride', optInts], ['padding', ints.default(0)],
    ['output_size', typed<number[]>('an array of integers', (v) => Array.isArray(v) && v.every(isInt)).nullable().default(null)],
  ]);
  return (...args: SigArgs<typeof sig>): Tensor => {
    const a = sig.bind(args);
    const kernel = ntuple(a.kernel_size, n);
    const stride = a.stride === null ? kernel : ntuple(a.stride, n);
    const padding = ntuple(a.padding, n);
    const size = unpoolOutputSize(a.input, kernel, stride, padding, a.output_size);
    if (n === 1) return callAten('max_unpool2d', [a.input.unsqueeze(-1), a.indices.unsqueeze(-1), [...size, 1]], '').squeeze(-1);
    if (n === 2) return callAten('max_unpool2d', [a.input, a.indices, size], '');
    return callAten('max_unpool3d', [a.input, a.indices, size, stride, padding], '');
  };
}
/** Partial inverse of max_pool1d. */
export const max_unpool1d = maxUnpool(1);
/** Partial inverse of max_pool2d. */
export const max_unpool2d = maxUnpool(2);
/** Partial inverse of max_pool3d. */
export const max_unpool3d = maxUnpool(3);

// ---- power-average pooling ----------------------------------------------------------------

/** F.lp_poolNd: (Σ xᵖ over each window)^(1/p), from the average pool of xᵖ as Python computes it. */
function lpPool(n: 1 | 2) {
  const sig = signature(`lp_pool${n}d`, [
    ['input', tensor], ['norm_type', float], ['kernel_size', ints], ['stride', optInts], ['ceil_mode', bool.default(false)],
  ]);
  return (...args: SigArgs<typeof sig>): Tensor => {
    const a = sig.bind(args);
    const powered = a.input.pow(a.norm_type);
    const out = n === 1
      ? avg_pool1d(powered, a.kernel_size, a.stride, 0, a.ceil_mode)
      : avg_pool2d(powered, a.kernel_size, a.stride, 0, a.ceil_mode);
    const count = ntuple(a.kernel_size, n).reduce((x, y) => x * y, 1);
    return out.sign().mul(out.abs().relu()).mul(count).pow(1.0 / a.norm_type);
  };
}
/** 1-d power-average pooling. */
export const lp_pool1d = lpPool(1);
/** 2-d power-average pooling. */
export const lp_pool2d = lpPool(2);
