// Activation modules (PyTorch's activation.py): each stores its hyper-parameters and calls one kernel.
import { Tensor, bindArgs } from '../tensor';
import { native } from '../native';
import { callAten } from '../ops/dispatch';
import { Module } from './module';
import { Parameter } from './parameter';
import { full } from '../creation';
import { float32 } from '../dtype';
import { FactoryKwargs } from './linear';
import * as F from './functional';

const inplaceRepr = (inplace: boolean) => (inplace ? 'inplace=True' : '');
const pyNumber = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));

/** Activations whose only option is `inplace`. */
abstract class InplaceActivation extends Module {
  inplace: boolean;
  constructor(inplace: boolean | { inplace?: boolean } = false) {
    super();
    this.inplace = typeof inplace === 'object' ? inplace.inplace ?? false : inplace;
  }
  extra_repr(): string { return inplaceRepr(this.inplace); }
}

/** max(0, x) */
export class ReLU extends InplaceActivation {
  forward(input: Tensor): Tensor { return this.inplace ? native.relu_(input) : native.relu(input); }
}
/** min(max(0, x), 6) */
export class ReLU6 extends InplaceActivation {
  forward(input: Tensor): Tensor { return this.inplace ? callAten('hardtanh_', [input, 0, 6]) : native.relu6(input); }
}
/** x * sigmoid(x) */
export class SiLU extends InplaceActivation {
  forward(input: Tensor): Tensor { return this.inplace ? native.silu_(input) : native.silu(input); }
}
/** x * tanh(softplus(x)) */
export class Mish extends InplaceActivation {
  forward(input: Tensor): Tensor { return this.inplace ? native.mish_(input) : native.mish(input); }
}
/** x * relu6(x + 3) / 6 */
export class Hardswish extends InplaceActivation {
  forward(input: Tensor): Tensor { return this.inplace ? native.hardswish_(input) : native.hardswish(input); }
}
/** relu6(x + 3) / 6 */
export class Hardsigmoid extends InplaceActivation {
  forward(input: Tensor): Tensor { return this.inplace ? native.hardsigmoid_(input) : native.hardsigmoid(input); }
}
/** scale * (max(0, x) + min(0, alpha * (exp(x) - 1))) with PyTorch's fixed alpha and scale. */
export class SELU extends InplaceActivation {
  forward(input: Tensor): Tensor { return this.inplace ? native.selu_(input) : native.selu(input); }
}

/** 1 / (1 + exp(-x)) */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor { return native.sigmoid(input); }
}
/** tanh(x) */
export class Tanh extends Module {
  forward(input: Tensor): Tensor { return native.tanh(input); }
}

/** max(0, x) + negative_slope * min(0, x). Args: negative_slope=0.01, inplace=false. */
export class LeakyReLU extends Module {
  negative_slope: number;
  inplace: boolean;
  constructor(negative_slope?: number | { negative_slope?: number; inplace?: boolean }, inplace?: boolean) {
    super();
    [this.negative_slope, this.inplace] = bindArgs([negative_slope, inplace], ['negative_slope', 'inplace'], { negative_slope: 0.01, inplace: false });
  }
  forward(input: Tensor): Tensor { return callAten(this.inplace ? 'leaky_relu_' : 'leaky_relu', [input, this.negative_slope]); }
  extra_repr(): string { return `negative_slope=${this.negative_slope}${this.inplace ? ', inplace=True' : ''}`; }
}

/** x if x > 0 else alpha * (exp(x) - 1). Args: alpha=1.0, inplace=false. */
export class ELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(alpha?: number | { alpha?: number; inplace?: boolean }, inplace?: boolean) {
    super();
    [this.alpha, this.inplace] = bindArgs([alpha, inplace], ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
  }
  forward(input: Tensor): Tensor { return callAten(this.inplace ? 'elu_' : 'elu', [input, this.alpha]); }
  extra_repr(): string { return `alpha=${pyNumber(this.alpha)}${this.inplace ? ', inplace=True' : ''}`; }
}

/** x * Φ(x), exact or with the tanh approximation. Args: approximate='none' | 'tanh'. */
export class GELU extends Module {
  approximate: 'none' | 'tanh';
  constructor(approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none') {
    super();
    this.approximate = typeof approximate === 'object' ? approximate.approximate ?? 'none' : approximate;
  }
  forward(input: Tensor): Tensor { return callAten('gelu', [input, { approximate: this.approximate }]); }
  extra_repr(): string { return `approximate='${this.approximate}'`; }
}

/** softmax / log_softmax along dim. */
abstract class SoftmaxLike extends Module {
  dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = typeof dim === 'object' && dim !== null ? dim.dim ?? null : dim;
  }
  protected resolvedDim(input: Tensor): number {
    if (this.dim !== null) return this.dim;
    const nd = input.dim();  // PyTorch's legacy implicit dim choice
    return nd === 0 || nd === 1 || nd === 3 ? 0 : 1;
  }
  extra_repr(): string { return `dim=${this.dim === null ? 'None' : this.dim}`; }
}
export class Softmax extends SoftmaxLike {
  forward(input: Tensor): Tensor { return native.softmax(input, this.resolvedDim(input)); }
}
export class LogSoftmax extends SoftmaxLike {
  forward(input: Tensor): Tensor { return native.log_softmax(input, this.resolvedDim(input)); }
}

/** Leaky ReLU with a random slope in [lower, upper] while training, their mean in eval. */
export class RReLU extends Module {
  lower: number;
  upper: number;
  inplace: boolean;
  constructor(lower?: number | { lower?: number; upper?: number; inplace?: boolean }, upper?: number, inplace?: boolean) {
    super();
    [this.lower, this.upper, this.inplace] = bindArgs([lower, upper, inplace], ['lower', 'upper', 'inplace'], { lower: 1 / 8, upper: 1 / 3, inplace: false });
  }
  forward(input: Tensor): Tensor { return F.rrelu(input, this.lower, this.upper, this.training, this.inplace); }
  extra_repr(): string { return `lower=${this.lower}, upper=${this.upper}${this.inplace ? ', inplace=True' : ''}`; }
}

/** Leaky ReLU with a learned slope per channel (or one shared). Args: num_parameters=1, init=0.25. */
export class PReLU extends Module {
  num_parameters: number;
  weight: Parameter;
  constructor(num_parameters: number | { num_parameters?: number; init?: number } & FactoryKwargs = 1, init = 0.25) {
    super();
    const o = typeof num_parameters === 'object' ? num_parameters : { num_parameters, init };
    this.num_parameters = o.num_parameters ?? 1;
    this.weight = Parameter(full([this.num_parameters], o.init ?? 0.25, { dtype: (o as FactoryKwargs).dtype ?? float32, device: (o as FactoryKwargs).device }));
  }
  forward(input: Tensor): Tensor { return F.prelu(input, this.weight); }
  extra_repr(): string { return `num_parameters=${this.num_parameters}`; }
}

/** max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). */
export class CELU extends Module {
  alpha: number;
  inplace: boolean;
  constructor(alpha?: number | { alpha?: number; inplace?: boolean }, inplace?: boolean) {
    super();
    [this.alpha, this.inplace] = bindArgs([alpha, inplace], ['alpha', 'inplace'], { alpha: 1.0, inplace: false });
  }
  forward(input: Tensor): Tensor { return F.celu(input, this.alpha, this.inplace); }
  extra_repr(): string { return `alpha=${pyNumber(this.alpha)}${this.inplace ? ', inplace=True' : ''}`; }
}

/** log(1 + exp(beta * x)) / beta, linear above threshold. */
export class Softplus extends Module {
  beta: number;
  threshold: number;
  constructor(beta?: number | { beta?: number; threshold?: number }, threshold?: number) {
    super();
    [this.beta, this.threshold] = bindArgs([beta, threshold], ['beta', 'threshold'], { beta: 1, threshold: 20 });
  }
  forward(input: Tensor): Tensor { return F.softplus(input, this.beta, this.threshold); }
  extra_repr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}

/** clamp(x, min_val, max_val). */
export class Hardtanh extends Module {
  min_val: number;
  max_val: number;
  inplace: boolean;
  constructor(min_val?: number | { min_val?: number; max_val?: number; inplace?: boolean }, max_val?: number, inplace?: boolean) {
    super();
    [this.min_val, this.max_val, this.inplace] = bindArgs([min_val, max_val, inplace], ['min_val', 'max_val', 'inplace'], { min_val: -1.0, max_val: 1.0, inplace: false });
  }
  forward(input: Tensor): Tensor { return F.hardtanh(input, this.min_val, this.max_val, this.inplace); }
  extra_repr(): string { return `min_val=${pyNumber(this.min_val)}, max_val=${pyNumber(this.max_val)}${this.inplace ? ', inplace=True' : ''}`; }
}

/**
 * Modern gated/squared activations used in current models; PyTorch has no modules for them.
 * ReLUSquared: relu(x)²  (as in Primer / nanoGPT speedruns).
 */
export class ReLUSquared extends Module {
  forward(input: Tensor): Tensor { return native.relu(input).square(); }
}

/**
 * SwiGLU gating: splits the last dim in two halves (a, b) and returns silu(a) * b, the feed-forward
 * gate of LLaMA-style models. Args: dim=-1. (PyTorch has no module for it; F.glu is the sigmoid variant.)
 */
export class SwiGLU extends Module {
  constructor(public dim = -1) { super(); }
  forward(input: Tensor): Tensor {
    const [a, b] = input.chunk(2, this.dim);
    return native.silu(a).mul(b);
  }
  extra_repr(): string { return `dim=${this.dim}`; }
}
