// Padding, upsampling and pixel-shuffle modules (PyTorch's padding.py, upsampling.py, pixelshuffle.py).
import { Tensor, PyArgs } from '../tensor';
import { Module } from './module';
import { initName } from './init_owner';
import { pyBind } from '../python/binder';
import { forRelease } from '../release';
import { pyValue } from './repr';
import * as F from './functional';

/** A padding size as PyTorch's _pair/_quadruple expand it: `n` gives (n, n) or (n, n, n, n). */
function expand(padding: number | number[], n: number): number[] {
  return Array.isArray(padding) ? [...padding] : Array(n).fill(padding);
}

/** Pads the last dims with `value` (ConstantPad1d/2d, ZeroPad2d). */
abstract class ConstantPadNd extends Module {
  padding: number[];
  value: number;
  constructor(n: number, padding: number | number[], value: number) {
    super();
    this.padding = expand(padding, n);
    this.value = value;
  }
  forward(input: Tensor): Tensor { return F.pad(input, this.padding, 'constant', this.value); }
  extra_repr(): string { return `padding=${pyValue(this.padding)}, value=${this.value}`; }
}
type ConstantPadArgs = PyArgs<[['padding', number | number[]], ['value', number]]>;
/** Pads the last dim by (left, right) with `value`. */
export class ConstantPad1d extends ConstantPadNd {
  constructor(...args: ConstantPadArgs) { super(2, ...pyBind<[number | number[], number]>('ConstantPad1d.__init__', args, ['padding', 'value'])); }
}
/** Pads the last two dims by (left, right, top, bottom) with `value`. */
export class ConstantPad2d extends ConstantPadNd {
  constructor(...args: ConstantPadArgs) { super(4, ...pyBind<[number | number[], number]>('ConstantPad2d.__init__', args, ['padding', 'value'])); }
}
/** Pads the last three dims by (left, right, top, bottom, front, back) with `value`. */
export class ConstantPad3d extends ConstantPadNd {
  constructor(...args: ConstantPadArgs) { super(6, ...pyBind<[number | number[], number]>('ConstantPad3d.__init__', args, ['padding', 'value'])); }
}
/** Pads the last two dims by (left, right, top, bottom) with zeros. */
export class ZeroPad2d extends ConstantPadNd {
  constructor(...args: PyArgs<[['padding', number | number[]]]>) { super(4, pyBind<[number | number[]]>('ZeroPad2d.__init__', args, ['padding'])[0], 0.0); }
  extra_repr(): string { return pyValue(this.padding); }
}

/** Reflection or replication padding of the last dims. */
abstract class ModePadNd extends Module {
  padding: number[];
  protected abstract mode: 'reflect' | 'replicate';
  constructor(n: number, args: unknown[]) {
    super();
    this.padding = expand(pyBind<[number | number[]]>(initName(this), args, ['padding'])[0], n);
  }
  forward(input: Tensor): Tensor { return F.pad(input, this.padding, this.mode); }
  extra_repr(): string { return pyValue(this.padding); }
}
type PadArgs = PyArgs<[['padding', number | number[]]]>;
/** Pads the last dim by reflecting the input at its border. */
export class ReflectionPad1d extends ModePadNd {
  protected get mode(): 'reflect' { return 'reflect'; }
  constructor(...args: PadArgs) { super(2, args); }
}
/** Pads the last two dims by reflecting the input at its border. */
export class ReflectionPad2d extends ModePadNd {
  protected get mode(): 'reflect' { return 'reflect'; }
  constructor(...args: PadArgs) { super(4, args); }
}
/** Pads the last dim by repeating the border value. */
export class ReplicationPad1d extends ModePadNd {
  protected get mode(): 'replicate' { return 'replicate'; }
  constructor(...args: PadArgs) { super(2, args); }
}
/** Pads the last two dims by repeating the border values. */
export class ReplicationPad2d extends ModePadNd {
  protected get mode(): 'replicate' { return 'replicate'; }
  constructor(...args: PadArgs) { super(4, args); }
}

/** Pads the last three dims by reflecting the input at its border. */
export class ReflectionPad3d extends ModePadNd {
  protected get mode(): 'reflect' { return 'reflect'; }
  constructor(...args: PadArgs) { super(6, args); }
}
/** Pads the last three dims by repeating the border values. */
export class ReplicationPad3d extends ModePadNd {
  protected get mode(): 'replicate' { return 'replicate'; }
  constructor(...args: PadArgs) { super(6, args); }
}

type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area' | 'nearest-exact';
/** Resizes (N, C, *spatial) input to `size` or by `scale_factor` (F.interpolate as a module). */
export class Upsample extends Module {
  size: number | number[] | null;
  scale_factor: number | number[] | null;
  mode: InterpolateMode;
  align_corners: boolean | null;
  recompute_scale_factor: boolean | null;
  constructor(...args: PyArgs<[['size', number | number[] | null, '?'], ['scale_factor', number | number[] | null, '?'], ['mode', InterpolateMode, '?'],
    ['align_corners', boolean | null, '?'], ['recompute_scale_factor', boolean | null, '?']]>) {
    super();
    [this.size, this.scale_factor, this.mode, this.align_corners, this.recompute_scale_factor] = pyBind<[number | number[] | null, number | number[] | null, InterpolateMode, boolean | null, boolean | null]>(
      'Upsample.__init__', args, ['size', 'scale_factor', 'mode', 'align_corners', 'recompute_scale_factor'],
      { size: null, scale_factor: null, mode: 'nearest', align_corners: null, recompute_scale_factor: null });
    if (this.scale_factor === 0) this.scale_factor = null;  // Python: `float(scale_factor) if scale_factor else None`
  }
  forward(input: Tensor): Tensor {
    return F.interpolate(input, this.size, this.scale_factor, this.mode, this.align_corners, { recompute_scale_factor: this.recompute_scale_factor });
  }
  extra_repr(): string {
    const info = this.scale_factor !== null ? `scale_factor=${pyValue(this.scale_factor, true)}` : `size=${pyValue(this.size)}`;
    return `${info}, mode=${forRelease([['1.13', this.mode], ['2.6', `'${this.mode}'`]])}`;
  }
}

type Upsampling2dArgs = PyArgs<[['size', number | number[] | null, '?'], ['scale_factor', number | number[] | null, '?']]>;
/** Nearest-neighbour upsampling of (N, C, H, W) (Upsample with mode 'nearest'). */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: Upsampling2dArgs) {
    const [size, scale_factor] = pyBind<[number | number[] | null, number | number[] | null]>('UpsamplingNearest2d.__init__', args, ['size', 'scale_factor'], { size: null, scale_factor: null });
    super(size, scale_factor, 'nearest');
  }
}
/** Bilinear upsampling of (N, C, H, W) with align_corners=True (Upsample with mode 'bilinear'). */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: Upsampling2dArgs) {
    const [size, scale_factor] = pyBind<[number | number[] | null, number | number[] | null]>('UpsamplingBilinear2d.__init__', args, ['size', 'scale_factor'], { size: null, scale_factor: null });
    super(size, scale_factor, 'bilinear', true);
  }
}

/** (*, C·r², H, W) -> (*, C, H·r, W·r). */
export class PixelShuffle extends Module {
  upscale_factor: number;
  constructor(...args: PyArgs<[['upscale_factor', number]]>) {
    super();
    [this.upscale_factor] = pyBind<[number]>('PixelShuffle.__init__', args, ['upscale_factor']);
  }
  forward(input: Tensor): Tensor { return F.pixel_shuffle(input, this.upscale_factor); }
  extra_repr(): string { return `upscale_factor=${this.upscale_factor}`; }
}
/** (*, C, H·r, W·r) -> (*, C·r², H, W). */
export class PixelUnshuffle extends Module {
  downscale_factor: number;
  constructor(...args: PyArgs<[['downscale_factor', number]]>) {
    super();
    [this.downscale_factor] = pyBind<[number]>('PixelUnshuffle.__init__', args, ['downscale_factor']);
  }
  forward(input: Tensor): Tensor { return F.pixel_unshuffle(input, this.downscale_factor); }
  extra_repr(): string { return `downscale_factor=${this.downscale_factor}`; }
}

/** x1·x2 / max(‖x1‖ ‖x2‖, eps) along dim (default 1). */
export class CosineSimilarity extends Module {
  dim: number;
  eps: number;
  constructor(...args: PyArgs<[['dim', number, '?'], ['eps', number, '?']]>) {
    super();
    [this.dim, this.eps] = pyBind<[number, number]>('CosineSimilarity.__init__', args, ['dim', 'eps'], { dim: 1, eps: 1e-8 });
  }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.cosine_similarity(x1, x2, this.dim, this.eps); }
}
/** ‖x1 − x2 + eps‖_p along the last dim. */
export class PairwiseDistance extends Module {
  norm: number;
  eps: number;
  keepdim: boolean;
  constructor(...args: PyArgs<[['p', number, '?'], ['eps', number, '?'], ['keepdim', boolean, '?']]>) {
    super();
    [this.norm, this.eps, this.keepdim] = pyBind<[number, number, boolean]>('PairwiseDistance.__init__', args, ['p', 'eps', 'keepdim'], { p: 2.0, eps: 1e-6, keepdim: false });
  }
  forward(x1: Tensor, x2: Tensor): Tensor { return F.pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim); }
}

