// DistributedSampler draws PyTorch's index lists (test/golden/distributed.json, from PyTorch 1.13).
import * as torch from '../lib';
import { loadGolden } from './golden';

const { DistributedSampler, TensorDataset } = torch.utils.data;

interface Case { n: number; num_replicas: number; seed: number; epoch: number; shuffle: boolean; drop_last: boolean; ranks: { indices: number[]; length: number }[] }
const cases = loadGolden<{ sampler: Case[] }>('distributed').sampler;

test.each(cases.map((c) => [`n=${c.n} world=${c.num_replicas} seed=${c.seed} epoch=${c.epoch} shuffle=${c.shuffle} drop_last=${c.drop_last}`, c] as const))('%s', (_name, c) => {
  const ds = TensorDataset(torch.arange(c.n));
  c.ranks.forEach((expected, rank) => {
    const s = DistributedSampler(ds, { num_replicas: c.num_replicas, rank, shuffle: c.shuffle, seed: c.seed, drop_last: c.drop_last });
    s.set_epoch(c.epoch);
    expect([...s]).toEqual(expected.indices);
    expect(s.length).toBe(expected.length);
  });
});

test('positional arguments bind like PyTorch', () => {
  const ds = TensorDataset(torch.arange(10));
  const s = new DistributedSampler(ds, 2, 1, false);
  expect([...s]).toEqual([1, 3, 5, 7, 9]);
});

test('a rank outside the replicas is a ValueError', () => {
  const ds = TensorDataset(torch.arange(10));
  expect(() => DistributedSampler(ds, { num_replicas: 2, rank: 2 })).toThrow('Invalid rank 2, rank should be in the interval [0, 1]');
  expect(() => DistributedSampler(ds, { num_replicas: 2, rank: -1 })).toThrow('Invalid rank -1, rank should be in the interval [0, 1]');
});

test('without a process group, num_replicas must be given', () => {
  const ds = TensorDataset(torch.arange(10));
  expect(() => DistributedSampler(ds)).toThrow('Default process group has not been initialized');
});
