// torchvision.io's image functions (torchvision/io/image.py): read_file, decode_png, decode_jpeg,
// decode_image, read_image. Pixels come from sharp; the channels of the result follow
// torchvision's decoders (libpng / libjpeg transforms per ImageReadMode), worked out here from the
// file's header, so a port gets the same uint8 [C, H, W] tensor as in Python.
import * as fs from 'fs';
import { Tensor } from '../../tensor';
import { from_blob } from '../../creation';
import { uint8 } from '../../dtype';
import { TorchError } from '../../errors';
import { pyBind } from '../../python/binder';
import { decodeRaw, RawImage } from './sharp_sync';

/** torchvision.io.ImageReadMode: which channels to decode into. */
export const ImageReadMode = Object.freeze({
  /** The channels as stored (a palette PNG gives its indices). */
  UNCHANGED: 0,
  GRAY: 1,
  GRAY_ALPHA: 2,
  RGB: 3,
  RGB_ALPHA: 4,
  /** torchvision's newer name for RGB_ALPHA. */
  RGBA: 4,
});
export type ImageReadMode = 0 | 1 | 2 | 3 | 4;
/** A mode as the enum value or its name ('RGB', 'GRAY', ...), as newer torchvision accepts. */
export type ImageReadModeLike = ImageReadMode | keyof typeof ImageReadMode;

function readMode(mode: unknown): ImageReadMode {
  if (typeof mode === 'string' && Object.prototype.hasOwnProperty.call(ImageReadMode, mode.toUpperCase())) return ImageReadMode[mode.toUpperCase() as keyof typeof ImageReadMode];
  if (typeof mode === 'number' && Number.isInteger(mode) && mode >= 0 && mode <= 4) return mode as ImageReadMode;
  throw new TypeError(`expected an ImageReadMode for mode (UNCHANGED, GRAY, GRAY_ALPHA, RGB or RGB_ALPHA) but received ${String(mode)}`);
}

const isPng = (b: Uint8Array) => b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a;
const isJpeg = (b: Uint8Array) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** The bytes of an encoded-image tensor, checked as torchvision checks them. */
function encodedBytes(input: unknown): Uint8Array {
  if (!(input instanceof Tensor)) throw new TypeError(`Expected a torch.uint8 tensor for input but received ${(input as object)?.constructor?.name ?? typeof input}`);
  if (input.dtype !== uint8) throw new TorchError('Expected a torch.uint8 tensor', 'RuntimeError');
  if (input.dim() !== 1 || input.numel() === 0) throw new TorchError('Expected a non empty 1-dimensional tensor', 'RuntimeError');
  return input.toTypedArray() as Uint8Array;
}

// ---- PNG: what the header says, and libpng's channel transforms ----------------------------------

const PNG_GRAY = 0, PNG_RGB = 2, PNG_PALETTE = 3, PNG_GRAY_ALPHA = 4, PNG_RGBA = 6;

interface PngHeader { bitDepth: number; colorType: number; palette: Uint8Array | null; paletteAlpha: Uint8Array | null }

function pngHeader(b: Uint8Array): PngHeader {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const header: PngHeader = { bitDepth: 0, colorType: -1, palette: null, paletteAlpha: null };
  for (let at = 8; at + 8 <= b.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
    const body = at + 8;
    if (body + length > b.length) break;
    if (type === 'IHDR' && length >= 13) {
      header.bitDepth = b[body + 8];
      header.colorType = b[body + 9];
    } else if (type === 'PLTE') header.palette = b.subarray(body, body + length);
    else if (type === 'tRNS') header.paletteAlpha = b.subarray(body, body + length);
    else if (type === 'IDAT' || type === 'IEND') break;
    at = body + length + 4;
  }
  if (header.colorType < 0) throw new TorchError('Could read image metadata from content.', 'RuntimeError');
  if (header.colorType !== PNG_PALETTE) header.paletteAlpha = null;
  return header;
}

/** libpng's png_set_rgb_to_gray(png, 1, 0.2989, 0.587) on 8-bit data: fixed-point weights over 2^15. */
const RED = Math.floor(29890 * 32768 / 100000), GREEN = Math.floor(58700 * 32768 / 100000), BLUE = 32768 - RED - GREEN;
const grayOf = (r: number, g: number, b: number) => (r === g && g === b ? r : (RED * r + GREEN * g + BLUE * b) >> 15);

/** sharp's pixel i as [r, g, b, a] (grey replicated; alpha 255 when sharp gave none). */
function pixelReader(raw: RawImage): (i: number, out: number[]) => void {
  const { data, channels } = raw;
  switch (channels) {
    case 1: return (i, o) => { o[0] = o[1] = o[2] = data[i]; o[3] = 255; };
    case 2: return (i, o) => { o[0] = o[1] = o[2] = data[2 * i]; o[3] = data[2 * i + 1]; };
    case 3: return (i, o) => { o[0] = data[3 * i]; o[1] = data[3 * i + 1]; o[2] = data[3 * i + 2]; o[3] = 255; };
    case 4: return (i, o) => { o[0] = data[4 * i]; o[1] = data[4 * i + 1]; o[2] = data[4 * i + 2]; o[3] = data[4 * i + 3]; };
    default: throw new TorchError(`Unsupported number of channels in the decoded image: ${channels}`, 'RuntimeError');
  }
}

/** A palette PNG's indices, recovered from the expanded colours (torchvision's UNCHANGED gives indices). */
function paletteIndexer(h: PngHeader): (px: number[]) => number {
  const byColour = new Map<number, number>();
  const entries = h.palette ? Math.floor(h.palette.length / 3) : 0;
  for (let k = entries - 1; k >= 0; k--) {
    const a = h.paletteAlpha && k < h.paletteAlpha.length ? h.paletteAlpha[k] : 255;
    byColour.set(((h.palette![3 * k] << 16) | (h.palette![3 * k + 1] << 8) | h.palette![3 * k + 2]) * 256 + a, k);
  }
  return (px) => byColour.get(((px[0] << 16) | (px[1] << 8) | px[2]) * 256 + px[3]) ?? 0;
}

/**
 * One output pixel from [r, g, b, a] per (stored colour type, mode), as libpng's transforms in
 * torchvision's decode_png give it: tRNS is ignored except for palettes, added alpha is 255.
 */
function pngChannels(h: PngHeader, mode: ImageReadMode): { channels: number; write: (px: number[], out: Uint8Array, at: number) => void } {
  const ct = h.colorType;
  const hasAlpha = ct === PNG_GRAY_ALPHA || ct === PNG_RGBA || ct === PNG_PALETTE;
  const isGray = ct === PNG_GRAY || ct === PNG_GRAY_ALPHA;
  const alpha = (px: number[]) => (hasAlpha ? px[3] : 255);
  const gray = (px: number[]) => (isGray ? px[0] : grayOf(px[0], px[1], px[2]));
  if (mode === ImageReadMode.UNCHANGED) {
    if (ct === PNG_PALETTE) {
      const index = paletteIndexer(h);
      return { channels: 1, write: (px, o, at) => { o[at] = index(px); } };
    }
    mode = ct === PNG_GRAY ? ImageReadMode.GRAY : ct === PNG_GRAY_ALPHA ? ImageReadMode.GRAY_ALPHA : ct === PNG_RGB ? ImageReadMode.RGB : ImageReadMode.RGB_ALPHA;
  }
  switch (mode) {
    case ImageReadMode.GRAY: return { channels: 1, write: (px, o, at) => { o[at] = gray(px); } };
    case ImageReadMode.GRAY_ALPHA: return { channels: 2, write: (px, o, at) => { o[at] = gray(px); o[at + 1] = alpha(px); } };
    case ImageReadMode.RGB: return { channels: 3, write: (px, o, at) => { o[at] = px[0]; o[at + 1] = px[1]; o[at + 2] = px[2]; } };
    default: return { channels: 4, write: (px, o, at) => { o[at] = px[0]; o[at + 1] = px[1]; o[at + 2] = px[2]; o[at + 3] = alpha(px); } };
  }
}

/** HWC pixels -> the [C, H, W] view torchvision returns (a permuted HWC tensor). */
function chw(data: Uint8Array, height: number, width: number, channels: number): Tensor {
  return from_blob(data, [height, width, channels]).permute(2, 0, 1);
}

function convert(raw: RawImage, channels: number, write: (px: number[], out: Uint8Array, at: number) => void): Tensor {
  const n = raw.width * raw.height;
  const out = new Uint8Array(n * channels);
  const read = pixelReader(raw);
  const px = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    read(i, px);
    write(px, out, i * channels);
  }
  return chw(out, raw.height, raw.width, channels);
}

function decodePngBytes(b: Uint8Array, mode: ImageReadMode): Tensor {
  if (b.length < 8) throw new TorchError('Content is too small for png!', 'RuntimeError');
  if (!isPng(b)) throw new TorchError('Content is not png!', 'RuntimeError');
  const h = pngHeader(b);
  if (h.bitDepth > 8) throw new TorchError('At most 8-bit PNG images are supported currently.', 'RuntimeError');
  const { channels, write } = pngChannels(h, mode);
  return convert(decodeRaw(b), channels, write);
}

// ---- JPEG: libjpeg's output colour spaces ----------------------------------------------------------

/** The number of colour components in a JPEG's frame header (SOFn), or 0 when there is none. */
function jpegComponents(b: Uint8Array): number {
  for (let at = 2; at + 4 <= b.length;) {
    if (b[at] !== 0xff) return 0;
    const marker = b[at + 1];
    if (marker === 0xff) { at++; continue; }
    const length = (b[at + 2] << 8) | b[at + 3];
    // SOF0..SOF15, except DHT (c4), JPG (c8) and DAC (cc)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return at + 9 < b.length ? b[at + 9] : 0;
    if (marker === 0xda || marker === 0xd9) return 0;
    at += 2 + length;
  }
  return 0;
}

function decodeJpegBytes(b: Uint8Array, mode: ImageReadMode): Tensor {
  if (mode === ImageReadMode.GRAY_ALPHA || mode === ImageReadMode.RGB_ALPHA) throw new TorchError('The provided mode is not supported for JPEG files', 'RuntimeError');
  const raw = decodeRaw(b);
  const storedGray = jpegComponents(b) === 1;
  const out = mode === ImageReadMode.UNCHANGED ? (storedGray ? ImageReadMode.GRAY : ImageReadMode.RGB) : mode;
  if (out === ImageReadMode.GRAY) {
    // libjpeg's grey output is the luma it decoded (Y = 0.299 R + 0.587 G + 0.114 B of the YCbCr data).
    return convert(raw, 1, storedGray ? (px, o, at) => { o[at] = px[0]; } : (px, o, at) => { o[at] = Math.min(255, Math.round(0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2])); });
  }
  return convert(raw, 3, (px, o, at) => { o[at] = px[0]; o[at + 1] = px[1]; o[at + 2] = px[2]; });
}

// ---- the public functions ------------------------------------------------------------------------

/** read_file(path): the file's bytes as a uint8 1-D tensor. */
export function read_file(...args: [path: string] | [{ path: string }]): Tensor {
  const [path] = pyBind<[string]>('read_file', args, ['path']);
  if (typeof path !== 'string') throw new TypeError(`read_file(): expected a string for path but received ${typeof path}`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const errno = err.errno !== undefined ? Math.abs(err.errno) : 0;
    throw new TorchError(`[Errno ${errno}] ${err.code === 'ENOENT' ? 'No such file or directory' : err.code === 'EISDIR' ? 'Is a directory' : err.code === 'EACCES' ? 'Permission denied' : err.message}: '${path}'`, 'RuntimeError');
  }
  if (bytes.length === 0) throw new TorchError('Expected a non empty file', 'RuntimeError');
  return from_blob(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length).slice());
}

type DecodeArgs = [input: Tensor, mode?: ImageReadModeLike] | [input: Tensor, options: { mode?: ImageReadModeLike }] | [{ input: Tensor; mode?: ImageReadModeLike }];
const bindDecode = (fn: string, args: unknown[]) => {
  const [input, mode] = pyBind<[unknown, unknown]>(fn, args, ['input', 'mode'], { mode: ImageReadMode.UNCHANGED });
  return { bytes: encodedBytes(input), mode: readMode(mode) };
};

/** decode_png(input, mode=UNCHANGED): a PNG file's bytes (uint8 1-D tensor) -> uint8 [C, H, W]. */
export function decode_png(...args: DecodeArgs): Tensor {
  const { bytes, mode } = bindDecode('decode_png', args);
  return decodePngBytes(bytes, mode);
}

/** decode_jpeg(input, mode=UNCHANGED): a JPEG file's bytes (uint8 1-D tensor) -> uint8 [C, H, W]. */
export function decode_jpeg(...args: DecodeArgs): Tensor {
  const { bytes, mode } = bindDecode('decode_jpeg', args);
  if (!isJpeg(bytes)) throw new TorchError(`Not a JPEG file: starts with ${Array.from(bytes.subarray(0, 2), (v) => `0x${v.toString(16).padStart(2, '0')}`).join(' ')}`, 'RuntimeError');
  return decodeJpegBytes(bytes, mode);
}

/**
 * decode_image(input, mode=UNCHANGED): a PNG or JPEG file's bytes (or, as newer torchvision
 * takes, its path) -> uint8 [C, H, W]. Channels: UNCHANGED keeps the stored ones (grey 1,
 * grey+alpha 2, RGB 3, RGBA 4; a palette PNG gives its indices), GRAY / GRAY_ALPHA / RGB /
 * RGB_ALPHA convert as torchvision does.
 */
export function decode_image(...args: DecodeArgs | [input: string, mode?: ImageReadModeLike] | [input: string, options: { mode?: ImageReadModeLike }] | [{ input: string; mode?: ImageReadModeLike }]): Tensor {
  const [input, m] = pyBind<[unknown, unknown]>('decode_image', args, ['input', 'mode'], { mode: ImageReadMode.UNCHANGED });
  const bytes = encodedBytes(typeof input === 'string' ? read_file(input) : input);
  const mode = readMode(m);
  if (isJpeg(bytes)) return decodeJpegBytes(bytes, mode);
  if (isPng(bytes)) return decodePngBytes(bytes, mode);
  throw new TorchError('Unsupported image file. Only jpeg and png are currently supported.', 'RuntimeError');
}

/**
 * read_image(path, mode=UNCHANGED): reads a PNG or JPEG file into a uint8 [C, H, W] tensor
 * (`decode_image(read_file(path), mode)`), e.g. `read_image('img.png', ImageReadMode.RGB)`.
 */
export function read_image(...args: [path: string, mode?: ImageReadModeLike] | [path: string, options: { mode?: ImageReadModeLike }] | [{ path: string; mode?: ImageReadModeLike }]): Tensor {
  const [path, mode] = pyBind<[string, ImageReadModeLike]>('read_image', args, ['path', 'mode'], { mode: ImageReadMode.UNCHANGED });
  return decode_image(read_file(path), mode);
}

/**
 * Any image file sharp reads (PNG, JPEG, WebP, TIFF, GIF, ...) as RGB uint8 [3, H, W], as PIL's
 * `Image.open(path).convert('RGB')` gives it: grey repeated, alpha dropped, palettes expanded.
 */
export function readRgb(path: string): Tensor {
  let raw: RawImage;
  try {
    raw = decodeRaw(read_file(path).toTypedArray() as Uint8Array);
  } catch (e) {
    // PIL's UnidentifiedImageError; sharp's prebuilt libvips has no BMP / PPM / PGM reader.
    if (!/unsupported image format/.test((e as Error).message)) throw e;
    throw new TorchError(`cannot identify image file '${path}' (readable formats: PNG, JPEG, WebP, TIFF, GIF, AVIF)`, 'UnidentifiedImageError');
  }
  return convert(raw, 3, (px, o, at) => { o[at] = px[0]; o[at + 1] = px[1]; o[at + 2] = px[2]; });
}
