// Datasets (PyTorch's torch/utils/data/dataset.py): map-style Dataset (`getitem(i)` + `length`,
// Python's __getitem__/__len__), IterableDataset, TensorDataset, ConcatDataset, ChainDataset,
// Subset and random_split. Plain arrays and tensors also work wherever PyTorch takes any indexable
// object with a length.
import { Tensor } from '../../tensor';
import { int32, int64 } from '../../dtype';
import { TorchError, checkArgs } from '../../errors';
import { checkIterable, describeValue } from '../../python/check';
import { randperm } from '../../creation';
import { isOptions } from '../../python/options';
import { native } from '../../native';
import { z } from 'zod';
import { Generator } from './generator';
import { generatorArg } from './checks';
import { typeName } from '../../python/typename';
import { warn } from '../../python/warnings';

/**
 * Internal protocol behind the DataLoader's fast path: a dataset that can build the batch
 * `default_collate([ds.getitem(i) for i in indices])` in a few vectorised ops returns it from this
 * method, or `undefined` when it cannot reproduce the per-sample result exactly (for instance a
 * subclass overrides `getitem`, or a transform is not element-wise).
 */
export const getCollatedBatch: unique symbol = Symbol('torchts.getCollatedBatch');

export interface CollatedBatchSource {
  [getCollatedBatch](indices: number[]): unknown;
}

/**
 * An abstract map-style dataset. Subclasses implement `getitem(index)` and usually `get length()`
 * (what samplers and `DataLoader.length` use), or Python's `__getitem__(idx)` and `__len__()` as
 * ported literally: either pair drives `ds.length`, `ds[i]` and the DataLoader.
 * `ds[i]` indexes every map-style dataset; `for (const sample of dataset)` visits 0 .. length-1.
 * Without a type argument (`extends Dataset`, as Python's `class D(Dataset)`) samples are `any`,
 * like Python's unparameterised Generic.
 */
export class Dataset<T = any> {
  /** `dataset[index]`: the sample at `index` (Python's subscript), through `getitem`. */
  readonly [index: number]: T;

  constructor() {
    adoptPythonProtocol(new.target);
  }

  /** The sample at `index`. Subclasses override it (or define `__getitem__`). */
  getitem(index: number): T {
    throw new TorchError(`${this.constructor.name}.getitem(${index}) is not implemented: subclasses of Dataset implement getitem(index) or __getitem__(idx)`, 'NotImplementedError');
  }

  /** The number of samples. Subclasses define it as a getter (or `__len__()`); the base has no length, as in PyTorch. */
  get length(): number {
    throw new TypeError(`object of type '${this.constructor.name}' has no len()`);
  }

  /** Python's `ds.__getitem__(idx)`, for code that calls it by that name. */
  __getitem__(index: number): T { return this.getitem(index); }
  /** Python's `ds.__len__()`, for code that calls it by that name. */
  __len__(): number { return this.length; }

  *[Symbol.iterator](): Iterator<T> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this.getitem(i);
  }

  /** `dataset + other` in Python: the two concatenated (a ConcatDataset; a ChainDataset for iterable ones). */
  add(other: Dataset<T>): Dataset<T> { return new ConcatDataset<T>([this, other]); }
}

const adopted = new WeakSet<object>();

/**
 * A class that defines Python's `__getitem__` / `__len__` / `__iter__` (and not `getitem` /
 * `length` / `[Symbol.iterator]` itself) gets those calling them, once per class: everything
 * else (DataLoader, samplers, fast-path checks such as
 * `this.getitem !== TensorDataset.prototype.getitem`) sees one protocol.
 */
function adoptPythonProtocol(cls: Function): void {
  for (let proto = cls.prototype; proto && proto !== Dataset.prototype && !adopted.has(proto); proto = Object.getPrototypeOf(proto)) {
    adopted.add(proto);
    const own = (name: PropertyKey) => Object.prototype.hasOwnProperty.call(proto, name);
    if (own('__getitem__') && !own('getitem')) {
      Object.defineProperty(proto, 'getitem', { value: function getitem(this: Dataset, index: number) { return this.__getitem__(index); }, writable: true, configurable: true });
    }
    if (own('__len__') && !own('length')) {
      Object.defineProperty(proto, 'length', { get: function length(this: Dataset) { return this.__len__(); }, configurable: true });
    }
    if (own('__iter__') && !own(Symbol.iterator)) {
      Object.defineProperty(proto, Symbol.iterator, { value: function iterate(this: { __iter__(): Iterator<unknown> }) { return this.__iter__(); }, writable: true, configurable: true });
    }
  }
}

// `ds[i]`: a Proxy placed below Dataset.prototype in the prototype chain. Lookups of an instance's
// own fields and of methods end before it, so they cost nothing; only names found nowhere else
// (integer keys, and the few misses like an absent symbol) reach the trap.
const INTEGER_KEY = /^-?(0|[1-9]\d*)$/;
Object.setPrototypeOf(Dataset.prototype, new Proxy(Object.create(Object.prototype), {
  get(target, prop, receiver) {
    if (typeof prop === 'string' && INTEGER_KEY.test(prop)) return (receiver as Dataset).getitem(Number(prop));
    return Reflect.get(target, prop, receiver);
  },
}));

/**
 * An abstract iterable-style dataset: subclasses implement `[Symbol.iterator]()` or Python's
 * `__iter__()` (a generator method either way). The DataLoader draws samples from it in order,
 * with no sampler.
 */
export class IterableDataset<T = any> extends Dataset<T> {
  *[Symbol.iterator](): Iterator<T> {
    throw new TorchError(`${this.constructor.name} must implement [Symbol.iterator]()`, 'NotImplementedError');
  }
  add(other: Dataset<T>): Dataset<T> { return new ChainDataset<T>([this, other as IterableDataset<T>]); }
}

/** Anything with a length: a Dataset, an array, a tensor (Python's `Sized`). */
export interface Sized { readonly length: number }

/** What map-style code accepts as a dataset: a Dataset, or any array / tensor indexed by position. */
export type MapDataset<T = unknown> = Dataset<T> | ArrayLike<T> | Tensor;

/** `len(dataset)`. */
export function lengthOf(dataset: unknown): number {
  const d = dataset as (Sized & { __len__?: () => number }) | null;
  let n = d?.length;
  if (typeof n !== 'number' && typeof d?.__len__ === 'function') n = d.__len__();
  if (typeof n !== 'number') throw new TypeError(`object of type '${typeName(dataset)}' has no len()`);
  return n;
}

/** `dataset[index]` for a Dataset (getitem), a tensor (index) or an array (with Python's negative indices). */
export function getItem<T>(dataset: MapDataset<T>, index: number): T {
  if (typeof (dataset as Partial<Dataset<T>>).getitem === 'function') return (dataset as Dataset<T>).getitem(index);
  if (typeof (dataset as Partial<Dataset<T>>).__getitem__ === 'function') return (dataset as Dataset<T>).__getitem__(index);
  if (dataset instanceof Tensor) return dataset.index(index) as unknown as T;
  if (Array.isArray(dataset) || ArrayBuffer.isView(dataset)) {
    const a = dataset as ArrayLike<T>;
    const i = index < 0 ? index + a.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= a.length) throw new TorchError('list index out of range', 'IndexError');
    return a[i];
  }
  throw new TypeError(`'${typeName(dataset)}' object is not subscriptable`);
}

/** A 1-D integer CPU tensor of `indices` (for index_select). */
export function indexTensor(indices: number[]): Tensor {
  // int32 indices (index_select takes int32 or int64) skip a BigInt per index; data sets stay below 2^31.
  const small = new Int32Array(indices.length);
  let fits = true;
  for (let i = 0; i < indices.length && fits; i++) {
    small[i] = indices[i];
    fits = small[i] === indices[i];
  }
  if (fits) return native.fromBuffer(small, [indices.length], int32.code, null, false);
  const buf = new BigInt64Array(indices.length);
  for (let i = 0; i < indices.length; i++) buf[i] = BigInt(indices[i]);
  return native.fromBuffer(buf, [indices.length], int64.code, null, false);
}

/** The batch a source can build at once, or undefined (see getCollatedBatch). */
export function collatedBatchOf(dataset: unknown, indices: number[]): unknown {
  const source = dataset as Partial<CollatedBatchSource> | null;
  return typeof source?.[getCollatedBatch] === 'function' ? source[getCollatedBatch]!(indices) : undefined;
}

/**
 * TensorDataset(...tensors): sample i is `[t[i] for t of tensors]`. Every tensor must have the
 * same size in dim 0 (the number of samples).
 */
export class TensorDataset extends Dataset<Tensor[]> implements CollatedBatchSource {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    tensors.forEach((t, i) => { if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset(): expected a Tensor for tensors[${i}] but received ${typeName(t)}`); });
    if (tensors.length === 0) throw new TorchError('tuple index out of range', 'IndexError');
    const n = tensors[0].size(0);
    if (!tensors.every((t) => t.size(0) === n)) throw new TorchError('Size mismatch between tensors', 'AssertionError');
    this.tensors = tensors;
  }
  getitem(index: number): Tensor[] { return this.tensors.map((t) => t.index(index)); }
  get length(): number { return this.tensors[0].size(0); }

  [getCollatedBatch](indices: number[]): Tensor[] | undefined {
    if (this.getitem !== TensorDataset.prototype.getitem) return undefined;
    const n = this.length;
    // Python's t[i] accepts -n <= i < n; index_select only 0 <= i < n.
    const normalized = indices.map((i) => {
      if (i < -n || i >= n) throw new TorchError(`index ${i} is out of bounds for dimension 0 with size ${n}`, 'IndexError');
      return i < 0 ? i + n : i;
    });
    const idx = indexTensor(normalized);
    const out = this.tensors.map((t) => t.index_select(0, t.is_cuda ? idx.to(t.device) : idx));
    idx.dispose();
    return out;
  }
}

/** ConcatDataset(datasets): the datasets one after another; `cumulative_sizes[k]` ends dataset k. */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: MapDataset<T>[];
  readonly cumulative_sizes: number[];
  constructor(datasets: Iterable<MapDataset<T>>) {
    super();
    checkIterable('ConcatDataset', 'datasets', datasets);
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new TorchError('datasets should not be an empty iterable', 'AssertionError');
    for (const d of this.datasets) if (d instanceof IterableDataset) throw new TorchError('ConcatDataset does not support IterableDataset', 'AssertionError');
    this.cumulative_sizes = ConcatDataset.cumsum(this.datasets);
  }
  static cumsum(sequence: Sized[]): number[] {
    const r: number[] = [];
    let s = 0;
    for (const e of sequence) { s += lengthOf(e); r.push(s); }
    return r;
  }
  get length(): number { return this.cumulative_sizes[this.cumulative_sizes.length - 1]; }
  getitem(idx: number): T {
    if (idx < 0) {
      if (-idx > this.length) throw new TorchError('absolute value of index should not exceed dataset length', 'ValueError');
      idx = this.length + idx;
    }
    // bisect_right: the first dataset whose cumulative size exceeds idx
    let lo = 0, hi = this.cumulative_sizes.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (idx < this.cumulative_sizes[mid]) hi = mid; else lo = mid + 1; }
    const sample = lo === 0 ? idx : idx - this.cumulative_sizes[lo - 1];
    if (lo >= this.datasets.length) throw new TorchError('list index out of range', 'IndexError');
    return getItem(this.datasets[lo], sample);
  }
}

/** ChainDataset(datasets): iterable datasets chained one after another. */
export class ChainDataset<T = unknown> extends IterableDataset<T> {
  readonly datasets: Iterable<IterableDataset<T>>;
  constructor(datasets: Iterable<IterableDataset<T>>) {
    super();
    checkIterable('ChainDataset', 'datasets', datasets);
    this.datasets = datasets;
  }
  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) {
      if (!(d instanceof IterableDataset)) throw new TorchError('ChainDataset only supports IterableDataset', 'AssertionError');
      yield* d as Iterable<T>;
    }
  }
  get length(): number {
    let total = 0;
    for (const d of this.datasets) {
      if (!(d instanceof IterableDataset)) throw new TorchError('ChainDataset only supports IterableDataset', 'AssertionError');
      total += lengthOf(d);
    }
    return total;
  }
}

/**
 * Subset(dataset, indices): the samples of `dataset` at `indices` (an array of integers, or a 1-D
 * integer tensor, kept as an array). `subset.getitem(i)` is `dataset.getitem(indices[i])`.
 */
export class Subset<T = unknown> extends Dataset<T> implements CollatedBatchSource {
  readonly dataset: MapDataset<T>;
  readonly indices: number[];
  constructor(dataset: MapDataset<T>, indices: ArrayLike<number> | Tensor) {
    super();
    this.dataset = dataset;
    if (indices instanceof Tensor) {
      if (indices.dtype.is_floating_point || indices.dim() !== 1) throw new TypeError(`Subset(): expected a 1-D integer tensor or an array of integers for indices but received a ${indices.dim()}-D ${indices.dtype} tensor`);
      this.indices = indices.tolist() as number[];
    } else {
      // Checked before copying: a huge holey array fails at its first hole instead of filling the heap.
      this.indices = [];
      for (let i = 0; i < indices.length; i++) {
        if (!Number.isInteger(indices[i])) throw new TypeError(`Subset(): expected integer indices but received ${describeValue(indices[i])} at position ${i}`);
        this.indices.push(indices[i]);
      }
    }
  }
  getitem(idx: number): T { return getItem(this.dataset, getItem(this.indices, idx)); }
  get length(): number { return this.indices.length; }

  [getCollatedBatch](indices: number[]): unknown {
    if (this.getitem !== Subset.prototype.getitem) return undefined;
    const n = this.indices.length;
    const inner = indices.map((i) => {
      const j = i < 0 ? i + n : i;
      if (!Number.isInteger(j) || j < 0 || j >= n) throw new TorchError('list index out of range', 'IndexError');
      return this.indices[j];
    });
    return collatedBatchOf(this.dataset, inner);
  }
}

const isClose = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** A permutation of 0..n-1 from `generator`, or from the global generator (torch.randperm) when null. */
export function randpermList(n: number, generator: Generator | null): number[] {
  if (generator) return generator._randperm(n);
  return randperm(n).tolist() as number[];
}

const lengthsSchema = z.array(z.number({ error: 'a number' }), { error: 'an array of numbers' });

/**
 * random_split(dataset, lengths, {generator}): splits `dataset` into non-overlapping Subsets.
 * `lengths` are sizes that sum to `dataset.length`, or fractions that sum to 1 (each split gets
 * floor(fraction * length), and the remainder is handed out one by one round-robin). The split
 * is `torch.randperm(length, generator)` cut in order, so a seed gives Python's split.
 *
 * @param generator a `Generator` (default: the global generator, seeded by torch.manual_seed)
 */
export function random_split<T>(dataset: MapDataset<T>, lengths: number[], generator: Generator | null | { generator?: Generator | null } = null): Subset<T>[] {
  const gen = checkArgs(generatorArg, isOptions(generator) ? (generator.generator ?? null) : generator, 'random_split');
  let sizes = checkArgs(lengthsSchema, lengths, 'random_split');
  const n = lengthOf(dataset);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (isClose(total, 1) && total <= 1) {
    const subset = sizes.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new TorchError(`Fraction at index ${i} is not between 0 and 1`, 'ValueError');
      return Math.floor(n * frac);
    });
    const remainder = n - subset.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) subset[i % subset.length] += 1;
    sizes = subset;
    sizes.forEach((len, i) => { if (len === 0) warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`); });
  }
  if (sizes.reduce((a, b) => a + b, 0) !== n) throw new TorchError('Sum of input lengths does not equal the length of the input dataset!', 'ValueError');
  const indices = randpermList(n, gen);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const len of sizes) {
    out.push(new Subset(dataset, indices.slice(offset, offset + len)));
    offset += len;
  }
  return out;
}

