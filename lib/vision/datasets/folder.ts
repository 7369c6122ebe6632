// DatasetFolder and ImageFolder (torchvision's datasets/folder.py): samples are the files under
// root/<class>/..., the class index their folder's position in the sorted folder names.
import * as fs from 'fs';
import * as path from 'path';
import { TorchError } from '../../errors';
import { PyArgs } from '../../tensor';
import { Tensor } from '../../tensor';
import { pyBind } from '../../python/binder';
import { readRgb } from '../io/image';
import { asPilImage } from '../pil';
import { VisionDataset } from './vision';

type Callable = (x: any) => any;
type Loader = (path: string) => any;
type Extensions = string | readonly string[];

/** The file extensions ImageFolder takes (torchvision's IMG_EXTENSIONS). */
export const IMG_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp'];

/** Whether `filename` ends (case-insensitively) with one of `extensions`. */
export function has_file_allowed_extension(filename: string, extensions: Extensions): boolean {
  const lower = filename.toLowerCase();
  return (typeof extensions === 'string' ? [extensions] : extensions).some((e) => lower.endsWith(e));
}

/** Whether `filename` has one of IMG_EXTENSIONS. */
export const is_image_file = (filename: string): boolean => has_file_allowed_extension(filename, IMG_EXTENSIONS);

const fileNotFound = (message: string) => new TorchError(message, 'FileNotFoundError');
const expandUser = (p: string) => (p.startsWith('~') ? p.replace(/^~/, process.env.HOME ?? '~') : p);

function isDir(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

/** `[classes, class_to_idx]`: the sorted names of the folders in `directory`. */
export function find_classes(directory: string): [string[], Record<string, number>] {
  let entries: string[];
  try {
    entries = fs.readdirSync(directory);
  } catch {
    throw fileNotFound(`[Errno 2] No such file or directory: '${directory}'`);
  }
  const classes = entries.filter((name) => isDir(path.join(directory, name))).sort();
  if (classes.length === 0) throw fileNotFound(`Couldn't find any class folder in ${directory}.`);
  return [classes, Object.fromEntries(classes.map((c, i) => [c, i]))];
}

/** Python's `sorted(os.walk(top, followlinks=True))`: every folder under `top` (itself first) with its files, by path. */
function walk(top: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  const visit = (dir: string) => {
    let names: string[];
    try { names = fs.readdirSync(dir); } catch { return; }
    const files: string[] = [];
    const dirs: string[] = [];
    for (const name of names) (isDir(path.join(dir, name)) ? dirs : files).push(name);
    out.push([dir, files]);
    for (const d of dirs) visit(path.join(dir, d));
  };
  visit(top);
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * make_dataset(directory, class_to_idx=null, extensions=null, is_valid_file=null, allow_empty=false):
 * the `[path, class_index]` samples, classes in sorted order, files sorted within each folder.
 * Exactly one of `extensions` and `is_valid_file` selects the files.
 */
export function make_dataset(...args: PyArgs<[['directory', string], ['class_to_idx', Record<string, number> | null, '?'], ['extensions', Extensions | null, '?'], ['is_valid_file', ((path: string) => boolean) | null, '?'], ['allow_empty', boolean, '?']]>): [string, number][] {
  const [dir, classToIdx, extensions, isValidFile, allowEmpty] = pyBind<[string, Record<string, number> | null, Extensions | null, ((path: string) => boolean) | null, boolean]>(
    'make_dataset', args, ['directory', 'class_to_idx', 'extensions', 'is_valid_file', 'allow_empty'], { class_to_idx: null, extensions: null, is_valid_file: null, allow_empty: false });
  const directory = expandUser(dir);
  const class_to_idx = classToIdx ?? find_classes(directory)[1];
  if (Object.keys(class_to_idx).length === 0) throw new TorchError("'class_to_index' must have at least one entry to collect any samples.", 'ValueError');
  if ((extensions === null) === (isValidFile === null)) throw new TorchError('Both extensions and is_valid_file cannot be None or not None at the same time', 'ValueError');
  const valid = isValidFile ?? ((p: string) => has_file_allowed_extension(p, extensions!));
  const instances: [string, number][] = [];
  const available = new Set<string>();
  for (const target_class of Object.keys(class_to_idx).sort()) {
    const class_index = class_to_idx[target_class];
    const target_dir = path.join(directory, target_class);
    if (!isDir(target_dir)) continue;
    for (const [root, fnames] of walk(target_dir)) {
      for (const fname of [...fnames].sort()) {
        const p = path.join(root, fname);
        if (valid(p)) {
          instances.push([p, class_index]);
          available.add(target_class);
        }
      }
    }
  }
  const empty = Object.keys(class_to_idx).filter((c) => !available.has(c)).sort();
  if (empty.length > 0 && !allowEmpty) {
    let msg = `Found no valid file for the classes ${empty.join(', ')}. `;
    if (extensions !== null) msg += `Supported extensions are: ${typeof extensions === 'string' ? extensions : extensions.join(', ')}`;
    throw fileNotFound(msg);
  }
  return instances;
}

/**
 * The image at `path` as ImageFolder loads it: PIL's `Image.open(path).convert('RGB')`, here a
 * uint8 [3, H, W] tensor that transforms.ToTensor() scales to [0, 1] (and every v2 transform takes).
 */
export function default_loader(path: string): Tensor {
  return asPilImage(readRgb(path));
}
export const pil_loader = default_loader;

/**
 * DatasetFolder(root, loader, extensions=null, transform=null, target_transform=null,
 * is_valid_file=null, allow_empty=false): samples are the files under `root/<class>/` (any depth)
 * that have one of `extensions` (or pass `is_valid_file`); `ds[i]` is
 * `[transform(loader(path)), target_transform(class_index)]`.
 *
 * - `classes` (sorted folder names), `class_to_idx`, `samples` (`[path, class_index]`), `targets`
 */
export class DatasetFolder extends VisionDataset<[any, any]> {
  loader: Loader;
  extensions: Extensions | null;
  classes: string[];
  class_to_idx: Record<string, number>;
  samples: [string, number][];
  targets: number[];

  constructor(...args: PyArgs<[['root', string], ['loader', Loader], ['extensions', Extensions | null, '?'], ['transform', Callable | null, '?'], ['target_transform', Callable | null, '?'], ['is_valid_file', ((path: string) => boolean) | null, '?'], ['allow_empty', boolean, '?']]>) {
    const [root, loader, extensions, transform, target_transform, is_valid_file, allow_empty] = pyBind<[string, Loader, Extensions | null, Callable | null, Callable | null, ((path: string) => boolean) | null, boolean]>(
      'DatasetFolder.__init__', args, ['root', 'loader', 'extensions', 'transform', 'target_transform', 'is_valid_file', 'allow_empty'],
      { extensions: null, transform: null, target_transform: null, is_valid_file: null, allow_empty: false });
    super({ root, transform, target_transform });
    if (typeof loader !== 'function') throw new TypeError(`${new.target.name}(): expected a function for loader but received ${typeof loader}`);
    const [classes, class_to_idx] = this.find_classes(this.root);
    this.samples = (this.constructor as typeof DatasetFolder).make_dataset(this.root, class_to_idx, extensions, is_valid_file, allow_empty);
    this.loader = loader;
    this.extensions = extensions;
    this.classes = classes;
    this.class_to_idx = class_to_idx;
    this.targets = this.samples.map(([, t]) => t);
  }

  /** The `[path, class_index]` samples (subclasses may override how files are picked). */
  static make_dataset(directory: string, class_to_idx: Record<string, number> | null, extensions: Extensions | null = null, is_valid_file: ((path: string) => boolean) | null = null, allow_empty = false): [string, number][] {
    if (class_to_idx === null) throw new TorchError('The class_to_idx parameter cannot be None.', 'ValueError');
    return make_dataset(directory, class_to_idx, extensions, is_valid_file, allow_empty);
  }

  /** `[classes, class_to_idx]` of `directory` (subclasses may override how classes are found). */
  find_classes(directory: string): [string[], Record<string, number>] { return find_classes(directory); }

  getitem(index: number): [any, any] {
    const n = this.samples.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new TorchError('list index out of range', 'IndexError');
    const [p, t] = this.samples[i];
    let sample = this.loader(p);
    let target: any = t;
    if (this.transform !== null) sample = this.transform(sample);
    if (this.target_transform !== null) target = this.target_transform(target);
    return [sample, target];
  }
  get length(): number { return this.samples.length; }
}

/**
 * ImageFolder(root, transform=null, target_transform=null, loader=default_loader,
 * is_valid_file=null, allow_empty=false): a DatasetFolder of the image files under
 * `root/<class>/` (IMG_EXTENSIONS unless `is_valid_file` is given). Each image loads as RGB
 * uint8 [3, H, W]; `imgs` is `samples`.
 */
export class ImageFolder extends DatasetFolder {
  imgs: [string, number][];
  constructor(...args: PyArgs<[['root', string], ['transform', Callable | null, '?'], ['target_transform', Callable | null, '?'], ['loader', Loader, '?'], ['is_valid_file', ((path: string) => boolean) | null, '?'], ['allow_empty', boolean, '?']]>) {
    const [root, transform, target_transform, loader, is_valid_file, allow_empty] = pyBind<[string, Callable | null, Callable | null, Loader, ((path: string) => boolean) | null, boolean]>(
      'ImageFolder.__init__', args, ['root', 'transform', 'target_transform', 'loader', 'is_valid_file', 'allow_empty'],
      { transform: null, target_transform: null, loader: default_loader, is_valid_file: null, allow_empty: false });
    super({ root, loader, extensions: is_valid_file === null ? IMG_EXTENSIONS : null, transform, target_transform, is_valid_file, allow_empty });
    this.imgs = this.samples;
  }
}
