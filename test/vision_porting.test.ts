// torchvision code as PyTorch's "Learn the Basics" tutorials write it, ported by syntax only:
// datasets and transforms with every argument by name, the v1 names (ToTensor, Lambda one-hot
// targets), ImageFolder over real files, and a custom image dataset built on read_image.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import * as torchvision from '../lib/vision';
import { loadGolden } from './golden';
import { ToTensor, Lambda } from '../lib/vision/transforms';

const T = torchvision.transforms.v2;
const { ImageFolder, DatasetFolder, FashionMNIST } = torchvision.datasets;
const { read_image, ImageReadMode } = torchvision.io;
const { Dataset, DataLoader } = torch.utils.data;

const IMAGES = path.join(__dirname, 'golden', 'images');
const golden = loadGolden('images');
const rgbOf = (name: string): number[] => golden.cases[name].modes.RGB.values;
const MIRROR = path.join(process.env.TORCHTS_DATASETS_MIRROR || '/usr/share/datasets', 'fashion-mnist');
const describeData = fs.existsSync(path.join(MIRROR, 'train-images-idx3-ubyte.gz')) ? describe : describe.skip;

const oneHot = Lambda((y: number) => torch.zeros(10, { dtype: torch.float }).scatter_(0, torch.tensor(y), { value: 1 }));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-porting-'));
  // root/<class>/...: two classes, a nested folder, and a file that is not an image
  const put = (rel: string, from: string | null) => {
    fs.mkdirSync(path.dirname(path.join(tmp, 'root', rel)), { recursive: true });
    if (from) fs.copyFileSync(path.join(IMAGES, from), path.join(tmp, 'root', rel));
    else fs.writeFileSync(path.join(tmp, 'root', rel), 'not an image');
  };
  put('cat/rgb.png', 'rgb.png');
  put('cat/grey.PNG', 'grey.png');
  put('cat/notes.txt', null);
  put('cat/sub/rgba.png', 'rgba.png');
  put('dog/palette.png', 'palette.png');
  put('dog/photo.jpg', 'rgb.jpg');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('ImageFolder over class folders', () => {
  test('classes, class_to_idx, samples and targets in torchvision\'s order', () => {
    const root = path.join(tmp, 'root');
    const ds = ImageFolder(root);
    expect(ds.classes).toEqual(['cat', 'dog']);
    expect(ds.class_to_idx).toEqual({ cat: 0, dog: 1 });
    expect(ds.samples).toEqual([
      [path.join(root, 'cat', 'grey.PNG'), 0], [path.join(root, 'cat', 'rgb.png'), 0], [path.join(root, 'cat', 'sub', 'rgba.png'), 0],
      [path.join(root, 'dog', 'palette.png'), 1], [path.join(root, 'dog', 'photo.jpg'), 1],
    ]);
    expect(ds.targets).toEqual([0, 0, 0, 1, 1]);
    expect(ds.imgs).toBe(ds.samples);
    expect(ds.length).toBe(5);
    expect(ds.extensions).toEqual(torchvision.datasets.IMG_EXTENSIONS);
  });

  test('samples load as RGB uint8 [3, H, W] (PIL\'s convert(\'RGB\')); ToTensor scales them', () => {
    const ds = ImageFolder(path.join(tmp, 'root'));
    const [img, label] = ds[3];
    expect([img.dtype, img.shape, label]).toEqual([torch.uint8, [3, 6, 5], 1]);
    expect(img.reshape(-1).tolist()).toEqual(rgbOf('palette.png'));
    expect(ds[0][0].reshape(-1).tolist()).toEqual(rgbOf('grey.png'));
    expect(ds[2][0].reshape(-1).tolist()).toEqual(rgbOf('rgba.png'));
    const scaled = ImageFolder({ root: path.join(tmp, 'root'), transform: ToTensor() });
    const [x] = scaled[1];
    expect([x.dtype, x.shape]).toEqual([torch.float32, [3, 6, 5]]);
    expect(x.mul(255).round().reshape(-1).tolist()).toEqual(rgbOf('rgb.png'));
    // v2's pipeline gives the same values
    const v2 = ImageFolder(path.join(tmp, 'root'), T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true })]));
    expect(v2[1][0].sub(x).abs().max().item()).toBeLessThan(1e-6);
  });

  test('PILToTensor keeps the loaded pixels as uint8; geometry transforms keep images PIL-like', () => {
    const ds = ImageFolder(path.join(tmp, 'root'), { transform: torchvision.transforms.PILToTensor() });
    const [img] = ds[1];
    expect([img.dtype, img.shape]).toEqual([torch.uint8, [3, 6, 5]]);
    expect(img.reshape(-1).tolist()).toEqual(rgbOf('rgb.png'));
    const flipped = ImageFolder(path.join(tmp, 'root'), { transform: T.Compose([T.RandomHorizontalFlip(1), ToTensor()]) })[1][0];
    expect(flipped.mul(255).round().flip(-1).reshape(-1).tolist()).toEqual(rgbOf('rgb.png'));
    expect(() => torchvision.transforms.v2.functional.pil_to_tensor(torch.zeros([3, 2, 2], { dtype: torch.uint8 }))).toThrow('pic should be PIL Image. Got Tensor');
  });

  test('a DataLoader batches resized images with one-hot targets', () => {
    const ds = ImageFolder(path.join(tmp, 'root'), { transform: T.Compose([T.Resize([8, 8]), ToTensor()]), target_transform: oneHot });
    const batches = [...DataLoader(ds, { batch_size: 2 })];
    expect(batches.map(([x, y]) => [x.shape, y.shape])).toEqual([[[2, 3, 8, 8], [2, 10]], [[2, 3, 8, 8], [2, 10]], [[1, 3, 8, 8], [1, 10]]]);
    expect(batches[1][1].tolist()).toEqual([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0]]);
  });

  test('is_valid_file, a custom loader, DatasetFolder with extensions, and torchvision\'s errors', () => {
    const root = path.join(tmp, 'root');
    const jpgOnly = ImageFolder(root, { is_valid_file: (p: string) => p.endsWith('.jpg'), allow_empty: true });
    expect(jpgOnly.samples).toEqual([[path.join(root, 'dog', 'photo.jpg'), 1]]);
    expect(() => ImageFolder(root, { is_valid_file: (p: string) => p.endsWith('.jpg') })).toThrow('Found no valid file for the classes cat. ');
    const texts = DatasetFolder(root, (p: string) => fs.readFileSync(p, 'utf8'), { extensions: '.txt', allow_empty: true });
    expect(texts[0]).toEqual(['not an image', 0]);
    expect(() => DatasetFolder(root, (p: string) => p, { extensions: ['.bmp'] })).toThrow('Found no valid file for the classes cat, dog. Supported extensions are: .bmp');
    expect(() => DatasetFolder(root, (p: string) => p)).toThrow('Both extensions and is_valid_file cannot be None or not None at the same time');
    expect(() => ImageFolder(path.join(root, 'cat', 'sub'))).toThrow("Couldn't find any class folder in");
    expect(() => (ImageFolder as any)()).toThrow("ImageFolder.__init__() missing 1 required positional argument: 'root'");
    const unreadable = path.join(tmp, 'unreadable');
    fs.mkdirSync(path.join(unreadable, 'a'), { recursive: true });
    fs.writeFileSync(path.join(unreadable, 'a', 'x.bmp'), 'BM not really a bitmap');
    expect(() => ImageFolder(unreadable)[0]).toThrow(`cannot identify image file '${path.join(unreadable, 'a', 'x.bmp')}'`);
    const grey = ImageFolder(root, { loader: (p: string) => read_image(p, ImageReadMode.GRAY) });
    expect(grey[0][0].shape).toEqual([1, 6, 5]);
  });
});

describe('a custom image dataset of the tutorials\' kind', () => {
  /** The tutorial's CustomImageDataset, ported literally (an annotations CSV of file,label lines). */
  class CustomImageDataset extends Dataset<[torch.Tensor, number]> {
    img_labels: [string, number][];
    img_dir: string;
    transform: ((x: torch.Tensor) => torch.Tensor) | null;
    target_transform: ((y: number) => any) | null;
    constructor(annotations_file: string, img_dir: string, transform: ((x: torch.Tensor) => torch.Tensor) | null = null, target_transform: ((y: number) => any) | null = null) {
      super();
      this.img_labels = fs.readFileSync(annotations_file, 'utf8').trim().split('\n').map((l) => { const [f, y] = l.split(','); return [f, Number(y)]; });
      this.img_dir = img_dir;
      this.transform = transform;
      this.target_transform = target_transform;
    }
    __len__(): number { return this.img_labels.length; }
    __getitem__(idx: number): [torch.Tensor, number] {
      const img_path = path.join(this.img_dir, this.img_labels[idx][0]);
      let image = read_image(img_path, ImageReadMode.RGB);
      let label = this.img_labels[idx][1];
      if (this.transform) image = this.transform(image);
      if (this.target_transform) label = this.target_transform(label);
      return [image, label];
    }
  }

  test('ds[i], ds.length and a DataLoader over it', () => {
    const csv = path.join(tmp, 'labels.csv');
    fs.writeFileSync(csv, 'rgb.png,3\npalette.png,7\nrgba.png,1\n');
    const ds = new CustomImageDataset(csv, IMAGES, T.ToDtype(torch.float32, { scale: true }));
    expect(ds.length).toBe(3);
    const [img, label] = ds[1];
    expect([img.shape, label]).toEqual([[3, 6, 5], 7]);
    expect(img.mul(255).round().reshape(-1).tolist()).toEqual(rgbOf('palette.png'));
    const [[x, y]] = [...DataLoader(ds, { batch_size: 3 })];
    expect([x.shape, y.tolist()]).toEqual([[3, 3, 6, 5], [3, 7, 1]]);
  });
});

describe('transforms with every argument by name', () => {
  const x = torch.arange(2 * 4 * 4, { dtype: torch.float32 }).reshape(2, 4, 4).div(32);

  test('same results as positionally', () => {
    const same = (a: torch.Tensor, b: torch.Tensor) => expect(a.eq(b).all().item()).toBe(true);
    same(T.Normalize({ mean: [0.5, 0.25], std: [0.5, 2] })(x), T.Normalize([0.5, 0.25], [0.5, 2])(x));
    same(T.Normalize([0.5, 0.25], { std: [0.5, 2], inplace: false })(x), T.Normalize([0.5, 0.25], [0.5, 2])(x));
    same(T.ToDtype({ dtype: torch.float64, scale: true })(x), T.ToDtype(torch.float64, true)(x));
    same(T.Resize({ size: 2, antialias: false })(x), T.Resize(2, { antialias: false })(x));
    same(T.RandomHorizontalFlip({ p: 1 })(x), x.flip(-1));
    same(T.Compose({ transforms: [T.RandomVerticalFlip({ p: 1 })] })(x), x.flip(-2));
    torch.manual_seed(5);
    const a = T.RandomCrop({ size: 3, padding: 1, padding_mode: 'reflect' })(x);
    torch.manual_seed(5);
    same(a, T.RandomCrop(3, 1, false, 0, 'reflect')(x));
    expect(Lambda({ lambd: (v: number) => v * 2 })(21)).toBe(42);
  });

  test('the tutorials\' one-hot target_transform', () => {
    expect(oneHot(3).tolist()).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(oneHot(3).dtype).toBe(torch.float32);
  });

  test("Python's binding errors", () => {
    expect(() => (T.Normalize as any)([0.5])).toThrow("Normalize.__init__() missing 1 required positional argument: 'std'");
    expect(() => (T.Normalize as any)([0.5], [0.5], { implace: true })).toThrow("Normalize.__init__() got an unexpected keyword argument 'implace'");
    expect(() => (T.Resize as any)(4, { size: 3 })).toThrow("Resize.__init__() got multiple values for argument 'size'");
    expect(() => (T.ToDtype as any)()).toThrow("ToDtype.__init__() missing 1 required positional argument: 'dtype'");
  });
});

describeData('FashionMNIST as the tutorials write it', () => {
  test('every argument by name, ToTensor and a one-hot target', () => {
    const root = path.join(tmp, 'data');
    const test_data = FashionMNIST({ root, train: false, download: true, transform: ToTensor(), target_transform: oneHot });
    const positional = FashionMNIST(root, false, ToTensor());
    expect(test_data.length).toBe(10000);
    const sample_idx = 17;
    const [img, label] = test_data[sample_idx];
    const [img2, label2] = positional[sample_idx];
    expect([img.shape, img.dtype]).toEqual([[1, 28, 28], torch.float32]);
    expect(img.eq(img2).all().item()).toBe(true);
    expect(label.argmax().item()).toBe(label2);
    expect(label.sum().item()).toBe(1);
    expect(test_data.classes[label2]).toBe(torchvision.datasets.FashionMNIST.classes[label2]);
    expect(() => (FashionMNIST as any)({ train: false })).toThrow("MNIST.__init__() missing 1 required positional argument: 'root'");
    expect(() => FashionMNIST({ root, train: 1 as any })).toThrow('FashionMNIST(): expected a boolean for train but received 1');
  });
});
