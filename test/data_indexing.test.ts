// `ds[i]` on every map-style dataset, and user datasets written with Python's __len__/__getitem__
// (ported literally) behaving exactly like those written with `get length()` / `getitem(i)`.
import * as torch from '../lib';

const { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, DataLoader } = torch.utils.data;

/** The tutorials' shape of a custom dataset, ported literally. */
class PySquares extends Dataset<[number, number]> {
  n: number;
  constructor(n: number) { super(); this.n = n; }
  __len__(): number { return this.n; }
  __getitem__(idx: number): [number, number] {
    if (idx < 0 || idx >= this.n) throw new torch.TorchError('list index out of range', 'IndexError');
    return [idx, idx * idx];
  }
}

/** The same dataset written the TS way. */
class TsSquares extends Dataset<[number, number]> {
  constructor(private readonly n: number) { super(); }
  get length(): number { return this.n; }
  getitem(i: number): [number, number] { return [i, i * i]; }
}

describe('ds[i] on map-style datasets', () => {
  test('TensorDataset, Subset and ConcatDataset index like getitem, negative indices included', () => {
    const x = torch.arange(10).mul(3);
    const ds = TensorDataset(x, torch.arange(10));
    const [xi, yi] = ds[4];
    expect([xi.item(), yi.item()]).toEqual([12, 4]);
    expect(ds[-1][0].item()).toBe(27);
    const sub = Subset(ds, [7, 2, 5]);
    expect(sub[1][0].item()).toBe(6);
    expect(sub[-1][1].item()).toBe(5);
    const cat = ConcatDataset([sub, Subset(ds, [9])]);
    expect(cat[3][0].item()).toBe(27);
    expect(() => sub[3]).toThrow('list index out of range');
  });

  test('a user subclass: own fields, methods and missing names are unaffected', () => {
    const ds = new TsSquares(5);
    expect(ds[3]).toEqual([3, 9]);
    expect(ds.length).toBe(5);
    expect((ds as any).missing).toBeUndefined();
    expect((ds as any)['1.5']).toBeUndefined();
    expect('getitem' in ds).toBe(true);
    expect(Object.keys(ds)).toEqual(['n']);
    expect(ds instanceof Dataset).toBe(true);
  });

  test('the base Dataset has no samples (NotImplementedError), as in PyTorch', () => {
    const ds = new Dataset();
    expect(() => ds[0]).toThrow(/NotImplemented|not implemented/);
  });
});

describe("Python's __len__ / __getitem__", () => {
  test('drive length, ds[i], iteration and __getitem__/__len__ by name', () => {
    const ds = new PySquares(4);
    expect(ds.length).toBe(4);
    expect(ds[2]).toEqual([2, 4]);
    expect(ds.getitem(3)).toEqual([3, 9]);
    expect([...ds]).toEqual([[0, 0], [1, 1], [2, 4], [3, 9]]);
    expect(ds.__len__()).toBe(4);
    // built-in datasets answer Python's names too
    const td = TensorDataset(torch.arange(3));
    expect(td.__len__()).toBe(3);
    expect(td.__getitem__(2)[0].item()).toBe(2);
  });

  test('a DataLoader over a __getitem__ dataset gives the same batches as over the getitem one', () => {
    const batches = (ds: torch.utils.data.Dataset<[number, number]>) => [...DataLoader(ds, { batch_size: 3 })].map((b: torch.Tensor[]) => b.map((t) => t.tolist()));
    const expected = [[[0, 1, 2], [0, 1, 4]], [[3, 4, 5], [9, 16, 25]], [[6], [36]]];
    expect(batches(new PySquares(7))).toEqual(expected);
    expect(batches(new TsSquares(7))).toEqual(expected);
    expect(DataLoader(new PySquares(7), { batch_size: 3 }).length).toBe(3);
  });

  test('seeded shuffling and Subset work the same on both', () => {
    torch.manual_seed(3);
    const a = [...DataLoader(new PySquares(9), { batch_size: 4, shuffle: true })].map((b: torch.Tensor[]) => b[0].tolist());
    torch.manual_seed(3);
    const b = [...DataLoader(new TsSquares(9), { batch_size: 4, shuffle: true })].map((b: torch.Tensor[]) => b[0].tolist());
    expect(a).toEqual(b);
    expect(a.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Subset(new PySquares(9), [8, 1])[0]).toEqual([8, 64]);
  });

  test('__getitem__ in a subclass of a built-in dataset overrides its getitem and its batch fast path', () => {
    class Doubled extends TensorDataset {
      __getitem__(idx: number): torch.Tensor[] { return [this.tensors[0].index(idx).mul(2)]; }
    }
    const ds = new Doubled(torch.arange(5));
    expect(ds[3][0].item()).toBe(6);
    expect([...DataLoader(ds, { batch_size: 5 })][0][0].tolist()).toEqual([0, 2, 4, 6, 8]);
  });

  test('a class with only __len__ still has no samples; one without either has no len()', () => {
    class OnlyLen extends Dataset { __len__(): number { return 2; } }
    expect(new OnlyLen().length).toBe(2);
    expect(() => DataLoader(new Dataset()).length).toThrow("object of type 'Dataset' has no len()");
  });

  test('duck-typed objects with __len__/__getitem__ (no Dataset base) feed a DataLoader', () => {
    const plain = { __len__: () => 3, __getitem__: (i: number) => i * 10 };
    expect([...DataLoader(plain as any, { batch_size: 2 })].map((b: torch.Tensor) => b.tolist())).toEqual([[0, 10], [20]]);
  });

  test("an IterableDataset written with Python's __iter__ streams through a DataLoader", () => {
    class Counter extends IterableDataset<number> {
      constructor(private readonly n: number) { super(); }
      *__iter__(): Generator<number> { for (let i = 0; i < this.n; i++) yield i * 3; }
    }
    expect([...new Counter(4)]).toEqual([0, 3, 6, 9]);
    expect([...DataLoader(new Counter(5), { batch_size: 2 })].map((b: torch.Tensor) => b.tolist())).toEqual([[0, 3], [6, 9], [12]]);
  });

  test('an IterableDataset is not indexed', () => {
    class Stream extends IterableDataset<number> { *[Symbol.iterator]() { yield 1; } }
    expect([...new Stream()]).toEqual([1]);
    expect(() => new Stream()[0]).toThrow(/not implemented/);
  });
});
