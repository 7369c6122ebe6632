// Pooling modules (PyTorch's pooling.py). Sizes are kept as given (an int prints as an int).
import { Tensor, PyArgs } from '../tensor';
import { Module } from './module';
import { initName } from './init_owner';
import { pyValue, ntuple } from './repr';
import * as F from './functional';
import { pyBind } from '../python/binder';
import { TorchError } from '../errors';

type Size = number | number[];
export type MaxPoolArgs = PyArgs<[['kernel_size', Size], ['stride', Size | null, '?'], ['padding', Size, '?'], ['dilation', Size, '?'], ['return_indices', boolean, '?'], ['ceil_mode', boolean, '?']]>;

abstract class MaxPoolNd extends Module {
  kernel_size: Size;
  stride: Size;
  padding: Size;
  dilation: Size;
  return_indices: boolean;
  ceil_mode: boolean;
  constructor(...args: MaxPoolArgs) {
    super();
    const [kernel_size, stride, padding, dilation, return_indices, ceil_mode] = pyBind<[Size, Size | null, Size, Size, boolean, boolean]>(initName(this), args,
      ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'], { stride: null, padding: 0, dilation: 1, return_indices: false, ceil_mode: false });
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.dilation = dilation;
    this.return_indices = return_indices;
    this.ceil_mode = ceil_mode;
  }
  protected opts() {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceil_mode: this.ceil_mode, return_indices: this.return_indices } as any;
  }
  extra_repr(): string {
    return `kernel_size=${pyValue(this.kernel_size)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${pyValue(this.ceil_mode)}`;
  }
}
/** Max over windows of (N, C, L). */
export class MaxPool1d extends MaxPoolNd {
  forward(input: Tensor): Tensor | [Tensor, Tensor] { return F.max_pool1d(input, this.kernel_size, this.opts()); }
}
/** Max over windows of (N, C, H, W). */
export class MaxPool2d extends MaxPoolNd {
  forward(input: Tensor): Tensor | [Tensor, Tensor] { return F.max_pool2d(input, this.kernel_size, this.opts()); }
}
/** Max over windows of (N, C, D, H, W). */
export class MaxPool3d extends MaxPoolNd {
  forward(input: Tensor): Tensor | [Tensor, Tensor] { return F.max_pool3d(input, this.kernel_size, this.opts()); }
}

/** Mean over windows of 2 or 3 spatial dims. */
abstract class AvgPoolNd extends Module {
  kernel_size: Size;
  stride: Size;
  padding: Size;
  ceil_mode: boolean;
  count_include_pad: boolean;
  divisor_override: number | null;
  constructor(...args: PyArgs<[['kernel_size', Size], ['stride', Size | null, '?'], ['padding', Size, '?'], ['ceil_mode', boolean, '?'], ['count_include_pad', boolean, '?'], ['divisor_override', number | null, '?']]>) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override] = pyBind<[Size, Size | null, Size, boolean, boolean, number | null]>(initName(this), args,
      ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'], { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, divisor_override: null });
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.ceil_mode = ceil_mode;
    this.count_include_pad = count_include_pad;
    this.divisor_override = divisor_override;
  }
  protected abstract pool: typeof F.avg_pool2d;
  forward(input: Tensor): Tensor {
    return this.pool(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
  extra_repr(): string { return `kernel_size=${pyValue(this.kernel_size)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`; }
}
/** Mean over windows of (N, C, H, W). */
export class AvgPool2d extends AvgPoolNd {
  protected get pool() { return F.avg_pool2d; }
}
/** Mean over windows of (N, C, D, H, W). */
export class AvgPool3d extends AvgPoolNd {
  protected get pool() { return F.avg_pool3d; }
}

/** Mean pooling to a fixed output size (`null` keeps that input dim). */
abstract class AdaptiveAvgPoolNd extends Module {
  output_size: number | (number | null)[];
  constructor(...args: PyArgs<[['output_size', number | (number | null)[]]]>) {
    super();
    [this.output_size] = pyBind<[number | (number | null)[]]>(initName(this), args, ['output_size'], {});
  }
  extra_repr(): string { return `output_size=${pyValue(this.output_size)}`; }
}
/** Mean pooling of (N, C, H, W) to a fixed output size. */
export class AdaptiveAvgPool2d extends AdaptiveAvgPoolNd {
  forward(input: Tensor): Tensor { return F.adaptive_avg_pool2d(input, this.output_size); }
}
/** Mean pooling of (N, C, D, H, W) to a fixed output size. */
export class AdaptiveAvgPool3d extends AdaptiveAvgPoolNd {
  forward(input: Tensor): Tensor { return F.adaptive_avg_pool3d(input, this.output_size); }
}

/** Mean over windows of (N, C, L). Sizes are kept as 1-tuples, as PyTorch's _single does. */
export class AvgPool1d extends Module {
  kernel_size: number[];
  stride: number[];
  padding: number[];
  ceil_mode: boolean;
  count_include_pad: boolean;
  constructor(...args: PyArgs<[['kernel_size', Size], ['stride', Size | null, '?'], ['padding', Size, '?'], ['ceil_mode', boolean, '?'], ['count_include_pad', boolean, '?']]>) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad] = pyBind<[Size, Size | null, Size, boolean, boolean]>('AvgPool1d.__init__', args,
      ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad'], { stride: null, padding: 0, ceil_mode: false, count_include_pad: true });
    this.kernel_size = ntuple(kernel_size, 1);
    this.stride = ntuple(stride ?? kernel_size, 1);
    this.padding = ntuple(padding, 1);
    this.ceil_mode = ceil_mode;
    this.count_include_pad = count_include_pad;
  }
  forward(input: Tensor): Tensor { return F.avg_pool1d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad); }
  extra_repr(): string { return `kernel_size=${pyValue(this.kernel_size)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`; }
}

/** Mean pooling of (N, C, L) to a fixed output length. */
export class AdaptiveAvgPool1d extends Module {
  output_size: number | number[];
  constructor(...args: PyArgs<[['output_size', number | number[]]]>) {
    super();
    [this.output_size] = pyBind<[number | number[]]>(initName(this), args, ['output_size']);
  }
  forward(input: Tensor): Tensor { return F.adaptive_avg_pool1d(input, this.output_size); }
  extra_repr(): string { return `output_size=${pyValue(this.output_size)}`; }
}

/** Max pooling to a fixed output size; with return_indices also the indices. */
abstract class AdaptiveMaxPoolNd extends Module {
  output_size: number | (number | null)[];
  return_indices: boolean;
  constructor(...args: PyArgs<[['output_size', number | (number | null)[]], ['return_indices', boolean, '?']]>) {
    super();
    [this.output_size, this.return_indices] = pyBind<[number | (number | null)[], boolean]>(initName(this), args, ['output_size', 'return_indices'], { return_indices: false });
  }
  extra_repr(): string { return `output_size=${pyValue(this.output_size)}`; }
}
/** Max pooling of (N, C, L) to a fixed output length. */
export class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd {
  forward(input: Tensor): Tensor | [Tensor, Tensor] { return F.adaptive_max_pool1d(input, this.output_size as number | number[], this.return_indices); }
}
/** Max pooling of (N, C, H, W) to a fixed output size (`null` keeps that input dim). */
export class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd {
  forward(input: Tensor): Tensor | [Tensor, Tensor] { return F.adaptive_max_pool2d(input, this.output_size, this.return_indices); }
}
/** Max pooling of (N, C, D, H, W) to a fixed output size (`null` keeps that input dim). */
export class AdaptiveMaxPool3d extends AdaptiveMaxPoolNd {
  forward(input: Tensor): Tensor | [Tensor, Tensor] { return F.adaptive_max_pool3d(input, this.output_size, this.return_indices); }
}

/** The partial inverse of MaxPoolNd: `forward(input, indices, output_size?)` puts each value back where its max came from. */
abstract class MaxUnpoolNd extends Module {
  kernel_size: number[];
  stride: number[];
  padding: number[];
  protected abstract dims(): 1 | 2 | 3;
  constructor(...args: PyArgs<[['kernel_size', Size], ['stride', Size | null, '?'], ['padding', Size, '?']]>) {
    super();
    const [kernel_size, stride, padding] = pyBind<[Size, Size | null, Size]>(initName(this), args, ['kernel_size', 'stride', 'padding'], { stride: null, padding: 0 });
    this.kernel_size = ntuple(kernel_size, this.dims());
    this.stride = ntuple(stride ?? kernel_size, this.dims());
    this.padding = ntuple(padding, this.dims());
  }
  forward(...args: PyArgs<[['input', Tensor], ['indices', Tensor], ['output_size', number[] | null, '?']]>): Tensor {
    // forward_signatures.ts binds the call to PyTorch's signature: positional values arrive here.
    const [input, indices, output_size = null] = args as [Tensor, Tensor, (number[] | null)?];
    const unpool = [F.max_unpool1d, F.max_unpool2d, F.max_unpool3d][this.dims() - 1];
    return unpool(input, indices, this.kernel_size, this.stride, this.padding, output_size);
  }
  extra_repr(): string { return `kernel_size=${pyValue(this.kernel_size)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`; }
}
/** Partial inverse of MaxPool1d. */
export class MaxUnpool1d extends MaxUnpoolNd { protected dims(): 1 { return 1; } }
/** Partial inverse of MaxPool2d. */
export class MaxUnpool2d extends MaxUnpoolNd { protected dims(): 2 { return 2; } }
/** Partial inverse of MaxPool3d. */
export class MaxUnpool3d extends MaxUnpoolNd { protected dims(): 3 { return 3; } }

/** Power-average pooling: (Σ xᵖ over each window)^(1/p). */
abstract class LPPoolNd extends Module {
  norm_type: number;
  kernel_size: Size;
  stride: Size | null;
  ceil_mode: boolean;
  constructor(...args: PyArgs<[['norm_type', number], ['kernel_size', Size], ['stride', Size | null, '?'], ['ceil_mode', boolean, '?']]>) {
    super();
    [this.norm_type, this.kernel_size, this.stride, this.ceil_mode] = pyBind<[number, Size, Size | null, boolean]>('_LPPoolNd.__init__', args,
      ['norm_type', 'kernel_size', 'stride', 'ceil_mode'], { stride: null, ceil_mode: false });
  }
  extra_repr(): string {
    return `norm_type=${pyValue(this.norm_type)}, kernel_size=${pyValue(this.kernel_size)}, stride=${pyValue(this.stride)}, ceil_mode=${pyValue(this.ceil_mode)}`;
  }
}
/** Power-average pooling over (N, C, L). */
export class LPPool1d extends LPPoolNd {
  forward(input: Tensor): Tensor { return F.lp_pool1d(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode); }
}
/** Power-average pooling over (N, C, H, W). */
export class LPPool2d extends LPPoolNd {
  forward(input: Tensor): Tensor { return F.lp_pool2d(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode); }
}

/** Fractional max pooling (Graham, 2014): windows at random steps that give `output_size`, or `output_ratio` of the input. */
abstract class FractionalMaxPoolNd extends Module {
  kernel_size: number[];
  return_indices: boolean;
  output_size: number[] | null;
  output_ratio: number[] | null;
  declare _random_samples: Tensor | null;
  protected abstract dims(): 2 | 3;
  constructor(...args: PyArgs<[['kernel_size', Size], ['output_size', Size | null, '?'], ['output_ratio', number | number[] | null, '?'], ['return_indices', boolean, '?'],
    ['_random_samples', Tensor | null, '?']]>) {
    super();
    const name = this._get_name();
    const [kernel_size, output_size, output_ratio, return_indices, samples] = pyBind<[Size, Size | null, number | number[] | null, boolean, Tensor | null]>(`${name}.__init__`, args,
      ['kernel_size', 'output_size', 'output_ratio', 'return_indices', '_random_samples'], { output_size: null, output_ratio: null, return_indices: false, _random_samples: null });
    this.kernel_size = ntuple(kernel_size, this.dims());
    this.return_indices = return_indices;
    this.register_buffer('_random_samples', samples);
    this.output_size = output_size === null ? null : ntuple(output_size, this.dims());
    this.output_ratio = output_ratio === null ? null : ntuple(output_ratio, this.dims());
    if (output_size === null && output_ratio === null) throw new TorchError(`${name} requires specifying either an output size, or a pooling ratio`, 'ValueError');
    if (output_size !== null && output_ratio !== null) throw new TorchError('only one of output_size and output_ratio may be specified', 'ValueError');
    if (this.output_ratio !== null && !this.output_ratio.every((r) => r > 0 && r < 1)) {
      throw new TorchError(`output_ratio must be between 0 and 1 (got ${pyValue(output_ratio, true)})`, 'ValueError');
    }
  }
  forward(input: Tensor): Tensor | [Tensor, Tensor] {
    const pool = this.dims() === 2 ? F.fractional_max_pool2d : F.fractional_max_pool3d;
    return pool(input, this.kernel_size, this.output_size, this.output_ratio, this.return_indices, { _random_samples: this._random_samples }) as Tensor | [Tensor, Tensor];
  }
}
/** Fractional max pooling over (N, C, H, W). */
export class FractionalMaxPool2d extends FractionalMaxPoolNd { protected dims(): 2 { return 2; } }
/** Fractional max pooling over (N, C, D, H, W). */
export class FractionalMaxPool3d extends FractionalMaxPoolNd { protected dims(): 3 { return 3; } }
