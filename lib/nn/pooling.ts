// Pooling modules (PyTorch's pooling.py). Sizes are kept as given (an int prints as an int).
import { Tensor, PyArgs } from '../tensor';
import { Module } from './module';
import { pyValue, ntuple } from './repr';
import * as F from './functional';
import { pyBind } from '../python/binder';

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
    const [kernel_size, stride, padding, dilation, return_indices, ceil_mode] = pyBind<[Size, Size | null, Size, Size, boolean, boolean]>(`${this._get_name()}.__init__`, args,
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

/** Mean over windows of (N, C, H, W). */
export class AvgPool2d extends Module {
  kernel_size: Size;
  stride: Size;
  padding: Size;
  ceil_mode: boolean;
  count_include_pad: boolean;
  divisor_override: number | null;
  constructor(...args: PyArgs<[['kernel_size', Size], ['stride', Size | null, '?'], ['padding', Size, '?'], ['ceil_mode', boolean, '?'], ['count_include_pad', boolean, '?'], ['divisor_override', number | null, '?']]>) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override] = pyBind<[Size, Size | null, Size, boolean, boolean, number | null]>('AvgPool2d.__init__', args,
      ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'], { stride: null, padding: 0, ceil_mode: false, count_include_pad: true, divisor_override: null });
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.ceil_mode = ceil_mode;
    this.count_include_pad = count_include_pad;
    this.divisor_override = divisor_override;
  }
  forward(input: Tensor): Tensor {
    return F.avg_pool2d(input, this.kernel_size, { stride: this.stride, padding: this.padding, ceil_mode: this.ceil_mode, count_include_pad: this.count_include_pad, divisor_override: this.divisor_override } as any);
  }
  extra_repr(): string { return `kernel_size=${pyValue(this.kernel_size)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`; }
}

/** Mean pooling to a fixed output size. */
export class AdaptiveAvgPool2d extends Module {
  output_size: number | (number | null)[];
  constructor(...args: PyArgs<[['output_size', number | (number | null)[]]]>) {
    super();
    [this.output_size] = pyBind<[number | (number | null)[]]>('AdaptiveAvgPool2d.__init__', args, ['output_size'], {});
  }
  forward(input: Tensor): Tensor { return F.adaptive_avg_pool2d(input, this.output_size); }
  extra_repr(): string { return `output_size=${pyValue(this.output_size)}`; }
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
    [this.output_size] = pyBind<[number | number[]]>('AdaptiveAvgPool1d.__init__', args, ['output_size']);
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
    [this.output_size, this.return_indices] = pyBind<[number | (number | null)[], boolean]>(`${this._get_name()}.__init__`, args, ['output_size', 'return_indices'], { return_indices: false });
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
