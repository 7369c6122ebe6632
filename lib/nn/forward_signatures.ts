// Module forwards bind their arguments as Python's do (porting rule 2): each forward parameter
// positionally or by name in one trailing options object, and CPython's TypeError for too many
// positional arguments, an unknown keyword or a missing argument, naming the function as Python's
// `forward.__qualname__` does. One table of PyTorch's forward signatures; the call with plain
// positional arguments goes straight to the class's own forward.
import { Spec, bind } from '../python/binder';
import { isOptions } from '../python/options';
import * as linear from './linear';
import * as activation from './activation';
import * as container from './container';
import * as dropout from './dropout';
import * as normalization from './normalization';
import * as loss from './loss';
import * as conv from './conv';
import * as pooling from './pooling';
import * as sparse from './embedding';
import * as padding from './padding';
import * as rnn from './rnn';
import * as lazy from './lazy';
import * as fold from './fold';
import * as adaptive from './adaptive';

type Forward = (this: unknown, ...args: unknown[]) => unknown;
type ModuleClass = { readonly name: string; readonly prototype: object };

/** The forwards this file wrapped, to the class's own forward and the signature they bind to. */
const wrapped = new WeakMap<Forward, { raw: Forward; spec: Spec }>();

/** The signature a module class's forward binds to (for tests and tools), or undefined where forward binds by itself. */
export function forwardSignature(cls: ModuleClass): Spec | undefined {
  return wrapped.get((cls.prototype as { forward: Forward }).forward)?.spec;
}

/**
 * Binds a call whose trailing plain object may be a dict argument rather than keywords (porting
 * rule 11, `seq({ a: x })`): it is keywords when it binds as such, else, when it sits where a
 * required argument is still missing, that argument.
 */
function bindForward(spec: Spec, required: number, args: unknown[]): unknown[] {
  try {
    return bind(spec, args);
  } catch (e) {
    if (!(e instanceof TypeError) || args.length > required || !isOptions(args[args.length - 1])) throw e;
    return bind(spec, [...args, {}]);
  }
}

/** Replaces `cls`'s forward by one that binds `signature` ('input, output_size=None': PyTorch's parameters after self). */
function pythonForward(cls: ModuleClass, signature: string, owner = cls.name): void {
  const proto = cls.prototype as { forward: Forward };
  const raw = wrapped.get(proto.forward)?.raw ?? proto.forward;
  const names: string[] = [];
  const defaults: Record<string, unknown> = {};
  for (const param of signature.split(', ')) {
    const [name, value] = param.split('=');
    names.push(name);
    if (value !== undefined) defaults[name] = null;
  }
  const spec: Spec = { fn: `${owner}.forward`, names, npos: names.length, defaults, implicit: 1 };
  const npos = names.length, required = npos - Object.keys(defaults).length;
  const forward = function (this: unknown, ...args: unknown[]): unknown {
    const n = args.length;
    if (n >= required && n <= npos && !isOptions(args[n - 1])) return raw.apply(this, args);
    return raw.apply(this, bindForward(spec, required, args));
  };
  wrapped.set(forward, { raw, spec });
  // functools.wraps' mark: the class's own forward, unbound by this file.
  Object.defineProperty(forward, '__wrapped__', { value: raw });
  Object.defineProperty(proto, 'forward', { value: forward, writable: true, configurable: true, enumerable: false });
}

const INPUT = 'input';
const LOSS = 'input, target';
const TRIPLET = 'anchor, positive, negative';
const PAIR = 'x1, x2';
const RECURRENT = 'input, hx=None';
const TRANSPOSED = 'input, output_size=None';
const UNPOOL = 'input, indices, output_size=None';

// PyTorch 1.13's forward parameters (inspect.signature), and the class that defines forward where
// it is not the class itself. MultiheadAttention and the Transformer modules bind in their own forward.
const FORWARDS: readonly (readonly [ModuleClass, string, string?])[] = [
  [linear.Identity, INPUT], [linear.Linear, INPUT], [linear.Bilinear, 'input1, input2'], [linear.Flatten, INPUT], [linear.Unflatten, INPUT],
  [lazy.LazyLinear, INPUT, 'Linear'],
  ...[activation.ReLU, activation.LeakyReLU, activation.RReLU, activation.PReLU, activation.ELU, activation.SELU, activation.CELU, activation.GELU,
    activation.SiLU, activation.Mish, activation.Softplus, activation.Hardtanh, activation.Hardswish, activation.Hardsigmoid, activation.Sigmoid,
    activation.Tanh, activation.Softmax, activation.LogSoftmax, activation.Threshold, activation.Hardshrink, activation.Softshrink,
    activation.Tanhshrink, activation.Softsign, activation.LogSigmoid, activation.Softmin, activation.Softmax2d, activation.GLU,
    activation.ReLUSquared, activation.SwiGLU].map((c) => [c, INPUT] as const),
  [activation.ReLU6, INPUT, 'Hardtanh'],
  ...[dropout.Dropout, dropout.Dropout1d, dropout.Dropout2d, dropout.Dropout3d, dropout.AlphaDropout, dropout.FeatureAlphaDropout].map((c) => [c, INPUT] as const),
  ...[normalization.BatchNorm1d, normalization.BatchNorm2d, normalization.BatchNorm3d, lazy.LazyBatchNorm1d, lazy.LazyBatchNorm2d,
    lazy.LazyBatchNorm3d].map((c) => [c, INPUT, '_BatchNorm'] as const),
  ...[normalization.InstanceNorm1d, normalization.InstanceNorm2d, normalization.InstanceNorm3d, lazy.LazyInstanceNorm1d,
    lazy.LazyInstanceNorm2d, lazy.LazyInstanceNorm3d].map((c) => [c, INPUT, '_InstanceNorm'] as const),
  ...[normalization.LayerNorm, normalization.GroupNorm, normalization.LocalResponseNorm, normalization.CrossMapLRN2d,
    normalization.SyncBatchNorm].map((c) => [c, INPUT] as const),
  [conv.Conv1d, INPUT], [conv.Conv2d, INPUT], [conv.Conv3d, INPUT],
  [lazy.LazyConv1d, INPUT, 'Conv1d'], [lazy.LazyConv2d, INPUT, 'Conv2d'], [lazy.LazyConv3d, INPUT, 'Conv3d'],
  [conv.ConvTranspose1d, TRANSPOSED], [conv.ConvTranspose2d, TRANSPOSED], [conv.ConvTranspose3d, TRANSPOSED],
  [lazy.LazyConvTranspose1d, TRANSPOSED, 'ConvTranspose1d'], [lazy.LazyConvTranspose2d, TRANSPOSED, 'ConvTranspose2d'],
  [lazy.LazyConvTranspose3d, TRANSPOSED, 'ConvTranspose3d'],
  ...[pooling.MaxPool1d, pooling.MaxPool2d, pooling.MaxPool3d, pooling.AvgPool1d, pooling.AvgPool2d, pooling.AvgPool3d,
    pooling.AdaptiveAvgPool1d, pooling.AdaptiveAvgPool2d, pooling.AdaptiveAvgPool3d, pooling.AdaptiveMaxPool1d, pooling.AdaptiveMaxPool2d,
    pooling.AdaptiveMaxPool3d, pooling.LPPool1d, pooling.LPPool2d, pooling.FractionalMaxPool2d, pooling.FractionalMaxPool3d].map((c) => [c, INPUT] as const),
  [pooling.MaxUnpool1d, UNPOOL], [pooling.MaxUnpool2d, UNPOOL], [pooling.MaxUnpool3d, UNPOOL],
  ...[padding.ZeroPad2d, padding.ConstantPad1d, padding.ConstantPad2d, padding.ConstantPad3d].map((c) => [c, INPUT, '_ConstantPadNd'] as const),
  ...[padding.ReflectionPad1d, padding.ReflectionPad2d, padding.ReflectionPad3d].map((c) => [c, INPUT, '_ReflectionPadNd'] as const),
  ...[padding.ReplicationPad1d, padding.ReplicationPad2d, padding.ReplicationPad3d].map((c) => [c, INPUT, '_ReplicationPadNd'] as const),
  ...[padding.Upsample, padding.UpsamplingNearest2d, padding.UpsamplingBilinear2d].map((c) => [c, INPUT, 'Upsample'] as const),
  [padding.PixelShuffle, INPUT], [padding.PixelUnshuffle, INPUT], [padding.CosineSimilarity, PAIR], [padding.PairwiseDistance, PAIR],
  [fold.Fold, INPUT], [fold.Unfold, INPUT], [fold.ChannelShuffle, INPUT],
  [sparse.Embedding, INPUT], [sparse.EmbeddingBag, 'input, offsets=None, per_sample_weights=None'],
  [rnn.RNN, RECURRENT], [rnn.LSTM, RECURRENT], [rnn.GRU, RECURRENT], [rnn.RNNCell, RECURRENT], [rnn.LSTMCell, RECURRENT], [rnn.GRUCell, RECURRENT],
  ...[loss.CrossEntropyLoss, loss.NLLLoss, loss.BCELoss, loss.BCEWithLogitsLoss, loss.MSELoss, loss.L1Loss, loss.HuberLoss, loss.SmoothL1Loss,
    loss.KLDivLoss, loss.HingeEmbeddingLoss, loss.SoftMarginLoss, loss.MultiLabelMarginLoss, loss.MultiLabelSoftMarginLoss,
    loss.MultiMarginLoss].map((c) => [c, LOSS] as const),
  [loss.NLLLoss2d, LOSS, 'NLLLoss'],
  [loss.MarginRankingLoss, 'input1, input2, target'], [loss.CosineEmbeddingLoss, 'input1, input2, target'],
  [loss.TripletMarginLoss, TRIPLET], [loss.TripletMarginWithDistanceLoss, TRIPLET], [loss.PoissonNLLLoss, 'log_input, target'],
  [loss.GaussianNLLLoss, 'input, target, var'], [loss.CTCLoss, 'log_probs, targets, input_lengths, target_lengths'],
  [adaptive.AdaptiveLogSoftmaxWithLoss, 'input_, target_'],
  [container.Sequential, INPUT],
];

for (const [cls, signature, owner] of FORWARDS) pythonForward(cls, signature, owner);
