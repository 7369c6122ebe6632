// torch.utils.data against PyTorch 1.13 (test/golden/data.json, written by scripts/golden/data.py):
// seeded shuffle orders, random_split, samplers, default_collate, option errors, and the
// TensorDataset fast path giving exactly the per-sample batches.
import * as torch from '../lib';
import { GoldenTensor, loadGolden } from './golden';
import { indexTensor } from '../lib/utils/data/dataset';

const data = torch.utils.data;
const { DataLoader, TensorDataset, Subset, ConcatDataset, RandomSampler, SequentialSampler, SubsetRandomSampler, BatchSampler, Generator, random_split, default_collate } = data;
const golden = loadGolden('data');

type Enc = { t: GoldenTensor } | { list: Enc[] } | { dict: [string, Enc][] } | { num: number } | { str: string } | { py: unknown };

/** Compares a collated value with the fixture's result encoding (tensors exactly, with dtype and shape). */
function expectEnc(actual: any, e: Enc): void {
  if ('list' in e) {
    expect(Array.isArray(actual)).toBe(true);
    expect(actual.length).toBe(e.list.length);
    e.list.forEach((x, i) => expectEnc(actual[i], x));
  } else if ('dict' in e) {
    expect(Object.keys(actual)).toEqual(e.dict.map(([k]) => k));
    for (const [k, x] of e.dict) expectEnc(actual[k], x);
  } else if ('t' in e) {
    expect(actual).toBeInstanceOf(torch.Tensor);
    expect(actual.dtype.name).toBe(e.t.dtype);
    expect(actual.shape).toEqual(e.t.shape);
    expect(actual.reshape(-1).tolist()).toEqual(e.t.values);
  } else {
    expect(actual).toEqual('num' in e ? e.num : 'str' in e ? e.str : e.py);
  }
}

const batchesOf = (loader: Iterable<any>) => [...loader].map((b: torch.Tensor[]) => b[0].tolist());

describe('DataLoader shuffling equals PyTorch', () => {
  test('after torch.manual_seed(42): two epochs of TensorDataset(arange(100)), batch_size 32', () => {
    const c = golden.loader.shuffle_seed42;
    torch.manual_seed(c.seed);
    const ds = TensorDataset(torch.arange(c.n), torch.arange(c.n).mul(2));
    const loader = DataLoader(ds, { batch_size: c.batch_size, shuffle: true });
    expect(loader.length).toBe(4);
    expect([batchesOf(loader), batchesOf(loader)]).toEqual(c.epochs);
  });

  test('with a seeded Generator', () => {
    const c = golden.loader.shuffle_generator7;
    const loader = DataLoader(TensorDataset(torch.arange(c.n)), { batch_size: c.batch_size, shuffle: true, generator: Generator().manual_seed(c.generator_seed) });
    expect([batchesOf(loader), batchesOf(loader)]).toEqual(c.epochs);
  });

  test('drop_last, and the global stream afterwards', () => {
    const c = golden.loader.shuffle_drop_last_seed0;
    torch.manual_seed(c.seed);
    expect([batchesOf(DataLoader(TensorDataset(torch.arange(c.n)), { batch_size: c.batch_size, shuffle: true, drop_last: true }))]).toEqual(c.epochs);
    // an epoch draws the base seed (and the sampler's seed when shuffling) from the global generator
    torch.manual_seed(3);
    [...DataLoader(TensorDataset(torch.arange(25)), { batch_size: 10, shuffle: true })];
    expect(torch.rand(3).tolist()).toEqual(golden.loader.global_after_epoch_seed3.map(Math.fround));
    torch.manual_seed(3);
    [...DataLoader(TensorDataset(torch.arange(25)), { batch_size: 10 })];
    expect(torch.rand(3).tolist()).toEqual(golden.loader.global_after_sequential_epoch_seed3.map(Math.fround));
  });

  test('loader.length with and without drop_last', () => {
    for (const c of golden.loader.lengths) {
      expect([c, DataLoader(TensorDataset(torch.arange(c.n)), { batch_size: c.batch_size, drop_last: c.drop_last }).length]).toEqual([c, c.length]);
    }
  });

  test('positional arguments in PyTorch order, and with new', () => {
    const ds = TensorDataset(torch.arange(10));
    torch.manual_seed(1);
    const a = batchesOf(DataLoader(ds, 4, true));
    torch.manual_seed(1);
    const b = batchesOf(new DataLoader(ds, { batch_size: 4, shuffle: true }));
    expect(a).toEqual(b);
    expect(DataLoader(ds, 4)).toBeInstanceOf(DataLoader);
  });
});

test('random_split equals PyTorch (sizes, fractions with remainders, default generator)', () => {
  for (const c of golden.random_split) {
    const ds = Array.from({ length: c.n }, (_, i) => i);
    let parts;
    if (c.generator) parts = random_split(ds, c.lengths, { generator: Generator().manual_seed(c.seed) });
    else {
      torch.manual_seed(c.seed);
      parts = random_split(ds, c.lengths);
    }
    expect(parts.map((p) => p.length)).toEqual(c.sizes);
    expect(parts.map((p) => (c.n <= 100 ? p.indices : p.indices.slice(0, 20)))).toEqual(c.indices);
    expect(parts[0]).toBeInstanceOf(Subset);
  }
  // the generator may also be passed positionally, as in Python
  const g = golden.random_split[0];
  expect(random_split([...Array(g.n).keys()], g.lengths, Generator().manual_seed(g.seed)).map((p) => p.indices)).toEqual(g.indices);
});

test('RandomSampler, SubsetRandomSampler and BatchSampler equal PyTorch', () => {
  for (const c of golden.samplers.random) {
    const source = Array.from({ length: c.n }, (_, i) => i);
    const options = { replacement: c.replacement, num_samples: c.num_samples, generator: c.generator ? Generator().manual_seed(c.seed) : null };
    if (!c.generator) torch.manual_seed(c.seed);
    const s = RandomSampler(source, options);
    expect([[...s], [...s]]).toEqual(c.runs);
    expect(s.length).toBe(c.num_samples ?? c.n);
  }
  const sub = golden.samplers.subset_random;
  torch.manual_seed(sub.seed);
  expect([...SubsetRandomSampler(sub.indices)]).toEqual(sub.out);
  expect([...SubsetRandomSampler(sub.indices, { generator: Generator().manual_seed(sub.seed) })]).toEqual(sub.generator_out);
  expect([...BatchSampler(SequentialSampler([...Array(10).keys()]), 3, false)]).toEqual(golden.samplers.batch.keep);
  expect([...BatchSampler(SequentialSampler([...Array(10).keys()]), { batch_size: 3, drop_last: true })]).toEqual(golden.samplers.batch.drop);
  expect(BatchSampler(SequentialSampler([...Array(10).keys()]), 3, true).length).toBe(3);
});

test('default_collate equals PyTorch', () => {
  const c = golden.collate;
  expectEnc(default_collate([0, 1, 2, 3]), c.ints);
  expectEnc(default_collate([0.5, 1.5, 2.25]), c.floats);
  expectEnc(default_collate([2, 1.5]), c.int_then_float);
  expectEnc(default_collate([true, false, true]), c.bools);
  expect(default_collate(['a', 'b', 'c'])).toEqual(c.strings);
  expectEnc(default_collate([{ A: 0, B: 1.5 }, { A: 100, B: 100.25 }]), c.dicts);
  expectEnc(default_collate([[0, 1], [2, 3]]), c.tuples);
  expectEnc(default_collate([torch.tensor([1, 2], { dtype: torch.float32 }), torch.tensor([3, 4], { dtype: torch.float32 }), torch.tensor([5, 6], { dtype: torch.float32 })]), c.tensors);
  expectEnc(default_collate([[torch.tensor([[1, 2]], { dtype: torch.uint8 }), 3], [torch.tensor([[4, 5]], { dtype: torch.uint8 }), 6]]), c.samples);
  expectEnc(default_collate([{ x: [1, 2.5], y: torch.tensor(1, { dtype: torch.float32 }) }, { x: [3, 4.5], y: torch.tensor(2, { dtype: torch.float32 }) }]), c.nested);
  expect(() => default_collate([[1, 2], [3]])).toThrow('each element in list of batch should be of equal size');
  expect(() => default_collate([null, null])).toThrow("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'NoneType'>");
  expect(() => default_collate([torch.ones(2), torch.ones(3)])).toThrow(torch.TorchError);
});

describe('fast path', () => {
  const X = torch.randn(500, 1, 8, 8);
  const y = torch.randint(0, 10, [500]);
  const perSample = (batch: unknown[]) => default_collate(batch);

  function expectSameEpochs(ds: any, options: Record<string, unknown>): void {
    torch.manual_seed(9);
    const fast = [...DataLoader(ds, options)];
    torch.manual_seed(9);
    const slow = [...DataLoader(ds, { ...options, collate_fn: perSample })];
    expect(fast.length).toBe(slow.length);
    fast.forEach((b, k) => b.forEach((t: torch.Tensor, j: number) => {
      expect(t.dtype).toBe(slow[k][j].dtype);
      expect(t.shape).toEqual(slow[k][j].shape);
      expect(torch.equal(t, slow[k][j])).toBe(true);
    }));
  }

  test('TensorDataset batches equal the per-sample batches exactly', () => {
    expectSameEpochs(TensorDataset(X, y), { batch_size: 32, shuffle: true });
    expectSameEpochs(TensorDataset(X, y), { batch_size: 7, drop_last: true });
  });

  test('nested Subsets of a TensorDataset, and negative indices', () => {
    const inner = Subset(TensorDataset(X, y), [...Array(300).keys()].map((i) => 499 - i));
    expectSameEpochs(Subset(inner, [5, 3, -1, 200, 7, 11, 13, 17, 19, 23]), { batch_size: 4, shuffle: true });
    expectSameEpochs(TensorDataset(X, y), { batch_size: 3, sampler: [0, -1, 5, -500, 2] });
  });

  test('batch indices are int32 below 2^31 and int64 from there', () => {
    const small = indexTensor([3, 0, 2 ** 31 - 1]);
    expect(small.dtype).toBe(torch.int32);
    expect(small.tolist()).toEqual([3, 0, 2 ** 31 - 1]);
    const large = indexTensor([3, 2 ** 31, 5]);
    expect(large.dtype).toBe(torch.int64);
    expect(large.tolist()).toEqual([3, 2 ** 31, 5]);
  });

  test('a subclass overriding getitem is fetched sample by sample', () => {
    class Doubled extends TensorDataset {
      getitem(i: number) { return super.getitem(i).map((t) => t.mul(2)); }
    }
    const [bx] = [...DataLoader(new Doubled(X, y), { batch_size: 4 })][0];
    expect(torch.equal(bx, X.index('0:4').mul(2))).toBe(true);
  });
});

test('datasets: TensorDataset, Subset, ConcatDataset, user subclasses, iterable datasets', () => {
  const ds = TensorDataset(torch.arange(6), torch.arange(6).mul(10));
  expect(ds.length).toBe(6);
  expect(ds.getitem(-1).map((t) => t.item())).toEqual([5, 50]);
  expect(() => TensorDataset(torch.ones(3), torch.ones(4))).toThrow('Size mismatch between tensors');
  expect(() => ds.getitem(6)).toThrow('index 6 is out of bounds for dimension 0 with size 6');
  const sub = Subset(ds, torch.tensor([4, 1]));
  expect(sub.indices).toEqual([4, 1]);
  expect(sub.getitem(-1)[1].item()).toBe(10);
  const cat = ConcatDataset([ds, Subset(ds, [0, 1])]);
  expect(cat.length).toBe(8);
  expect(cat.cumulative_sizes).toEqual([6, 8]);
  expect(cat.getitem(7)[0].item()).toBe(1);
  expect(cat.getitem(-8)[0].item()).toBe(0);
  expect(() => cat.getitem(-9)).toThrow('absolute value of index should not exceed dataset length');
  expect(ds.add(ds).length).toBe(12);

  class Squares extends data.Dataset<[number, number]> {
    getitem(i: number): [number, number] { return [i, i * i]; }
    get length() { return 5; }
  }
  const [xs, ys] = [...DataLoader(new Squares(), { batch_size: 5 })][0];
  expect(xs.dtype).toBe(torch.int64);
  expect(ys.tolist()).toEqual([0, 1, 4, 9, 16]);
  expect([...new Squares()].length).toBe(5);
  expect(() => DataLoader(new data.Dataset(), { batch_size: 2 }).length).toThrow("object of type 'Dataset' has no len()");

  class Count extends data.IterableDataset<number> {
    constructor(private n: number) { super(); }
    *[Symbol.iterator]() { for (let i = 0; i < this.n; i++) yield i; }
    get length() { return this.n; }
  }
  const it = DataLoader(new Count(10), { batch_size: 4 });
  expect([...it].map((b: torch.Tensor) => b.tolist())).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  expect(it.length).toBe(3);
  const dropped = DataLoader(new Count(10), { batch_size: 4, drop_last: true });
  expect([...dropped].length).toBe(2);
  expect(dropped.length).toBe(2);
  expect([...DataLoader(new Count(3), { batch_size: null })]).toEqual([0, 1, 2]);
  expect([...data.ChainDataset([new Count(2), new Count(3)])]).toEqual([0, 1, 0, 1, 2]);
});

test('batch_size null turns batching off; a batch_sampler replaces it', () => {
  const ds = TensorDataset(torch.arange(4));
  const items = [...DataLoader(ds, { batch_size: null })];
  expect(items.length).toBe(4);
  expect(items[2][0].dim()).toBe(0);
  const bs = BatchSampler(SequentialSampler(ds), 3, false);
  expect([...DataLoader(ds, { batch_sampler: bs })].map((b) => b[0].tolist())).toEqual([[0, 1, 2], [3]]);
  expect(DataLoader(ds, { batch_sampler: bs }).length).toBe(2);
});

test('option errors are PyTorch\'s', () => {
  const ds = TensorDataset(torch.arange(4));
  const sampler = SequentialSampler(ds);
  const bs = BatchSampler(sampler, 2, false);
  expect(() => DataLoader(ds, { sampler, shuffle: true })).toThrow('sampler option is mutually exclusive with shuffle');
  expect(() => DataLoader(ds, { batch_sampler: bs, batch_size: 2 })).toThrow('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
  expect(() => DataLoader(ds, { batch_sampler: bs, drop_last: true })).toThrow('batch_sampler option is mutually exclusive');
  expect(() => DataLoader(ds, { batch_size: null, drop_last: true })).toThrow('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
  expect(() => DataLoader(ds, { num_workers: -1 })).toThrow('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
  expect(() => DataLoader(ds, { timeout: -1 })).toThrow('timeout option should be non-negative');
  expect(() => DataLoader(ds, { prefetch_factor: 4 })).toThrow('prefetch_factor option could only be specified in multiprocessing');
  expect(() => DataLoader(ds, { persistent_workers: true })).toThrow('persistent_workers option needs num_workers > 0');
  expect(() => DataLoader(ds, { batch_size: 0 })).toThrow('batch_size should be a positive integer value, but got batch_size=0');
  expect(() => DataLoader(ds, { batch_size: '32' as any })).toThrow(TypeError);
  expect(() => DataLoader(ds, { batch_size: '32' as any })).toThrow('batch_size');
  expect(() => DataLoader(ds, { shufle: true } as any)).toThrow("DataLoader() got an unexpected keyword argument 'shufle'");
  expect(() => DataLoader(ds, { generator: 42 as any })).toThrow(TypeError);
  class It extends data.IterableDataset<number> { *[Symbol.iterator]() { yield 1; } }
  expect(() => DataLoader(new It(), { shuffle: true })).toThrow('DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True');
  expect(() => DataLoader(new It(), { sampler })).toThrow('DataLoader with IterableDataset: expected unspecified sampler option');
  const loader = DataLoader(ds, { batch_size: 2 });
  expect(() => { (loader as any).batch_size = 3; }).toThrow('batch_size attribute should not be set after DataLoader is initialized');
  expect(DataLoader(ds, { num_workers: 2, batch_size: 2 }).length).toBe(2);
  expect(() => RandomSampler([], {})).toThrow('num_samples should be a positive integer value, but got num_samples=0');
  expect(() => RandomSampler([1, 2], { replacement: 1 as any })).toThrow('replacement should be a boolean value, but got replacement=1');
  expect(() => BatchSampler(sampler, 2, 'no' as any)).toThrow('drop_last should be a boolean value, but got drop_last=no');
  expect(() => random_split([1, 2, 3], [1, 1])).toThrow('Sum of input lengths does not equal the length of the input dataset!');
  expect(() => random_split([1, 2, 3], [1.5, -0.5])).toThrow('Fraction at index 0 is not between 0 and 1');
  expect(() => Generator().manual_seed(1.5)).toThrow(TypeError);
});
