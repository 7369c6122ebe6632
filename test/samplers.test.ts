// torch.utils.data.WeightedRandomSampler against PyTorch (scripts/golden/samplers.py): the indices
// of two epochs seeded by torch.manual_seed or by a Generator, with and without replacement, in a
// DataLoader, and PyTorch's errors.
import * as torch from '../lib';
import { loadGolden } from './golden';

const { WeightedRandomSampler, Generator, DataLoader, TensorDataset } = torch.utils.data;
const golden = loadGolden('samplers');

interface Case { weights: string; num_samples: number; replacement: boolean; seed: number; global: number[][]; generator: number[][] }

describe('WeightedRandomSampler draws PyTorch\'s indices', () => {
  for (const c of golden.cases as Case[]) {
    const w: number[] = golden.weights[c.weights];
    test(`${c.weights}, num_samples=${c.num_samples}, replacement=${c.replacement}, seed ${c.seed}`, () => {
      torch.manual_seed(c.seed);
      const s = WeightedRandomSampler(w, c.num_samples, c.replacement);
      expect([[...s], [...s]]).toEqual(c.global);
      const g = WeightedRandomSampler(w, c.num_samples, { replacement: c.replacement, generator: Generator().manual_seed(c.seed) });
      expect([[...g], [...g]]).toEqual(c.generator);
      expect(g.length).toBe(c.num_samples);
    });
  }

  test('weights given as a tensor, arguments by name, and batches from a DataLoader', () => {
    const c = (golden.cases as Case[]).find((x) => x.weights === 'class balance' && x.seed === 7)!;
    const w = torch.tensor(golden.weights['class balance'], { dtype: torch.float32 });
    const s = WeightedRandomSampler({ weights: w, num_samples: c.num_samples, generator: Generator().manual_seed(7) });
    expect(s.weights.dtype).toBe(torch.float64);
    const ds = TensorDataset(torch.arange(35));
    const loader = DataLoader(ds, { batch_size: 32, sampler: s });
    const seen = [...loader].flatMap(([x]) => x.tolist() as number[]);
    expect(seen).toEqual(c.generator[0]);
    expect(s).toBeInstanceOf(torch.utils.data.Sampler);
  });
});

describe('errors', () => {
  test.each<[string, any]>(golden.errors.map((e: any): [string, any] => [`${JSON.stringify(e.weights)}, ${e.num_samples}, ${JSON.stringify(e.kwargs)}${e.generator ? ', generator' : ''}`, e]))(
    '%s', (_, e: any) => {
      const call = () => {
        const s = WeightedRandomSampler(e.weights, e.num_samples, { ...e.kwargs, generator: e.generator ? Generator().manual_seed(1) : null });
        return [...s];
      };
      expect(call).toThrow(e.error.message);
      try { call(); } catch (err: any) { expect(err.pythonType).toBe(e.error.type); }
    });
});
