// Samplers (PyTorch's torch/utils/data/sampler.py): iterables of dataset indices. RandomSampler
// draws exactly what PyTorch 1.13 draws (a seed from the global generator, then randperm or
// randint from a Generator seeded with it), so a seeded epoch visits Python's order.
import { empty, tensor } from '../../creation';
import { float64, int64 } from '../../dtype';
import { Tensor } from '../../tensor';
import { callAten } from '../../ops/dispatch';
import { bindArgs } from '../../python/binder';
import { TorchError, checkArgs } from '../../errors';
import { isOptions } from '../../python/options';
import { Generator } from './generator';
import { Sized, lengthOf, randpermList } from './dataset';
import { generatorArg } from './checks';
import { pyStr } from '../../python/repr';

/**
 * Base class of samplers: subclasses implement `[Symbol.iterator]()` (indices, or batches of
 * indices) and usually `get length()`.
 */
export class Sampler<T = number> implements Iterable<T> {
  /** @param data_source accepted for PyTorch compatibility; unused by the base class */
  constructor(_data_source?: Sized | null) {}
  [Symbol.iterator](): Iterator<T> {
    throw new TorchError(`${this.constructor.name} must implement [Symbol.iterator]()`, 'NotImplementedError');
  }
  get length(): number {
    throw new TypeError(`object of type '${this.constructor.name}' has no len()`);
  }
}

/** SequentialSampler(data_source): 0, 1, ..., data_source.length - 1. */
export class SequentialSampler extends Sampler<number> {
  readonly data_source: Sized;
  constructor(data_source: Sized) {
    super(data_source);
    this.data_source = data_source;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = lengthOf(this.data_source);
    for (let i = 0; i < n; i++) yield i;
  }
  /** Internal: the same indices as runs of consecutive ones (see BatchSampler). */
  *_runs(): Iterator<ArrayLike<number>> {
    const n = lengthOf(this.data_source);
    for (let start = 0; start < n; start += RUN) {
      const run = new Array<number>(Math.min(RUN, n - start));
      for (let k = 0; k < run.length; k++) run[k] = start + k;
      yield run;
    }
  }
  get length(): number { return lengthOf(this.data_source); }
}

const RUN = 4096;

/** The seed PyTorch draws for a sampler's own generator: torch.empty((), dtype=torch.int64).random_(). */
function drawSeed(): bigint {
  return (empty([], { dtype: int64 }).random_().toTypedArray() as BigInt64Array)[0];
}


export interface RandomSamplerOptions {
  replacement?: boolean;
  num_samples?: number | null;
  generator?: Generator | null;
}

/**
 * RandomSampler(data_source, {replacement=false, num_samples=null, generator=null}): a random
 * permutation of the indices (or, with replacement, `num_samples` uniform draws). Without a
 * generator each epoch seeds a fresh Generator from the global one, as PyTorch does, so
 * `torch.manual_seed(s)` fixes the order.
 *
 * @param num_samples how many indices per epoch (default: data_source.length); more than the
 *   length without replacement repeats whole permutations
 */
export class RandomSampler extends Sampler<number> {
  readonly data_source: Sized;
  readonly replacement: boolean;
  readonly generator: Generator | null;
  private readonly _num_samples: number | null;

  constructor(data_source: Sized, replacement: boolean | RandomSamplerOptions = false, num_samples: number | null = null, generator: Generator | null = null) {
    super(data_source);
    const o: RandomSamplerOptions = isOptions(replacement) ? replacement : { replacement, num_samples, generator };
    this.data_source = data_source;
    this.replacement = o.replacement ?? false;
    this._num_samples = o.num_samples ?? null;
    this.generator = checkArgs(generatorArg, o.generator ?? null, 'RandomSampler');
    if (typeof this.replacement !== 'boolean') throw new TypeError(`replacement should be a boolean value, but got replacement=${pyStr(this.replacement)}`);
    const ns = this.num_samples;
    if (typeof ns !== 'number' || !Number.isInteger(ns) || ns <= 0) throw new TorchError(`num_samples should be a positive integer value, but got num_samples=${pyStr(ns)}`, 'ValueError');
  }

  /** num_samples, or the dataset's current length when not given. */
  get num_samples(): number { return this._num_samples ?? lengthOf(this.data_source); }

  *[Symbol.iterator](): Iterator<number> {
    if (!this.replacement) {
      for (const run of this._runs()) yield* run;
      return;
    }
    const n = lengthOf(this.data_source);
    const generator = this.generator ?? new Generator().manual_seed(drawSeed());
    const total = this.num_samples;
    // PyTorch draws randint in chunks of 32; each element is one independent draw either way.
    for (let done = 0; done < total; done += 32) yield* generator._randint(0, n, Math.min(32, total - done));
  }
  /** Internal: without replacement, the same indices as whole permutations, drawn when iteration reaches them. */
  *_runs(): IterableIterator<number[]> {
    const n = lengthOf(this.data_source);
    const generator = this.generator ?? new Generator().manual_seed(drawSeed());
    const total = this.num_samples;
    if (n === 0) throw new TorchError('integer division or modulo by zero', 'ZeroDivisionError');
    for (let k = 0; k < Math.floor(total / n); k++) yield generator._randperm(n);
    yield generator._randperm(n).slice(0, total % n);
  }
  get length(): number { return this.num_samples; }
}

/**
 * The indices of a plain SequentialSampler or RandomSampler (no replacement) as runs, so a batch
 * sampler can take them a batch at a time instead of one `next()` per index; undefined for any
 * other sampler (subclasses included: they may iterate differently).
 */
function indexRuns(sampler: Iterable<number>): Iterator<ArrayLike<number>> | undefined {
  const iter = (sampler as { [Symbol.iterator]: unknown })[Symbol.iterator];
  if (sampler instanceof SequentialSampler && iter === SequentialSampler.prototype[Symbol.iterator]) return sampler._runs();
  if (sampler instanceof RandomSampler && !sampler.replacement && iter === RandomSampler.prototype[Symbol.iterator]) return sampler._runs();
  return undefined;
}

/**
 * SubsetRandomSampler(indices, {generator=null}): `indices` in a random order
 * (torch.randperm(indices.length, generator)).
 */
export class SubsetRandomSampler extends Sampler<number> {
  readonly indices: number[];
  readonly generator: Generator | null;
  constructor(indices: ArrayLike<number>, generator: Generator | null | { generator?: Generator | null } = null) {
    super(null);
    this.indices = Array.from(indices);
    this.generator = checkArgs(generatorArg, isOptions(generator) ? (generator.generator ?? null) : generator, 'SubsetRandomSampler');
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of randpermList(this.indices.length, this.generator)) yield this.indices[i];
  }
  get length(): number { return this.indices.length; }
}

/**
 * BatchSampler(sampler, batch_size, drop_last): groups the indices of `sampler` into arrays of
 * `batch_size`; the last, shorter batch is kept unless `drop_last`.
 */
export class BatchSampler extends Sampler<number[]> {
  readonly sampler: Iterable<number>;
  readonly batch_size: number;
  readonly drop_last: boolean;
  constructor(sampler: Iterable<number>, batch_size: number | { batch_size: number; drop_last: boolean }, drop_last?: boolean) {
    super(null);
    const o = isOptions(batch_size) ? batch_size : { batch_size, drop_last };
    if (typeof o.batch_size !== 'number' || !Number.isInteger(o.batch_size) || o.batch_size <= 0) throw new TorchError(`batch_size should be a positive integer value, but got batch_size=${pyStr(o.batch_size)}`, 'ValueError');
    if (typeof o.drop_last !== 'boolean') throw new TorchError(`drop_last should be a boolean value, but got drop_last=${pyStr(o.drop_last)}`, 'ValueError');
    this.sampler = sampler;
    this.batch_size = o.batch_size;
    this.drop_last = o.drop_last;
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    const runs = indexRuns(this.sampler);
    if (runs) {
      for (let r = runs.next(); !r.done; r = runs.next()) {
        const run = r.value;
        for (let i = 0; i < run.length;) {
          const take = Math.min(this.batch_size - batch.length, run.length - i);
          for (let k = 0; k < take; k++) batch.push(run[i + k]);
          i += take;
          if (batch.length === this.batch_size) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0 && !this.drop_last) yield batch;
      return;
    }
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batch_size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.drop_last) yield batch;
  }
  get length(): number {
    const n = lengthOf(this.sampler);
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}

type Weights = ArrayLike<number> | Tensor;
type WeightedOptions = { replacement?: boolean; generator?: Generator | null };
/** Python's binding: positional, then one options object that may name any of them. */
export type WeightedRandomSamplerArgs =
  | [weights: Weights, num_samples: number, replacement?: boolean, generator?: Generator | null]
  | [weights: Weights, num_samples: number, options: WeightedOptions]
  | [weights: Weights, options: WeightedOptions & { num_samples: number }]
  | [options: WeightedOptions & { weights: Weights; num_samples: number }];

/**
 * WeightedRandomSampler(weights, num_samples, replacement=true, generator=null): `num_samples`
 * indices drawn with probabilities proportional to `weights` (torch.multinomial over them as
 * float64), with or without replacement. With a seed (torch.manual_seed, or a Generator) the
 * indices are PyTorch's.
 */
export class WeightedRandomSampler extends Sampler<number> {
  readonly weights: Tensor;
  readonly num_samples: number;
  readonly replacement: boolean;
  readonly generator: Generator | null;
  constructor(...args: WeightedRandomSamplerArgs) {
    super(null);
    const [weights, num_samples, replacement, generator] = bindArgs<[ArrayLike<number> | Tensor, unknown, unknown, Generator | null]>(args,
      ['weights', 'num_samples', 'replacement', 'generator'], { replacement: true, generator: null }, 'WeightedRandomSampler');
    if (typeof num_samples !== 'number' || !Number.isInteger(num_samples) || num_samples <= 0)
      throw new TorchError(`num_samples should be a positive integer value, but got num_samples=${pyStr(num_samples)}`, 'ValueError');
    if (typeof replacement !== 'boolean') throw new TorchError(`replacement should be a boolean value, but got replacement=${pyStr(replacement)}`, 'ValueError');
    const w = weights instanceof Tensor ? weights.to(float64) : tensor(Array.from(weights as ArrayLike<number>), { dtype: float64 });
    if (w.dim() !== 1) throw new TorchError(`weights should be a 1d sequence but given weights have shape ${pyStr(w.shape, 'tuple')}`, 'ValueError');
    this.weights = w;
    this.num_samples = num_samples;
    this.replacement = replacement;
    this.generator = checkArgs(generatorArg, generator, 'WeightedRandomSampler');
  }
  *[Symbol.iterator](): Iterator<number> {
    const drawn: number[] = this.generator
      ? this.generator._multinomial(this.weights.tolist() as number[], this.num_samples, this.replacement)
      : (callAten('multinomial', [this.weights, this.num_samples, this.replacement]) as Tensor).tolist();
    yield* drawn;
  }
  get length(): number { return this.num_samples; }
}
