// The v2 transform classes (torchvision.transforms.v2): containers, type conversion, Normalize,
// Lambda, and the geometry transforms used on small images. Random ones draw from the global
// generator exactly as torchvision does (torch.rand(1) for flips, torch.randint for crop offsets),
// so after torch.manual_seed(s) they pick what Python picks.
import { Tensor } from '../../../tensor';
import { isPilImage } from '../../pil';
import { rand, randint } from '../../../creation';
import { dtype, uint8, get_default_dtype } from '../../../dtype';
import { TorchError } from '../../../errors';
import { isOptions } from '../../../python/options';
import { PyArgs } from '../../../tensor';
import { pyBind } from '../../../python/binder';
import { Transform, BatchKernel, batchKernelOf, callableRepr, isNumericArray } from './transform';
import * as F from './functional';

type Callable = (...args: any[]) => any;

/** Compose(transforms): applies the transforms in order (each output feeds the next). */
export class Compose extends Transform {
  transforms: Callable[];
  constructor(...args: PyArgs<[['transforms', Callable[]]]>) {
    super();
    const [transforms] = pyBind<[Callable[]]>('Compose.__init__', args, ['transforms']);
    if (!Array.isArray(transforms)) throw new TypeError('Argument transforms should be a sequence of callables');
    if (transforms.length === 0) throw new TorchError('Pass at least one transform', 'ValueError');
    transforms.forEach((t) => { if (typeof t !== 'function') throw new TypeError('Argument transforms should be a sequence of callables'); });
    this.transforms = transforms;
  }
  forward(...inputs: unknown[]): any {
    const unpack = inputs.length > 1;
    let outputs: unknown;
    for (const t of this.transforms) {
      outputs = t(...inputs);
      inputs = unpack ? (outputs as unknown[]) : [outputs];
    }
    return outputs;
  }
  _batchKernel(sampleDim: number): BatchKernel | undefined {
    if (!this._isPlain(Compose)) return undefined;
    const kernels: BatchKernel[] = [];
    let dim = sampleDim;
    for (const t of this.transforms) {
      const k = batchKernelOf(t, dim);
      if (!k) return undefined;
      kernels.push(k);
      dim = k.sampleDim;
    }
    return { apply: (batch) => kernels.reduce((x, k) => k.apply(x), batch), sampleDim: dim };
  }
  extra_repr(): string { return this.transforms.map((t) => `    ${callableRepr(t)}`).join('\n'); }
}

/**
 * ToImage(): makes an image tensor (C, H, W): a 2-D H×W tensor gets a channel dim (1, H, W);
 * nested number arrays (H×W or H×W×C, numpy's layout) become C×H×W tensors. The dtype is kept,
 * so a uint8 image stays uint8 (follow with ToDtype to scale it).
 */
export class ToImage extends Transform {
  protected get _keepsPilImages(): boolean { return false; }
  protected _transformsLeaf(leaf: unknown): boolean { return isNumericArray(leaf); }
  transform(inpt: Tensor | number[][]): Tensor { return F.to_image(inpt); }
  _batchKernel(sampleDim: number): BatchKernel | undefined {
    if (!this._isPlain(ToImage) || sampleDim < 2) return undefined;
    return sampleDim === 2 ? { apply: (b) => b.unsqueeze(1), sampleDim: 3 } : { apply: (b) => b, sampleDim };
  }
}

/**
 * ToDtype(dtype, {scale=false}): converts an image's dtype; with `scale`, maps the value range
 * (uint8 0..255 to float 0..1 by multiplying with 1/255, float to uint8 by 255.999, as
 * torchvision's to_dtype).
 */
export class ToDtype extends Transform {
  protected get _keepsPilImages(): boolean { return false; }
  dtype: dtype;
  scale: boolean;
  constructor(...args: PyArgs<[['dtype', dtype], ['scale', boolean, '?']]>) {
    super();
    const [d, scale] = pyBind<[dtype, boolean]>('ToDtype.__init__', args, ['dtype', 'scale'], { scale: false });
    if (!(d instanceof dtype)) throw new TypeError(`ToDtype(): expected a torch dtype for dtype but received ${String(d)}`);
    if (typeof scale !== 'boolean') throw new TypeError(`ToDtype(): expected a boolean for scale but received ${String(scale)}`);
    this.dtype = d;
    this.scale = scale;
  }
  transform(inpt: Tensor): Tensor { return F.to_dtype(inpt, this.dtype, this.scale); }
  _batchKernel(sampleDim: number): BatchKernel | undefined {
    if (!this._isPlain(ToDtype)) return undefined;
    return { apply: (b) => F.to_dtype(b, this.dtype, this.scale), sampleDim };
  }
}

/**
 * Normalize(mean, std, {inplace=false}): `(image - mean[c]) / std[c]` for each channel c of a
 * float (..., C, H, W) image.
 */
export class Normalize extends Transform {
  protected get _keepsPilImages(): boolean { return false; }
  mean: number[];
  std: number[];
  inplace: boolean;
  constructor(...args: PyArgs<[['mean', number[]], ['std', number[]], ['inplace', boolean, '?']]>) {
    super();
    const [mean, std, inplace] = pyBind<[number[], number[], boolean]>('Normalize.__init__', args, ['mean', 'std', 'inplace'], { inplace: false });
    const nums = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number');
    if (!nums(mean)) throw new TypeError(`Normalize(): expected an array of numbers for mean but received ${String(mean)}`);
    if (!nums(std)) throw new TypeError(`Normalize(): expected an array of numbers for std but received ${String(std)}`);
    this.mean = [...mean];
    this.std = [...std];
    this.inplace = inplace;
  }
  transform(inpt: Tensor): Tensor { return F.normalize(inpt, this.mean, this.std, this.inplace); }
  _batchKernel(sampleDim: number): BatchKernel | undefined {
    if (!this._isPlain(Normalize) || sampleDim < 3) return undefined;
    return { apply: (b) => F.normalize(b, this.mean, this.std, this.inplace), sampleDim };
  }
}

/**
 * Lambda(lambd, ...types): applies `lambd` to every input (or to those of the given types: a
 * class such as torch.Tensor, or Number / String / Boolean for primitives). `Lambda({ lambd })`
 * by name. As a target_transform, e.g. one-hot labels:
 * `Lambda((y) => torch.zeros(10, { dtype: torch.float }).scatter_(0, torch.tensor(y), { value: 1 }))`.
 */
export class Lambda extends Transform {
  protected get _keepsPilImages(): boolean { return false; }
  lambd: Callable;
  types: Function[];
  constructor(...args: [lambd: Callable, ...types: Function[]] | [{ lambd: Callable }]) {
    super();
    const [lambd, ...types] = isOptions(args[0]) ? pyBind<[Callable]>('Lambda.__init__', args, ['lambd']) : args as [Callable, ...Function[]];
    if (typeof lambd !== 'function') throw new TypeError(`Argument lambd should be callable, got '${(lambd as object)?.constructor?.name ?? typeof lambd}'`);
    this.lambd = lambd;
    this.types = types;
  }
  protected _transformsLeaf(): boolean { return true; }
  private matches(v: unknown): boolean {
    if (this.types.length === 0) return true;
    return this.types.some((T) => (T === Number ? typeof v === 'number' : T === String ? typeof v === 'string' : T === Boolean ? typeof v === 'boolean' : v instanceof (T as any)));
  }
  transform(inpt: unknown): unknown { return this.matches(inpt) ? this.lambd(inpt) : inpt; }
  extra_repr(): string {
    const types = (this.types.length ? this.types.map((t) => t.name) : ['object']).map((n) => `'${n}'`);
    return `${this.lambd.name ? `${this.lambd.name}, ` : ''}types=[${types.join(', ')}]`;
  }
}

/**
 * RandomHorizontalFlip(p=0.5): mirrors the image left-right with probability p (one draw of
 * torch.rand(1) per call, as torchvision).
 */
export class RandomHorizontalFlip extends Transform {
  p: number;
  constructor(...args: PyArgs<[['p', number, '?']]>) {
    super();
    const [p] = pyBind<[number]>(`${new.target.name}.__init__`, args, ['p'], { p: 0.5 });
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new TorchError('`p` should be a floating point value in the interval [0.0, 1.0].', 'ValueError');
    this.p = p;
  }
  forward(...inputs: unknown[]): any {
    // torchvision: `if torch.rand(1) >= self.p: return inputs` (compared as tensors, float32)
    if (rand(1).ge(this.p).item()) return inputs.length > 1 ? inputs : inputs[0];
    return super.forward(...inputs);
  }
  transform(inpt: Tensor): Tensor { return F.horizontal_flip(inpt); }
}

/** RandomVerticalFlip(p=0.5): mirrors the image top-bottom with probability p. */
export class RandomVerticalFlip extends RandomHorizontalFlip {
  transform(inpt: Tensor): Tensor { return F.vertical_flip(inpt); }
}

/** torchvision's _setup_size: an int or [s] -> [s, s]; [h, w] kept. */
function setupSize(size: number | number[], message: string): [number, number] {
  if (typeof size === 'number') return [Math.trunc(size), Math.trunc(size)];
  if (Array.isArray(size) && size.length === 1) return [size[0], size[0]];
  if (!Array.isArray(size) || size.length !== 2) throw new TorchError(message, 'ValueError');
  return [size[0], size[1]];
}

function checkPaddingMode(mode: unknown): void {
  if (!['constant', 'edge', 'reflect', 'symmetric'].includes(mode as string)) throw new TorchError('Padding mode should be either constant, edge, reflect or symmetric', 'ValueError');
}

function checkPadding(padding: unknown): void {
  if (typeof padding !== 'number' && !(Array.isArray(padding) && padding.every((p) => typeof p === 'number'))) throw new TypeError('Got inappropriate padding arg');
  if (Array.isArray(padding) && ![1, 2, 4].includes(padding.length)) throw new TorchError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`, 'ValueError');
}

/** The (..., H, W) size of the image among a call's inputs. */
function querySize(flat: unknown[]): [number, number] {
  const img = flat.find((x) => x instanceof Tensor) as Tensor | undefined;
  if (!img) throw new TypeError('No image was found in the sample');
  return [img.size(-2), img.size(-1)];
}

export interface RandomCropOptions {
  padding?: number | number[] | null;
  pad_if_needed?: boolean;
  fill?: number | number[];
  padding_mode?: F.PaddingMode;
}

/**
 * RandomCrop(size, {padding=null, pad_if_needed=false, fill=0, padding_mode='constant'}): a
 * size (h, w) window at a random offset, after optional padding (an int for every side, [lr, tb]
 * or [left, top, right, bottom]). With pad_if_needed, images smaller than size are padded to fit.
 * Offsets are `torch.randint(0, H - h + 1)` then `(0, W - w + 1)`, each drawn only when that
 * dimension is larger than the crop (torchvision v2's rule).
 */
export class RandomCrop extends Transform {
  size: [number, number];
  padding: number[] | null;
  pad_if_needed: boolean;
  fill: number | number[];
  padding_mode: F.PaddingMode;
  constructor(...args: PyArgs<[['size', number | number[]], ['padding', number | number[] | null, '?'], ['pad_if_needed', boolean, '?'], ['fill', number | number[], '?'], ['padding_mode', F.PaddingMode, '?']]>) {
    super();
    const [size, padding, pad_if_needed, fill, padding_mode] = pyBind<[number | number[], number | number[] | null, boolean, number | number[], F.PaddingMode]>(
      'RandomCrop.__init__', args, ['size', 'padding', 'pad_if_needed', 'fill', 'padding_mode'], { padding: null, pad_if_needed: false, fill: 0, padding_mode: 'constant' });
    this.size = setupSize(size, 'Please provide only two dimensions (h, w) for size.');
    if (pad_if_needed || padding !== null) {
      if (padding !== null) checkPadding(padding);
      checkPaddingMode(padding_mode);
    }
    this.padding = padding ? F._parse_pad_padding(padding) : null;
    this.pad_if_needed = pad_if_needed;
    this.fill = fill;
    this.padding_mode = padding_mode;
  }
  make_params(flat: unknown[]): Record<string, unknown> {
    let [ph, pw] = querySize(flat);
    let [padLeft, padRight, padTop, padBottom] = this.padding ?? [0, 0, 0, 0];
    ph += padTop + padBottom;
    pw += padLeft + padRight;
    const [ch, cw] = this.size;
    if (this.pad_if_needed) {
      if (ph < ch) { const d = ch - ph; padTop += d; padBottom += d; ph += 2 * d; }
      if (pw < cw) { const d = cw - pw; padLeft += d; padRight += d; pw += 2 * d; }
    }
    if (ph < ch || pw < cw) throw new TorchError(`Required crop size (${ch}, ${cw}) is larger than ${this.padding !== null ? 'padded ' : ''}input image size (${ph}, ${pw}).`, 'ValueError');
    const padding = [padLeft, padTop, padRight, padBottom];
    const top = ph > ch ? (randint(0, ph - ch + 1, []).item() as number) : 0;
    const left = pw > cw ? (randint(0, pw - cw + 1, []).item() as number) : 0;
    return { needs_crop: ph > ch || pw > cw, top, left, height: ch, width: cw, needs_pad: padding.some((p) => p !== 0), padding };
  }
  transform(inpt: Tensor, params: Record<string, any>): Tensor {
    let out = inpt;
    if (params.needs_pad) out = F.pad(out, params.padding, this.fill, this.padding_mode);
    if (params.needs_crop) out = F.crop(out, params.top, params.left, params.height, params.width);
    return out;
  }
  extra_repr(): string {
    return `size=(${this.size.join(', ')}), padding=${this.padding === null ? 'None' : `[${this.padding.join(', ')}]`}, pad_if_needed=${this.pad_if_needed ? 'True' : 'False'}, fill=${Array.isArray(this.fill) ? `[${this.fill.join(', ')}]` : this.fill}, padding_mode=${this.padding_mode}`;
  }
}

export interface ResizeOptions {
  interpolation?: F.InterpolationMode;
  max_size?: number | null;
  antialias?: boolean | null;
}

/**
 * Resize(size, {interpolation='bilinear', max_size=null, antialias=true}): resizes the image.
 * An int (or [s]) sets the shorter edge to s keeping the aspect ratio; [h, w] sets both. Matches
 * torchvision's tensor path (F.interpolate with align_corners=false; integer images resized in
 * float32 and rounded back).
 */
export class Resize extends Transform {
  size: number[] | null;
  interpolation: F.InterpolationMode;
  max_size: number | null;
  antialias: boolean | null;
  constructor(...args: PyArgs<[['size', number | number[] | null], ['interpolation', F.InterpolationMode, '?'], ['max_size', number | null, '?'], ['antialias', boolean | null, '?']]>) {
    super();
    const [size, interpolation, max_size, antialias] = pyBind<[number | number[] | null, F.InterpolationMode, number | null, boolean | null]>(
      'Resize.__init__', args, ['size', 'interpolation', 'max_size', 'antialias'], { interpolation: 'bilinear', max_size: null, antialias: true });
    if (typeof size === 'number') this.size = [size];
    else if (Array.isArray(size) && (size.length === 1 || size.length === 2)) this.size = [...size];
    else if (size === null) {
      if (!Number.isInteger(max_size)) throw new TorchError(`max_size must be an integer when size is None, but got ${max_size} instead.`, 'ValueError');
      this.size = null;
    } else throw new TorchError(`size can be an integer, a sequence of one or two integers, or None, but got ${String(size)} instead.`, 'ValueError');
    if (!Object.values(F.InterpolationMode).includes(interpolation)) throw new TorchError(`Unsupported interpolation mode '${interpolation}'`, 'ValueError');
    this.interpolation = interpolation;
    this.max_size = max_size;
    this.antialias = antialias;
  }
  transform(inpt: Tensor): Tensor { return F.resize(inpt, this.size, this.interpolation, this.max_size, this.antialias); }
  extra_repr(): string {
    const mode = Object.entries(F.InterpolationMode).find(([, v]) => v === this.interpolation)![0];
    return `size=${this.size === null ? 'None' : `[${this.size.join(', ')}]`}, interpolation=InterpolationMode.${mode}, antialias=${this.antialias ? 'True' : 'False'}`;
  }
}

/**
 * ToTensor() (deprecated in torchvision; use ToImage + ToDtype(float32, {scale: true})): reads an
 * image like a PIL image / numpy array (H×W or H×W×C; our datasets' uint8 tensors play PIL
 * images) into C×H×W, dividing uint8 by 255.
 */
export class ToTensor extends Transform {
  protected get _keepsPilImages(): boolean { return false; }
  protected _transformsLeaf(leaf: unknown): boolean { return isNumericArray(leaf); }
  transform(inpt: Tensor | number[][]): Tensor { return F.to_tensor(inpt); }
  _batchKernel(sampleDim: number): BatchKernel | undefined {
    if (!this._isPlain(ToTensor) || (sampleDim !== 2 && sampleDim !== 3)) return undefined;
    return {
      apply: (b) => {
        const chw = (sampleDim === 2 ? b.unsqueeze(1) : b.permute(0, 3, 1, 2)).contiguous();
        return chw.dtype === uint8 ? chw.to(get_default_dtype()).div(255) : chw;
      },
      sampleDim: 3,
    };
  }
}

/**
 * PILToTensor(): a loaded (PIL-like) image, e.g. from ImageFolder's default loader, as a plain
 * uint8 [C, H, W] tensor without scaling. Other inputs pass through, as in v2.
 */
export class PILToTensor extends Transform {
  protected get _keepsPilImages(): boolean { return false; }
  protected _needs_transform_list(flat: unknown[]): boolean[] { return flat.map((leaf) => leaf instanceof Tensor && isPilImage(leaf)); }
  transform(inpt: Tensor): Tensor { return F.pil_to_tensor(inpt); }
}
