// Fold, Unfold (PyTorch's fold.py) and ChannelShuffle (channelshuffle.py).
import { Tensor, PyArgs } from '../tensor';
import { Module } from './module';
import { pyBind } from '../python/binder';
import { pyValue } from './repr';
import * as F from './functional';

type Size = number | number[];

/** Extracts sliding local blocks: (N, C, H, W) -> (N, C·∏kernel_size, L). */
export class Unfold extends Module {
  kernel_size: Size;
  dilation: Size;
  padding: Size;
  stride: Size;
  constructor(...args: PyArgs<[['kernel_size', Size], ['dilation', Size, '?'], ['padding', Size, '?'], ['stride', Size, '?']]>) {
    super();
    [this.kernel_size, this.dilation, this.padding, this.stride] = pyBind<[Size, Size, Size, Size]>('Unfold.__init__', args,
      ['kernel_size', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 });
  }
  forward(input: Tensor): Tensor { return F.unfold(input, this.kernel_size, this.dilation, this.padding, this.stride); }
  extra_repr(): string {
    return `kernel_size=${pyValue(this.kernel_size)}, dilation=${pyValue(this.dilation)}, padding=${pyValue(this.padding)}, stride=${pyValue(this.stride)}`;
  }
}

/** Sums sliding local blocks into a tensor: (N, C·∏kernel_size, L) -> (N, C, *output_size). */
export class Fold extends Module {
  output_size: Size;
  kernel_size: Size;
  dilation: Size;
  padding: Size;
  stride: Size;
  constructor(...args: PyArgs<[['output_size', Size], ['kernel_size', Size], ['dilation', Size, '?'], ['padding', Size, '?'], ['stride', Size, '?']]>) {
    super();
    [this.output_size, this.kernel_size, this.dilation, this.padding, this.stride] = pyBind<[Size, Size, Size, Size, Size]>('Fold.__init__', args,
      ['output_size', 'kernel_size', 'dilation', 'padding', 'stride'], { dilation: 1, padding: 0, stride: 1 });
  }
  forward(input: Tensor): Tensor { return F.fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride); }
  extra_repr(): string {
    return `output_size=${pyValue(this.output_size)}, kernel_size=${pyValue(this.kernel_size)}, dilation=${pyValue(this.dilation)}, padding=${pyValue(this.padding)}, stride=${pyValue(this.stride)}`;
  }
}

/** Splits the channels of (N, C, *) into `groups` and interleaves them. */
export class ChannelShuffle extends Module {
  groups: number;
  constructor(...args: PyArgs<[['groups', number]]>) {
    super();
    [this.groups] = pyBind<[number]>('ChannelShuffle.__init__', args, ['groups']);
  }
  forward(input: Tensor): Tensor { return F.channel_shuffle(input, this.groups); }
  extra_repr(): string { return `groups=${this.groups}`; }
}
