// DataLoader (PyTorch's torch/utils/data/dataloader.py): batches of a dataset, in the order a
// sampler gives. Loading runs in this process (as PyTorch's num_workers=0), drawing random
// numbers in PyTorch's order so seeded runs give Python's batches. When the dataset can build a
// whole default-collated batch at once (a TensorDataset, a Subset of one, a vision dataset with
// element-wise transforms) the loader asks it for the batch instead of fetching sample by sample.
import { Tensor } from '../../tensor';
import { empty } from '../../creation';
import { int64 } from '../../dtype';
import { TorchError, checkArgs } from '../../errors';
import { callAten } from '../../ops/dispatch';
import { bindNamed, signature } from '../../python/binder';
import { isOptions } from '../../python/options';
import { cuda } from '../../cuda';
import { z } from 'zod';
import { IterableDataset, MapDataset, collatedBatchOf, getItem, lengthOf } from './dataset';
import { Sampler, SequentialSampler, RandomSampler, BatchSampler } from './sampler';
import { default_collate, default_convert } from './collate';
import { Generator } from './generator';
import { zodPredicate, generatorArg } from './checks';
import { pyStr } from '../../python/repr';

export interface DataLoaderOptions {
  /** Samples per batch (default 1); null turns automatic batching off (one sample per item). */
  batch_size?: number | null;
  /** Reshuffle every epoch (a RandomSampler). Default false. */
  shuffle?: boolean | null;
  /** Where indices come from (any iterable of indices); excludes shuffle. */
  sampler?: Iterable<number> | null;
  /** Where batches of indices come from; excludes batch_size, shuffle, sampler and drop_last. */
  batch_sampler?: Iterable<number[]> | null;
  /** Accepted for PyTorch compatibility; loading always runs in this process (see DataLoader). */
  num_workers?: number;
  /** Turns an array of samples into a batch. Default: default_collate (default_convert without batching). */
  collate_fn?: ((batch: any) => any) | null;
  /** Copies batches into page-locked memory when CUDA is available (as PyTorch; a no-op on CPU). */
  pin_memory?: boolean;
  /** Drop the last incomplete batch. Default false. */
  drop_last?: boolean;
  timeout?: number;
  /** Accepted for PyTorch compatibility; not called, as PyTorch does not call it with num_workers=0. */
  worker_init_fn?: ((worker_id: number) => void) | null;
  multiprocessing_context?: unknown;
  /** Generator for the shuffle order and the per-epoch base seed (default: the global generator). */
  generator?: Generator | null;
  prefetch_factor?: number;
  persistent_workers?: boolean;
  pin_memory_device?: string;
}

const POSITIONAL = ['batch_size', 'shuffle', 'sampler', 'batch_sampler', 'num_workers', 'collate_fn', 'pin_memory', 'drop_last', 'timeout', 'worker_init_fn', 'multiprocessing_context', 'generator'] as const;

const isIterable = (v: unknown) => v !== null && typeof (v as any)?.[Symbol.iterator] === 'function';
const fn = zodPredicate<(...args: any[]) => any>('a function', (v) => typeof v === 'function');
const optionsSchema = z.object({
  batch_size: z.int({ error: 'an integer or null' }).nullable(),
  shuffle: z.boolean({ error: 'a boolean or null' }).nullable(),
  sampler: zodPredicate<Iterable<number> | null>('an iterable of indices (a Sampler) or null', (v) => v === null || isIterable(v)),
  batch_sampler: zodPredicate<Iterable<number[]> | null>('an iterable of index arrays (a BatchSampler) or null', (v) => v === null || isIterable(v)),
  num_workers: z.int({ error: 'an integer' }),
  collate_fn: fn.nullable(),
  pin_memory: z.boolean({ error: 'a boolean' }),
  drop_last: z.boolean({ error: 'a boolean' }),
  timeout: z.number({ error: 'a number' }),
  worker_init_fn: fn.nullable(),
  multiprocessing_context: z.unknown(),
  generator: generatorArg,
  prefetch_factor: z.int({ error: 'an integer' }),
  persistent_workers: z.boolean({ error: 'a boolean' }),
  pin_memory_device: z.string({ error: 'a string' }),
}).strict();

const DEFAULTS: Required<DataLoaderOptions> = {
  batch_size: 1, shuffle: null, sampler: null, batch_sampler: null, num_workers: 0, collate_fn: null,
  pin_memory: false, drop_last: false, timeout: 0, worker_init_fn: null, multiprocessing_context: null,
  generator: null, prefetch_factor: 2, persistent_workers: false, pin_memory_device: '',
};

const DATALOADER = signature('DataLoader', POSITIONAL, DEFAULTS, { kwonly: ['prefetch_factor', 'persistent_workers', 'pin_memory_device'], implicit: 2 });

/** An infinite stream of nulls: the "indices" of an iterable-style dataset (PyTorch's _InfiniteConstantSampler). */
class InfiniteConstantSampler extends Sampler<null> {
  *[Symbol.iterator](): Iterator<null> { for (;;) yield null; }
}

/**
 * DataLoader(dataset, {batch_size=1, shuffle=false, sampler, batch_sampler, num_workers=0,
 * collate_fn, pin_memory=false, drop_last=false, generator, ...}): iterates over batches.
 *
 * `for (const [X, y] of loader)` gives one batch per step: with a TensorDataset of X (N×...) and
 * y (N), X is (batch_size×...) and y (batch_size). `loader.length` is the number of batches
 * (Python's len(loader)). Each `for` starts a new epoch; with shuffle, a new order drawn from the
 * global generator (or `generator`) exactly as PyTorch 1.13 draws it.
 *
 * Options are checked as PyTorch checks them, with its messages. `num_workers > 0` is accepted
 * and loads in this process too (so `worker_init_fn` is not called, as with PyTorch's
 * num_workers=0, and random transforms draw from the global generator in sample order).
 */
export class DataLoader<T = unknown> implements Iterable<any> {
  private readonly _dataset: MapDataset<T> | IterableDataset<T>;
  private readonly _batch_size: number | null;
  private readonly _drop_last: boolean;
  private readonly _sampler: Iterable<number> | Iterable<null>;
  private readonly _batch_sampler: Iterable<number[]> | Iterable<null[]> | null;
  private readonly _persistent_workers: boolean;
  readonly num_workers: number;
  readonly prefetch_factor: number;
  readonly pin_memory: boolean;
  readonly pin_memory_device: string;
  readonly timeout: number;
  readonly worker_init_fn: ((worker_id: number) => void) | null;
  readonly multiprocessing_context: unknown;
  readonly generator: Generator | null;
  readonly collate_fn: (batch: any) => any;
  /** 'Map' or 'Iterable' (PyTorch's _DatasetKind). */
  readonly _dataset_kind: 'Map' | 'Iterable';

  constructor(dataset: MapDataset<T> | IterableDataset<T>, ...args: unknown[]) {
    const o = checkArgs(optionsSchema, bindNamed(DATALOADER, args), 'DataLoader') as Required<DataLoaderOptions>;
    if (dataset === null || dataset === undefined) throw new TypeError('DataLoader(): expected a dataset but received ' + pyStr(dataset));

    if (o.num_workers < 0) throw new TorchError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.', 'ValueError');
    if (o.timeout < 0) throw new TorchError('timeout option should be non-negative', 'ValueError');
    if (o.num_workers === 0 && o.prefetch_factor !== 2) throw new TorchError('prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing.', 'ValueError');
    if (o.prefetch_factor <= 0) throw new TorchError('prefetch_factor must be positive', 'AssertionError');
    if (o.persistent_workers && o.num_workers === 0) throw new TorchError('persistent_workers option needs num_workers > 0', 'ValueError');
    if (o.multiprocessing_context !== null && o.num_workers === 0) throw new TorchError(`multiprocessing_context can only be used with multi-process loading (num_workers > 0), but got num_workers=${o.num_workers}`, 'ValueError');

    let { shuffle, sampler, batch_sampler, batch_size, drop_last } = o;
    if (dataset instanceof IterableDataset) {
      this._dataset_kind = 'Iterable';
      if (shuffle !== false && shuffle !== null) throw new TorchError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${pyStr(shuffle)}`, 'ValueError');
      if (sampler !== null) throw new TorchError(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${pyStr(sampler)}`, 'ValueError');
      if (batch_sampler !== null) throw new TorchError(`DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${pyStr(batch_sampler)}`, 'ValueError');
    } else {
      shuffle = !!shuffle;
      this._dataset_kind = 'Map';
    }
    if (sampler !== null && shuffle) throw new TorchError('sampler option is mutually exclusive with shuffle', 'ValueError');
    if (batch_sampler !== null) {
      if (batch_size !== 1 || shuffle || sampler !== null || drop_last) throw new TorchError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last', 'ValueError');
      batch_size = null;
      drop_last = false;
    } else if (batch_size === null && drop_last) {
      throw new TorchError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last', 'ValueError');
    }
    let theSampler: Iterable<number> | Iterable<null>;
    if (sampler === null) {
      if (this._dataset_kind === 'Iterable') theSampler = new InfiniteConstantSampler();
      else theSampler = shuffle ? new RandomSampler(dataset as MapDataset<T>, { generator: o.generator }) : new SequentialSampler(dataset as MapDataset<T>);
    } else theSampler = sampler;
    if (batch_size !== null && batch_sampler === null) batch_sampler = new BatchSampler(theSampler as Iterable<number>, batch_size, drop_last);

    this._dataset = dataset;
    this._batch_size = batch_size;
    this._drop_last = drop_last;
    this._sampler = theSampler;
    this._batch_sampler = batch_sampler;
    this._persistent_workers = o.persistent_workers;
    this.generator = o.generator;
    this.num_workers = o.num_workers;
    this.prefetch_factor = o.prefetch_factor;
    this.pin_memory = o.pin_memory;
    this.pin_memory_device = o.pin_memory_device;
    this.timeout = o.timeout;
    this.worker_init_fn = o.worker_init_fn;
    this.multiprocessing_context = o.multiprocessing_context;
    this.collate_fn = o.collate_fn ?? (batch_sampler !== null ? default_collate : default_convert);
  }

  // PyTorch forbids changing these after construction (DataLoader.__setattr__).
  get dataset(): MapDataset<T> | IterableDataset<T> { return this._dataset; }
  set dataset(_v: MapDataset<T> | IterableDataset<T>) { throw frozen('dataset'); }
  get batch_size(): number | null { return this._batch_size; }
  set batch_size(_v: number | null) { throw frozen('batch_size'); }
  get drop_last(): boolean { return this._drop_last; }
  set drop_last(_v: boolean) { throw frozen('drop_last'); }
  get sampler(): Iterable<number> | Iterable<null> { return this._sampler; }
  set sampler(_v: Iterable<number> | Iterable<null>) { throw frozen('sampler'); }
  get batch_sampler(): Iterable<number[]> | Iterable<null[]> | null { return this._batch_sampler; }
  set batch_sampler(_v: Iterable<number[]> | Iterable<null[]> | null) { throw frozen('batch_sampler'); }
  get persistent_workers(): boolean { return this._persistent_workers; }
  set persistent_workers(_v: boolean) { throw frozen('persistent_workers'); }

  /** Whether samples are batched by a batch sampler (batch_size or batch_sampler given). */
  get _auto_collation(): boolean { return this._batch_sampler !== null; }
  /** The sampler whose items are fetched: the batch sampler when batching, else the sampler. */
  get _index_sampler(): Iterable<unknown> { return this._batch_sampler ?? this._sampler; }

  /** The number of batches per epoch (len(loader)); for an IterableDataset, estimated from its length. */
  get length(): number {
    if (this._dataset_kind === 'Iterable') {
      const n = lengthOf(this._dataset);
      if (this._batch_size === null) return n;
      return this._drop_last ? Math.floor(n / this._batch_size) : Math.ceil(n / this._batch_size);
    }
    return lengthOf(this._index_sampler);
  }

  /** Starts an epoch. */
  [Symbol.iterator](): DataLoaderIterator<T> { return new DataLoaderIterator<T>(this); }
}

function frozen(attr: string): TorchError {
  return new TorchError(`${attr} attribute should not be set after DataLoader is initialized`, 'ValueError');
}

/** Page-locks every tensor in a batch (PyTorch's pin_memory), when CUDA is available. */
function pinMemory(data: unknown): unknown {
  if (data instanceof Tensor) return callAten('pin_memory', [data]);
  if (Array.isArray(data)) return data.map(pinMemory);
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, pinMemory(v)]));
  if (isOptions(data)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, pinMemory(v)]));
  return data;
}

/** One epoch over a DataLoader (PyTorch's _SingleProcessDataLoaderIter). */
export class DataLoaderIterator<T = unknown> implements IterableIterator<any> {
  private readonly loader: DataLoader<T>;
  private readonly samplerIter: Iterator<unknown>;
  private readonly datasetIter: Iterator<T> | null;
  private readonly pin: boolean;
  private ended = false;
  /** The epoch's base seed PyTorch hands to worker processes; drawn here to keep the random stream aligned. */
  readonly _base_seed: bigint;
  _num_yielded = 0;

  constructor(loader: DataLoader<T>) {
    this.loader = loader;
    // Order matters for seeded runs: PyTorch creates the (lazy) sampler iterator, then draws the base seed.
    this.samplerIter = loader._index_sampler[Symbol.iterator]();
    this._base_seed = loader.generator ? loader.generator._randomInt64() : (empty([], { dtype: int64 }).random_().toTypedArray() as BigInt64Array)[0];
    this.datasetIter = loader._dataset_kind === 'Iterable' ? (loader.dataset as IterableDataset<T>)[Symbol.iterator]() : null;
    this.pin = loader.pin_memory && cuda.is_available();
  }

  [Symbol.iterator](): this { return this; }
  get length(): number { return lengthOf(this.loader._index_sampler); }

  next(): IteratorResult<any> {
    const r = this.samplerIter.next();
    if (r.done) return { done: true, value: undefined };
    const data = this.loader._dataset_kind === 'Map' ? this.fetchMap(r.value) : this.fetchIterable(r.value);
    if (data === DONE) return { done: true, value: undefined };
    this._num_yielded++;
    return { done: false, value: this.pin ? pinMemory(data) : data };
  }

  private fetchMap(index: unknown): unknown {
    const { loader } = this;
    const dataset = loader.dataset as MapDataset<T>;
    if (!loader._auto_collation) return loader.collate_fn(getItem(dataset, index as number));
    const indices = index as number[];
    if (loader.collate_fn === default_collate) {
      const batch = collatedBatchOf(dataset, indices);
      if (batch !== undefined) return batch;
    }
    const getitems = (dataset as { __getitems__?: (indices: number[]) => T[] }).__getitems__;
    const samples = typeof getitems === 'function' ? getitems.call(dataset, indices) : indices.map((i) => getItem(dataset, i));
    return loader.collate_fn(samples);
  }

  private fetchIterable(possiblyBatched: unknown): unknown {
    const { loader } = this;
    if (this.ended) return DONE;
    if (!loader._auto_collation) {
      const r = this.datasetIter!.next();
      if (r.done) { this.ended = true; return DONE; }
      return loader.collate_fn(r.value);
    }
    const want = (possiblyBatched as unknown[]).length;
    const data: T[] = [];
    for (let k = 0; k < want; k++) {
      const r = this.datasetIter!.next();
      if (r.done) { this.ended = true; break; }
      data.push(r.value);
    }
    if (data.length === 0 || (loader.drop_last && data.length < want)) return DONE;
    return loader.collate_fn(data);
  }
}

const DONE: unique symbol = Symbol('done');

