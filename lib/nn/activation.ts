// Activation modules (PyTorch's activation.py): each stores its hyper-parameters and calls one kernel.
import { Tensor, PyArgs } from '../tensor';
import { numberRepr } from './repr';
import { markFloatDefaults } from '../python/float_marks';
import { Module } from './module';
import { initName } from './init_owner';
import { Parameter } from './parameter';
import { full } from '../creation';
import { float32, dtype } from '../dtype';
import { DeviceLike } from '../device';
import { FactoryParams, FACTORY_DEFAULTS } from './linear';
import { pyBind } from '../python/binder';
import * as F from './functional';
import { no_grad } from '../autograd';
import { TorchError } from '../errors';
import { warn } from '../python/warnings';
import { forRelease } from '../release';

const inplaceRepr = (inplace: boolean) => (inplace ? 'inplace=True' : '');

/** Activations whose only option is `inplace`. */
abstract class InplaceActivation extends Module {
  inplace: boolean;
  constructor(...args: PyArgs<[['inplace', boolean, '?']]>) {
    super();
    [this.inplace] = pyBind<[boolean]>(initName(this), args, ['inplace'], { inplace: false });
  }
  extra_repr(): string { return inplaceRepr(this.inplace); }
}

/** max(0, x) */
export class ReLU extends InplaceActivation {
  forward(input: Tensor): Tensor { return F.relu(input, this.inplace); }
}
/** min(max(0, x), 6) */
export class ReLU6 extends InplaceActivation {
  forward(input: Tensor): Tensor { return F.relu6(input, this.inplace); }
}
/** x * sigmoid(x) */
export class SiLU extends InplaceActivation {
  forward(input: Tensor): Tensor { return F.silu(input, this.inplace); }
}
/** x * tanh(softplus(x)) */
export class Mish extends InplaceActivation {
  forward(input: Tensor): Tensor { return F.mish(input, this.inplace); }
}
/** x * relu6(x + 3) / 6 */
export class Hardswish extends InplaceActivation {
  forward(input: Tensor): Tensor { return F.hardswish(input, this.inplace); }
}
/** relu6(x + 3) / 6 */
export class Hardsigmoid extends InplaceActivation {
  forward(input: Tensor): Tensor { return F.hardsigmoid(input, this.inplace); }
}
/** scale * (max(0, x) + min(0, alpha * (exp(x) - 1))) with PyTorch's fixed alpha and scale. */
export class SELU extends InplaceActivation {
  forward(input: Tensor): Tensor { return F.selu(input, this.inplace); }
}

/** 1 / (1 + exp(-x)) */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor { return input.sigmoid(); }
}
/** tanh(x) */
export class Tanh extends Module {
  forward(input: Tensor): Tensor { return input.tanh(); }
}

/** max(0, x) + negative_slope * min(0, x). Args: negative_slope=0.01, inplace=false. */
export class LeakyReLU extends Module {
  negative_slope: number;
  inplace: boolean;
  constructor(...args: PyArgs<[['negative_slope', number, '?'], ['inplace', boolean, '?']]>) {
    super();
    [this.negative_slope, this.inplace] = pyBind<[number, boolean]>('LeakyReLU.__init__', args, ['negative_slope', 'inplace'], { negative_slope: 0.01, inplace: false });
  }
  forward(input: Tensor): Tensor { return F.leaky_relu(input, this.negative_slope, this.inplace); }
  extra_repr(): string { return `negative_slope=${this.negative_slope}${this.inplace ? ', inplace=True' : ''}`; }
}

/** x if x > 0 else alpha * (exp(x) - 1). Args: alpha=1.0, inplace=false. */
export class ELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(...args: PyArgs<[['alpha', number, '?'], ['inplace', boolean, '?']]>) {
    super();
    [this.alpha, this.inplace] = pyBind<[number, boolean]>('ELU.__init__', args, ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
    markFloatDefaults(this, args, ['alpha', 'inplace'], ['alpha']);
  }
  forward(input: Tensor): Tensor { return F.elu(input, this.alpha, this.inplace); }
  extra_repr(): string { return `alpha=${numberRepr(this, 'alpha')}${this.inplace ? ', inplace=True' : ''}`; }
}

/** x * Φ(x), exact or with the tanh approximation. Args: approximate='none' | 'tanh'. */
export class GELU extends Module {
  approximate: 'none' | 'tanh';
  constructor(...args: PyArgs<[['approximate', 'none' | 'tanh', '?']]>) {
    super();
    [this.approximate] = pyBind<['none' | 'tanh']>('GELU.__init__', args, ['approximate'], { approximate: 'none' });
  }
  forward(input: Tensor): Tensor { return F.gelu(input, { approximate: this.approximate }); }
  extra_repr(): string { return `approximate='${this.approximate}'`; }
}

/** softmax / log_softmax along dim. */
abstract class SoftmaxLike extends Module {
  dim: number | null;
  constructor(...args: PyArgs<[['dim', number | null, '?']]>) {
    super();
    [this.dim] = pyBind<[number | null]>(initName(this), args, ['dim'], { dim: null });
  }
  extra_repr(): string { return `dim=${this.dim === null ? 'None' : this.dim}`; }
}
export class Softmax extends SoftmaxLike {
  forward(input: Tensor): Tensor { return F.softmax(input, this.dim, { _stacklevel: 5 }); }
}
export class LogSoftmax extends SoftmaxLike {
  forward(input: Tensor): Tensor { return F.log_softmax(input, this.dim, { _stacklevel: 5 }); }
}

/** Leaky ReLU with a random slope in [lower, upper] while training, their mean in eval. */
export class RReLU extends Module {
  lower: number;
  upper: number;
  inplace: boolean;
  constructor(...args: PyArgs<[['lower', number, '?'], ['upper', number, '?'], ['inplace', boolean, '?']]>) {
    super();
    [this.lower, this.upper, this.inplace] = pyBind<[number, number, boolean]>('RReLU.__init__', args, ['lower', 'upper', 'inplace'], { lower: 1 / 8, upper: 1 / 3, inplace: false });
  }
  forward(input: Tensor): Tensor { return F.rrelu(input, this.lower, this.upper, this.training, this.inplace); }
  extra_repr(): string { return `lower=${this.lower}, upper=${this.upper}${this.inplace ? ', inplace=True' : ''}`; }
}

/** Leaky ReLU with a learned slope per channel (or one shared). Args: num_parameters=1, init=0.25. */
export class PReLU extends Module {
  num_parameters: number;
  weight: Parameter;
  init: number;
  constructor(...args: PyArgs<[['num_parameters', number, '?'], ['init', number, '?'], ...FactoryParams]>) {
    super();
    const [n, init, device, dt] = pyBind<[number, number, DeviceLike | null, dtype | null]>('PReLU.__init__', args,
      ['num_parameters', 'init', 'device', 'dtype'], { num_parameters: 1, init: 0.25, ...FACTORY_DEFAULTS });
    this.num_parameters = n;
    this.init = init;
    this.weight = Parameter(full([n], init, { dtype: dt ?? float32, device: device ?? undefined }));
  }
  reset_parameters(): void { no_grad(() => this.weight.fill_(this.init)); }
  forward(input: Tensor): Tensor { return F.prelu(input, this.weight); }
  extra_repr(): string { return `num_parameters=${this.num_parameters}`; }
}

/** max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). */
export class CELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(...args: PyArgs<[['alpha', number, '?'], ['inplace', boolean, '?']]>) {
    super();
    [this.alpha, this.inplace] = pyBind<[number, boolean]>('CELU.__init__', args, ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
    markFloatDefaults(this, args, ['alpha', 'inplace'], ['alpha']);
  }
  forward(input: Tensor): Tensor { return F.celu(input, this.alpha, this.inplace); }
  extra_repr(): string { return `alpha=${numberRepr(this, 'alpha')}${this.inplace ? ', inplace=True' : ''}`; }
}

/** log(1 + exp(beta * x)) / beta, linear above threshold. */
// PyTorch 1.13's Softplus defaults are ints (beta=1, threshold=20); 2.6's are floats (1.0, 20.0).
const SOFTPLUS_FLOAT_DEFAULTS = forRelease([['1.13', []], ['2.6', ['beta', 'threshold']]]);

export class Softplus extends Module {
  beta: number;
  threshold: number;
  constructor(...args: PyArgs<[['beta', number, '?'], ['threshold', number, '?']]>) {
    super();
    [this.beta, this.threshold] = pyBind<[number, number]>('Softplus.__init__', args, ['beta', 'threshold'], { beta: 1, threshold: 20 });
    markFloatDefaults(this, args, ['beta', 'threshold'], SOFTPLUS_FLOAT_DEFAULTS);
  }
  forward(input: Tensor): Tensor { return F.softplus(input, this.beta, this.threshold); }
  extra_repr(): string { return `beta=${numberRepr(this, 'beta')}, threshold=${numberRepr(this, 'threshold')}`; }
}

/** clamp(x, min_val, max_val). */
export class Hardtanh extends Module {
  min_val: number;
  max_val: number;
  inplace: boolean;
  constructor(...args: PyArgs<[['min_val', number, '?'], ['max_val', number, '?'], ['inplace', boolean, '?'], ['min_value', number | null, '?'], ['max_value', number | null, '?']]>) {
    super();
    const [min_val, max_val, inplace, min_value, max_value] = pyBind<[number, number, boolean, number | null, number | null]>('Hardtanh.__init__', args,
      ['min_val', 'max_val', 'inplace', 'min_value', 'max_value'], { min_val: -1.0, max_val: 1.0, inplace: false, min_value: null, max_value: null });
    this.min_val = min_val;
    this.max_val = max_val;
    this.inplace = inplace;
    markFloatDefaults(this, args, ['min_val', 'max_val', 'inplace', 'min_value', 'max_value'], ['min_val', 'max_val']);
    if (min_value !== null) {
      warn('keyword argument min_value is deprecated and rename to min_val', 'DeprecationWarning');
      this.min_val = min_value;
    }
    if (max_value !== null) {
      warn('keyword argument max_value is deprecated and rename to max_val', 'DeprecationWarning');
      this.max_val = max_value;
    }
    if (!(this.max_val > this.min_val)) throw new TorchError(`Hardtanh: max_val (${this.max_val}) must be greater than min_val (${this.min_val})`, 'AssertionError');
  }
  forward(input: Tensor): Tensor { return F.hardtanh(input, this.min_val, this.max_val, this.inplace); }
  extra_repr(): string { return `min_val=${numberRepr(this, 'min_val')}, max_val=${numberRepr(this, 'max_val')}${this.inplace ? ', inplace=True' : ''}`; }
}

/**
 * Modern gated/squared activations used in current models; PyTorch has no modules for them.
 * ReLUSquared: relu(x)²  (as in Primer / nanoGPT speedruns).
 */
export class ReLUSquared extends Module {
  forward(input: Tensor): Tensor { return F.relu(input).square(); }
}

/**
 * SwiGLU gating: splits the last dim in two halves (a, b) and returns silu(a) * b, the feed-forward
 * gate of LLaMA-style models. Args: dim=-1. (PyTorch has no module for it; F.glu is the sigmoid variant.)
 */
export class SwiGLU extends Module {
  dim: number;
  constructor(...args: PyArgs<[['dim', number, '?']]>) {
    super();
    [this.dim] = pyBind<[number]>('SwiGLU.__init__', args, ['dim'], { dim: -1 });
  }
  forward(input: Tensor): Tensor {
    const [a, b] = input.chunk(2, this.dim);
    return F.silu(a).mul(b);
  }
  extra_repr(): string { return `dim=${this.dim}`; }
}

/** x where x > threshold, else value. Args: threshold, value, inplace=false. */
export class Threshold extends Module {
  threshold: number;
  value: number;
  inplace: boolean;
  constructor(...args: PyArgs<[['threshold', number], ['value', number], ['inplace', boolean, '?']]>) {
    super();
    [this.threshold, this.value, this.inplace] = pyBind<[number, number, boolean]>('Threshold.__init__', args, ['threshold', 'value', 'inplace'], { inplace: false });
  }
  forward(input: Tensor): Tensor { return F.threshold(input, this.threshold, this.value, this.inplace); }
  extra_repr(): string { return `threshold=${this.threshold}, value=${this.value}${this.inplace ? ', inplace=True' : ''}`; }
}

/** Shrinkage activations with one `lambd` (default 0.5). */
abstract class Shrink extends Module {
  lambd: number;
  constructor(...args: PyArgs<[['lambd', number, '?']]>) {
    super();
    [this.lambd] = pyBind<[number]>(initName(this), args, ['lambd'], { lambd: 0.5 });
  }
  extra_repr(): string { return String(this.lambd); }
}
/** x where |x| > lambd, else 0. */
export class Hardshrink extends Shrink {
  forward(input: Tensor): Tensor { return F.hardshrink(input, this.lambd); }
}
/** x − lambd · sign(x) where |x| > lambd, else 0. */
export class Softshrink extends Shrink {
  forward(input: Tensor): Tensor { return F.softshrink(input, this.lambd); }
}
/** x − tanh(x). */
export class Tanhshrink extends Module {
  forward(input: Tensor): Tensor { return F.tanhshrink(input); }
}
/** x / (1 + |x|). */
export class Softsign extends Module {
  forward(input: Tensor): Tensor { return F.softsign(input); }
}
/** log σ(x). */
export class LogSigmoid extends Module {
  forward(input: Tensor): Tensor { return F.logsigmoid(input); }
}
/** softmax(−x) along dim. */
export class Softmin extends SoftmaxLike {
  forward(input: Tensor): Tensor { return F.softmin(input, this.dim, { _stacklevel: 5 }); }
}
/** Softmax over the channels of (N, C, H, W) or (C, H, W) input. */
export class Softmax2d extends Module {
  forward(input: Tensor): Tensor {
    if (input.dim() !== 3 && input.dim() !== 4) throw new TorchError(`Softmax2d: expected input to be 3D or 4D, got ${input.dim()}D instead`, 'AssertionError');
    return F.softmax(input, -3, { _stacklevel: 5 });
  }
}
/** a ⊗ σ(b), with the input split in halves a, b along dim (default -1). */
export class GLU extends Module {
  dim: number;
  constructor(...args: PyArgs<[['dim', number, '?']]>) {
    super();
    [this.dim] = pyBind<[number]>('GLU.__init__', args, ['dim'], { dim: -1 });
  }
  forward(input: Tensor): Tensor { return F.glu(input, this.dim); }
  extra_repr(): string { return `dim=${this.dim}`; }
}
