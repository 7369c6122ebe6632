// Tensor methods beyond the core ops, against PyTorch 1.13 (scripts/golden/tensor_methods.py):
// in-place variants, aliases, scatter-style copies, linear-algebra helpers, the methods PyTorch
// writes in Python (lu, stft, resize, new), queries and properties, and argument errors; plus the
// callback methods (apply_, map_, map2_) and as_subclass, whose arguments are JS functions.
import * as torch from '../lib';
import { loadGolden, makeTensor } from './golden';
import { GoldenCase, checkCase, errorOf, firstLine, makeInputs, runCase } from './helpers';

const fixture = loadGolden('tensor_methods');
const cases: GoldenCase[] = fixture.cases;

describe('values match PyTorch', () => {
  for (const c of cases.filter((x) => x.group === 'values')) test(c.name, () => checkCase(c));
});

describe('errors match PyTorch', () => {
  for (const c of cases.filter((x) => x.group === 'errors')) {
    test(`${c.name}: ${c.message!.slice(0, 70)}`, () => {
      const err = errorOf(() => runCase(c, makeInputs(c)));
      if (c.type === 'TypeError' && !(err instanceof torch.TorchError)) {
        expect(err).toBeInstanceOf(TypeError);
        // Python's argument-parser message (the fixture holds its first line).
        expect(firstLine(err.message)).toBe(c.message);
        return;
      }
      expect(err).toBeInstanceOf(torch.TorchError);
      expect(firstLine(err.message)).toBe(c.message);
      expect((err as torch.TorchError).pythonType).toBe(c.type);
    });
  }
});

describe('properties match PyTorch', () => {
  for (const p of fixture.properties) {
    test(p.what, () => {
      if (!p.input) {
        const y = torch.randn(3, { requires_grad: true }).unbind(0)[2];
        expect(y.output_nr).toBe(p.output_nr);
        return;
      }
      let t = makeTensor(p.input);
      if (p.sparse) t = t.to_sparse();
      for (const [key, want] of Object.entries(p)) {
        if (['what', 'input', 'sparse', 'H', 'mH'].includes(key)) continue;
        const got = (t as any)[key];
        expect([key, key === 'layout' ? String(got) : got]).toEqual([key, want]);
      }
      expect(t.name).toBeNull();
      if (p.H) {
        expect(t.H.tolist()).toEqual(makeTensor(p.H).tolist());
        expect(t.mH.tolist()).toEqual(makeTensor(p.mH).tolist());
      }
    });
  }
});

describe('methods taking JS callbacks and classes', () => {
  test('apply_, map_ and map2_ write the callback of each element (others broadcast), in place', () => {
    const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: torch.float32 });
    expect(x.apply_((v: number) => v * 2)).toBe(x);
    expect(x.tolist()).toEqual([[2, 4, 6], [8, 10, 12]]);
    x.map_(torch.tensor([1, 0, -1]), (a: number, b: number) => a + b);
    expect(x.tolist()).toEqual([[3, 4, 5], [9, 10, 11]]);
    const i = torch.tensor([1, 2, 3]);
    i.map2_(torch.tensor([10, 20, 30]), torch.tensor(2), (a: number, b: number, c: number) => a + b * c);
    expect([i.tolist(), i.dtype]).toEqual([[21, 42, 63], torch.int64]);
    expect(() => x.apply_(3 as any)).toThrow(TypeError);
  });

  test('as_subclass shares storage and keeps autograd history', () => {
    class Tagged extends (torch.Tensor as any) {}
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(3).as_subclass(Tagged as any);
    expect(y).toBeInstanceOf(Tagged);
    expect(y).toBeInstanceOf(torch.Tensor);
    (y as torch.Tensor).sum().backward();
    expect(x.grad.tolist()).toEqual([3, 3]);
    expect(() => x.as_subclass(Object as any)).toThrow(TypeError);
  });

  test('a sparse gradient prints its layout and converts to dense', () => {
    const w = torch.zeros(4, 2, { requires_grad: true });
    torch.nn.functional.embedding(torch.tensor([1, 3, 1]), w, { sparse: true }).sum().backward();
    expect([w.grad.is_sparse, String(w.grad.layout)]).toEqual([true, 'torch.sparse_coo']);
    expect(w.grad.to_dense().tolist()).toEqual([[0, 0], [2, 2], [0, 0], [1, 1]]);
    expect(w.grad.coalesce().values().shape).toEqual([2, 2]);
  });
});
