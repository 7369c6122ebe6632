// torch.nn.functional, ported from PyTorch 1.13's torch/nn/functional.py. Each function keeps
// PyTorch's argument order, defaults and keyword names (positional, or by name in one trailing
// options object), repeats the checks the Python code makes with the same messages, and calls the
// same ATen operator (hot activations through the typed native fast paths).
import '../tensor_methods';
import { native } from '../native';
import { Tensor } from '../tensor';
import { int64 } from '../dtype';
import { arange } from '../creation';
import { callAten } from '../ops/dispatch';
import { TorchError } from '../errors';
import type { UnaryName, UnaryKernelName } from '../ops/table';
import { no_grad } from '../autograd';
import { forRelease } from '../release';
import { typed } from '../python/check';
import { floatRepr, listRepr, sizeRepr } from '../python/repr';
import { warnOnce as warn } from '../python/warnings';
import { legacyReduction, reductionEnum } from './reduction';
import { adaptive_avg_pool1d, adaptive_avg_pool2d } from './functional_pooling';
import { isInt, tensor, optTensor, float, int, bool, str, optBool, ints, intList, optInts, optDtype, reduction, signature, SigArgs, IndicesArgs, Entries } from './signature';
export type { SigArgs } from './signature';

// ---- Python's helpers ---------------------------------------------------------------------

const sameShape = (a: number[], b: number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

/** The reduction a loss uses: the legacy flags when given, else `reduction`. */
const lossReduction = (a: { size_average: boolean | null; reduce: boolean | null; reduction: string }): string =>
  a.size_average !== null || a.reduce !== null ? legacyReduction(a.size_average, a.reduce) : a.reduction;

function checkDropout(p: number): void {
  if (p < 0.0 || p > 1.0) throw new TorchError(`dropout probability has to be between 0 and 1, but got ${p}`, 'ValueError');
}

function verifyBatchSize(size: number[], repr: string): void {
  let prod = size[0];
  for (let i = 0; i < size.length - 2; i++) prod *= size[i + 2];
  if (prod === 1) throw new TorchError(`Expected more than 1 value per channel when training, got input size ${repr}`, 'ValueError');
}

/**
 * torch.broadcast_shapes of 2.14 (torch._refs._broadcast_shapes, which binary_cross_entropy uses there
 * for its weight in place of _infer_size): the shapes' common shape, with its message for a mismatch.
 */
function broadcastShapes(...shapes: number[][]): number[] {
  const common: number[] = Array(Math.max(...shapes.map((s) => s.length))).fill(1);
  shapes.forEach((shape, argIdx) => {
    for (let idx = -1; idx >= -shape.length; idx--) {
      const size = shape[shape.length + idx], at = common.length + idx;
      if (size === common[at]) continue;
      if (common[at] === 1) common[at] = size;
      if (size !== 1 && common[at] !== size) {
        throw new TorchError(`Attempting to broadcast a dimension of length ${size} at ${idx}! Mismatching argument at index ${argIdx} had ${sizeRepr(shape)}; `
          + `but expected shape should be broadcastable to ${listRepr(common)}`);
      }
    }
  });
  return common;
}
/** The shape binary_cross_entropy expands its weight to: torch.broadcast_shapes from 2.14 on, _infer_size before. */
const BCE_WEIGHT_SHAPE = forRelease([['1.13', (target: number[], weight: number[]) => inferSize(target, weight)], ['2.14', broadcastShapes]]);

/** torch._C._infer_size: the broadcast of two shapes. */
function inferSize(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const offset = n - 1 - i;
    const da = a.length - 1 - offset, db = b.length - 1 - offset;
    const sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
    if (sa !== sb && sa !== 1 && sb !== 1) throw new TorchError(`The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`);
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

function warnSizeMismatch(input: Tensor, target: Tensor): void {
  if (!sameShape(target.shape, input.shape)) {
    warn(`Using a target size (${sizeRepr(target.shape)}) that is different to the input size (${sizeRepr(input.shape)}). `
      + 'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.');
  }
}

const broadcast = (a: Tensor, b: Tensor): Tensor[] => callAten('broadcast_tensors', [[a, b]]);

// ---- linear -------------------------------------------------------------------------------

const linearSig = signature('linear', [['input', tensor], ['weight', tensor], ['bias', optTensor]]);
/** y = x Wᵀ + b. */
export function linear(...args: SigArgs<typeof linearSig>): Tensor {
  const [input, weight, bias] = args;
  if (args.length <= 3 && input instanceof Tensor && weight instanceof Tensor && (bias == null || bias instanceof Tensor)) return native.linear(input, weight, bias ?? null);
  const a = linearSig.bind(args);
  return native.linear(a.input, a.weight, a.bias);
}

const bilinearSig = signature('bilinear', [['input1', tensor], ['input2', tensor], ['weight', tensor], ['bias', optTensor]]);
/** y = x1ᵀ A x2 + b. */
export function bilinear(...args: SigArgs<typeof bilinearSig>): Tensor {
  const a = bilinearSig.bind(args);
  return callAten('bilinear', [a.input1, a.input2, a.weight, a.bias]);
}

// ---- activations ----------------------------------------------------------------------------

/** Activations `f(input, inplace=False)` with native fast paths for both forms. */
function inplaceActivation(name: UnaryName | UnaryKernelName) {
  const sig = signature(name, [['input', tensor], ['inplace', bool.default(false)]]);
  const fn = native[name], fn_ = native[`${name}_`];
  return (...args: SigArgs<typeof sig>): Tensor => {
    // Positional calls (what the modules make) skip binding.
    const input = args[0], inplace = args[1];
    if (input instanceof Tensor && (args.length === 1 || (args.length === 2 && typeof inplace === 'boolean'))) return inplace ? fn_(input) : fn(input);
    const a = sig.bind(args);
    return a.inplace ? fn_(a.input) : fn(a.input);
  };
}

/** max(0, x). */
export const relu = inplaceActivation('relu');
/** x · σ(x) (Swish). */
export const silu = inplaceActivation('silu');
/** x · tanh(softplus(x)). */
export const mish = inplaceActivation('mish');
/** x · relu6(x + 3) / 6. */
export const hardswish = inplaceActivation('hardswish');
/** relu6(x + 3) / 6. */
export const hardsigmoid = inplaceActivation('hardsigmoid');
/** scale · (max(0, x) + min(0, α (eˣ − 1))) with the self-normalizing constants. */
export const selu = inplaceActivation('selu');

const relu6Sig = signature('relu6', [['input', tensor], ['inplace', bool.default(false)]]);
/** min(max(0, x), 6). */
export function relu6(...args: SigArgs<typeof relu6Sig>): Tensor {
  const input = args[0], inplace = args[1];
  if (input instanceof Tensor && (args.length === 1 || (args.length === 2 && inplace === false))) return native.relu6(input);
  const a = relu6Sig.bind(args);
  return a.inplace ? callAten('relu6_', [a.input]) : native.relu6(a.input);
}

const thresholdSig = signature('threshold', [['input', tensor], ['threshold', float], ['value', float], ['inplace', bool.default(false)]]);
/** x where x > threshold, else value. */
export function threshold(...args: SigArgs<typeof thresholdSig>): Tensor {
  const a = thresholdSig.bind(args);
  return callAten(a.inplace ? 'threshold_' : 'threshold', [a.input, a.threshold, a.value]);
}

const hardtanhSig = signature('hardtanh', [
  ['input', tensor], ['min_val', float.default(-1)], ['max_val', float.default(1)], ['inplace', bool.default(false)],
]);
/** x clamped to [min_val, max_val]. */
export function hardtanh(...args: SigArgs<typeof hardtanhSig>): Tensor {
  if (args.length === 1 && args[0] instanceof Tensor) return native.hardtanh(args[0]);
  const a = hardtanhSig.bind(args);
  return callAten(a.inplace ? 'hardtanh_' : 'hardtanh', [a.input, a.min_val, a.max_val]);
}

const eluSig = signature('elu', [['input', tensor], ['alpha', float.default(1.0)], ['inplace', bool.default(false)]]);
/** x if x > 0 else α (eˣ − 1). */
export function elu(...args: SigArgs<typeof eluSig>): Tensor {
  const a = eluSig.bind(args);
  return callAten(a.inplace ? 'elu_' : 'elu', [a.input, a.alpha]);
}

const celuSig = signature('celu', [['input', tensor], ['alpha', float.default(1.0)], ['inplace', bool.default(false)]]);
/** max(0, x) + min(0, α (e^{x/α} − 1)). */
export function celu(...args: SigArgs<typeof celuSig>): Tensor {
  if (args.length === 1 && args[0] instanceof Tensor) return native.celu(args[0]);
  const a = celuSig.bind(args);
  return callAten(a.inplace ? 'celu_' : 'celu', [a.input, a.alpha]);
}

const leakyReluSig = signature('leaky_relu', [['input', tensor], ['negative_slope', float.default(0.01)], ['inplace', bool.default(false)]]);
/** x if x ≥ 0 else negative_slope · x. */
export function leaky_relu(...args: SigArgs<typeof leakyReluSig>): Tensor {
  const a = leakyReluSig.bind(args);
  return callAten(a.inplace ? 'leaky_relu_' : 'leaky_relu', [a.input, a.negative_slope]);
}

const rreluSig = signature('rrelu', [
  ['input', tensor], ['lower', float.default(1.0 / 8)], ['upper', float.default(1.0 / 3)], ['training', bool.default(false)],
  ['inplace', bool.default(false)],
]);
/** Randomized leaky ReLU: slopes drawn from U(lower, upper) when training, their mean otherwise. */
export function rrelu(...args: SigArgs<typeof rreluSig>): Tensor {
  const a = rreluSig.bind(args);
  return callAten(a.inplace ? 'rrelu_' : 'rrelu', [a.input, a.lower, a.upper, a.training]);
}

// In-place forms (F.relu_ & co., PyTorch's torch.relu_ / torch._C._nn.elu_ ...): modify and return `input`.
const reluInplaceSig = signature('relu_', [['input', tensor]]);
/** relu, in place. */
export function relu_(...args: SigArgs<typeof reluInplaceSig>): Tensor { return native.relu_(reluInplaceSig.bind(args).input); }
const seluInplaceSig = signature('selu_', [['input', tensor]]);
/** selu, in place. */
export function selu_(...args: SigArgs<typeof seluInplaceSig>): Tensor { return native.selu_(seluInplaceSig.bind(args).input); }
const eluInplaceSig = signature('elu_', [['input', tensor], ['alpha', float.default(1.0)]]);
/** elu, in place. */
export function elu_(...args: SigArgs<typeof eluInplaceSig>): Tensor {
  const a = eluInplaceSig.bind(args);
  return callAten('elu_', [a.input, a.alpha]);
}
const celuInplaceSig = signature('celu_', [['input', tensor], ['alpha', float.default(1.0)]]);
/** celu, in place. */
export function celu_(...args: SigArgs<typeof celuInplaceSig>): Tensor {
  const a = celuInplaceSig.bind(args);
  return callAten('celu_', [a.input, a.alpha]);
}
const leakyReluInplaceSig = signature('leaky_relu_', [['input', tensor], ['negative_slope', float.default(0.01)]]);
/** leaky_relu, in place. */
export function leaky_relu_(...args: SigArgs<typeof leakyReluInplaceSig>): Tensor {
  const a = leakyReluInplaceSig.bind(args);
  return callAten('leaky_relu_', [a.input, a.negative_slope]);
}
const hardtanhInplaceSig = signature('hardtanh_', [['input', tensor], ['min_val', float.default(-1)], ['max_val', float.default(1)]]);
/** hardtanh, in place. */
export function hardtanh_(...args: SigArgs<typeof hardtanhInplaceSig>): Tensor {
  const a = hardtanhInplaceSig.bind(args);
  return callAten('hardtanh_', [a.input, a.min_val, a.max_val]);
}
const thresholdInplaceSig = signature('threshold_', [['input', tensor], ['threshold', float], ['value', float]]);
/** threshold, in place. */
export function threshold_(...args: SigArgs<typeof thresholdInplaceSig>): Tensor {
  const a = thresholdInplaceSig.bind(args);
  return callAten('threshold_', [a.input, a.threshold, a.value]);
}
const rreluInplaceSig = signature('rrelu_', [
  ['input', tensor], ['lower', float.default(1.0 / 8)], ['upper', float.default(1.0 / 3)], ['training', bool.default(false)],
]);
/** rrelu, in place. */
export function rrelu_(...args: SigArgs<typeof rreluInplaceSig>): Tensor {
  const a = rreluInplaceSig.bind(args);
  return callAten('rrelu_', [a.input, a.lower, a.upper, a.training]);
}

const preluSig = signature('prelu', [['input', tensor], ['weight', tensor]]);
/** max(0, x) + weight · min(0, x), weight per channel (dim 1) or shared. */
export function prelu(...args: SigArgs<typeof preluSig>): Tensor {
  const a = preluSig.bind(args);
  return callAten('prelu', [a.input, a.weight]);
}

const geluSig = signature('gelu', [['input', tensor]], [['approximate', str.default('none')]]);
/** x · Φ(x); `approximate: 'tanh'` uses the tanh approximation. */
export function gelu(...args: SigArgs<typeof geluSig>): Tensor {
  if (args.length === 1 && args[0] instanceof Tensor) return native.gelu(args[0]);
  const a = geluSig.bind(args);
  return a.approximate === 'none' ? native.gelu(a.input) : callAten('gelu', [a.input, { approximate: a.approximate }]);
}

const softplusSig = signature('softplus', [['input', tensor], ['beta', float.default(1)], ['threshold', float.default(20)]]);
/** log(1 + e^{βx}) / β, linear above `threshold`. */
export function softplus(...args: SigArgs<typeof softplusSig>): Tensor {
  if (args.length === 1 && args[0] instanceof Tensor) return native.softplus(args[0]);
  const a = softplusSig.bind(args);
  return callAten('softplus', [a.input, a.beta, a.threshold]);
}

const shrinkSig = (name: string) => signature(name, [['input', tensor], ['lambd', float.default(0.5)]]);
const hardshrinkSig = shrinkSig('hardshrink');
/** x where |x| > lambd, else 0. */
export function hardshrink(...args: SigArgs<typeof hardshrinkSig>): Tensor {
  const a = hardshrinkSig.bind(args);
  return callAten('hardshrink', [a.input, a.lambd]);
}
const softshrinkSig = shrinkSig('softshrink');
/** x − lambd · sign(x) where |x| > lambd, else 0. */
export function softshrink(...args: SigArgs<typeof softshrinkSig>): Tensor {
  const a = softshrinkSig.bind(args);
  return callAten('softshrink', [a.input, a.lambd]);
}

const unarySig = (name: string) => signature(name, [['input', tensor]]);
const logsigmoidSig = unarySig('logsigmoid');
/** log σ(x). */
export function logsigmoid(...args: SigArgs<typeof logsigmoidSig>): Tensor {
  return native.log_sigmoid(logsigmoidSig.bind(args).input);
}
const sigmoidSig = unarySig('sigmoid');
/** σ(x) (deprecated in PyTorch in favour of torch.sigmoid, and warns so). */
export function sigmoid(...args: SigArgs<typeof sigmoidSig>): Tensor {
  const a = sigmoidSig.bind(args);
  warn('nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.');
  return a.input.sigmoid();
}
const tanhSig = unarySig('tanh');
/** tanh(x) (deprecated in PyTorch in favour of torch.tanh, and warns so). */
export function tanh(...args: SigArgs<typeof tanhSig>): Tensor {
  const a = tanhSig.bind(args);
  warn('nn.functional.tanh is deprecated. Use torch.tanh instead.');
  return a.input.tanh();
}
const softsignSig = unarySig('softsign');
/** x / (1 + |x|). */
export function softsign(...args: SigArgs<typeof softsignSig>): Tensor {
  const x = softsignSig.bind(args).input;
  return x.div(x.abs().add(1));
}
const tanhshrinkSig = unarySig('tanhshrink');
/** x − tanh(x). */
export function tanhshrink(...args: SigArgs<typeof tanhshrinkSig>): Tensor {
  const x = tanhshrinkSig.bind(args).input;
  return x.sub(x.tanh());
}

const gluSig = signature('glu', [['input', tensor], ['dim', int.default(-1)]]);
/** a ⊗ σ(b), with `input` split in halves a, b along `dim`. */
export function glu(...args: SigArgs<typeof gluSig>): Tensor {
  const a = gluSig.bind(args);
  if (a.input.dim() === 0) throw new TorchError('glu does not support scalars because halving size must be even');
  return a.dim === -1 ? native.glu(a.input) : callAten('glu', [a.input, a.dim]);
}

// ---- softmax ------------------------------------------------------------------------------

function implicitSoftmaxDim(name: string, ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

const softmaxShape = [['input', tensor], ['dim', int.nullable().default(null)], ['_stacklevel', int.default(3)], ['dtype', optDtype]] as const;

function softmaxLike(name: 'softmax' | 'log_softmax' | 'softmin') {
  const sig = signature(name, softmaxShape);
  const op = name === 'log_softmax' ? 'log_softmax' : 'softmax';
  const fast = native[op];
  return (...args: SigArgs<typeof sig>): Tensor => {
    if (args.length === 2 && typeof args[1] === 'number' && args[0] instanceof Tensor && name !== 'softmin') return fast(args[0], args[1]);
    const a = sig.bind(args);
    const dim = a.dim ?? implicitSoftmaxDim(name, a.input.dim());
    const x = name === 'softmin' ? native.neg(a.input) : a.input;
    return a.dtype === null ? fast(x, dim) : callAten(op, [x, dim, { dtype: a.dtype }], 'int');
  };
}

/** exp(xᵢ) / Σⱼ exp(xⱼ) along `dim`; `dtype` casts the input first. */
export const softmax = softmaxLike('softmax');
/** log(softmax(x)) along `dim`, computed stably. */
export const log_softmax = softmaxLike('log_softmax');
/** softmax(−x) along `dim`. */
export const softmin = softmaxLike('softmin');

const gumbelSig = signature('gumbel_softmax', [
  ['logits', tensor], ['tau', float.default(1)], ['hard', bool.default(false)], ['eps', float.default(1e-10)], ['dim', int.default(-1)],
]);
/** Samples from the Gumbel-softmax distribution; `hard` gives one-hot samples with straight-through gradients. */
export function gumbel_softmax(...args: SigArgs<typeof gumbelSig>): Tensor {
  const a = gumbelSig.bind(args);
  if (a.eps !== 1e-10) warn('`eps` parameter is deprecated and has no effect.');
  const gumbels = callAten('empty_like', [a.logits]).exponential_().log().neg();
  const ySoft = a.logits.add(gumbels).div(a.tau).softmax(a.dim);
  if (!a.hard) return ySoft;
  const index = ySoft.max(a.dim, true)[1];
  const yHard = callAten('zeros_like', [a.logits]).scatter_(a.dim, index, 1.0);
  return yHard.sub(ySoft.detach()).add(ySoft);
}

// ---- normalize, distances ------------------------------------------------------------------

const normalizeSig = signature('normalize', [
  ['input', tensor], ['p', float.default(2.0)], ['dim', ints.default(1)], ['eps', float.default(1e-12)], ['out', optTensor],
]);
/** x / max(‖x‖_p, eps) along `dim`. */
export function normalize(...args: SigArgs<typeof normalizeSig>): Tensor {
  const a = normalizeSig.bind(args);
  const dims = typeof a.dim === 'number' ? [a.dim] : a.dim;
  const norm: Tensor = callAten('norm', [a.input, a.p, dims, true], 'ScalarOpt_dim');
  if (a.out === null) return a.input.div(norm.clamp_min(a.eps).expand_as(a.input));
  return callAten('div', [a.input, norm.clamp_min_(a.eps).expand_as(a.input), { out: a.out }], 'out');
}

const cosineSimilaritySig = signature('cosine_similarity', [['x1', tensor], ['x2', tensor], ['dim', int.default(1)], ['eps', float.default(1e-8)]]);
/** x1·x2 / max(‖x1‖ ‖x2‖, eps) along `dim`. */
export function cosine_similarity(...args: SigArgs<typeof cosineSimilaritySig>): Tensor {
  const a = cosineSimilaritySig.bind(args);
  return callAten('cosine_similarity', [a.x1, a.x2, a.dim, a.eps]);
}

const pairwiseDistanceSig = signature('pairwise_distance', [
  ['x1', tensor], ['x2', tensor], ['p', float.default(2.0)], ['eps', float.default(1e-6)], ['keepdim', bool.default(false)],
]);
/** ‖x1 − x2 + eps‖_p along the last dim. */
export function pairwise_distance(...args: SigArgs<typeof pairwiseDistanceSig>): Tensor {
  const a = pairwiseDistanceSig.bind(args);
  return callAten('pairwise_distance', [a.x1, a.x2, a.p, a.eps, a.keepdim]);
}

const pdistSig = signature('pdist', [['input', tensor], ['p', float.default(2)]]);
/** p-norm distances between every pair of rows (the upper triangle, flattened). */
export function pdist(...args: SigArgs<typeof pdistSig>): Tensor {
  const a = pdistSig.bind(args);
  return callAten('pdist', [a.input, a.p]);
}

// ---- dropout ------------------------------------------------------------------------------

const dropoutShape = (training: boolean) =>
  [['input', tensor], ['p', float.default(0.5)], ['training', bool.default(training)], ['inplace', bool.default(false)]] as const;

const dropoutSig = signature('dropout', dropoutShape(true));
/** Zeroes each element with probability `p` while `training`, scaling the rest by 1/(1 − p). */
export function dropout(...args: SigArgs<typeof dropoutSig>): Tensor {
  const a = dropoutSig.bind(args);
  checkDropout(a.p);
  return callAten(a.inplace ? 'dropout_' : 'dropout', [a.input, a.p, a.training]);
}

const alphaDropoutSig = signature('alpha_dropout', dropoutShape(false));
/** Dropout that keeps the self-normalizing mean and variance (for SELU networks). */
export function alpha_dropout(...args: SigArgs<typeof alphaDropoutSig>): Tensor {
  const a = alphaDropoutSig.bind(args);
  checkDropout(a.p);
  return callAten(a.inplace ? 'alpha_dropout_' : 'alpha_dropout', [a.input, a.p, a.training]);
}

const featureAlphaDropoutSig = signature('feature_alpha_dropout', dropoutShape(false));
/** Alpha dropout of whole channels. */
export function feature_alpha_dropout(...args: SigArgs<typeof featureAlphaDropoutSig>): Tensor {
  const a = featureAlphaDropoutSig.bind(args);
  checkDropout(a.p);
  return callAten(a.inplace ? 'feature_alpha_dropout_' : 'feature_alpha_dropout', [a.input, a.p, a.training]);
}

const featureDropout = (input: Tensor, p: number, training: boolean, inplace: boolean): Tensor =>
  callAten(inplace ? 'feature_dropout_' : 'feature_dropout', [input, p, training]);

/** Channel dropout on `input` lacking its batch dim: unsqueezed to one sample and back, as Python does. */
function unbatchedFeatureDropout(input: Tensor, p: number, training: boolean, inplace: boolean): Tensor {
  const x = inplace ? input.unsqueeze_(0) : input.unsqueeze(0);
  const result = featureDropout(x, p, training, inplace);
  return inplace ? result.squeeze_(0) : result.squeeze(0);
}

const dropout1dSig = signature('dropout1d', dropoutShape(true));
/** Zeroes whole channels of (N, C, L) or (C, L) input with probability `p`. */
export function dropout1d(...args: SigArgs<typeof dropout1dSig>): Tensor {
  const a = dropout1dSig.bind(args);
  checkDropout(a.p);
  const d = a.input.dim();
  if (d !== 2 && d !== 3) {
    throw new TorchError(`dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`);
  }
  return d === 3 ? featureDropout(a.input, a.p, a.training, a.inplace) : unbatchedFeatureDropout(a.input, a.p, a.training, a.inplace);
}

const dropout2dSig = signature('dropout2d', dropoutShape(true));
/** Zeroes whole channels of (N, C, H, W) input with probability `p`. */
export function dropout2d(...args: SigArgs<typeof dropout2dSig>): Tensor {
  const a = dropout2dSig.bind(args);
  checkDropout(a.p);
  const d = a.input.dim();
  if (d !== 3 && d !== 4) {
    warn(`dropout2d: Received a ${d}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).`);
  }
  if (d === 3) {
    warn('dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.');
  }
  return featureDropout(a.input, a.p, a.training, a.inplace);
}

const dropout3dSig = signature('dropout3d', dropoutShape(true));
/** Zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) input with probability `p`. */
export function dropout3d(...args: SigArgs<typeof dropout3dSig>): Tensor {
  const a = dropout3dSig.bind(args);
  checkDropout(a.p);
  const d = a.input.dim();
  if (d !== 4 && d !== 5) {
    warn(`dropout3d: Received a ${d}-D input to dropout3d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).`);
  }
  return d === 5 ? featureDropout(a.input, a.p, a.training, a.inplace) : unbatchedFeatureDropout(a.input, a.p, a.training, a.inplace);
}

// ---- normalization --------------------------------------------------------------------------

const batchNormSig = signature('batch_norm', [
  ['input', tensor], ['running_mean', tensor.nullable()], ['running_var', tensor.nullable()], ['weight', optTensor], ['bias', optTensor],
  ['training', bool.default(false)], ['momentum', float.default(0.1)], ['eps', float.default(1e-5)],
]);
/** Normalizes each channel (dim 1) by batch statistics while `training` (updating the running ones), else by the running ones. */
export function batch_norm(...args: SigArgs<typeof batchNormSig>): Tensor {
  const a = batchNormSig.bind(args);
  if (a.training) verifyBatchSize(a.input.shape, sizeRepr(a.input.shape));
  return callAten('batch_norm', [a.input, a.weight, a.bias, a.running_mean, a.running_var, a.training, a.momentum, a.eps, true]);
}

const instanceNormSig = signature('instance_norm', [
  ['input', tensor], ['running_mean', optTensor], ['running_var', optTensor], ['weight', optTensor], ['bias', optTensor],
  ['use_input_stats', bool.default(true)], ['momentum', float.default(0.1)], ['eps', float.default(1e-5)],
]);
/** Normalizes each channel of each sample over its spatial dims. */
export function instance_norm(...args: SigArgs<typeof instanceNormSig>): Tensor {
  const a = instanceNormSig.bind(args);
  if (a.use_input_stats) {
    const size = a.input.shape;
    let prod = 1;
    for (let i = 2; i < size.length; i++) prod *= size[i];
    if (prod === 1) throw new TorchError(`Expected more than 1 spatial element when training, got input size ${sizeRepr(size)}`, 'ValueError');
  }
  return callAten('instance_norm', [a.input, a.weight, a.bias, a.running_mean, a.running_var, a.use_input_stats, a.momentum, a.eps, true]);
}

const layerNormSig = signature('layer_norm', [
  ['input', tensor], ['normalized_shape', intList], ['weight', optTensor], ['bias', optTensor], ['eps', float.default(1e-5)],
]);
/** Normalizes over the last `normalized_shape` dims, then applies the elementwise affine weight and bias. */
export function layer_norm(...args: SigArgs<typeof layerNormSig>): Tensor {
  const a = layerNormSig.bind(args);
  return callAten('layer_norm', [a.input, a.normalized_shape, a.weight, a.bias, a.eps, true]);
}

const groupNormSig = signature('group_norm', [
  ['input', tensor], ['num_groups', int], ['weight', optTensor], ['bias', optTensor], ['eps', float.default(1e-5)],
]);
/** Normalizes over groups of `num_groups` channels per sample, then applies the per-channel affine. */
export function group_norm(...args: SigArgs<typeof groupNormSig>): Tensor {
  const a = groupNormSig.bind(args);
  const shape = a.input.shape;
  if (shape.length < 2) {
    // PyTorch 1.13 fails indexing input.size(1); later releases check the rank first.
    throw forRelease<TorchError>([
      ['1.13', new TorchError(`Dimension out of range (expected to be in range of [${-Math.max(shape.length, 1)}, ${Math.max(shape.length, 1) - 1}], but got 1)`, 'IndexError')],
      ['2.6', new TorchError(`Expected at least 2 dimensions for input tensor but received ${shape.length}`)],
    ]);
  }
  if (a.num_groups === 0) throw new TorchError('integer division or modulo by zero', 'ZeroDivisionError');
  const size = [Math.floor((shape[0] * shape[1]) / a.num_groups), a.num_groups, ...shape.slice(2)];
  verifyBatchSize(size, listRepr(size));
  return callAten('group_norm', [a.input, a.num_groups, a.weight, a.bias, a.eps, true]);
}

// ---- convolution ----------------------------------------------------------------------------

const convShape = [
  ['input', tensor], ['weight', tensor], ['bias', optTensor], ['stride', ints.default(1)],
  ['padding', typed<number | number[] | 'same' | 'valid'>("an integer, an array of integers, 'same' or 'valid'", (v) => typeof v === 'string' || isInt(v) || (Array.isArray(v) && v.every(isInt))).default(0)],
  ['dilation', ints.default(1)], ['groups', int.default(1)],
] as const;

function convolution(name: 'conv1d' | 'conv2d' | 'conv3d') {
  const sig = signature(name, convShape);
  return (...args: SigArgs<typeof sig>): Tensor => {
    const a = sig.bind(args);
    return callAten(name, [a.input, a.weight, a.bias, a.stride, a.padding, a.dilation, a.groups], typeof a.padding === 'string' ? 'padding' : '');
  };
}

/** 1-d convolution of (N, C_in, L) input with (C_out, C_in / groups, kL) weight. */
export const conv1d = convolution('conv1d');
/** 2-d convolution of (N, C_in, H, W) input with (C_out, C_in / groups, kH, kW) weight; padding may be 'same' or 'valid'. */
export const conv2d = convolution('conv2d');
/** 3-d convolution of (N, C_in, D, H, W) input. */
export const conv3d = convolution('conv3d');

const convTransposeShape = [
  ['input', tensor], ['weight', tensor], ['bias', optTensor], ['stride', ints.default(1)], ['padding', ints.default(0)],
  ['output_padding', ints.default(0)], ['groups', int.default(1)], ['dilation', ints.default(1)],
] as const;

function convolutionTranspose(name: 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d', overload: string) {
  const sig = signature(name, convTransposeShape);
  return (...args: SigArgs<typeof sig>): Tensor => {
    const a = sig.bind(args);
    return callAten(name, [a.input, a.weight, a.bias, a.stride, a.padding, a.output_padding, a.groups, a.dilation], overload);
  };
}

/** 1-d transposed convolution ("deconvolution"); weight is (C_in, C_out / groups, kL). */
export const conv_transpose1d = convolutionTranspose('conv_transpose1d', '');
/** 2-d transposed convolution ("deconvolution"); weight is (C_in, C_out / groups, kH, kW). */
export const conv_transpose2d = convolutionTranspose('conv_transpose2d', 'input');
/** 3-d transposed convolution ("deconvolution"); weight is (C_in, C_out / groups, kD, kH, kW). */
export const conv_transpose3d = convolutionTranspose('conv_transpose3d', 'input');

const convTbcSig = signature('conv_tbc', [['input', tensor], ['weight', tensor], ['bias', tensor], ['pad', int.default(0)]]);
/** 1-d convolution of time-batch-channel (T, N, C_in) input with (k, C_in, C_out) weight. */
export function conv_tbc(...args: SigArgs<typeof convTbcSig>): Tensor {
  const a = convTbcSig.bind(args);
  return callAten('conv_tbc', [a.input, a.weight, a.bias, a.pad], '');
}

// ---- embedding, one_hot, pad, interpolate ---------------------------------------------------

const embeddingSig = signature('embedding', [
  ['input', tensor], ['weight', tensor], ['padding_idx', int.nullable().default(null)], ['max_norm', float.nullable().default(null)],
  ['norm_type', float.default(2.0)], ['scale_grad_by_freq', bool.default(false)], ['sparse', bool.default(false)],
]);
/** Rows of `weight` picked by the indices in `input`; `max_norm` renormalizes the rows used, in place. */
export function embedding(...args: SigArgs<typeof embeddingSig>): Tensor {
  const a = embeddingSig.bind(args);
  let paddingIdx = -1;
  if (a.padding_idx !== null) {
    const n = a.weight.size(0);
    if (a.padding_idx > 0 && !(a.padding_idx < n)) throw new TorchError('Padding_idx must be within num_embeddings', 'AssertionError');
    if (a.padding_idx < 0 && !(a.padding_idx >= -n)) throw new TorchError('Padding_idx must be within num_embeddings', 'AssertionError');
    paddingIdx = a.padding_idx < 0 ? n + a.padding_idx : a.padding_idx;
  }
  let indices = a.input;
  if (a.max_norm !== null) {
    indices = indices.contiguous();
    callAten('embedding_renorm_', [a.weight.detach(), indices, a.max_norm, a.norm_type]);
  }
  return callAten('embedding', [a.weight, indices, paddingIdx, a.scale_grad_by_freq, a.sparse], '');
}

const embeddingBagSig = signature('embedding_bag', [
  ['input', tensor], ['weight', tensor], ['offsets', optTensor], ['max_norm', float.nullable().default(null)], ['norm_type', float.default(2)],
  ['scale_grad_by_freq', bool.default(false)], ['mode', str.default('mean')], ['sparse', bool.default(false)], ['per_sample_weights', optTensor],
  ['include_last_offset', bool.default(false)], ['padding_idx', int.nullable().default(null)],
]);
/** Sums, means or maxima of bags of embedding rows: bags are the rows of a 2-d `input`, or runs of a 1-d `input` starting at `offsets`. */
export function embedding_bag(...args: SigArgs<typeof embeddingBagSig>): Tensor {
  const a = embeddingBagSig.bind(args);
  let { input, weight, offsets, per_sample_weights: psw } = a;
  if (weight.dtype === int64 && input.is_floating_point()) {
    warn('Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, ...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.');
    [weight, input] = [input, weight];
  }
  if (psw !== null && !sameShape(input.shape, psw.shape)) {
    throw new TorchError(`embedding_bag: If per_sample_weights (${sizeRepr(psw.shape)}) is not None, then it must have the same shape as the input (${sizeRepr(input.shape)})`, 'ValueError');
  }
  if (input.dim() === 2) {
    if (offsets !== null) {
      throw new TorchError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>", 'ValueError');
    }
    offsets = arange(0, input.numel(), input.size(1), { dtype: input.dtype, device: input.device });
    input = input.reshape(-1);
    if (psw !== null) psw = psw.reshape(-1);
  } else if (input.dim() === 1) {
    if (offsets === null) throw new TorchError('offsets has to be a 1D Tensor but got None', 'ValueError');
    if (offsets.dim() !== 1) throw new TorchError('offsets has to be a 1D Tensor', 'ValueError');
  } else {
    throw new TorchError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.dim()}`, 'ValueError');
  }
  const modes: Record<string, number> = { sum: 0, mean: 1, max: 2 };
  const modeEnum = modes[a.mode];
  if (modeEnum === undefined) throw new TorchError('mode has to be one of sum, mean or max', 'ValueError');
  if (a.mode === 'max' && a.scale_grad_by_freq) throw new TorchError('max mode does not support scaling the gradient by the frequency', 'ValueError');
  if (a.mode === 'max' && a.sparse) throw new TorchError('max mode does not support sparse weights', 'ValueError');
  if (a.max_norm !== null) no_grad(() => callAten('embedding_renorm_', [weight, input, a.max_norm, a.norm_type]));
  if (psw !== null && a.mode !== 'sum') {
    throw new TorchError(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${a.mode}'). Please open a feature request on GitHub.`, 'NotImplementedError');
  }
  const result: Tensor[] = callAten('embedding_bag', [weight, input, offsets, a.scale_grad_by_freq, modeEnum, a.sparse, psw, a.include_last_offset, a.padding_idx], 'padding_idx');
  return result[0];
}

const pixelShuffleSig = signature('pixel_shuffle', [['input', tensor], ['upscale_factor', int]]);
/** (*, C·r², H, W) -> (*, C, H·r, W·r). */
export function pixel_shuffle(...args: SigArgs<typeof pixelShuffleSig>): Tensor {
  const a = pixelShuffleSig.bind(args);
  return callAten('pixel_shuffle', [a.input, a.upscale_factor]);
}

const pixelUnshuffleSig = signature('pixel_unshuffle', [['input', tensor], ['downscale_factor', int]]);
/** (*, C, H·r, W·r) -> (*, C·r², H, W), the inverse of pixel_shuffle. */
export function pixel_unshuffle(...args: SigArgs<typeof pixelUnshuffleSig>): Tensor {
  const a = pixelUnshuffleSig.bind(args);
  return callAten('pixel_unshuffle', [a.input, a.downscale_factor]);
}

const oneHotSig = signature('one_hot', [['tensor', tensor], ['num_classes', int.default(-1)]]);
/** int64 one-hot encoding of class indices, shape (*, num_classes); -1 infers max + 1. */
export function one_hot(...args: SigArgs<typeof oneHotSig>): Tensor {
  const a = oneHotSig.bind(args);
  return callAten('one_hot', [a.tensor, a.num_classes]);
}

const padSig = signature('pad', [
  ['input', tensor], ['pad', intList],
  ['mode', typed<'constant' | 'reflect' | 'replicate' | 'circular'>('a string', (v) => typeof v === 'string').default('constant')],
  ['value', float.nullable().default(null)],
]);
/** Pads the last dims by (left, right, top, bottom, ...); mode 'constant', 'reflect', 'replicate' or 'circular'. */
export function pad(...args: SigArgs<typeof padSig>): Tensor {
  const a = padSig.bind(args);
  return callAten('pad', [a.input, a.pad, a.mode, a.value]);
}

type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'lanczos' | 'area' | 'nearest-exact';
/** Lanczos-3 resampling of 4-d inputs, always anti-aliased (PyTorch 2.14 on; before, an unknown mode). */
const LANCZOS = forRelease([['1.13', false], ['2.14', true]]);
const ANTIALIAS_MODES_MESSAGE = forRelease([['1.13', 'Anti-alias option is only supported for bilinear and bicubic modes'],
  ['2.6', 'Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor as input'],
  ['2.14', 'Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input']]);
const interpolateSig = signature('interpolate', [
  ['input', tensor], ['size', optInts],
  ['scale_factor', typed<number | number[]>('a number or an array of numbers', (v) => typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number'))).nullable().default(null)],
  ['mode', typed<InterpolateMode>('a string', (v) => typeof v === 'string').default('nearest')], ['align_corners', optBool],
  ['recompute_scale_factor', optBool], ['antialias', bool.default(false)],
]);
/** Resizes (N, C, *spatial) input to `size` or by `scale_factor` with `mode` (nearest, bilinear, ...). */
export function interpolate(...args: SigArgs<typeof interpolateSig>): Tensor {
  const a = interpolateSig.bind(args);
  const { mode, size, scale_factor } = a;
  let alignCorners = a.align_corners;
  let recompute = a.recompute_scale_factor;
  const x = a.input;
  if (mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') {
    if (alignCorners !== null) throw new TorchError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear', 'ValueError');
  } else if (alignCorners === null) {
    alignCorners = false;
  }
  const dim = x.dim() - 2;
  const spatial = listRepr(x.shape.slice(2));
  let outputSize: number[] | null = null;
  let scaleFactors: number[] | null = null;
  if (size !== null && scale_factor !== null) {
    throw new TorchError('only one of size or scale_factor should be defined', 'ValueError');
  } else if (size !== null) {
    if (Array.isArray(size)) {
      if (size.length !== dim) {
        throw new TorchError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${spatial} and output size of ${listRepr(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`, 'ValueError');
      }
      outputSize = size;
    } else {
      outputSize = Array(Math.max(dim, 0)).fill(size);
    }
  } else if (scale_factor !== null) {
    if (Array.isArray(scale_factor)) {
      if (scale_factor.length !== dim) {
        throw new TorchError(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${spatial} and scale_factor of shape ${listRepr(scale_factor, floatRepr)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`, 'ValueError');
      }
      scaleFactors = scale_factor;
    } else {
      scaleFactors = Array(Math.max(dim, 0)).fill(scale_factor);
    }
  } else {
    throw new TorchError('either size or scale_factor should be defined', 'ValueError');
  }
  if (recompute && size !== null) throw new TorchError('recompute_scale_factor is not meaningful with an explicit size.', 'ValueError');
  if (mode === 'area' && outputSize === null) recompute = true;
  if (recompute) {
    const sf = scaleFactors!;
    outputSize = sf.map((s, i) => Math.floor(x.size(i + 2) * s));
    scaleFactors = null;
  }
  if (a.antialias && !((mode === 'bilinear' || mode === 'bicubic' || (LANCZOS && mode === 'lanczos')) && x.dim() === 4)) {
    throw new TorchError(ANTIALIAS_MODES_MESSAGE, 'ValueError');
  }
  const d = x.dim();
  const nearest: Record<number, string> = { 3: 'upsample_nearest1d', 4: 'upsample_nearest2d', 5: 'upsample_nearest3d' };
  const nearestExact: Record<number, string> = { 3: '_upsample_nearest_exact1d', 4: '_upsample_nearest_exact2d', 5: '_upsample_nearest_exact3d' };
  if (mode === 'nearest' && nearest[d]) return callAten(nearest[d], [x, outputSize, scaleFactors], 'vec');
  if (mode === 'nearest-exact' && nearestExact[d]) return callAten(nearestExact[d], [x, outputSize, scaleFactors], 'vec');
  if (mode === 'area' && d === 3) return adaptive_avg_pool1d(x, outputSize!);
  if (mode === 'area' && d === 4) return adaptive_avg_pool2d(x, outputSize!);
  if (mode === 'area' && d === 5) return callAten('adaptive_avg_pool3d', [x, outputSize!], '');
  const linearOps: Record<string, [number, string]> = {
    linear: [3, 'upsample_linear1d'], bilinear: [4, 'upsample_bilinear2d'], trilinear: [5, 'upsample_trilinear3d'], bicubic: [4, 'upsample_bicubic2d'],
  };
  const op = linearOps[mode];
  if (op && op[0] === d) {
    if (a.antialias) return callAten(`_${op[1]}_aa`, [x, outputSize, alignCorners, scaleFactors], 'vec');
    return callAten(op[1], [x, outputSize, alignCorners, scaleFactors], 'vec');
  }
  if (LANCZOS && mode === 'lanczos' && d === 4) {
    if (alignCorners) throw new TorchError('Lanczos mode does not support align_corners=True', 'ValueError');
    if (!a.antialias) throw new TorchError('Lanczos mode requires antialias=True', 'ValueError');
    return callAten('_upsample_lanczos2d_aa', [x, outputSize, alignCorners, scaleFactors], 'vec');
  }
  const needs: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };
  if ((d === 3 || d === 4 || d === 5) && needs[mode] !== undefined) {
    throw new TorchError(`Got ${d}D input, but ${mode} mode needs ${needs[mode]}D input`, 'NotImplementedError');
  }
  const modes = `nearest | linear | bilinear | bicubic | trilinear | ${LANCZOS ? 'lanczos | ' : ''}area | nearest-exact`;
  throw new TorchError(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${d}D) for the modes: ${modes} (got ${mode})`, 'NotImplementedError');
}

// ---- losses ---------------------------------------------------------------------------------

const legacy = [['size_average', optBool], ['reduce', optBool]] as const;

const crossEntropySig = signature('cross_entropy', [
  ['input', tensor], ['target', tensor], ['weight', optTensor], ['size_average', optBool], ['ignore_index', int.default(-100)],
  ['reduce', optBool], ['reduction', reduction], ['label_smoothing', float.default(0.0)],
]);
/** Cross entropy between logits (N, C, ...) and class indices or class probabilities; optional class weights, ignore_index, label smoothing. */
export function cross_entropy(...args: SigArgs<typeof crossEntropySig>): Tensor {
  const a = crossEntropySig.bind(args);
  return callAten('cross_entropy_loss', [a.input, a.target, a.weight, reductionEnum(lossReduction(a)), a.ignore_index, a.label_smoothing]);
}

const nllLossSig = signature('nll_loss', [
  ['input', tensor], ['target', tensor], ['weight', optTensor], ['size_average', optBool], ['ignore_index', int.default(-100)],
  ['reduce', optBool], ['reduction', reduction],
]);
/** Negative log likelihood of log-probabilities (N, C, ...) at the target class indices. */
export function nll_loss(...args: SigArgs<typeof nllLossSig>): Tensor {
  const a = nllLossSig.bind(args);
  return callAten('nll_loss_nd', [a.input, a.target, a.weight, reductionEnum(lossReduction(a)), a.ignore_index]);
}

const bceSig = signature('binary_cross_entropy', [['input', tensor], ['target', tensor], ['weight', optTensor], ...legacy, ['reduction', reduction]]);
/** −[y log x + (1 − y) log(1 − x)] for probabilities x. */
export function binary_cross_entropy(...args: SigArgs<typeof bceSig>): Tensor {
  const a = bceSig.bind(args);
  const r = reductionEnum(lossReduction(a));
  if (!sameShape(a.target.shape, a.input.shape)) {
    throw new TorchError(`Using a target size (${sizeRepr(a.target.shape)}) that is different to the input size (${sizeRepr(a.input.shape)}) is deprecated. Please ensure they have the same size.`, 'ValueError');
  }
  const weight = a.weight === null ? null : a.weight.expand(BCE_WEIGHT_SHAPE(a.target.shape, a.weight.shape));
  return callAten('binary_cross_entropy', [a.input, a.target, weight, r], '');
}

const bceLogitsSig = signature('binary_cross_entropy_with_logits', [
  ['input', tensor], ['target', tensor], ['weight', optTensor], ...legacy, ['reduction', reduction], ['pos_weight', optTensor],
]);
/** Binary cross entropy of sigmoid(logits), computed stably; `pos_weight` weighs the positive term per class. */
export function binary_cross_entropy_with_logits(...args: SigArgs<typeof bceLogitsSig>): Tensor {
  const a = bceLogitsSig.bind(args);
  const r = reductionEnum(lossReduction(a));
  if (!sameShape(a.target.shape, a.input.shape)) {
    throw new TorchError(`Target size (${sizeRepr(a.target.shape)}) must be the same as input size (${sizeRepr(a.input.shape)})`, 'ValueError');
  }
  return callAten('binary_cross_entropy_with_logits', [a.input, a.target, a.weight, a.pos_weight, r], '');
}

/** The optional per-element `weight` of mse_loss, l1_loss and huber_loss (PyTorch 2.6 on). */
const TAKES_LOSS_WEIGHT = forRelease([['1.13', false], ['2.6', true]]);
/** The parameters of a loss, with the trailing `weight` only where the running release has it. */
const withLossWeight = <const P extends Entries>(params: P): [...P, readonly ['weight', typeof optTensor]] =>
  (TAKES_LOSS_WEIGHT ? [...params, ['weight', optTensor]] : params) as unknown as [...P, readonly ['weight', typeof optTensor]];

/**
 * A loss weighted element by element, as PyTorch's Python computes it: `weight` must have the
 * input's size; 'mean' divides by the sum of the weights (`divideByWeight`) or by the count.
 */
function weightedLoss(unweighted: Tensor, input: Tensor, weight: Tensor, reduction: string, divideByWeight: boolean): Tensor {
  if (!sameShape(weight.shape, input.shape)) throw new TorchError('Weights and input must have the same size.', 'ValueError');
  const weighted = unweighted.mul(weight);
  switch (reduction) {
    case 'none': return weighted;
    case 'sum': return weighted.sum();
    case 'mean': return divideByWeight ? weighted.sum().div(weight.sum()) : weighted.mean();
    default: throw new TorchError(`Invalid reduction mode: ${reduction}. Expected one of 'none', 'mean', 'sum'.`, 'ValueError');
  }
}

/** Losses of the form f(input, target, size_average, reduce, reduction, weight) over broadcast input and target. */
function pointwiseLoss(name: 'mse_loss' | 'l1_loss') {
  const sig = signature(name, withLossWeight([['input', tensor], ['target', tensor], ...legacy, ['reduction', reduction]]));
  return (...args: SigArgs<typeof sig>): Tensor => {
    const a = sig.bind(args);
    warnSizeMismatch(a.input, a.target);
    const r = lossReduction(a);
    const [x, y] = broadcast(a.input, a.target);
    if (a.weight === null || a.weight === undefined) return callAten(name, [x, y, reductionEnum(r)], '');
    const diff = x.sub(y);
    return weightedLoss(name === 'mse_loss' ? diff.pow(2) : diff.abs(), a.input, a.weight, r, true);
  };
}

/** Mean squared error (x − y)², optionally weighted element by element (2.6 on). */
export const mse_loss = pointwiseLoss('mse_loss');
/** Mean absolute error |x − y|, optionally weighted element by element (2.6 on). */
export const l1_loss = pointwiseLoss('l1_loss');

const smoothL1Sig = signature('smooth_l1_loss', [
  ['input', tensor], ['target', tensor], ...legacy, ['reduction', reduction], ['beta', float.default(1.0)],
]);
/** 0.5 (x − y)² / beta where |x − y| < beta, else |x − y| − 0.5 beta. */
export function smooth_l1_loss(...args: SigArgs<typeof smoothL1Sig>): Tensor {
  const a = smoothL1Sig.bind(args);
  warnSizeMismatch(a.input, a.target);
  const r = lossReduction(a);
  const [x, y] = broadcast(a.input, a.target);
  return callAten('smooth_l1_loss', [x, y, reductionEnum(r), a.beta], '');
}

const huberSig = signature('huber_loss', withLossWeight([['input', tensor], ['target', tensor], ['reduction', reduction], ['delta', float.default(1.0)]]));
/** 0.5 (x − y)² where |x − y| < delta, else delta (|x − y| − 0.5 delta); optionally weighted element by element (2.6 on). */
export function huber_loss(...args: SigArgs<typeof huberSig>): Tensor {
  const a = huberSig.bind(args);
  warnSizeMismatch(a.input, a.target);
  const [x, y] = broadcast(a.input, a.target);
  if (a.weight === null || a.weight === undefined) return callAten('huber_loss', [x, y, reductionEnum(a.reduction), a.delta], '');
  return weightedLoss(callAten('huber_loss', [x, y, reductionEnum('none'), a.delta], ''), a.input, a.weight, a.reduction, false);
}

const klDivSig = signature('kl_div', [
  ['input', tensor], ['target', tensor], ...legacy, ['reduction', reduction], ['log_target', bool.default(false)],
]);
/** KL divergence with `input` as log-probabilities (and `target` too when `log_target`); 'batchmean' divides the sum by the batch size. */
export function kl_div(...args: SigArgs<typeof klDivSig>): Tensor {
  const a = klDivSig.bind(args);
  let r: number;
  if (a.size_average !== null || a.reduce !== null) {
    r = reductionEnum(legacyReduction(a.size_average, a.reduce));
  } else {
    if (a.reduction === 'mean') {
      warn("reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.");
    }
    r = reductionEnum(a.reduction === 'batchmean' ? 'sum' : a.reduction);
  }
  const reduced: Tensor = callAten('kl_div', [a.input, a.target, r, { log_target: a.log_target }]);
  return a.reduction === 'batchmean' && a.input.dim() !== 0 ? reduced.div(a.input.size(0)) : reduced;
}

const marginRankingSig = signature('margin_ranking_loss', [
  ['input1', tensor], ['input2', tensor], ['target', tensor], ['margin', float.default(0)], ...legacy, ['reduction', reduction],
]);
/** max(0, −y (x1 − x2) + margin). */
export function margin_ranking_loss(...args: SigArgs<typeof marginRankingSig>): Tensor {
  const a = marginRankingSig.bind(args);
  const r = reductionEnum(lossReduction(a));
  if (a.input1.dim() !== a.input2.dim() || a.input1.dim() !== a.target.dim()) {
    throw new TorchError(`margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${sizeRepr(a.input1.shape)}, input2: ${sizeRepr(a.input2.shape)}, target: ${sizeRepr(a.target.shape)} `);
  }
  return callAten('margin_ranking_loss', [a.input1, a.input2, a.target, a.margin, r]);
}

const hingeSig = signature('hinge_embedding_loss', [
  ['input', tensor], ['target', tensor], ['margin', float.default(1.0)], ...legacy, ['reduction', reduction],
]);
/** x where y = 1, max(0, margin − x) where y = −1. */
export function hinge_embedding_loss(...args: SigArgs<typeof hingeSig>): Tensor {
  const a = hingeSig.bind(args);
  return callAten('hinge_embedding_loss', [a.input, a.target, a.margin, reductionEnum(lossReduction(a))]);
}

const softMarginSig = signature('soft_margin_loss', [['input', tensor], ['target', tensor], ...legacy, ['reduction', reduction]]);
/** log(1 + exp(−y x)) for targets ±1. */
export function soft_margin_loss(...args: SigArgs<typeof softMarginSig>): Tensor {
  const a = softMarginSig.bind(args);
  return callAten('soft_margin_loss', [a.input, a.target, reductionEnum(lossReduction(a))], '');
}

const tripletSig = signature('triplet_margin_loss', [
  ['anchor', tensor], ['positive', tensor], ['negative', tensor], ['margin', float.default(1.0)], ['p', float.default(2)],
  ['eps', float.default(1e-6)], ['swap', bool.default(false)], ...legacy, ['reduction', reduction],
]);
/** max(d(a, p) − d(a, n) + margin, 0) with p-norm distances; `swap` uses the closer negative distance. */
export function triplet_margin_loss(...args: SigArgs<typeof tripletSig>): Tensor {
  const a = tripletSig.bind(args);
  const r = reductionEnum(lossReduction(a));
  return callAten('triplet_margin_loss', [a.anchor, a.positive, a.negative, a.margin, a.p, a.eps, a.swap, r]);
}

const cosineEmbeddingSig = signature('cosine_embedding_loss', [
  ['input1', tensor], ['input2', tensor], ['target', tensor], ['margin', float.default(0)], ...legacy, ['reduction', reduction],
]);
/** 1 − cos(x1, x2) where y = 1, max(0, cos(x1, x2) − margin) where y = −1. */
export function cosine_embedding_loss(...args: SigArgs<typeof cosineEmbeddingSig>): Tensor {
  const a = cosineEmbeddingSig.bind(args);
  return callAten('cosine_embedding_loss', [a.input1, a.input2, a.target, a.margin, reductionEnum(lossReduction(a))]);
}

const poissonNllSig = signature('poisson_nll_loss', [
  ['input', tensor], ['target', tensor], ['log_input', bool.default(true)], ['full', bool.default(false)], ['size_average', optBool],
  ['eps', float.default(1e-8)], ['reduce', optBool], ['reduction', reduction],
]);
/** Poisson negative log likelihood: exp(x) − y x when `log_input`, else x − y log(x + eps). */
export function poisson_nll_loss(...args: SigArgs<typeof poissonNllSig>): Tensor {
  const a = poissonNllSig.bind(args);
  const r = lossReduction(a);
  if (r !== 'none' && r !== 'mean' && r !== 'sum') throw new TorchError(`${r} is not ${forRelease([['1.13', 'valid'], ['2.6', 'a valid value for reduction']])}`, 'ValueError');
  return callAten('poisson_nll_loss', [a.input, a.target, a.log_input, a.full, a.eps, reductionEnum(r)]);
}

const gaussianNllSig = signature('gaussian_nll_loss', [
  ['input', tensor], ['target', tensor], ['var', tensor], ['full', bool.default(false)], ['eps', float.default(1e-6)],
  ['reduction', reduction],
]);
/** Gaussian negative log likelihood 0.5 (log var + (x − y)² / var), var clamped to eps. */
export function gaussian_nll_loss(...args: SigArgs<typeof gaussianNllSig>): Tensor {
  const a = gaussianNllSig.bind(args);
  let v = a.var;
  const inShape = a.input.shape, vShape = v.shape;
  if (!sameShape(vShape, inShape)) {
    if (sameShape(inShape.slice(0, -1), vShape)) v = v.unsqueeze(-1);
    else if (!(sameShape(inShape.slice(0, -1), vShape.slice(0, -1)) && vShape[vShape.length - 1] === 1)) throw new TorchError('var is of incorrect size', 'ValueError');
  }
  if (a.reduction !== 'none' && a.reduction !== 'mean' && a.reduction !== 'sum') throw new TorchError(`${a.reduction} is not valid`, 'ValueError');
  if (v.lt(0).any().item()) throw new TorchError('var has negative entry/entries', 'ValueError');
  v = v.clone();
  no_grad(() => v.clamp_(a.eps));
  let loss = v.log().add(a.input.sub(a.target).pow(2).div(v)).mul(0.5);
  if (a.full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return a.reduction === 'mean' ? loss.mean() : a.reduction === 'sum' ? loss.sum() : loss;
}

const multilabelSoftMarginSig = signature('multilabel_soft_margin_loss', [
  ['input', tensor], ['target', tensor], ['weight', optTensor], ...legacy, ['reduction', reduction],
]);
/** Multi-label one-versus-all loss from logits and 0/1 targets, averaged over classes. */
export function multilabel_soft_margin_loss(...args: SigArgs<typeof multilabelSoftMarginSig>): Tensor {
  const a = multilabelSoftMarginSig.bind(args);
  const r = lossReduction(a);
  let loss = a.target.mul(native.log_sigmoid(a.input)).add(a.target.rsub(1).mul(native.log_sigmoid(native.neg(a.input)))).neg();
  if (a.weight !== null) loss = loss.mul(a.weight);
  const classDim = a.input.dim() - 1;
  loss = loss.sum(classDim).div(a.input.size(classDim));
  if (r === 'none') return loss;
  if (r === 'mean') return loss.mean();
  if (r === 'sum') return loss.sum();
  throw new TorchError(`${r} is not valid`, 'ValueError');
}

const multiMarginSig = signature('multi_margin_loss', [
  ['input', tensor], ['target', tensor], ['p', int.default(1)], ['margin', float.default(1.0)], ['weight', optTensor], ...legacy,
  ['reduction', reduction],
]);
/** Multi-class hinge loss Σ max(0, margin − x[y] + x[i])^p / C. */
export function multi_margin_loss(...args: SigArgs<typeof multiMarginSig>): Tensor {
  const a = multiMarginSig.bind(args);
  const r = reductionEnum(lossReduction(a));
  if (a.p !== 1 && a.p !== 2) throw new TorchError('only p == 1 and p == 2 supported', 'ValueError');
  if (a.weight !== null && a.weight.dim() !== 1) throw new TorchError('weight must be one-dimensional', 'ValueError');
  return callAten('multi_margin_loss', [a.input, a.target, a.p, a.margin, a.weight, r], '');
}

const multilabelMarginSig = signature('multilabel_margin_loss', [['input', tensor], ['target', tensor], ...legacy, ['reduction', reduction]]);
/** Multi-label hinge loss with targets listing class indices (padded with −1). */
export function multilabel_margin_loss(...args: SigArgs<typeof multilabelMarginSig>): Tensor {
  const a = multilabelMarginSig.bind(args);
  return callAten('multilabel_margin_loss', [a.input, a.target, reductionEnum(lossReduction(a))], '');
}

const ctcSig = signature('ctc_loss', [
  ['log_probs', tensor], ['targets', tensor], ['input_lengths', typed<Tensor | number[]>('a Tensor or an array of integers', (v) => v instanceof Tensor || (Array.isArray(v) && v.every(isInt)))],
  ['target_lengths', typed<Tensor | number[]>('a Tensor or an array of integers', (v) => v instanceof Tensor || (Array.isArray(v) && v.every(isInt)))],
  ['blank', int.default(0)], ['reduction', reduction], ['zero_infinity', bool.default(false)],
]);
/** Connectionist temporal classification loss of (T, N, C) log-probabilities against unaligned target sequences. */
export function ctc_loss(...args: SigArgs<typeof ctcSig>): Tensor {
  const a = ctcSig.bind(args);
  const overload = a.input_lengths instanceof Tensor ? 'Tensor' : 'IntList';
  return callAten('ctc_loss', [a.log_probs, a.targets, a.input_lengths, a.target_lengths, a.blank, reductionEnum(a.reduction), a.zero_infinity], overload);
}

type DistanceFunction = (x1: Tensor, x2: Tensor) => Tensor;
const tripletDistanceSig = signature('triplet_margin_with_distance_loss', [['anchor', tensor], ['positive', tensor], ['negative', tensor]], [
  ['distance_function', typed<DistanceFunction>('a function', (v) => typeof v === 'function').nullable().default(null)],
  ['margin', float.default(1.0)], ['swap', bool.default(false)], ['reduction', reduction],
]);
/** max(d(a, p) − d(a, n) + margin, 0) with any distance function (pairwise_distance by default). */
export function triplet_margin_with_distance_loss(...args: SigArgs<typeof tripletDistanceSig>): Tensor {
  const a = tripletDistanceSig.bind(args);
  const distance: DistanceFunction = a.distance_function ?? ((x1, x2) => pairwise_distance(x1, x2));
  const positiveDist = distance(a.anchor, a.positive);
  let negativeDist = distance(a.anchor, a.negative);
  if (a.swap) negativeDist = callAten('min', [negativeDist, distance(a.positive, a.negative)], 'other');
  const output = positiveDist.sub(negativeDist).add(a.margin).clamp_min(0.0);
  const r = reductionEnum(a.reduction);
  return r === 1 ? output.mean() : r === 2 ? output.sum() : output;
}

export * from './functional_pooling';
export * from './functional_spatial';
export { scaled_dot_product_attention, multi_head_attention_forward } from './functional_attention';
export type { MultiHeadAttentionForwardArgs } from './functional_attention';
