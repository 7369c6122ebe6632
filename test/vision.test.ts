// torchts/vision against torchvision's behaviour (test/golden/data.json, written by
// scripts/golden/data.py from Debian's Fashion-MNIST files): the dataset's contents, transforms.v2
// outputs and random draws, seeded DataLoader epochs through random transforms, the batched fast
// path, and the errors for missing or corrupt files. Needs `apt-get install dataset-fashion-mnist`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import * as torchvision from '../lib/vision';
import { GoldenTensor, loadGolden, makeTensor } from './golden';

const T = torchvision.transforms.v2;
const { DataLoader, Subset, default_collate } = torch.utils.data;
const golden = loadGolden('data');
const MIRROR = path.join(process.env.TORCHTS_DATASETS_MIRROR || '/usr/share/datasets', 'fashion-mnist');
const haveData = fs.existsSync(path.join(MIRROR, 'train-images-idx3-ubyte.gz'));
if (!haveData) console.warn(`vision tests skipped: no Fashion-MNIST files in ${MIRROR} (apt-get install dataset-fashion-mnist)`);
const describeData = haveData ? describe : describe.skip;

function expectTensor(actual: torch.Tensor, e: GoldenTensor, what = 'tensor'): void {
  expect([what, actual.dtype.name, actual.shape]).toEqual([what, e.dtype, e.shape]);
  const got = actual.reshape(-1).tolist() as number[];
  const bad = got.findIndex((v, i) => v !== e.values[i]);
  if (bad >= 0) throw new Error(`${what}: element ${bad} is ${got[bad]}, expected ${e.values[bad]}`);
}

const toTensor = () => T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true })]);

let tmp: string;
let train: torchvision.datasets.FashionMNIST;
let test_: torchvision.datasets.FashionMNIST;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-vision-'));
  if (!haveData) return;
  // download: true copies the files from the local mirror (Debian's package) into root
  train = torchvision.datasets.FashionMNIST(path.join(tmp, 'root'), { train: true, download: true });
  test_ = torchvision.datasets.FashionMNIST(path.join(tmp, 'root'), { train: false });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describeData('FashionMNIST', () => {
  test('train and test splits hold torchvision\'s data', () => {
    for (const [ds, g] of [[train, golden.fashion.train], [test_, golden.fashion.test]] as const) {
      expect(ds.length).toBe(g.length);
      expect(ds.data.shape).toEqual([g.length, 28, 28]);
      expect(ds.data.dtype).toBe(torch.uint8);
      expect(ds.targets.dtype).toBe(torch.int64);
      expect(ds.targets.index('0:20').tolist()).toEqual(g.targets_first);
      expect(torch.bincount(ds.targets, { minlength: 10 }).tolist()).toEqual(g.target_counts);
      expect(ds.data.long().sum().item()).toBe(g.pixel_sum);
      for (const [i, s] of Object.entries(g.samples) as [string, any][]) {
        const [img, target] = ds.getitem(Number(i));
        expect(target).toBe(s.target);
        expect(img.dtype).toBe(torch.uint8);
        expect(img.shape).toEqual([28, 28]);
        expect(img.long().sum().item()).toBe(s.sum);
        expect(img.index(14).tolist()).toEqual(s.row14);
      }
    }
    expect(fs.readdirSync(path.join(tmp, 'root', 'FashionMNIST', 'raw')).sort()).toEqual(['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']);
  });

  test('classes, class_to_idx, printing, getitem bounds', () => {
    expect(train.classes).toEqual(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
    expect(train.class_to_idx['Ankle boot']).toBe(9);
    expect(train).toBeInstanceOf(torchvision.datasets.MNIST);
    expect(train).toBeInstanceOf(torch.utils.data.Dataset);
    const ds = new torchvision.datasets.FashionMNIST(path.join(tmp, 'root'), false, toTensor());
    expect(String(ds)).toBe([
      'Dataset FashionMNIST',
      '    Number of datapoints: 10000',
      `    Root location: ${path.join(tmp, 'root')}`,
      '    Split: Test',
      '    StandardTransform',
      'Transform: Compose(',
      '                 ToImage()',
      '                 ToDtype(scale=True)',
      '           )',
    ].join('\n'));
    expect(() => train.getitem(60000)).toThrow('index 60000 is out of bounds for dimension 0 with size 60000');
    expect(train.getitem(-1)[1]).toBe(golden.fashion.train.samples['59999'].target);
  });

  test('transform and target_transform, and relabelling through assignable targets (the notebook\'s cell)', () => {
    const ds = torchvision.datasets.FashionMNIST(path.join(tmp, 'root'), { train: false, transform: toTensor(), target_transform: (y: number) => y * 10 });
    const [img, y] = ds.getitem(0);
    expect(img.shape).toEqual([1, 28, 28]);
    expect(img.dtype).toBe(torch.float32);
    expect(y).toBe(golden.fashion.test.samples['0'].target * 10);
    const label_map = new Map([[1, 0], [3, 1], [4, 2], [5, 3], [6, 4], [7, 5], [8, 6], [9, 7]]);
    const relabelled = torchvision.datasets.FashionMNIST(path.join(tmp, 'root'), { train: false, transform: toTensor() });
    relabelled.targets = torch.tensor((relabelled.targets.tolist() as number[]).map((l) => label_map.get(l) ?? -1));
    const idxs = (relabelled.targets.tolist() as number[]).flatMap((l, i) => (l !== -1 ? [i] : []));
    expect(idxs.length).toBe(8000);
    const loader = DataLoader(Subset(relabelled, idxs), { batch_size: 32 });
    expect(loader.length).toBe(250);
    const [X, Y] = loader[Symbol.iterator]().next().value;
    expect(X.shape).toEqual([32, 1, 28, 28]);
    expect(Y.tolist()).toEqual(idxs.slice(0, 32).map((i) => relabelled.targets.index(i).item()));
    expect(Y.tolist().slice(0, 3)).toEqual(golden.fashion.test.targets_first.filter((l: number) => label_map.has(l)).slice(0, 3).map((l: number) => label_map.get(l)));
  });
});

describeData('transforms.v2 equal torchvision', () => {
  const img = (i: number) => train.data.index(i);
  const t = golden.transforms;

  test('ToImage + ToDtype(scale), ToTensor, Normalize', () => {
    const x = toTensor()(img(0));
    expectTensor(x, t.to_dtype_scale, 'ToDtype scale');
    expect(T.Compose([T.ToImage(), T.ToDtype(torch.float32)])(img(0)).sum().item()).toBe(t.to_dtype_noscale_sum);
    expectTensor(T.ToTensor()(img(0)), t.to_tensor_v1, 'ToTensor');
    expectTensor(torchvision.transforms.ToTensor()(img(0)), t.to_tensor_v1, 'v1 ToTensor');
    expectTensor(T.Normalize([0.2860], [0.3530])(x), t.normalize, 'Normalize');
    const y = x.clone();
    expect(T.Normalize([0.2860], [0.3530], { inplace: true })(y)).toBe(y);
    expect(() => T.Normalize([0.5], [0])(x)).toThrow('std evaluated to zero, leading to division by zero.');
    expect(() => T.Normalize([0.5], [0.5])(img(0).unsqueeze(0))).toThrow('Input tensor should be a float tensor. Got torch.uint8.');
    expect(String(T.Normalize([0.5], [0.25]))).toBe('Normalize(mean=[0.5], std=[0.25], inplace=False)');
    // nested arrays are read like numpy's H×W×C arrays
    expect(T.ToImage()([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]).tolist()).toEqual([[[1, 3], [5, 7]], [[2, 4], [6, 8]]]);
  });

  test('RandomHorizontalFlip draws torch.rand(1) per call', () => {
    torch.manual_seed(0);
    const flip = T.RandomHorizontalFlip(0.5);
    const image = T.ToImage()(img(1));
    const flips = Array.from({ length: 10 }, () => !torch.equal(flip(image), image));
    expect(flips).toEqual(t.hflip_seed0);
    expectTensor(T.RandomHorizontalFlip(1)(image), t.hflip_image, 'flip');
    // an (image, label) pair: the label passes through
    const [flipped, label] = T.RandomHorizontalFlip(1)(image, 3);
    expect(label).toBe(3);
    expect(torch.equal(flipped, makeTensor(t.hflip_image))).toBe(true);
    expect(() => T.RandomHorizontalFlip(2)).toThrow('`p` should be a floating point value in the interval [0.0, 1.0].');
  });

  test('RandomCrop: offsets from torch.randint, padding modes', () => {
    torch.manual_seed(1);
    const crop = T.RandomCrop(24, { padding: 4 });
    const image = T.ToImage()(img(2));
    const outs = Array.from({ length: 6 }, () => crop(image));
    expectTensor(outs[0], t.random_crop_seed1.first, 'first crop');
    // recover each offset by locating the crop in the padded image
    const padded = T.functional.pad(image, 4);
    t.random_crop_seed1.params.forEach(([top, left]: number[], k: number) => {
      expect(torch.equal(outs[k], padded.index(':', `${top}:${top + 24}`, `${left}:${left + 24}`))).toBe(true);
    });
    torch.manual_seed(2);
    const noPad = T.RandomCrop([20, 20]);
    t.random_crop_nopad_seed2.forEach(([top, left]: number[]) => {
      expect(torch.equal(noPad(image), image.index(':', `${top}:${top + 20}`, `${left}:${left + 20}`))).toBe(true);
    });
    const p = t.pad;
    const small = makeTensor(p.input);
    expectTensor(T.functional.pad(small, [1, 2, 2, 1], 9), p.constant, 'constant');
    expectTensor(T.functional.pad(small, [2, 1, 1, 2], 0, 'reflect'), p.reflect, 'reflect');
    expectTensor(T.functional.pad(small, [2, 1, 1, 2], 0, 'edge'), p.edge, 'edge');
    expectTensor(T.functional.pad(small, [3, 2, 1, 2], 0, 'symmetric'), p.symmetric, 'symmetric');
    expectTensor(T.functional.pad(small, [1, 2, 1, 0], [200, 100]), p.vector_fill, 'vector fill');
    expect(() => T.RandomCrop(40)(image)).toThrow('Required crop size (40, 40) is larger than input image size (28, 28).');
    expect(T.RandomCrop(40, { pad_if_needed: true })(image).shape).toEqual([1, 40, 40]);
    expect(() => T.RandomCrop(24, { padding: [1, 2, 3] })).toThrow('Padding must be an int or a 1, 2, or 4 element tuple, not a 3 element tuple');
    expect(String(crop)).toBe('RandomCrop(size=(24, 24), padding=[4, 4, 4, 4], pad_if_needed=False, fill=0, padding_mode=constant)');
  });

  test('Resize: bilinear with and without antialias, up and down, uint8, nearest, bicubic', () => {
    const r = t.resize;
    const xf = toTensor()(img(3));
    const xu = T.ToImage()(img(3));
    expectTensor(T.Resize(14)(xf), r.float_14_aa, 'float 14 aa');
    expectTensor(T.Resize(14, { antialias: false })(xf), r.float_14_noaa, 'float 14');
    expectTensor(T.Resize(56)(xf), r.float_56, 'float 56');
    expectTensor(T.Resize([20, 35])(xf), r.float_20x35, 'float 20x35');
    expectTensor(T.Resize(14)(xu), r.uint8_14, 'uint8 14');
    expectTensor(T.Resize(14, { interpolation: T.InterpolationMode.NEAREST })(xu), r.uint8_nearest_14, 'nearest');
    expectTensor(T.Resize(20, { interpolation: 'bicubic' })(xf), r.float_bicubic_20, 'bicubic');
    expect(T.Resize(28)(xf)).toBe(xf);
    expect(String(T.Resize(14))).toBe('Resize(size=[14], interpolation=InterpolationMode.BILINEAR, antialias=True)');
  });
});

describeData('DataLoader over FashionMNIST', () => {
  const sums = (X: torch.Tensor) => (X.double().sum([1, 2, 3]).tolist() as number[]);
  const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-9));

  test('random transforms draw from the global generator in PyTorch\'s order', () => {
    const transform = T.Compose([T.ToImage(), T.RandomHorizontalFlip(), T.RandomCrop(28, { padding: 2 }), T.ToDtype(torch.float32, { scale: true })]);
    const ds = torchvision.datasets.FashionMNIST(path.join(tmp, 'root'), { train: true, transform });
    const subset = Subset(ds, Array.from({ length: 200 }, (_, i) => 2 * i));
    torch.manual_seed(5);
    const it = DataLoader(subset, { batch_size: 16, shuffle: true })[Symbol.iterator]();
    for (const g of golden.loader_transforms.random_transforms_seed5) {
      const [X, y] = it.next().value;
      expect(X.shape).toEqual(g.shape);
      expect(y.tolist()).toEqual(g.targets);
      close(sums(X), g.image_sums);
    }
  });

  test('fast path (one index_select + one batched transform) is bit-identical to the per-sample path', () => {
    for (const transform of [null, toTensor(), T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true }), T.Normalize([0.2860], [0.3530])]), T.ToTensor()]) {
      const ds = torchvision.datasets.FashionMNIST(path.join(tmp, 'root'), { train: false, transform });
      const subset = Subset(ds, Array.from({ length: 1000 }, (_, i) => 9999 - 3 * i));
      torch.manual_seed(8);
      const fast = [...DataLoader(subset, { batch_size: 64, shuffle: true })];
      torch.manual_seed(8);
      const slow = [...DataLoader(subset, { batch_size: 64, shuffle: true, collate_fn: (b: unknown[]) => default_collate(b) })];
      expect(fast.length).toBe(16);
      fast.forEach(([X, y], k) => {
        expect([X.dtype, X.shape]).toEqual([slow[k][0].dtype, slow[k][0].shape]);
        expect(torch.equal(X, slow[k][0])).toBe(true);
        expect(torch.equal(y, slow[k][1])).toBe(true);
      });
    }
    // the notebook's data: Subset + shuffle after a seed, through the fast path
    const plain = golden.loader_transforms.plain_seed5;
    const ds = torchvision.datasets.FashionMNIST(path.join(tmp, 'root'), { train: true, transform: toTensor() });
    torch.manual_seed(5);
    const [X, y] = DataLoader(Subset(ds, Array.from({ length: 200 }, (_, i) => 2 * i)), { batch_size: 16, shuffle: true })[Symbol.iterator]().next().value;
    expect(y.tolist()).toEqual(plain.targets);
    close(sums(X), plain.image_sums);
  });
});

describe('missing and corrupt files', () => {
  test('no files and no download: PyTorch\'s message', () => {
    expect(() => torchvision.datasets.FashionMNIST(path.join(tmp, 'empty'))).toThrow('Dataset not found. You can use download=True to download it');
    expect(() => torchvision.datasets.MNIST(path.join(tmp, 'empty'), { train: false })).toThrow('Dataset not found. You can use download=True to download it');
  });

  test('download with no local mirror and no network names what to install', () => {
    const saved = { env: process.env.TORCHTS_DATASETS_MIRROR, mirrors: torchvision.datasets.FashionMNIST.mirrors };
    process.env.TORCHTS_DATASETS_MIRROR = path.join(tmp, 'no-mirror');
    torchvision.datasets.FashionMNIST.mirrors = ['http://127.0.0.1:9/'];
    try {
      const err = (() => { try { torchvision.datasets.FashionMNIST(path.join(tmp, 'offline'), { download: true }); } catch (e) { return e as Error; } throw new Error('no error'); })();
      expect(err).toBeInstanceOf(torch.TorchError);
      expect(err.message).toContain('apt-get install dataset-fashion-mnist');
      expect(err.message).toContain('train-images-idx3-ubyte.gz');
      expect(err.message).toContain(path.join(tmp, 'offline', 'FashionMNIST', 'raw'));
      expect(err.message).toContain('http://127.0.0.1:9/train-images-idx3-ubyte.gz');
    } finally {
      if (saved.env === undefined) delete process.env.TORCHTS_DATASETS_MIRROR; else process.env.TORCHTS_DATASETS_MIRROR = saved.env;
      torchvision.datasets.FashionMNIST.mirrors = saved.mirrors;
    }
  });

  test('truncated or bad-magic IDX files raise a clear TorchError', () => {
    const raw = path.join(tmp, 'bad', 'MNIST', 'raw');
    fs.mkdirSync(raw, { recursive: true });
    const header = (magic: number, ...dims: number[]) => Buffer.concat([Buffer.from([0, 0, magic >> 8, magic & 255]), ...dims.map((d) => { const b = Buffer.alloc(4); b.writeUInt32BE(d); return b; })]);
    const write = (name: string, buf: Buffer) => fs.writeFileSync(path.join(raw, name), buf);
    write('train-images-idx3-ubyte', Buffer.concat([header(0x0803, 10, 28, 28), Buffer.alloc(28 * 28 * 10)]));
    write('train-labels-idx1-ubyte', Buffer.concat([header(0x0801, 10), Buffer.alloc(10)]));
    write('t10k-images-idx3-ubyte', Buffer.concat([header(0x0803, 5, 28, 28), Buffer.alloc(28 * 28 * 2)]));
    write('t10k-labels-idx1-ubyte', Buffer.concat([header(0x0801, 5), Buffer.alloc(5)]));
    const ok = torchvision.datasets.MNIST(path.join(tmp, 'bad'));
    expect(ok.length).toBe(10);
    expect(ok.classes[3]).toBe('3 - three');
    expect(() => torchvision.datasets.MNIST(path.join(tmp, 'bad'), { train: false })).toThrow(/t10k-images-idx3-ubyte: the header says 5x28x28 values \(3920 bytes\) but the file holds 1568 bytes of data \(truncated\)/);
    write('t10k-images-idx3-ubyte', Buffer.from('<html>not found</html>'));
    expect(() => torchvision.datasets.MNIST(path.join(tmp, 'bad'), { train: false })).toThrow(/bad magic number/);
    write('t10k-images-idx3-ubyte', Buffer.concat([header(0x0803, 4, 28, 28), Buffer.alloc(28 * 28 * 4)]));
    expect(() => torchvision.datasets.MNIST(path.join(tmp, 'bad'), { train: false })).toThrow('4 images but 5 labels');
    expect(() => torchvision.datasets.MNIST(path.join(tmp, 'bad'), { train: 'yes' as any })).toThrow(TypeError);
  });
});

test('option checks of the transforms', () => {
  expect(() => T.Compose([])).toThrow('Pass at least one transform');
  expect(() => T.Compose([1 as any])).toThrow('Argument transforms should be a sequence of callables');
  expect(() => T.ToDtype('float32' as any)).toThrow(TypeError);
  expect(() => T.Lambda(3 as any)).toThrow("Argument lambd should be callable, got 'Number'");
  expect(T.Lambda((x: number) => x + 1, Number)(1)).toBe(2);
  expect(() => T.Resize([1, 2, 3])).toThrow('size can be an integer, a sequence of one or two integers, or None');
  expect(() => T.RandomCrop(10, { padding: 1, padding_mode: 'wrap' as any })).toThrow('Padding mode should be either constant, edge, reflect or symmetric');
  expect(T.Compose([T.ToImage()])).toBeInstanceOf(torch.nn.Module);
});
