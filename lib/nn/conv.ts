// Conv1d and Conv2d (PyTorch's conv.py): weight (out, in/groups, *kernel), PyTorch's init and padding modes.
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { empty } from '../creation';
import { Module } from './module';
import { Parameter } from './parameter';
import { FactoryKwargs, resetLinearLike } from './linear';
import { ntuple, pyValue } from './repr';
import * as F from './functional';

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
export interface ConvOptions extends FactoryKwargs {
  stride?: number | number[];
  padding?: number | number[] | 'same' | 'valid';
  dilation?: number | number[];
  groups?: number;
  bias?: boolean;
  padding_mode?: PaddingMode;
}

/** The shared part of ConvNd: hyper-parameters, weight and bias, printing. */
export abstract class ConvNd extends Module {
  in_channels: number;
  out_channels: number;
  kernel_size: number[];
  stride: number[];
  padding: number[] | 'same' | 'valid';
  dilation: number[];
  groups: number;
  padding_mode: PaddingMode;
  weight: Parameter;
  bias: Parameter | null;
  /** F.pad's argument for the non-zero padding modes: the padding of each dim, last dim first, twice. */
  protected reversedPadding: number[];

  constructor(n: number, in_channels: number, out_channels: number, kernel_size: number | number[], options: ConvOptions = {}) {
    super();
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new TorchError('groups must be a positive integer', 'ValueError');
    if (in_channels % groups !== 0) throw new TorchError('in_channels must be divisible by groups', 'ValueError');
    if (out_channels % groups !== 0) throw new TorchError('out_channels must be divisible by groups', 'ValueError');
    const padding = options.padding ?? 0;
    const padding_mode = options.padding_mode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(padding_mode))
      throw new TorchError(`padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${padding_mode}'`, 'ValueError');
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.kernel_size = ntuple(kernel_size, n);
    this.stride = ntuple(options.stride ?? 1, n);
    this.padding = typeof padding === 'string' ? padding : ntuple(padding, n);
    this.dilation = ntuple(options.dilation ?? 1, n);
    this.groups = groups;
    this.padding_mode = padding_mode;
    if (padding === 'same') {
      if (this.stride.some((s) => s !== 1)) throw new TorchError("padding='same' is not supported for strided convolutions", 'ValueError');
      this.reversedPadding = [];
      for (let i = n - 1; i >= 0; i--) {
        const total = this.dilation[i] * (this.kernel_size[i] - 1);
        const left = Math.floor(total / 2);
        this.reversedPadding.push(left, total - left);
      }
    } else if (padding === 'valid') {
      this.reversedPadding = Array(2 * n).fill(0);
    } else {
      this.reversedPadding = (this.padding as number[]).slice().reverse().flatMap((p) => [p, p]);
    }
    const f = { dtype: options.dtype, device: options.device };
    this.weight = Parameter(empty([out_channels, in_channels / groups, ...this.kernel_size], f));
    this.bias = options.bias ?? true ? Parameter(empty([out_channels], f)) : null;
    Object.defineProperty(this, 'reversedPadding', { enumerable: false });
    this.reset_parameters();
  }

  reset_parameters(): void { resetLinearLike(this.weight, this.bias); }

  protected abstract conv(input: Tensor, weight: Tensor, bias: Tensor | null, padding: number[] | string): Tensor;

  forward(input: Tensor): Tensor {
    if (this.padding_mode !== 'zeros') {
      const padded = F.pad(input, this.reversedPadding, this.padding_mode);
      return this.conv(padded, this.weight, this.bias, this.kernel_size.map(() => 0));
    }
    return this.conv(input, this.weight, this.bias, this.padding);
  }

  extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyValue(this.kernel_size)}, stride=${pyValue(this.stride)}`;
    const zeroPad = Array.isArray(this.padding) && this.padding.every((p) => p === 0);
    if (!zeroPad) s += `, padding=${typeof this.padding === 'string' ? this.padding : pyValue(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyValue(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

/** 1-d convolution over (N, C_in, L) -> (N, C_out, L_out). */
export class Conv1d extends ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: number | number[], options: ConvOptions = {}) {
    super(1, in_channels, out_channels, kernel_size, options);
  }
  protected conv(input: Tensor, weight: Tensor, bias: Tensor | null, padding: number[] | string): Tensor {
    return F.conv1d(input, weight, bias, this.stride, padding as any, this.dilation, this.groups);
  }
}

/** 2-d convolution over (N, C_in, H, W) -> (N, C_out, H_out, W_out). */
export class Conv2d extends ConvNd {
  constructor(in_channels: number, out_channels: number, kernel_size: number | number[], options: ConvOptions = {}) {
    super(2, in_channels, out_channels, kernel_size, options);
  }
  protected conv(input: Tensor, weight: Tensor, bias: Tensor | null, padding: number[] | string): Tensor {
    return F.conv2d(input, weight, bias, this.stride, padding as any, this.dilation, this.groups);
  }
}
