// Identity, Linear, Bilinear, Flatten, Unflatten (PyTorch's linear.py and flatten.py).
import { Tensor, PyArgs } from '../tensor';
import { empty } from '../creation';
import { dtype } from '../dtype';
import { DeviceLike } from '../device';
import { no_grad } from '../autograd';
import { Module } from './module';
import { Parameter } from './parameter';
import * as init from './init';
import * as F from './functional';
import { none } from './args';
import { pyBind } from '../python/binder';
import { describeValue } from '../python/check';

export interface FactoryKwargs { device?: DeviceLike | null; dtype?: dtype | null }
/** The trailing `device=None, dtype=None` parameters of layers that create tensors. */
export type FactoryParams = [['device', DeviceLike | null, '?'], ['dtype', dtype | null, '?']];
export const FACTORY_DEFAULTS = { device: null, dtype: null };
/** The factory kwargs for torch.empty & co. from bound device and dtype values. */
export const factory = (device: DeviceLike | null, dt: dtype | null): { device?: DeviceLike; dtype?: dtype } => ({ device: device ?? undefined, dtype: dt ?? undefined });

/** Python's check that a size argument is a non-negative integer. */
export function checkSize(name: string, v: unknown, positive = false): number {
  const message = `Expected ${positive ? 'positive' : 'non-negative'} integer for ${name} but received ${describeValue(v)}`;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(message);
  if (positive ? v <= 0 : v < 0) throw new RangeError(message);
  return v;
}

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
  /** Typed non-null (like Tensor.grad); null at run time when bias=False. */
  bias: Parameter;
  constructor(...args: PyArgs<[['in_features', number], ['out_features', number], ['bias', boolean, '?'], ...FactoryParams]>) {
    super();
    const [in_features, out_features, bias, device, dt] = pyBind<[number, number, boolean, DeviceLike | null, dtype | null]>('Linear.__init__', args,
      ['in_features', 'out_features', 'bias', 'device', 'dtype'], { bias: true, ...FACTORY_DEFAULTS });
    this.in_features = checkSize('in_features', in_features);
    this.out_features = checkSize('out_features', out_features);
    const f = factory(device, dt);
    this.weight = Parameter(empty([out_features, in_features], f));
    this.bias = bias ? Parameter(empty([out_features], f)) : none();
    this.reset_parameters();
  }
  reset_parameters(): void { resetLinearLike(this.weight, this.bias); }
  forward(input: Tensor): Tensor { return F.linear(input, this.weight, this.bias); }
  extra_repr(): string { return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias !== null ? 'True' : 'False'}`; }
}

/** y = x1ᵀ A x2 + b. Args: in1_features, in2_features, out_features, bias=true, device, dtype. */
export class Bilinear extends Module {
  in1_features: number;
  in2_features: number;
  out_features: number;
  weight: Parameter;
  /** Typed non-null (like Tensor.grad); null at run time when bias=False. */
  bias: Parameter;
  constructor(...args: PyArgs<[['in1_features', number], ['in2_features', number], ['out_features', number], ['bias', boolean, '?'], ...FactoryParams]>) {
    super();
    const [in1, in2, out, bias, device, dt] = pyBind<[number, number, number, boolean, DeviceLike | null, dtype | null]>('Bilinear.__init__', args,
      ['in1_features', 'in2_features', 'out_features', 'bias', 'device', 'dtype'], { bias: true, ...FACTORY_DEFAULTS });
    this.in1_features = checkSize('in1_features', in1);
    this.in2_features = checkSize('in2_features', in2);
    this.out_features = checkSize('out_features', out);
    const f = factory(device, dt);
    this.weight = Parameter(empty([out, in1, in2], f));
    this.bias = bias ? Parameter(empty([out], f)) : none();
    this.reset_parameters();
  }
  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.size(1));
    no_grad(() => {
      this.weight.uniform_(-bound, bound);
      if (this.bias) this.bias.uniform_(-bound, bound);
    });
  }
  forward(input1: Tensor, input2: Tensor): Tensor { return F.bilinear(input1, input2, this.weight, this.bias); }
  extra_repr(): string { return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${this.bias !== null ? 'True' : 'False'}`; }
}

/** Flattens dims start_dim..end_dim (defaults 1..-1). */
export class Flatten extends Module {
  start_dim: number;
  end_dim: number;
  constructor(...args: PyArgs<[['start_dim', number, '?'], ['end_dim', number, '?']]>) {
    super();
    [this.start_dim, this.end_dim] = pyBind<[number, number]>('Flatten.__init__', args, ['start_dim', 'end_dim'], { start_dim: 1, end_dim: -1 });
  }
  forward(input: Tensor): Tensor { return input.flatten(this.start_dim, this.end_dim); }
  extra_repr(): string { return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`; }
}

/** Expands dim into unflattened_size. */
export class Unflatten extends Module {
  dim: number;
  unflattened_size: number[];
  constructor(...args: PyArgs<[['dim', number], ['unflattened_size', number[]]]>) {
    super();
    [this.dim, this.unflattened_size] = pyBind<[number, number[]]>('Unflatten.__init__', args, ['dim', 'unflattened_size']);
    if (!Array.isArray(this.unflattened_size)) throw new TypeError('unflattened_size must be tuple of ints, but found type ' + typeof this.unflattened_size);
  }
  forward(input: Tensor): Tensor { return input.unflatten(this.dim, this.unflattened_size); }
  extra_repr(): string { return `dim=${this.dim}, unflattened_size=(${this.unflattened_size.join(', ')}${this.unflattened_size.length === 1 ? ',' : ''})`; }
}
