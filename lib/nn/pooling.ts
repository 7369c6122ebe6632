// Pooling modules (PyTorch's pooling.py). Sizes are kept as given (an int prints as an int).
import { Tensor } from '../tensor';
import { Module } from './module';
import { pyValue } from './repr';
import * as F from './functional';

type Size = number | number[];
export interface MaxPoolOptions { stride?: Size | null; padding?: Size; dilation?: Size; return_indices?: boolean; ceil_mode?: boolean }

abstract class MaxPoolNd extends Module {
  kernel_size: Size;
  stride: Size;
  padding: Size;
  dilation: Size;
  return_indices: boolean;
  ceil_mode: boolean;
  constructor(kernel_size: Size, options: MaxPoolOptions = {}) {
    super();
    this.kernel_size = kernel_size;
    this.stride = options.stride ?? kernel_size;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.return_indices = options.return_indices ?? false;
    this.ceil_mode = options.ceil_mode ?? false;
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

export interface AvgPoolOptions { stride?: Size | null; padding?: Size; ceil_mode?: boolean; count_include_pad?: boolean; divisor_override?: number | null }
/** Mean over windows of (N, C, H, W). */
export class AvgPool2d extends Module {
  kernel_size: Size;
  stride: Size;
  padding: Size;
  ceil_mode: boolean;
  count_include_pad: boolean;
  divisor_override: number | null;
  constructor(kernel_size: Size, options: AvgPoolOptions = {}) {
    super();
    this.kernel_size = kernel_size;
    this.stride = options.stride ?? kernel_size;
    this.padding = options.padding ?? 0;
    this.ceil_mode = options.ceil_mode ?? false;
    this.count_include_pad = options.count_include_pad ?? true;
    this.divisor_override = options.divisor_override ?? null;
  }
  forward(input: Tensor): Tensor {
    return F.avg_pool2d(input, this.kernel_size, { stride: this.stride, padding: this.padding, ceil_mode: this.ceil_mode, count_include_pad: this.count_include_pad, divisor_override: this.divisor_override } as any);
  }
  extra_repr(): string { return `kernel_size=${pyValue(this.kernel_size)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}`; }
}

/** Mean pooling to a fixed output size. */
export class AdaptiveAvgPool2d extends Module {
  constructor(public output_size: number | (number | null)[]) { super(); }
  forward(input: Tensor): Tensor { return F.adaptive_avg_pool2d(input, this.output_size); }
  extra_repr(): string { return `output_size=${pyValue(this.output_size)}`; }
}
