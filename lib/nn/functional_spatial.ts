// torch.nn.functional's operations on the spatial layout of images (PyTorch 1.13's functional.py):
// sliding-window fold/unfold, sampling grids, channel shuffling, local response normalization and
// the deprecated upsample functions. Same signatures, checks and ATen operators as Python.
import { Tensor } from '../tensor';
import { callAten } from '../ops/dispatch';
import { TorchError } from '../errors';
import { typed } from '../python/check';
import { listRepr, sizeRepr } from '../python/repr';
import { warnOnce as warn } from '../python/warnings';
import { isInt, tensor, float, int, str, optBool, ints, optInts, signature, SigArgs } from './signature';
import { ntuple } from './repr';
import { avg_pool2d, avg_pool3d } from './functional_pooling';
import { pad, interpolate } from './functional';

const optScale = typed<number | number[]>('a number or an array of numbers', (v) => typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number'))).nullable().default(null);

// ---- fold, unfold -------------------------------------------------------------------------

const unfoldSig = signature('unfold', [
  ['input', tensor], ['kernel_size', ints], ['dilation', ints.default(1)], ['padding', ints.default(0)], ['stride', ints.default(1)],
]);
/** Extracts sliding local blocks: (N, C, H, W) -> (N, C·kH·kW, L) (im2col). */
export function unfold(...args: SigArgs<typeof unfoldSig>): Tensor {
  const a = unfoldSig.bind(args);
  return callAten('im2col', [a.input, ntuple(a.kernel_size, 2), ntuple(a.dilation, 2), ntuple(a.padding, 2), ntuple(a.stride, 2)], '');
}

const foldSig = signature('fold', [
  ['input', tensor], ['output_size', ints], ['kernel_size', ints], ['dilation', ints.default(1)], ['padding', ints.default(0)],
  ['stride', ints.default(1)],
]);
/** Sums sliding local blocks back into an image: (N, C·kH·kW, L) -> (N, C, H, W) (col2im), the adjoint of unfold. */
export function fold(...args: SigArgs<typeof foldSig>): Tensor {
  const a = foldSig.bind(args);
  return callAten('col2im', [a.input, ntuple(a.output_size, 2), ntuple(a.kernel_size, 2), ntuple(a.dilation, 2), ntuple(a.padding, 2), ntuple(a.stride, 2)], '');
}

// ---- sampling grids -----------------------------------------------------------------------

function warnAlignCorners(): boolean {
  warn('Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.');
  return false;
}

const GRID_MODES: Record<string, number> = { bilinear: 0, nearest: 1, bicubic: 2 };
const GRID_PADDING: Record<string, number> = { zeros: 0, border: 1, reflection: 2 };
const gridSampleSig = signature('grid_sample', [
  ['input', tensor], ['grid', tensor], ['mode', str.default('bilinear')], ['padding_mode', str.default('zeros')], ['align_corners', optBool],
]);
/** Samples `input` (N, C, H, W) at the normalized (x, y) locations of `grid` (N, H_out, W_out, 2); 5-d input takes (x, y, z). */
export function grid_sample(...args: SigArgs<typeof gridSampleSig>): Tensor {
  const a = gridSampleSig.bind(args);
  const mode = GRID_MODES[a.mode];
  if (mode === undefined) throw new TorchError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${a.mode}'`, 'ValueError');
  const padding = GRID_PADDING[a.padding_mode];
  if (padding === undefined) {
    throw new TorchError(`nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${a.padding_mode}'`, 'ValueError');
  }
  return callAten('grid_sampler', [a.input, a.grid, mode, padding, a.align_corners ?? warnAlignCorners()]);
}

const affineGridSig = signature('affine_grid', [
  ['theta', tensor], ['size', typed<number[]>('an array of integers', (v) => Array.isArray(v) && v.every(isInt))], ['align_corners', optBool],
]);
/** The sampling grid (N, H, W, 2) of the affine maps `theta` (N, 2, 3), or (N, D, H, W, 3) of (N, 3, 4), for grid_sample. */
export function affine_grid(...args: SigArgs<typeof affineGridSig>): Tensor {
  const a = affineGridSig.bind(args);
  const alignCorners = a.align_corners ?? warnAlignCorners();
  const { theta, size } = a;
  if (!theta.is_floating_point()) throw new TorchError(`Expected theta to have floating point type, but got ${theta.dtype}`, 'ValueError');
  let spatial: number[];
  if (size.length === 4) {
    if (theta.dim() !== 3 || theta.size(-2) !== 2 || theta.size(-1) !== 3) {
      throw new TorchError(`Expected a batch of 2D affine matrices of shape Nx2x3 for size ${listRepr(size)}. Got ${sizeRepr(theta.shape)}.`, 'ValueError');
    }
    spatial = size.slice(-2);
  } else if (size.length === 5) {
    if (theta.dim() !== 3 || theta.size(-2) !== 3 || theta.size(-1) !== 4) {
      throw new TorchError(`Expected a batch of 3D affine matrices of shape Nx3x4 for size ${listRepr(size)}. Got ${sizeRepr(theta.shape)}.`, 'ValueError');
    }
    spatial = size.slice(-3);
  } else {
    throw new TorchError(`affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${listRepr(size)}.`, 'NotImplementedError');
  }
  if (alignCorners && Math.min(...spatial) === 1) {
    warn('Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. This is not an intended use case of affine_grid. See the documentation of affine_grid for details.');
  } else if (Math.min(...size) <= 0) {
    throw new TorchError(`Expected non-zero, positive output size. Got ${listRepr(size)}`, 'ValueError');
  }
  return callAten('affine_grid_generator', [theta, size, alignCorners], '');
}

// ---- channels -----------------------------------------------------------------------------

const channelShuffleSig = signature('channel_shuffle', [['input', tensor], ['groups', int]]);
/** Splits the C channels of (N, C, *) into `groups` and transposes them (ShuffleNet). */
export function channel_shuffle(...args: SigArgs<typeof channelShuffleSig>): Tensor {
  const a = channelShuffleSig.bind(args);
  return callAten('channel_shuffle', [a.input, a.groups], '');
}
const nativeChannelShuffleSig = signature('native_channel_shuffle', [['input', tensor], ['groups', int]]);
/** channel_shuffle through ATen's native kernel. */
export function native_channel_shuffle(...args: SigArgs<typeof nativeChannelShuffleSig>): Tensor {
  const a = nativeChannelShuffleSig.bind(args);
  return callAten('native_channel_shuffle', [a.input, a.groups]);
}

const lrnSig = signature('local_response_norm', [
  ['input', tensor], ['size', int], ['alpha', float.default(1e-4)], ['beta', float.default(0.75)], ['k', float.default(1.0)],
]);
/** Normalizes each element by the energy of its `size` neighbouring channels: x / (k + α/n Σ x²)^β. */
export function local_response_norm(...args: SigArgs<typeof lrnSig>): Tensor {
  const { input, size, alpha, beta, k } = lrnSig.bind(args);
  const dim = input.dim();
  if (dim < 3) throw new TorchError(`Expected 3D or higher dimensionality                          input (got ${dim} dimensions)`, 'ValueError');
  if (input.numel() === 0) return input;
  let div = input.mul(input).unsqueeze(1);
  const before = Math.floor(size / 2), after = Math.floor((size - 1) / 2);
  if (dim === 3) {
    div = pad(div, [0, 0, before, after]);
    div = avg_pool2d(div, [size, 1], { stride: 1 }).squeeze(1);
  } else {
    const sizes = input.shape;
    div = div.view(sizes[0], 1, sizes[1], sizes[2], -1);
    div = pad(div, [0, 0, 0, 0, before, after]);
    div = avg_pool3d(div, [size, 1, 1], { stride: 1 }).squeeze(1);
    div = div.view(sizes);
  }
  return input.div(div.mul(alpha).add(k).pow(beta));
}

// ---- deprecated upsampling ----------------------------------------------------------------

const upsampleSig = signature('upsample', [
  ['input', tensor], ['size', optInts], ['scale_factor', optScale], ['mode', str.default('nearest')], ['align_corners', optBool],
]);
/** interpolate under its old name (deprecated in PyTorch, and warns so). */
export function upsample(...args: SigArgs<typeof upsampleSig>): Tensor {
  const a = upsampleSig.bind(args);
  warn('nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.');
  return interpolate(a.input, a.size, a.scale_factor, a.mode as any, a.align_corners);
}
const upsampleNearestSig = signature('upsample_nearest', [['input', tensor], ['size', optInts], ['scale_factor', optScale]]);
/** interpolate with mode 'nearest' (deprecated in PyTorch, and warns so). */
export function upsample_nearest(...args: SigArgs<typeof upsampleNearestSig>): Tensor {
  const a = upsampleNearestSig.bind(args);
  warn('nn.functional.upsample_nearest is deprecated. Use nn.functional.interpolate instead.');
  return interpolate(a.input, a.size, a.scale_factor, 'nearest');
}
const upsampleBilinearSig = signature('upsample_bilinear', [['input', tensor], ['size', optInts], ['scale_factor', optScale]]);
/** interpolate with mode 'bilinear' and align_corners=True (deprecated in PyTorch, and warns so). */
export function upsample_bilinear(...args: SigArgs<typeof upsampleBilinearSig>): Tensor {
  const a = upsampleBilinearSig.bind(args);
  warn('nn.functional.upsample_bilinear is deprecated. Use nn.functional.interpolate instead.');
  return interpolate(a.input, a.size, a.scale_factor, 'bilinear', true);
}
