// torch.utils.data: datasets, samplers, collation and the DataLoader. Classes work with and
// without `new` (`DataLoader(ds, { batch_size: 32 })`), and user classes can extend them.
import { callableClass } from '../../nn/callable';
import * as dataset from './dataset';
import * as sampler from './sampler';
import * as dataloader from './dataloader';
import * as generator from './generator';
import * as distributed from './distributed';
import type { Tensor } from '../../tensor';

export type { Sized, MapDataset } from './dataset';
export type { RandomSamplerOptions } from './sampler';
export type { DistributedSamplerOptions } from './distributed';
export type { DataLoaderOptions, DataLoaderIterator } from './dataloader';
export { random_split } from './dataset';
export { default_collate, default_convert } from './collate';

export const Dataset = callableClass(dataset.Dataset); export type Dataset<T = any> = dataset.Dataset<T>;
export const IterableDataset = callableClass(dataset.IterableDataset); export type IterableDataset<T = any> = dataset.IterableDataset<T>;
export const TensorDataset = callableClass(dataset.TensorDataset); export type TensorDataset = dataset.TensorDataset;
// Generic classes: the call form keeps the sample type (`Subset(ds, idx).getitem(0)` is typed like `ds.getitem(0)`).
export const ConcatDataset = callableClass(dataset.ConcatDataset) as typeof dataset.ConcatDataset & (<T>(datasets: Iterable<dataset.MapDataset<T>>) => dataset.ConcatDataset<T>);
export type ConcatDataset<T = unknown> = dataset.ConcatDataset<T>;
export const ChainDataset = callableClass(dataset.ChainDataset); export type ChainDataset<T = unknown> = dataset.ChainDataset<T>;
export const Subset = callableClass(dataset.Subset) as typeof dataset.Subset & (<T>(dataset: dataset.MapDataset<T>, indices: ArrayLike<number> | Tensor) => dataset.Subset<T>);
export type Subset<T = unknown> = dataset.Subset<T>;

export const Sampler = callableClass(sampler.Sampler); export type Sampler<T = number> = sampler.Sampler<T>;
export const SequentialSampler = callableClass(sampler.SequentialSampler); export type SequentialSampler = sampler.SequentialSampler;
export const RandomSampler = callableClass(sampler.RandomSampler); export type RandomSampler = sampler.RandomSampler;
export const SubsetRandomSampler = callableClass(sampler.SubsetRandomSampler); export type SubsetRandomSampler = sampler.SubsetRandomSampler;
export const BatchSampler = callableClass(sampler.BatchSampler); export type BatchSampler = sampler.BatchSampler;
export const WeightedRandomSampler = callableClass(sampler.WeightedRandomSampler); export type WeightedRandomSampler = sampler.WeightedRandomSampler;
export const DistributedSampler = callableClass(distributed.DistributedSampler); export type DistributedSampler = distributed.DistributedSampler;

export const DataLoader = callableClass(dataloader.DataLoader); export type DataLoader<T = unknown> = dataloader.DataLoader<T>;

/** torch.Generator for the data utilities (torchts has no native Generator handle yet). */
export const Generator = callableClass(generator.Generator); export type Generator = generator.Generator;
