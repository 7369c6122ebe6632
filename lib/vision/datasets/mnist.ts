// MNIST and Fashion-MNIST (torchvision's datasets/mnist.py): 28×28 grey images with a class label,
// read from the IDX files in torchvision's layout, `${root}/<ClassName>/raw/`.
import * as path from 'path';
import { Tensor } from '../../tensor';
import { int64 } from '../../dtype';
import { TorchError } from '../../errors';
import { PyArgs } from '../../tensor';
import { pyBind } from '../../python/binder';
import { CollatedBatchSource, getCollatedBatch, indexTensor } from '../../utils/data/dataset';
import { batchKernelOf } from '../transforms/v2/transform';
import { VisionDataset } from './vision';
import { read_image_file, read_label_file } from './idx';
import { Resource, ensureResources, findFile, extractedName } from './utils';

type Callable = (x: any) => any;

export interface MNISTOptions {
  /** Where the files are (`${root}/<ClassName>/raw/`). */
  root?: string;
  /** The training set (60000 images) when true (default), else the test set (10000). */
  train?: boolean;
  /** Applied to each image (a uint8 28×28 tensor), e.g. Compose([ToImage(), ToDtype(float32, {scale: true})]). */
  transform?: Callable | null;
  /** Applied to each target (a number). */
  target_transform?: Callable | null;
  /** Fetch missing files: from a local mirror (Debian's dataset packages), else from the internet. */
  download?: boolean;
}

/** Where local copies of the published files may be: $TORCHTS_DATASETS_MIRROR, by default Debian's /usr/share/datasets. */
function mirrorBase(): string { return process.env.TORCHTS_DATASETS_MIRROR || '/usr/share/datasets'; }

/**
 * MNIST(root, train=true, transform=null, target_transform=null, download=false), each argument
 * positionally or by name (`MNIST({ root: 'data', train: false, download: true })`): the MNIST
 * handwritten digits. Files are read from `${root}/MNIST/raw/` (train-images-idx3-ubyte etc.,
 * extracted or .gz).
 *
 * `download: true` first copies missing files from `$TORCHTS_DATASETS_MIRROR/mnist`
 * (default /usr/share/datasets/mnist), then tries torchvision's download mirrors.
 *
 * - `data`: uint8 tensor (N, 28, 28); `targets`: int64 tensor (N) (assignable, e.g. to relabel)
 * - `getitem(i)` -> `[image, target]`: image is `transform(data[i])`, without a transform the
 *   uint8 28×28 tensor itself (torchvision gives a PIL image there); target is a number
 *   (`target_transform(target)` if given)
 * - `classes`, `class_to_idx`, `length`
 */
export class MNIST extends VisionDataset<[any, any]> implements CollatedBatchSource {
  static mirrors = ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'http://yann.lecun.com/exdb/mnist/'];
  static resources: Resource[] = [
    { filename: 'train-images-idx3-ubyte.gz', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
    { filename: 'train-labels-idx1-ubyte.gz', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
    { filename: 't10k-images-idx3-ubyte.gz', md5: '9fb629c4189551a2d022fa330f9573f3' },
    { filename: 't10k-labels-idx1-ubyte.gz', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
  ];
  static classes = ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'];
  /** The folder name of Debian's package for this dataset under /usr/share/datasets. */
  static mirrorFolder = 'mnist';
  static installHint = 'MNIST has no Debian package: put the files into /usr/share/datasets/mnist, or into <dir>/mnist and set TORCHTS_DATASETS_MIRROR=<dir>.';

  train: boolean;
  data: Tensor;
  targets: Tensor;

  constructor(...args: PyArgs<[['root', string], ['train', boolean, '?'], ['transform', Callable | null, '?'], ['target_transform', Callable | null, '?'], ['download', boolean, '?']]>) {
    const [root, train, transform, target_transform, download] = pyBind<[string, boolean, Callable | null, Callable | null, boolean]>(
      'MNIST.__init__', args, ['root', 'train', 'transform', 'target_transform', 'download'], { train: true, transform: null, target_transform: null, download: false });
    super({ root, transform, target_transform });
    for (const [key, value] of [['train', train], ['download', download]] as const) {
      if (typeof value !== 'boolean') throw new TypeError(`${new.target.name}(): expected a boolean for ${key} but received ${String(value)}`);
    }
    this.train = train;
    if (download) this.download();
    if (!this._check_exists()) throw new TorchError('Dataset not found. You can use download=True to download it', 'RuntimeError');
    const prefix = this.train ? 'train' : 't10k';
    this.data = read_image_file(findFile(this.raw_folder, `${prefix}-images-idx3-ubyte`)!);
    this.targets = read_label_file(findFile(this.raw_folder, `${prefix}-labels-idx1-ubyte`)!);
    if (this.targets.size(0) !== this.data.size(0)) throw new TorchError(`Invalid ${this.constructor.name} files in ${this.raw_folder}: ${this.data.size(0)} images but ${this.targets.size(0)} labels`, 'RuntimeError');
  }

  private get statics(): typeof MNIST { return this.constructor as typeof MNIST; }
  /** The class names, index = label. */
  get classes(): string[] { return this.statics.classes; }
  get class_to_idx(): Record<string, number> { return Object.fromEntries(this.classes.map((c, i) => [c, i])); }
  /** `${root}/<ClassName>/raw`, where the IDX files live. */
  get raw_folder(): string { return path.join(this.root, this.constructor.name, 'raw'); }

  private _check_exists(): boolean {
    return this.statics.resources.every((r) => findFile(this.raw_folder, extractedName(r.filename)) !== null);
  }

  /** Makes the files present in raw_folder (local mirror first, then the internet). */
  download(): void {
    const base = mirrorBase();
    ensureResources({
      rawFolder: this.raw_folder,
      resources: this.statics.resources,
      localDirs: [path.join(base, this.statics.mirrorFolder), path.join(base, this.constructor.name, 'raw')],
      mirrors: this.statics.mirrors,
      hint: this.statics.installHint,
    });
  }

  getitem(index: number): [any, any] {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw new TorchError(`index ${index} is out of bounds for dimension 0 with size ${n}`, 'IndexError');
    let img: any = this.data.select(0, index);
    let target: any = this.targetAt(index);
    if (this.transform !== null) img = this.transform(img);
    if (this.target_transform !== null) target = this.target_transform(target);
    return [img, target];
  }
  get length(): number { return this.data.size(0); }

  /** int(targets[index]) */
  private targetAt(index: number): number {
    const t: unknown = this.targets;
    if (t instanceof Tensor) return Math.trunc(t.select(0, index).item() as number);
    return Math.trunc(Number((t as ArrayLike<number>)[index < 0 ? index + (t as ArrayLike<number>).length : index]));
  }

  // The DataLoader's fast path: one index_select of the uint8 images and one element-wise
  // transform of the whole batch, when that gives exactly the per-sample batch.
  [getCollatedBatch](indices: number[]): [Tensor, Tensor] | undefined {
    if (this.getitem !== MNIST.prototype.getitem || this.target_transform !== null) return undefined;
    if (!(this.targets instanceof Tensor) || this.targets.dtype !== int64 || this.targets.dim() !== 1) return undefined;
    const kernel = this.transform === null ? { apply: (b: Tensor) => b } : batchKernelOf(this.transform, this.data.dim() - 1);
    if (!kernel) return undefined;
    const n = this.length;
    if (indices.some((i) => !Number.isInteger(i) || i < -n || i >= n)) return undefined;
    const idx = indexTensor(indices.map((i) => (i < 0 ? i + n : i)));
    const images = this.data.index_select(0, idx);
    const targets = this.targets.index_select(0, idx);
    idx.dispose();
    return [kernel.apply(images), targets];
  }

  extra_repr(): string { return `Split: ${this.train ? 'Train' : 'Test'}`; }
}

/**
 * FashionMNIST(root, {train=true, transform=null, target_transform=null, download=false}):
 * Zalando's 28×28 grey clothing images in 10 classes ('T-shirt/top', 'Trouser', ...), read from
 * `${root}/FashionMNIST/raw/`. `download: true` copies the files from Debian's
 * dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist, or
 * `$TORCHTS_DATASETS_MIRROR/fashion-mnist`) before trying the internet. See MNIST for the rest.
 */
export class FashionMNIST extends MNIST {
  static mirrors = ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'];
  static resources: Resource[] = [
    { filename: 'train-images-idx3-ubyte.gz', md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
    { filename: 'train-labels-idx1-ubyte.gz', md5: '25c81989df183df01b3e8a0aad5dffbe' },
    { filename: 't10k-images-idx3-ubyte.gz', md5: 'bef4ecab320f06d8554ea6380940ec79' },
    { filename: 't10k-labels-idx1-ubyte.gz', md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
  ];
  static classes = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
  static mirrorFolder = 'fashion-mnist';
  static installHint = 'Install Debian\'s Fashion-MNIST package: `apt-get install dataset-fashion-mnist` (it puts the files in /usr/share/datasets/fashion-mnist), or put them into <dir>/fashion-mnist and set TORCHTS_DATASETS_MIRROR=<dir>.';
}
