// torchvision.io against PIL's decoding of the same files with torchvision's channel rules
// (test/golden/images.json, written by scripts/golden/images.py): every PNG colour type and
// ImageReadMode exactly, JPEG within a stated tolerance, and torchvision's errors.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import * as torchvision from '../lib/vision';
import { loadGolden } from './golden';

const { read_image, read_file, decode_image, decode_png, decode_jpeg, ImageReadMode } = torchvision.io;
const DIR = path.join(__dirname, 'golden', 'images');
const golden = loadGolden('images');
type Mode = keyof typeof ImageReadMode;
interface Case { format: 'png' | 'jpeg'; modes?: Record<Mode, { shape: number[]; values: number[] }>; error?: string }
const cases = Object.entries(golden.cases as Record<string, Case>);

/** libjpeg builds may round a level or two apart; PNG decoding is exact. */
const JPEG_TOLERANCE = 2;

function maxDiff(t: torch.Tensor, values: number[]): number {
  const got = t.reshape(-1).tolist() as number[];
  return got.reduce((m, v, i) => Math.max(m, Math.abs(v - values[i])), 0);
}

describe('read_image equals torchvision for every mode', () => {
  const rows = cases.filter(([, c]) => c.modes).flatMap(([name, c]) => Object.keys(c.modes!).map((m) => [name, m as Mode, c] as const));
  test.each(rows)('%s, %s', (name, mode, c) => {
    const e = c.modes![mode];
    const img = read_image(path.join(DIR, name), ImageReadMode[mode]);
    expect(img.dtype).toBe(torch.uint8);
    expect(img.shape).toEqual(e.shape);
    expect(maxDiff(img, e.values)).toBeLessThanOrEqual(c.format === 'png' ? 0 : JPEG_TOLERANCE);
  });
});

describe('the decode functions and arguments', () => {
  const file = path.join(DIR, 'rgba.png');
  const expected = golden.cases['rgba.png'].modes;

  test('read_file gives the bytes; decode_image/decode_png take them, mode by position, by name or as a string', () => {
    const data = read_file(file);
    expect(data.dtype).toBe(torch.uint8);
    expect(data.shape).toEqual([fs.statSync(file).size]);
    expect(data.index(0).item()).toBe(0x89);
    expect(maxDiff(decode_image(data), expected.UNCHANGED.values)).toBe(0);
    expect(decode_png(data, ImageReadMode.RGB).shape).toEqual([3, 6, 5]);
    expect(decode_image(data, { mode: ImageReadMode.GRAY }).shape).toEqual([1, 6, 5]);
    expect(decode_image({ input: data, mode: 'RGB' }).shape).toEqual([3, 6, 5]);
    expect(read_image({ path: file, mode: ImageReadMode.RGBA }).shape).toEqual([4, 6, 5]);
    expect(read_image(file, { mode: 'GRAY' }).shape).toEqual([1, 6, 5]);
    expect(maxDiff(decode_image(file, ImageReadMode.RGB), expected.RGB.values)).toBe(0);
  });

  test('the result is a [C, H, W] view of HWC pixels, as torchvision returns it', () => {
    const img = read_image(file);
    expect(img.is_contiguous()).toBe(false);
    expect(img.stride()).toEqual([1, 5 * 4, 4]);
    // alpha of pixel (0, 0): channel 3 of the CHW values
    expect(img.permute(1, 2, 0).contiguous().reshape(-1).index(3).item()).toBe(expected.UNCHANGED.values[3 * 6 * 5]);
  });

  test("torchvision's errors", () => {
    expect(() => read_image(path.join(DIR, 'grey16.png'))).toThrow('At most 8-bit PNG images are supported currently.');
    expect(() => read_image(path.join(DIR, 'missing.png'))).toThrow(`[Errno 2] No such file or directory: '${path.join(DIR, 'missing.png')}'`);
    expect(() => read_image(path.join(DIR, 'rgb.jpg'), ImageReadMode.RGB_ALPHA)).toThrow('The provided mode is not supported for JPEG files');
    expect(() => decode_image(torch.tensor([1, 2, 3], { dtype: torch.uint8 }))).toThrow('Unsupported image file. Only jpeg and png are currently supported.');
    expect(() => decode_image(torch.tensor([1, 2, 3]))).toThrow('Expected a torch.uint8 tensor');
    expect(() => decode_image(torch.zeros([2, 2], { dtype: torch.uint8 }))).toThrow('Expected a non empty 1-dimensional tensor');
    expect(() => decode_png(read_file(path.join(DIR, 'rgb.jpg')))).toThrow('Content is not png!');
    expect(() => decode_jpeg(read_file(file))).toThrow('Not a JPEG file: starts with 0x89 0x50');
    expect(() => read_image(file, 7 as any)).toThrow(TypeError);
    expect(() => (read_image as any)(file, 0, 1)).toThrow('read_image() takes from 2 to 3 positional arguments but 4 were given');
  });

  test('a corrupt file is a TorchError, and the decoder keeps working afterwards', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-io-'));
    try {
      const bytes = fs.readFileSync(path.join(DIR, 'rgb.jpg'));
      const cut = path.join(tmp, 'cut.jpg');
      fs.writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
      expect(() => read_image(cut)).toThrow(torch.TorchError);
      const junk = path.join(tmp, 'junk.png');
      fs.writeFileSync(junk, Buffer.concat([fs.readFileSync(file).subarray(0, 40), Buffer.alloc(50, 7)]));
      expect(() => read_image(junk)).toThrow(torch.TorchError);
      expect(read_image(file).shape).toEqual([4, 6, 5]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
