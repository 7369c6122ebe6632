// Identity, Linear, Bilinear, Flatten, Unflatten (PyTorch's linear.py and flatten.py).
import { Tensor } from '../tensor';
import { native } from '../native';
import { callAten } from '../ops/dispatch';
import { empty } from '../creation';
import { dtype } from '../dtype';
import { DeviceLike } from '../device';
import { no_grad } from '../autograd';
import { Module } from './module';
import { Parameter } from './parameter';
import * as init from './init';

export interface FactoryKwargs { device?: DeviceLike; dtype?: dtype }

/** y = x. Arguments are accepted and ignored, as PyTorch's. */
export class Identity extends Module {
  constructor(..._args: unknown[]) { super(); }
  forward(input: Tensor): Tensor { return input; }
}

/** PyTorch's Linear/Conv init: kaiming_uniform_(a=sqrt(5)) weight, bias uniform in ±1/sqrt(fan_in). */
export function resetLinearLike(weight: Tensor, bias: Tensor | null): void {
  init.kaiming_uniform_(weight, { a: Math.sqrt(5) });
  if (bias) {
    const [fanIn] = init._calculate_fan_in_and_fan_out(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    init.uniform_(bias, -bound, bound);
  }
}

/**
 * y = x Wᵀ + b. Args: in_features, out_features, {bias=true, device, dtype}.
 * Shapes: input (*, in_features) -> output (*, out_features).
 */
export class Linear extends Module {
  in_features: number;
  out_features: number;
  weight: Parameter;
  bias: Parameter | null;
  constructor(in_features: number, out_features: number, options: { bias?: boolean } & FactoryKwargs | boolean = {}) {
    super();
    const o = typeof options === 'boolean' ? { bias: options } : options;
    for (const [k, v] of [['in_features', in_features], ['out_features', out_features]] as const)
      if (!Number.isInteger(v) || v < 0) throw new (Number.isInteger(v) ? RangeError : TypeError)(`Expected non-negative integer for ${k} but received ${String(v)} of type ${typeof v}`);
    this.in_features = in_features;
    this.out_features = out_features;
    const f = { dtype: o.dtype, device: o.device };
    this.weight = Parameter(empty([out_features, in_features], f));
    this.bias = o.bias ?? true ? Parameter(empty([out_features], f)) : null;
    this.reset_parameters();
  }
  reset_parameters(): void { resetLinearLike(this.weight, this.bias); }
  forward(input: Tensor): Tensor { return native.linear(input, this.weight, this.bias); }
  extra_repr(): string { return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias !== null ? 'True' : 'False'}`; }
}

/** y = x1ᵀ A x2 + b. Args: in1_features, in2_features, out_features, {bias}. */
export class Bilinear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(public in1_features: number, public in2_features: number, public out_features: number, options: { bias?: boolean } & FactoryKwargs = {}) {
    super();
    const f = { dtype: options.dtype, device: options.device };
    this.weight = Parameter(empty([out_features, in1_features, in2_features], f));
    this.bias = options.bias ?? true ? Parameter(empty([out_features], f)) : null;
    this.reset_parameters();
  }
  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.size(1));
    no_grad(() => {
      this.weight.uniform_(-bound, bound);
      if (this.bias) this.bias.uniform_(-bound, bound);
    });
  }
  forward(input1: Tensor, input2: Tensor): Tensor { return callAten('bilinear', [input1, input2, this.weight, this.bias]); }
  extra_repr(): string { return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${this.bias !== null ? 'True' : 'False'}`; }
}

/** Flattens dims start_dim..end_dim (defaults 1..-1). */
export class Flatten extends Module {
  start_dim: number;
  end_dim: number;
  constructor(start_dim: number | { start_dim?: number; end_dim?: number } = 1, end_dim = -1) {
    super();
    const o = typeof start_dim === 'object' ? start_dim : { start_dim, end_dim };
    this.start_dim = o.start_dim ?? 1;
    this.end_dim = o.end_dim ?? -1;
  }
  forward(input: Tensor): Tensor { return input.flatten(this.start_dim, this.end_dim); }
  extra_repr(): string { return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`; }
}

/** Expands dim into unflattened_size. */
export class Unflatten extends Module {
  constructor(public dim: number, public unflattened_size: number[]) { super(); }
  forward(input: Tensor): Tensor { return input.unflatten(this.dim, this.unflattened_size); }
  extra_repr(): string { return `dim=${this.dim}, unflattened_size=(${this.unflattened_size.join(', ')}${this.unflattened_size.length === 1 ? ',' : ''})`; }
}
