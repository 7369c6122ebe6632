// Conv1d and Conv2d (PyTorch's conv.py): weight (out, in/groups, *kernel), PyTorch's init and padding modes.
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { empty } from '../creation';
import { Module } from './module';
import { initName } from './init_owner';
import { Parameter } from './parameter';
import { FactoryParams, FACTORY_DEFAULTS, factory, resetLinearLike } from './linear';
import { none } from './args';
import { pyBind } from '../python/binder';
import { dtype } from '../dtype';
import { DeviceLike } from '../device';
import { ntuple, pyValue } from './repr';
import * as F from './functional';

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Conv1d/Conv2d's parameters, in PyTorch's order. */
export type ConvArgs = PyArgs<[['in_channels', number], ['out_channels', number], ['kernel_size', number | number[]], ['stride', number | number[], '?'],
  ['padding', number | number[] | 'same' | 'valid', '?'], ['dilation', number | number[], '?'], ['groups', number, '?'], ['bias', boolean, '?'],
  ['padding_mode', PaddingMode, '?'], ...FactoryParams]>;
/** ConvTranspose1d/2d's parameters, in PyTorch's order. */
export type ConvTransposeArgs = PyArgs<[['in_channels', number], ['out_channels', number], ['kernel_size', number | number[]], ['stride', number | number[], '?'],
  ['padding', number | number[], '?'], ['output_padding', number | number[], '?'], ['groups', number, '?'], ['bias', boolean, '?'],
  ['dilation', number | number[], '?'], ['padding_mode', 'zeros', '?'], ...FactoryParams]>;
const CONV_PARAMS = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode', 'device', 'dtype'];
const CONV_TRANSPOSE_PARAMS = ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'output_padding', 'groups', 'bias', 'dilation', 'padding_mode', 'device', 'dtype'];
const CONV_DEFAULTS = { stride: 1, padding: 0, output_padding: 0, dilation: 1, groups: 1, bias: true, padding_mode: 'zeros', ...FACTORY_DEFAULTS };

/** The shared part of ConvNd: hyper-parameters, weight and bias, printing. */
export abstract class ConvNd extends Module {
  in_channels: number;
  out_channels: number;
  kernel_size: number[];
  stride: number[];
  padding: number[] | 'same' | 'valid';
  dilation: number[];
  transposed: boolean;
  output_padding: number[];
  groups: number;
  padding_mode: PaddingMode;
  weight: Parameter;
  /** Typed non-null (like Tensor.grad); null at run time when bias=False. */
  bias: Parameter;
  /** F.pad's argument for the non-zero padding modes: the padding of each dim, last dim first, twice. */
  protected reversedPadding: number[];

  constructor(n: number, args: unknown[], transposed = false) {
    super();
    const names = transposed ? CONV_TRANSPOSE_PARAMS : CONV_PARAMS;
    const o = Object.fromEntries(pyBind<unknown[]>(initName(this), args, names, CONV_DEFAULTS).map((v, i) => [names[i], v])) as {
      in_channels: number; out_channels: number; kernel_size: number | number[]; stride: number | number[]; padding: number | number[] | 'same' | 'valid';
      output_padding: number | number[]; dilation: number | number[]; groups: number; bias: boolean; padding_mode: PaddingMode; device: DeviceLike | null; dtype: dtype | null;
    };
    const { in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode } = o;
    if (transposed && padding_mode !== 'zeros') throw new TorchError(`Only "zeros" padding mode is supported for ${this._get_name()}`, 'ValueError');
    if (transposed && typeof padding === 'string') throw new TorchError(`padding='${padding}' is not supported for ${this._get_name()}`, 'ValueError');
    if (!Number.isInteger(groups) || groups <= 0) throw new TorchError('groups must be a positive integer', 'ValueError');
    if (in_channels % groups !== 0) throw new TorchError('in_channels must be divisible by groups', 'ValueError');
    if (out_channels % groups !== 0) throw new TorchError('out_channels must be divisible by groups', 'ValueError');
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(padding_mode))
      throw new TorchError(`padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${padding_mode}'`, 'ValueError');
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.kernel_size = ntuple(kernel_size, n);
    this.stride = ntuple(stride, n);
    this.padding = typeof padding === 'string' ? padding : ntuple(padding, n);
    this.dilation = ntuple(dilation, n);
    this.transposed = transposed;
    this.output_padding = ntuple(o.output_padding ?? 0, n);
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
    const f = factory(o.device, o.dtype);
    const shape = transposed ? [in_channels, out_channels / groups] : [out_channels, in_channels / groups];
    this.weight = Parameter(empty([...shape, ...this.kernel_size], f));
    this.bias = bias ? Parameter(empty([out_channels], f)) : none();
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
    if (this.output_padding.some((d) => d !== 0)) s += `, output_padding=${pyValue(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

/** 1-d convolution over (N, C_in, L) -> (N, C_out, L_out). */
export class Conv1d extends ConvNd {
  constructor(...args: ConvArgs) { super(1, args); }
  protected conv(input: Tensor, weight: Tensor, bias: Tensor | null, padding: number[] | string): Tensor {
    return F.conv1d(input, weight, bias, this.stride, padding as any, this.dilation, this.groups);
  }
}

/** 2-d convolution over (N, C_in, H, W) -> (N, C_out, H_out, W_out). */
export class Conv2d extends ConvNd {
  constructor(...args: ConvArgs) { super(2, args); }
  protected conv(input: Tensor, weight: Tensor, bias: Tensor | null, padding: number[] | string): Tensor {
    return F.conv2d(input, weight, bias, this.stride, padding as any, this.dilation, this.groups);
  }
}

/** 3-d convolution over (N, C_in, D, H, W) -> (N, C_out, D_out, H_out, W_out). */
export class Conv3d extends ConvNd {
  constructor(...args: ConvArgs) { super(3, args); }
  protected conv(input: Tensor, weight: Tensor, bias: Tensor | null, padding: number[] | string): Tensor {
    return F.conv3d(input, weight, bias, this.stride, padding as any, this.dilation, this.groups);
  }
}

/** The shared part of ConvTranspose1d/2d: `forward(input, output_size?)` picks output_padding from output_size. */
export abstract class ConvTransposeNd extends ConvNd {
  protected conv(): Tensor { throw new Error('unreachable'); }
  protected abstract convTranspose(input: Tensor, outputPadding: number[]): Tensor;
  /** PyTorch's _output_padding: the output_padding that gives `output_size` (the trailing spatial sizes), else this.output_padding. */
  protected outputPadding(input: Tensor, output_size: number[] | null | undefined): number[] {
    if (output_size == null) return this.output_padding;
    const n = this.kernel_size.length;
    const size = output_size.length === n + 2 ? output_size.slice(2) : output_size;
    if (size.length !== n) throw new TorchError(`ConvTranspose${n}D: for ${input.dim()}D input, output_size must have ${n} or ${n + 2} elements (got ${output_size.length})`, 'ValueError');
    const pad = this.padding as number[];
    return size.map((s, d) => {
      const min = (input.size(d - n) - 1) * this.stride[d] - 2 * pad[d] + this.dilation[d] * (this.kernel_size[d] - 1) + 1;
      const max = min + this.stride[d] - 1;
      if (s < min || s > max) throw new TorchError(`requested an output size of [${size.join(', ')}], but valid sizes range from [${min}] to [${max}] (for an input of [${input.shape.slice(2).join(', ')}])`, 'ValueError');
      return s - min;
    });
  }
  forward(...args: PyArgs<[['input', Tensor], ['output_size', number[] | null, '?']]>): Tensor {
    // forward_signatures.ts binds the call to PyTorch's signature: positional values arrive here.
    const [input, output_size] = args as [Tensor, (number[] | null)?];
    return this.convTranspose(input, this.outputPadding(input, output_size));
  }
}

/** 1-d transposed convolution ("deconvolution") over (N, C_in, L); weight is (C_in, C_out / groups, k). */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) { super(1, args, true); }
  protected convTranspose(input: Tensor, outputPadding: number[]): Tensor {
    return F.conv_transpose1d(input, this.weight, this.bias, this.stride, this.padding as number[], outputPadding, this.groups, this.dilation);
  }
}

/** 2-d transposed convolution ("deconvolution") over (N, C_in, H, W); weight is (C_in, C_out / groups, kH, kW). */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) { super(2, args, true); }
  protected convTranspose(input: Tensor, outputPadding: number[]): Tensor {
    return F.conv_transpose2d(input, this.weight, this.bias, this.stride, this.padding as number[], outputPadding, this.groups, this.dilation);
  }
}

/** 3-d transposed convolution ("deconvolution") over (N, C_in, D, H, W); weight is (C_in, C_out / groups, kD, kH, kW). */
export class ConvTranspose3d extends ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) { super(3, args, true); }
  protected convTranspose(input: Tensor, outputPadding: number[]): Tensor {
    return F.conv_transpose3d(input, this.weight, this.bias, this.stride, this.padding as number[], outputPadding, this.groups, this.dilation);
  }
}
