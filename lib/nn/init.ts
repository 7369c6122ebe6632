// torch.nn.init, ported line by line from torch/nn/init.py (PyTorch 1.13): every function runs
// the same tensor ops in the same order as PyTorch, so after `torch.manual_seed(k)` it draws the
// same random numbers. In-place work runs under no_grad, so parameters (requires_grad=true) work.
// Arguments: PyTorch's positional order, or by name in one trailing options object
// (`kaiming_uniform_(w, { a: 0.2, nonlinearity: 'leaky_relu' })`).
import '../tensor_methods';
import { Tensor, PyArgs } from '../tensor';
import { bindNamed } from '../python/binder';
import { Check, typed } from '../python/check';
import { pyStr } from '../python/repr';
import { warn } from '../python/warnings';
import { TorchError } from '../errors';
import { no_grad } from '../autograd';
import { callAten } from '../ops/dispatch';
import { randperm, empty_like, where } from '../creation';
import { forRelease } from '../release';

/** The `nn.functional` names calculate_gain knows. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
/** 'fan_in' or 'fan_out' (PyTorch lower-cases the mode first, so 'FAN_IN' works too). */
export type FanMode = 'fan_in' | 'fan_out';
// `(string & {})` keeps editor completion for the known names while accepting any string, as
// PyTorch does (unknown ones raise PyTorch's ValueError at run time).
type AnyString = string & {};

// ---- argument binding and checks --------------------------------------------------------------

const number = typed<number>('a number', (v) => typeof v === 'number');
const string = typed<string>('a string', (v) => typeof v === 'string');
const tensorArg = typed<Tensor>('a Tensor', (v) => v instanceof Tensor);
type Checks = Record<string, Check<any, boolean>>;

/**
 * Binds `args` the way Python binds a call to `fn(names...)`: positional values in order, or by
 * name in one trailing options object; then checks them (TypeError/RangeError naming the argument)
 * before any native call. A missing value is reported by its check ("expected a number for val").
 */
function parse<T>(fn: string, args: unknown[], names: string[], defaults: Record<string, unknown>, checks: Checks): T {
  return bindNamed({ fn, names, npos: names.length, defaults, checks, lenient: true }, args) as T;
}

const valueError = (message: string) => new TorchError(message, 'ValueError');

/**
 * Python's math.erf, to within ~10 ulp of glibc's (only trunc_normal_'s bounds use it, and
 * uniform_ casts them to the tensor's dtype, so float32 streams come out identical).
 */
function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  const TWO_OVER_SQRT_PI = 1.1283791670955126;
  if (ax < 1) {
    // Maclaurin series: 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
    const x2 = x * x;
    let term = x, sum = x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  // exp(-x^2) with x^2 split exactly into hi + lo (Dekker), so large x lose no accuracy.
  const s = ax * 134217729;
  const xh = s - (s - ax), xl = ax - xh;
  const hi = ax * ax;
  const lo = ((xh * xh - hi) + 2 * xh * xl) + xl * xl;
  const expNegSq = Math.exp(-hi) * (1 - lo);
  let result: number;
  if (ax < 2) {
    // erf(x) = 2/sqrt(pi) exp(-x^2) sum (2x^2)^n x / (1*3*...*(2n+1)): all terms positive.
    const r = 2 * ax * ax;
    let term = ax, sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= r / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    result = TWO_OVER_SQRT_PI * expNegSq * sum;
  } else {
    // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), by modified Lentz.
    const tiny = 1e-300;
    let f = ax, c = ax, d = 0;
    for (let n = 1; n < 500; n++) {
      const an = n / 2;
      d = ax + an * d;
      d = d === 0 ? tiny : 1 / d;
      c = ax + an / c;
      if (c === 0) c = tiny;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    result = 1 - (TWO_OVER_SQRT_PI / 2) * expNegSq / f;
  }
  return x < 0 ? -result : result;
}

// ---- calculate_gain ---------------------------------------------------------------------------

const LINEAR_FNS = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];

/**
 * Return the recommended gain value for the given nonlinearity function: 1 for linear/conv/sigmoid,
 * 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 + negative_slope^2)) for leaky_relu (param is the
 * negative slope, default 0.01), 3/4 for selu. `nn.init.calculate_gain('leaky_relu', 0.2)`.
 */
export function calculate_gain(...args: PyArgs<[['nonlinearity', Nonlinearity | AnyString], ['param', number | null, '?']]>): number {
  const o = parse<{ nonlinearity: string; param: unknown }>('calculate_gain', args, ['nonlinearity', 'param'], { param: null }, {
    nonlinearity: string,
  });
  const nl = o.nonlinearity;
  if (LINEAR_FNS.includes(nl) || nl === 'sigmoid') {
    return 1;
  } else if (nl === 'tanh') {
    return 5.0 / 3;
  } else if (nl === 'relu') {
    return Math.sqrt(2.0);
  } else if (nl === 'leaky_relu') {
    let negative_slope: number;
    if (o.param === null || o.param === undefined) negative_slope = 0.01;
    else if (typeof o.param === 'number') negative_slope = o.param;
    else throw valueError(`negative_slope ${pyStr(o.param)} not a valid number`);
    return Math.sqrt(2.0 / (1 + negative_slope * negative_slope));
  } else if (nl === 'selu') {
    return 3.0 / 4;  // Value found empirically (https://github.com/pytorch/pytorch/pull/50664)
  }
  throw valueError(`Unsupported nonlinearity ${nl}`);
}

// ---- plain fills and distributions ------------------------------------------------------------

/** Fills the input Tensor with values drawn from the uniform distribution U(a, b) (defaults 0, 1). */
export function uniform_(...args: PyArgs<[['tensor', Tensor], ['a', number, '?'], ['b', number, '?']]>): Tensor {
  const o = parse<{ tensor: Tensor; a: number; b: number }>('uniform_', args, ['tensor', 'a', 'b'], { a: 0, b: 1 }, { tensor: tensorArg, a: number, b: number });
  return no_grad(() => o.tensor.uniform_(o.a, o.b) as Tensor);
}

/** Fills the input Tensor with values drawn from the normal distribution N(mean, std^2) (defaults 0, 1). */
export function normal_(...args: PyArgs<[['tensor', Tensor], ['mean', number, '?'], ['std', number, '?']]>): Tensor {
  const o = parse<{ tensor: Tensor; mean: number; std: number }>('normal_', args, ['tensor', 'mean', 'std'], { mean: 0, std: 1 }, { tensor: tensorArg, mean: number, std: number });
  return no_grad(() => o.tensor.normal_(o.mean, o.std) as Tensor);
}

/**
 * Fills the input Tensor with values drawn from a normal distribution N(mean, std^2) truncated to
 * [a, b] (defaults 0, 1, -2, 2), by the method of the running release's PyTorch (the inverse CDF;
 * from 2.12 on, rejection sampling).
 */
export function trunc_normal_(...args: PyArgs<[['tensor', Tensor], ['mean', number, '?'], ['std', number, '?'], ['a', number, '?'], ['b', number, '?']]>): Tensor {
  const o = parse<{ tensor: Tensor; mean: number; std: number; a: number; b: number }>('trunc_normal_', args,
    ['tensor', 'mean', 'std', 'a', 'b'], { mean: 0, std: 1, a: -2, b: 2 }, { tensor: tensorArg, mean: number, std: number, a: number, b: number });
  return _no_grad_trunc_normal_(o.tensor, o.mean, o.std, o.a, o.b);
}

function _no_grad_trunc_normal_(tensor: Tensor, mean: number, std: number, a: number, b: number): Tensor {
  if (tensor.is_meta) return tensor;  // meta tensors have no storage: nothing to sample
  // Computes standard normal cumulative distribution function
  const norm_cdf = (x: number) => (1 + erf(x / Math.sqrt(2))) / 2;

  if (mean < a - 2 * std || mean > b + 2 * std) {
    warn('mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.');
  }
  // PyTorch 2.12 replaced the inverse CDF (whose float32 erfinv_ near +-1 throws values out to the
  // bounds) by rejection sampling: each release draws its own sequence, as its PyTorch does.
  return no_grad(() => forRelease([['1.13', inverseCdf], ['2.12', rejection]])(tensor, mean, std, a, b, norm_cdf));
}

type TruncSampler = (tensor: Tensor, mean: number, std: number, a: number, b: number, norm_cdf: (x: number) => number) => Tensor;

// Method based on https://people.sc.fsu.edu/~jburkardt/presentations/truncated_normal.pdf
const inverseCdf: TruncSampler = (tensor, mean, std, a, b, norm_cdf) => {
  // Values are generated by using a truncated uniform distribution and then using the inverse
  // CDF for the normal distribution. Get upper and lower cdf values
  const l = norm_cdf((a - mean) / std);
  const u = norm_cdf((b - mean) / std);
  // Uniformly fill tensor with values from [l, u], then translate to [2l-1, 2u-1].
  tensor.uniform_(2 * l - 1, 2 * u - 1);
  // Use inverse cdf transform for normal distribution to get truncated standard normal
  tensor.erfinv_();
  // Transform to proper mean, std
  tensor.mul_(std * Math.sqrt(2));
  tensor.add_(mean);
  // Clamp to ensure it's in the proper range
  tensor.clamp_(a, b);
  return tensor;
};

const rejection: TruncSampler = (tensor, mean, std, a, b, norm_cdf) => {
  const p = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std);
  if (p > 0.3) {
    // Most normal draws land in [a, b]: redraw the others. The bounds are cast to the tensor's
    // dtype so the rejection mask agrees with its representable values.
    const lo = tensor.new_tensor(a, { device: 'cpu' }).item() as number;
    const hi = tensor.new_tensor(b, { device: 'cpu' }).item() as number;
    let result = tensor.normal_(mean, std);
    for (;;) {
      const mask = result.lt(lo).logical_or(result.gt(hi));
      if (!mask.any().item()) break;
      result = where(mask, empty_like(result).normal_(mean, std), result);
    }
    if (tensor !== result) tensor.copy_(result);
    return tensor;
  }
  // A narrow or far window: uniform candidates in [a, b], each accepted with probability
  // pdf(x) / pdf(mode), where the mode is the density's peak within [a, b].
  const mode = Math.max(a, Math.min(mean, b));
  const log_peak = -0.5 * ((mode - mean) / std) ** 2;
  const candidates = empty_like(tensor);
  const accept_buf = empty_like(tensor);
  // First iteration: sample directly into tensor (no where() + copy_() if all are accepted).
  tensor.uniform_(a, b);
  candidates.copy_(tensor);
  candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(log_peak);  // log pdf relative to the peak
  let pending = accept_buf.uniform_().log_().gt(candidates);
  if (pending.any().item()) {
    let result = tensor;
    for (;;) {
      candidates.uniform_(a, b);
      result = where(pending, candidates, result);
      candidates.sub_(mean).div_(std).pow_(2).mul_(-0.5).sub_(log_peak);
      pending = where(pending, accept_buf.uniform_().log_().gt(candidates), pending);
      if (!pending.any().item()) break;
    }
    tensor.copy_(result);
  }
  return tensor;
};

/** Fills the input Tensor with the value `val`. */
export function constant_(...args: PyArgs<[['tensor', Tensor], ['val', number]]>): Tensor {
  const o = parse<{ tensor: Tensor; val: number }>('constant_', args, ['tensor', 'val'], {}, { tensor: tensorArg, val: number });
  return no_grad(() => o.tensor.fill_(o.val));
}

/** Fills the input Tensor with the scalar value 1. */
export function ones_(...args: PyArgs<[['tensor', Tensor]]>): Tensor {
  const o = parse<{ tensor: Tensor }>('ones_', args, ['tensor'], {}, { tensor: tensorArg });
  return no_grad(() => o.tensor.fill_(1.0));
}

/** Fills the input Tensor with the scalar value 0. */
export function zeros_(...args: PyArgs<[['tensor', Tensor]]>): Tensor {
  const o = parse<{ tensor: Tensor }>('zeros_', args, ['tensor'], {}, { tensor: tensorArg });
  return no_grad(() => o.tensor.zero_());
}

/**
 * Fills the 2-dimensional input Tensor with the identity matrix (preserves the identity of the
 * inputs in Linear layers, as many inputs as possible).
 */
export function eye_(...args: PyArgs<[['tensor', Tensor]]>): Tensor {
  const o = parse<{ tensor: Tensor }>('eye_', args, ['tensor'], {}, { tensor: tensorArg });
  const t = o.tensor;
  if (t.dim() !== 2) throw valueError('Only tensors with 2 dimensions are supported');
  const [n, m] = t.shape;
  no_grad(() => callAten('eye', [n, m, { out: t }], 'm_out'));
  return t;
}

/**
 * Fills the {3, 4, 5}-dimensional input Tensor with the Dirac delta function (preserves the identity
 * of the inputs in Convolutional layers); with groups > 1 each group of channels preserves identity.
 */
export function dirac_(...args: PyArgs<[['tensor', Tensor], ['groups', number, '?']]>): Tensor {
  const o = parse<{ tensor: Tensor; groups: number }>('dirac_', args, ['tensor', 'groups'], { groups: 1 }, {
    tensor: tensorArg, groups: typed<number>('an integer', Number.isInteger).refine('a positive integer', (g) => g >= 1),
  });
  const t = o.tensor;
  const dimensions = t.dim();
  if (![3, 4, 5].includes(dimensions)) throw valueError('Only tensors with 3, 4, or 5 dimensions are supported');

  const sizes = t.size();
  if (sizes[0] % o.groups !== 0) throw valueError('dim 0 must be divisible by groups');

  const out_chans_per_grp = Math.floor(sizes[0] / o.groups);
  const min_dim = Math.min(out_chans_per_grp, sizes[1]);

  no_grad(() => {
    t.zero_();
    for (let g = 0; g < o.groups; g++) {
      for (let d = 0; d < min_dim; d++) {
        if (dimensions === 3) {  // Temporal convolution
          t.index(g * out_chans_per_grp + d, d, Math.floor(sizes[2] / 2)).fill_(1);
        } else if (dimensions === 4) {  // Spatial convolution
          t.index(g * out_chans_per_grp + d, d, Math.floor(sizes[2] / 2), Math.floor(sizes[3] / 2)).fill_(1);
        } else {  // Volumetric convolution
          t.index(g * out_chans_per_grp + d, d, Math.floor(sizes[2] / 2), Math.floor(sizes[3] / 2), Math.floor(sizes[4] / 2)).fill_(1);
        }
      }
    }
  });
  return t;
}

// ---- fan-based initializations ----------------------------------------------------------------

/** [fan_in, fan_out] of a weight: size(1) and size(0), each times the receptive field (the product of dims 2..). */
export function _calculate_fan_in_and_fan_out(...args: PyArgs<[['tensor', Tensor]]>): [number, number] {
  const tensor = parse<{ tensor: Tensor }>('_calculate_fan_in_and_fan_out', args, ['tensor'], {}, { tensor: tensorArg }).tensor;
  const dimensions = tensor.dim();
  if (dimensions < 2) throw valueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');

  const shape = tensor.shape;
  const num_input_fmaps = shape[1];
  const num_output_fmaps = shape[0];
  let receptive_field_size = 1;
  if (dimensions > 2) {
    for (const s of shape.slice(2)) receptive_field_size *= s;
  }
  const fan_in = num_input_fmaps * receptive_field_size;
  const fan_out = num_output_fmaps * receptive_field_size;
  return [fan_in, fan_out];
}

/** fan_in or fan_out of a weight, by `mode` (case-insensitive, as PyTorch lower-cases it). */
export function _calculate_correct_fan(...args: PyArgs<[['tensor', Tensor], ['mode', FanMode | AnyString]]>): number {
  const o = parse<{ tensor: Tensor; mode: string }>('_calculate_correct_fan', args, ['tensor', 'mode'], {}, { tensor: tensorArg, mode: string });
  const tensor = o.tensor;
  const mode = o.mode.toLowerCase();
  const valid_modes = ['fan_in', 'fan_out'];
  if (!valid_modes.includes(mode)) throw valueError(`Mode ${mode} not supported, please use one of ['fan_in', 'fan_out']`);

  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  return mode === 'fan_in' ? fan_in : fan_out;
}

/**
 * Glorot/Xavier uniform initialization: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).
 * `nn.init.xavier_uniform_(w, { gain: nn.init.calculate_gain('relu') })`.
 */
export function xavier_uniform_(...args: PyArgs<[['tensor', Tensor], ['gain', number, '?']]>): Tensor {
  const o = parse<{ tensor: Tensor; gain: number }>('xavier_uniform_', args, ['tensor', 'gain'], { gain: 1 }, { tensor: tensorArg, gain: number });
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(o.tensor);
  const std = o.gain * Math.sqrt(2.0 / (fan_in + fan_out));
  const a = Math.sqrt(3.0) * std;  // Calculate uniform bounds from standard deviation

  return no_grad(() => o.tensor.uniform_(-a, a) as Tensor);
}

/** Glorot/Xavier normal initialization: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)). */
export function xavier_normal_(...args: PyArgs<[['tensor', Tensor], ['gain', number, '?']]>): Tensor {
  const o = parse<{ tensor: Tensor; gain: number }>('xavier_normal_', args, ['tensor', 'gain'], { gain: 1 }, { tensor: tensorArg, gain: number });
  const [fan_in, fan_out] = _calculate_fan_in_and_fan_out(o.tensor);
  const std = o.gain * Math.sqrt(2.0 / (fan_in + fan_out));

  return no_grad(() => o.tensor.normal_(0, std) as Tensor);
}

const kaimingShape = { tensor: tensorArg, a: number, mode: string, nonlinearity: string };
const KAIMING_NAMES = ['tensor', 'a', 'mode', 'nonlinearity'];
const KAIMING_DEFAULTS = { a: 0, mode: 'fan_in', nonlinearity: 'leaky_relu' };
type KaimingArgs = { tensor: Tensor; a: number; mode: string; nonlinearity: string };
type KaimingCall = PyArgs<[['tensor', Tensor], ['a', number, '?'], ['mode', FanMode | AnyString, '?'], ['nonlinearity', Nonlinearity | AnyString, '?']]>;

/**
 * He/Kaiming uniform initialization: U(-bound, bound) with bound = gain * sqrt(3 / fan_mode).
 * `a` is the negative slope of the rectifier after this layer (used with 'leaky_relu', the default).
 * `nn.init.kaiming_uniform_(w, { a: Math.sqrt(5) })` is nn.Linear's weight init.
 */
export function kaiming_uniform_(...args: KaimingCall): Tensor {
  const o = parse<KaimingArgs>('kaiming_uniform_', args, KAIMING_NAMES, KAIMING_DEFAULTS, kaimingShape);
  if (o.tensor.shape.includes(0)) {
    warn('Initializing zero-element tensors is a no-op');
    return o.tensor;
  }
  const fan = _calculate_correct_fan(o.tensor, o.mode);
  const gain = calculate_gain(o.nonlinearity, o.a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;  // Calculate uniform bounds from standard deviation
  return no_grad(() => o.tensor.uniform_(-bound, bound) as Tensor);
}

/** He/Kaiming normal initialization: N(0, std^2) with std = gain / sqrt(fan_mode). */
export function kaiming_normal_(...args: KaimingCall): Tensor {
  const o = parse<KaimingArgs>('kaiming_normal_', args, KAIMING_NAMES, KAIMING_DEFAULTS, kaimingShape);
  if (o.tensor.shape.includes(0)) {
    warn('Initializing zero-element tensors is a no-op');
    return o.tensor;
  }
  const fan = _calculate_correct_fan(o.tensor, o.mode);
  const gain = calculate_gain(o.nonlinearity, o.a);
  const std = gain / Math.sqrt(fan);
  return no_grad(() => o.tensor.normal_(0, std) as Tensor);
}

// ---- orthogonal and sparse --------------------------------------------------------------------

/**
 * Fills the input Tensor with a (semi) orthogonal matrix (Saxe et al. 2013), scaled by `gain`; for
 * more than 2 dimensions the trailing dimensions are flattened.
 */
export function orthogonal_(...args: PyArgs<[['tensor', Tensor], ['gain', number, '?']]>): Tensor {
  const o = parse<{ tensor: Tensor; gain: number }>('orthogonal_', args, ['tensor', 'gain'], { gain: 1 }, { tensor: tensorArg, gain: number });
  const t = o.tensor;
  if (t.dim() < 2) throw valueError('Only tensors with 2 or more dimensions are supported');

  if (t.numel() === 0) return t;  // no-op
  const rows = t.size(0);
  const cols = Math.floor(t.numel() / rows);
  const flattened: Tensor = (callAten('new_empty', [t, [rows, cols]]) as Tensor).normal_(0, 1);

  if (rows < cols) flattened.t_();

  // Compute the qr factorization
  const [q, r] = callAten('linalg_qr', [flattened]) as [Tensor, Tensor];
  // Make Q uniform according to https://arxiv.org/pdf/math-ph/0609050.pdf
  const d: Tensor = callAten('diag', [r, 0]);
  const ph = d.sign();
  q.mul_(ph);

  if (rows < cols) q.t_();

  no_grad(() => {
    t.view_as(q).copy_(q);
    t.mul_(o.gain);
  });
  return t;
}

/**
 * Fills the 2-D input Tensor as a sparse matrix (Martens 2010): N(0, std^2) values (std default
 * 0.01) with a fraction `sparsity` of each column's elements set to zero.
 */
export function sparse_(...args: PyArgs<[['tensor', Tensor], ['sparsity', number], ['std', number, '?']]>): Tensor {
  const o = parse<{ tensor: Tensor; sparsity: number; std: number }>('sparse_', args, ['tensor', 'sparsity', 'std'], { std: 0.01 }, {
    tensor: tensorArg, sparsity: number, std: number,
  });
  const t = o.tensor;
  if (t.dim() !== 2) throw valueError('Only tensors with 2 dimensions are supported');

  const [rows, cols] = t.shape;
  const num_zeros = Math.ceil(o.sparsity * rows);

  no_grad(() => {
    t.normal_(0, o.std);
    for (let col_idx = 0; col_idx < cols; col_idx++) {
      const row_indices = randperm(rows);
      const zero_indices = row_indices.slice(0, null, num_zeros);
      t.select(1, col_idx).index_put_([zero_indices], 0);
    }
  });
  return t;
}

// ---- deprecated names (PyTorch keeps them for backward compatibility) -------------------------

function _make_deprecate<F extends (...args: any[]) => Tensor>(meth: F, new_name: string): F {
  const old_name = new_name.slice(0, -1);
  return ((...args: any[]) => {
    warn(`nn.init.${old_name} is now deprecated in favor of nn.init.${new_name}.`);
    return meth(...args);
  }) as F;
}

/** Deprecated: use uniform_. */
export const uniform = _make_deprecate(uniform_, 'uniform_');
/** Deprecated: use normal_. */
export const normal = _make_deprecate(normal_, 'normal_');
/** Deprecated: use constant_. */
export const constant = _make_deprecate(constant_, 'constant_');
/** Deprecated: use eye_. */
export const eye = _make_deprecate(eye_, 'eye_');
/** Deprecated: use dirac_. */
export const dirac = _make_deprecate(dirac_, 'dirac_');
/** Deprecated: use xavier_uniform_. */
export const xavier_uniform = _make_deprecate(xavier_uniform_, 'xavier_uniform_');
/** Deprecated: use xavier_normal_. */
export const xavier_normal = _make_deprecate(xavier_normal_, 'xavier_normal_');
/** Deprecated: use kaiming_uniform_. */
export const kaiming_uniform = _make_deprecate(kaiming_uniform_, 'kaiming_uniform_');
/** Deprecated: use kaiming_normal_. */
export const kaiming_normal = _make_deprecate(kaiming_normal_, 'kaiming_normal_');
/** Deprecated: use orthogonal_. */
export const orthogonal = _make_deprecate(orthogonal_, 'orthogonal_');
/** Deprecated: use sparse_. */
export const sparse = _make_deprecate(sparse_, 'sparse_');
