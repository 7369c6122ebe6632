// DistributedSampler (PyTorch's torch/utils/data/distributed.py): each rank's share of a dataset,
// the same permutation on every rank (a Generator seeded with seed + epoch), padded or cut to a
// multiple of the number of replicas.
import { TorchError } from '../../errors';
import { pyBind } from '../../python/binder';
import { typed, ranged } from '../../python/check';
import * as dist from '../../distributed/distributed_c10d';
import { Generator } from './generator';
import { Sampler } from './sampler';
import { Sized, lengthOf } from './dataset';

const optInt = typed<number | null>('int or None', (v) => v === null || Number.isInteger(v));
const bool = typed<boolean>('bool', (v) => typeof v === 'boolean');
const int = typed<number>('int', Number.isInteger);
const positive = ranged<number>('int >= 1', (v) => (v as number) >= 1);

export interface DistributedSamplerOptions {
  num_replicas?: number | null;
  rank?: number | null;
  shuffle?: boolean;
  seed?: number;
  drop_last?: boolean;
}

/**
 * DistributedSampler(dataset, {num_replicas=world size, rank=this rank, shuffle=true, seed=0,
 * drop_last=false}): the indices rank `rank` of `num_replicas` visits, the same lists PyTorch
 * draws. Call `set_epoch(epoch)` before each epoch so the shuffle changes between epochs.
 */
export class DistributedSampler extends Sampler<number> {
  readonly dataset: Sized;
  readonly num_replicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly drop_last: boolean;
  readonly num_samples: number;
  readonly total_size: number;
  epoch = 0;

  constructor(dataset: Sized, ...args: (number | boolean | null | DistributedSamplerOptions)[]) {
    super(dataset);
    const [numReplicas, rankArg, shuffle, seed, dropLast] = pyBind<[number | null, number | null, boolean, number, boolean]>(
      'DistributedSampler.__init__', [dataset, ...args], ['dataset', 'num_replicas', 'rank', 'shuffle', 'seed', 'drop_last'],
      { num_replicas: null, rank: null, shuffle: true, seed: 0, drop_last: false }).slice(1) as [number | null, number | null, boolean, number, boolean];
    for (const [name, v, check] of [['num_replicas', numReplicas, optInt], ['rank', rankArg, optInt], ['shuffle', shuffle, bool], ['seed', seed, int], ['drop_last', dropLast, bool]] as const)
      check.verify('DistributedSampler', name, v);
    if (numReplicas !== null) positive.verify('DistributedSampler', 'num_replicas', numReplicas);
    const requireDist = (): void => {
      if (!dist.is_available()) throw new TorchError('Requires distributed package to be available', 'RuntimeError');
    };
    let replicas = numReplicas;
    if (replicas === null) { requireDist(); replicas = dist.get_world_size(); }
    let rank = rankArg;
    if (rank === null) { requireDist(); rank = dist.get_rank(); }
    if (rank >= replicas || rank < 0) throw new TorchError(`Invalid rank ${rank}, rank should be in the interval [0, ${replicas - 1}]`, 'ValueError');
    this.dataset = dataset;
    this.num_replicas = replicas;
    this.rank = rank;
    this.shuffle = shuffle;
    this.seed = seed;
    this.drop_last = dropLast;
    const n = lengthOf(dataset);
    // + 0: Python's math.ceil(-0.4) is the integer 0, not -0.
    this.num_samples = (dropLast && n % replicas !== 0 ? Math.ceil((n - replicas) / replicas) : Math.ceil(n / replicas)) + 0;
    this.total_size = this.num_samples * replicas;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = lengthOf(this.dataset);
    let indices = this.shuffle ? new Generator().manual_seed(this.seed + this.epoch)._randperm(n) : Array.from({ length: n }, (_, i) => i);
    if (!this.drop_last) {
      const padding = this.total_size - indices.length;
      if (padding <= indices.length) indices = indices.concat(indices.slice(0, padding));
      else indices = [].concat(...Array(Math.ceil(padding / indices.length) + 1).fill(indices)).slice(0, this.total_size);
    } else {
      indices = indices.slice(0, this.total_size);
    }
    for (let i = this.rank; i < this.total_size; i += this.num_replicas) yield indices[i];
  }

  get length(): number { return this.num_samples; }

  /** Sets the epoch: with shuffle, every epoch draws another permutation (the same on every rank). */
  set_epoch(epoch: number): void { this.epoch = epoch; }
}
