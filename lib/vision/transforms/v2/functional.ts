// torchvision.transforms.v2.functional for image tensors (..., C, H, W): the kernels the v2
// transform classes call, ported from torchvision's tensor kernels so results match theirs.
import { Tensor } from '../../../tensor';
import { tensor as makeTensor } from '../../../creation';
import { dtype, float32, float64, uint8, int8, int16, int32, int64, get_default_dtype } from '../../../dtype';
import { callAten } from '../../../ops/dispatch';
import { TorchError } from '../../../errors';
import { indexTensor } from '../../../utils/data/dataset';
import { isPilImage } from '../../pil';

type NestedNumbers = number | NestedNumbers[];

/** Interpolation modes of Resize (torchvision's InterpolationMode; values are F.interpolate's mode names). */
export const InterpolationMode = {
  NEAREST: 'nearest',
  NEAREST_EXACT: 'nearest-exact',
  BILINEAR: 'bilinear',
  BICUBIC: 'bicubic',
} as const;
export type InterpolationMode = (typeof InterpolationMode)[keyof typeof InterpolationMode];

/** The largest value of an integer dtype; 1 for floating point (torchvision's _max_value). */
export function _max_value(d: dtype): number {
  switch (d.name) {
    case 'uint8': return 255;
    case 'int8': return 127;
    case 'int16': return 32767;
    case 'int32': return 2147483647;
    case 'int64': return 9223372036854775807;
    case 'bool': return 1;
    default: return 1;
  }
}

function numValueBits(d: dtype): number {
  switch (d.name) {
    case 'uint8': return 8;
    case 'int8': return 7;
    case 'int16': return 15;
    case 'int32': return 31;
    case 'int64': return 63;
    default: throw new TypeError(`Number of value bits is only defined for integer dtypes, but got ${d}.`);
  }
}

/**
 * to_image(inpt): an image tensor (C, H, W). A tensor is kept (a 2-D H×W one gets a leading
 * channel dim); nested number arrays are read like numpy arrays (H×W or H×W×C, converted with
 * torch.tensor's dtype rules) and permuted to C×H×W.
 */
export function to_image(inpt: Tensor | NestedNumbers[]): Tensor {
  let output: Tensor;
  // A loaded (PIL-like) image becomes a plain image tensor: a new handle on the same pixels.
  if (inpt instanceof Tensor) output = isPilImage(inpt) ? inpt.detach() : inpt;
  else if (Array.isArray(inpt)) {
    let t = makeTensor(inpt);
    // np.atleast_3d: (N,) -> (1, N, 1), (H, W) -> (H, W, 1)
    if (t.dim() === 1) t = t.reshape(1, -1, 1);
    else if (t.dim() === 2) t = t.unsqueeze(-1);
    output = t.permute(2, 0, 1).contiguous();
  } else {
    throw new TypeError(`Input can either be a nested array of numbers or a Tensor, but got ${(inpt as object)?.constructor?.name ?? typeof inpt} instead.`);
  }
  if (output.dim() < 2) throw new TorchError(`An image needs at least 2 dimensions (H, W), but got a tensor of shape [${output.shape}]`, 'ValueError');
  return output.dim() === 2 ? output.unsqueeze(0) : output;
}

/**
 * to_dtype(image, dtype=float32, scale=false): converts the dtype; with `scale`, maps value
 * ranges (uint8 0..255 -> float 0..1 by multiplying with 1/255, as torchvision does).
 */
export function to_dtype(image: Tensor, d: dtype = float32, scale = false): Tensor {
  if (image.dtype === d) return image;
  if (!scale) return image.to(d);
  const floatInput = image.is_floating_point();
  const floatOutput = d.is_floating_point;
  if (floatInput) {
    if (floatOutput) return image.to(d);
    if ((image.dtype === float32 && (d === int32 || d === int64)) || (image.dtype === float64 && d === int64)) {
      throw new TorchError(`The conversion from ${image.dtype} to ${d} cannot be performed safely.`, 'RuntimeError');
    }
    // Scaling by max+1-eps instead of max spreads [0, 1] evenly over the integer range (torchvision's choice).
    const eps = 1e-3;
    return image.mul(_max_value(d) + 1.0 - eps).to(d);
  }
  if (floatOutput) return image.to(d).mul_(1.0 / _max_value(image.dtype));
  const bitsIn = numValueBits(image.dtype), bitsOut = numValueBits(d);
  if (bitsIn > bitsOut) return image.bitwise_right_shift(bitsIn - bitsOut).to(d);
  return image.to(d).bitwise_left_shift(bitsOut - bitsIn);
}

/** normalize(image, mean, std, inplace=false): (image - mean) / std per channel of a float (..., C, H, W) image. */
export function normalize(image: Tensor, mean: number[], std: number[], inplace = false): Tensor {
  if (!image.is_floating_point()) throw new TypeError(`Input tensor should be a float tensor. Got ${image.dtype}.`);
  if (image.dim() < 3) throw new TorchError(`Expected tensor to be a tensor image of size (..., C, H, W). Got torch.Size([${image.shape.join(', ')}]).`, 'ValueError');
  if (std.some((s) => s === 0)) throw new TorchError('std evaluated to zero, leading to division by zero.', 'ValueError');
  const m = makeTensor(mean, { dtype: image.dtype, device: image.device }).view(-1, 1, 1);
  const s = makeTensor(std, { dtype: image.dtype, device: image.device }).view(-1, 1, 1);
  const centered = inplace ? image.sub_(m) : image.sub(m);
  return centered.div_(s);
}

/** horizontal_flip(image): mirrors the last (width) dim. */
export function horizontal_flip(image: Tensor): Tensor { return image.flip(-1); }

/** vertical_flip(image): mirrors the height dim. */
export function vertical_flip(image: Tensor): Tensor { return image.flip(-2); }

/** torchvision's _parse_pad_padding: [left, top, right, bottom]-style padding -> torch's [left, right, top, bottom]. */
export function _parse_pad_padding(padding: number | number[]): [number, number, number, number] {
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  if (padding.length === 1) return [padding[0], padding[0], padding[0], padding[0]];
  if (padding.length === 2) return [padding[0], padding[0], padding[1], padding[1]];
  if (padding.length === 4) return [padding[0], padding[2], padding[1], padding[3]];
  throw new TorchError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`, 'ValueError');
}

export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** Symmetric padding (the edge pixel repeated, then mirrored): a gather along H and W. */
function padSymmetric(img: Tensor, padding: [number, number, number, number]): Tensor {
  if (padding.some((p) => p < 0)) {
    const [cl, cr, ct, cb] = padding.map((x) => -Math.min(x, 0));
    const h = img.size(-2), w = img.size(-1);
    img = img.narrow(-2, ct, h - cb - ct).narrow(-1, cl, w - cr - cl);
    padding = padding.map((x) => Math.max(x, 0)) as [number, number, number, number];
  }
  const h = img.size(-2), w = img.size(-1);
  const axis = (n: number, before: number, after: number) => [
    ...Array.from({ length: before }, (_, i) => before - 1 - i),
    ...Array.from({ length: n }, (_, i) => i),
    ...Array.from({ length: after }, (_, i) => n - 1 - i),
  ];
  const ys = indexTensor(axis(h, padding[2], padding[3]));
  const xs = indexTensor(axis(w, padding[0], padding[1]));
  return img.index_select(-2, ys).index_select(-1, xs);
}

function padWithScalarFill(image: Tensor, torchPadding: [number, number, number, number], fill: number, mode: PaddingMode): Tensor {
  const shape = image.shape;
  const [c, h, w] = shape.slice(-3);
  const lead = shape.slice(0, -3);
  let img = image.reshape(lead.reduce((a, b) => a * b, 1), c, h, w);
  if (mode === 'constant') {
    img = callAten('pad', [img, torchPadding, 'constant', fill]);
  } else if (mode === 'reflect' || mode === 'edge') {
    // torch's reflect/replicate padding takes floating point input only.
    const d = img.dtype;
    const cast = !img.is_floating_point();
    if (cast) img = img.to(float32);
    img = callAten('pad', [img, torchPadding, mode === 'edge' ? 'replicate' : 'reflect', null]);
    if (cast) img = img.to(d);
  } else {
    img = padSymmetric(img, torchPadding);
  }
  return img.reshape([...lead, c, img.size(-2), img.size(-1)]);
}

/**
 * pad(image, padding, fill=0, padding_mode='constant'): pads H and W. `padding` is one int (all
 * sides), [left/right, top/bottom] or [left, top, right, bottom]; `fill` a number or one value per
 * channel (constant mode only).
 */
export function pad(image: Tensor, padding: number | number[], fill: number | number[] | null = 0, padding_mode: PaddingMode = 'constant'): Tensor {
  const torchPadding = _parse_pad_padding(padding);
  if (!['constant', 'edge', 'reflect', 'symmetric'].includes(padding_mode)) throw new TorchError(`\`padding_mode\` should be either \`'constant'\`, \`'edge'\`, \`'reflect'\` or \`'symmetric'\`, but got \`'${padding_mode}'\`.`, 'ValueError');
  const f = fill ?? 0;
  if (typeof f === 'number') return padWithScalarFill(image, torchPadding, f, padding_mode);
  if (f.length === 1) return padWithScalarFill(image, torchPadding, f[0], padding_mode);
  if (padding_mode !== 'constant') throw new TorchError(`Padding mode '${padding_mode}' is not supported if fill is not scalar`, 'ValueError');
  const output = padWithScalarFill(image, torchPadding, 0, 'constant');
  const [left, right, top, bottom] = torchPadding;
  // Made in the inferred dtype first, then cast, so a float fill on a uint8 image truncates as torchvision's does.
  const value = makeTensor(f, { device: image.device }).to(image.dtype).reshape(-1, 1, 1);
  const H = output.size(-2), W = output.size(-1);
  if (top > 0) output.narrow(-2, 0, top).copy_(value.expand(output.narrow(-2, 0, top).shape));
  if (left > 0) output.narrow(-1, 0, left).copy_(value.expand(output.narrow(-1, 0, left).shape));
  if (bottom > 0) output.narrow(-2, H - bottom, bottom).copy_(value.expand(output.narrow(-2, H - bottom, bottom).shape));
  if (right > 0) output.narrow(-1, W - right, right).copy_(value.expand(output.narrow(-1, W - right, right).shape));
  return output;
}

/** crop(image, top, left, height, width): the window; parts outside the image are zero-padded. */
export function crop(image: Tensor, top: number, left: number, height: number, width: number): Tensor {
  const h = image.size(-2), w = image.size(-1);
  const right = left + width, bottom = top + height;
  if (left < 0 || top < 0 || right > w || bottom > h) {
    const t0 = Math.max(top, 0), l0 = Math.max(left, 0);
    const inside = image.narrow(-2, t0, Math.max(0, Math.min(bottom, h) - t0)).narrow(-1, l0, Math.max(0, Math.min(right, w) - l0));
    const torchPadding: [number, number, number, number] = [
      Math.max(Math.min(right, 0) - left, 0),
      Math.max(right - Math.max(w, left), 0),
      Math.max(Math.min(bottom, 0) - top, 0),
      Math.max(bottom - Math.max(h, top), 0),
    ];
    return padWithScalarFill(inside, torchPadding, 0, 'constant');
  }
  return image.narrow(-2, top, height).narrow(-1, left, width);
}

/** torchvision's _compute_resized_output_size: [new_h, new_w] for Resize's size / max_size rules. */
export function _compute_resized_output_size(imageSize: [number, number], size: number | number[] | null, max_size: number | null = null): [number, number] {
  const [h, w] = imageSize;
  const [short, long] = w <= h ? [w, h] : [h, w];
  let sizes: number[] | null = typeof size === 'number' ? [size] : size;
  if (sizes === null) {
    if (max_size === null) throw new TorchError('max_size must be an integer when size is None, but got None instead.', 'ValueError');
    const ratio = max_size / long;
    const newShort = Math.trunc(short * ratio), newLong = Math.trunc(long * ratio);
    return w <= h ? [newLong, newShort] : [newShort, newLong];
  }
  if (sizes.length === 1) {
    const requested = sizes[0];
    let newShort = requested, newLong = Math.trunc((requested * long) / short);
    if (max_size !== null) {
      if (max_size <= requested) throw new TorchError(`max_size = ${max_size} must be strictly greater than the requested size for the smaller edge size = [${requested}]`, 'ValueError');
      if (newLong > max_size) [newShort, newLong] = [Math.trunc((max_size * newShort) / newLong), max_size];
    }
    const [newW, newH] = w <= h ? [newShort, newLong] : [newLong, newShort];
    return [newH, newW];
  }
  if (max_size !== null) throw new TorchError('max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.', 'ValueError');
  sizes = sizes as number[];
  return [sizes[0], sizes[1]];
}

/**
 * resize(image, size, interpolation='bilinear', max_size=null, antialias=true): F.interpolate
 * over the last two dims. `size` an int resizes the shorter edge (keeping the aspect ratio);
 * [h, w] sets both. Integer images are resized in float32 and rounded back, as torchvision does
 * where LibTorch has no integer kernel (LibTorch 1.13 has none for bilinear/bicubic).
 */
export function resize(image: Tensor, size: number | number[] | null, interpolation: InterpolationMode = 'bilinear', max_size: number | null = null, antialias: boolean | null = true): Tensor {
  if (!Object.values(InterpolationMode).includes(interpolation)) throw new TorchError(`Unsupported interpolation mode '${interpolation}': use one of ${Object.values(InterpolationMode).map((m) => `'${m}'`).join(', ')}`, 'ValueError');
  let aa = antialias ?? false;
  const align = interpolation === 'bilinear' || interpolation === 'bicubic' ? false : null;
  if (align === null) aa = false;
  const shape = image.shape;
  const [c, oldH, oldW] = shape.slice(-3);
  const [newH, newW] = _compute_resized_output_size([oldH, oldW], size, max_size);
  if (newH === oldH && newW === oldW) return image;
  if (image.numel() > 0) {
    const d = image.dtype;
    const acceptable = [float32, float64, ...(interpolation === 'nearest' || interpolation === 'nearest-exact' ? [uint8] : [])];
    let img = image.reshape(-1, c, oldH, oldW);
    const cast = !acceptable.includes(d);
    if (cast) img = img.to(float32);
    const out = [newH, newW];
    switch (interpolation) {
      case 'bilinear': img = aa ? callAten('_upsample_bilinear2d_aa', [img, out, false, null], 'vec') : callAten('upsample_bilinear2d', [img, out, false, null], 'vec'); break;
      case 'bicubic': img = aa ? callAten('_upsample_bicubic2d_aa', [img, out, false, null], 'vec') : callAten('upsample_bicubic2d', [img, out, false, null], 'vec'); break;
      case 'nearest': img = callAten('upsample_nearest2d', [img, out, null], 'vec'); break;
      case 'nearest-exact': img = callAten('_upsample_nearest_exact2d', [img, out, null], 'vec'); break;
    }
    if (cast) {
      if (interpolation === 'bicubic' && d === uint8) img = img.clamp_(0, 255);
      if ([uint8, int8, int16, int32, int64].includes(d)) img = img.round_();
      img = img.to(d);
    }
    return img.reshape([...shape.slice(0, -3), c, newH, newW]);
  }
  return image.reshape([...shape.slice(0, -3), c, newH, newW]);
}

/**
 * pil_to_tensor(pic): a loaded (PIL-like) image as a plain uint8 [C, H, W] tensor, without scaling.
 * Other tensors are not PIL images (torchvision raises for them).
 */
export function pil_to_tensor(pic: Tensor): Tensor {
  if (!(pic instanceof Tensor) || !isPilImage(pic)) throw new TypeError(`pic should be PIL Image. Got ${(pic as object)?.constructor?.name ?? typeof pic}`);
  return pic.detach();
}

/**
 * to_tensor(pic) (transforms v1, deprecated in v2): an image as torchvision reads a PIL image or
 * numpy array (H×W or H×W×C; a uint8 tensor here plays the PIL image) -> C×H×W, uint8 divided by
 * 255 into the default float dtype.
 */
export function to_tensor(pic: Tensor | NestedNumbers[]): Tensor {
  // An image from a loader (ImageFolder's default_loader) is a PIL image stored channels first.
  if (pic instanceof Tensor && isPilImage(pic)) return pic.to(get_default_dtype()).div(255);
  let img = pic instanceof Tensor ? pic : Array.isArray(pic) ? makeTensor(pic) : null;
  if (img === null) throw new TypeError(`pic should be a Tensor or a nested array. Got ${(pic as object)?.constructor?.name ?? typeof pic}`);
  if (img.dim() !== 2 && img.dim() !== 3) throw new TorchError(`pic should be 2/3 dimensional. Got ${img.dim()} dimensions.`, 'ValueError');
  if (img.dim() === 2) img = img.unsqueeze(-1);
  img = img.permute(2, 0, 1).contiguous();
  return img.dtype === uint8 ? img.to(get_default_dtype()).div(255) : img;
}
