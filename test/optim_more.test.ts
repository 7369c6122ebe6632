// ASGD, Adadelta, Rprop and SparseAdam against PyTorch (scripts/golden/optim_more.py): 20-step
// trajectories per option set, the state_dict's layout and values, resuming from it, printing,
// argument binding and errors.
import * as torch from '../lib';
import { loadGolden, makeTensor } from './golden';

type StateEntry = { tensor: { dtype: string; shape: number[]; values: number[] } } | { number: number; int: boolean };
interface Result {
  name: string; kwargs: Record<string, any>; repr: string;
  state: Record<string, Record<string, StateEntry>>; param_group: Record<string, any>;
}
interface Case extends Result { cls: string; trajectory: Record<string, number[]>[] }
interface SparseCase extends Result { trajectory: number[][] }
const golden = loadGolden('optim_more');
const NAMES = ['w1', 'b1', 'w2', 'b2', 'w3'];
const X = makeTensor(golden.X), Y = makeTensor(golden.Y);

type Params = Record<string, torch.Tensor>;
const makeParams = (): Params => Object.fromEntries(NAMES.map((k) => [k, makeTensor(golden.init[k]).requires_grad_(true)]));
const forward = (p: Params) => X.matmul(p.w1.t()).add(p.b1).tanh().matmul(p.w2.t()).add(p.b2).sub(Y).pow(2).mean();
const makeOptimizer = (c: Case, p: Params): torch.optim.Optimizer => (torch.optim as any)[c.cls](NAMES.map((k) => p[k]), { ...c.kwargs });
function trainStep(opt: torch.optim.Optimizer, p: Params): void {
  opt.zero_grad();
  forward(p).backward();
  opt.step();
}
const values = (t: torch.Tensor): number[] => Array.from(t.detach().toTypedArray() as Float32Array);
const maxAbsDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const paramsDiff = (p: Params, ref: Record<string, number[]>) => Math.max(...NAMES.map((k) => maxAbsDiff(values(p[k]), ref[k])));

/** The optimizer's state_dict holds what PyTorch's does: the same keys, tensors where PyTorch has tensors, plain numbers elsewhere. */
function expectStateDict(opt: torch.optim.Optimizer, c: Result): void {
  const sd = opt.state_dict();
  expect(Object.keys(sd.state)).toEqual(Object.keys(c.state));
  for (const [i, ref] of Object.entries(c.state)) {
    const s = sd.state[Number(i)];
    expect(Object.keys(s)).toEqual(Object.keys(ref));
    for (const [key, want] of Object.entries(ref)) {
      if ('tensor' in want) {
        expect(s[key]).toBeInstanceOf(torch.Tensor);
        expect([s[key].dtype.name, s[key].shape]).toEqual([want.tensor.dtype, want.tensor.shape]);
        expect(maxAbsDiff(values(s[key]), want.tensor.values)).toBeLessThanOrEqual(1e-6);
      } else {
        expect(s[key]).toBe(want.number);
      }
    }
  }
  const { params: _, ...group } = sd.param_groups[0];
  const { params: __, ...wantGroup } = c.param_group;
  expect(group).toEqual(wantGroup);
  expect(String(opt)).toBe(c.repr);
}

describe('dense-gradient optimizers follow PyTorch', () => {
  for (const c of golden.cases as Case[]) {
    test(`${c.name}: trajectory, state_dict and printing`, () => {
      const p = makeParams();
      const opt = makeOptimizer(c, p);
      c.trajectory.forEach((ref, step) => {
        trainStep(opt, p);
        const d = paramsDiff(p, ref);
        if (d > 1e-6) throw new Error(`step ${step + 1}: max abs diff ${d}`);
      });
      expectStateDict(opt, c);
    });
  }

  for (const name of ['asgd_averaging', 'adadelta_options', 'rprop_options']) {
    test(`${name}: resuming from state_dict after 10 steps continues PyTorch's trajectory`, () => {
      const c = (golden.cases as Case[]).find((x) => x.name === name)!;
      const p = makeParams();
      const opt = makeOptimizer(c, p);
      for (let i = 0; i < 10; i++) trainStep(opt, p);
      const p2: Params = Object.fromEntries(NAMES.map((k) => [k, p[k].detach().clone().requires_grad_(true)]));
      const opt2 = makeOptimizer(c, p2);
      opt2.load_state_dict(opt.state_dict());
      for (let i = 10; i < 20; i++) {
        trainStep(opt2, p2);
        expect(paramsDiff(p2, c.trajectory[i])).toBeLessThanOrEqual(1e-6);
      }
    });
  }
});

describe('SparseAdam', () => {
  const sparse = golden.sparse;
  const batches: torch.Tensor[] = sparse.batches.map(makeTensor), targets: torch.Tensor[] = sparse.targets.map(makeTensor);
  for (const c of sparse.cases as SparseCase[]) {
    test(`${c.name}: trajectory over sparse embedding gradients, state_dict and printing`, () => {
      const w = makeTensor(sparse.table).requires_grad_(true);
      const opt = torch.optim.SparseAdam([w], { ...c.kwargs });
      c.trajectory.forEach((ref, i) => {
        opt.zero_grad();
        torch.nn.functional.embedding(batches[i % 2], w, { sparse: true }).sub(targets[i % 2]).pow(2).sum().backward();
        expect(w.grad.is_sparse).toBe(true);
        opt.step();
        const d = maxAbsDiff(values(w), ref);
        if (d > 1e-6) throw new Error(`step ${i + 1}: max abs diff ${d}`);
      });
      expectStateDict(opt, c);
    });
  }

  test('an Embedding with sparse=True trains with SparseAdam', () => {
    torch.manual_seed(0);
    const emb = torch.nn.Embedding(6, 2, { sparse: true });
    const before = emb.weight.detach().clone();
    const opt = torch.optim.SparseAdam(emb.parameters(), { lr: 0.1 });
    emb(torch.tensor([0, 3])).sum().backward();
    opt.step();
    const moved = values(emb.weight.sub(before).abs().sum(1).gt(0).float());
    expect(moved).toEqual([1, 0, 0, 1, 0, 0]);
    // An empty batch after zero_grad counts a step and moves nothing, as in PyTorch.
    const w = emb.weight.detach().clone();
    opt.zero_grad();
    emb(torch.tensor([], { dtype: torch.int64 })).sum().backward();
    opt.step();
    expect([emb.weight.equal(w), opt.state.get(emb.weight)!.step]).toEqual([true, 2]);
  });

  test('a first gradient from an empty batch: a no-op on PyTorch 2, 1.13\'s shape error on 1.13', () => {
    const emb = torch.nn.Embedding(3, 2, { sparse: true });
    const w = emb.weight.detach().clone();
    const opt = torch.optim.SparseAdam(emb.parameters());
    emb(torch.tensor([], { dtype: torch.int64 })).sum().backward();
    if (torch.__libtorch_version__.startsWith('1.')) {
      expect(() => opt.step()).toThrow('The size of tensor a (2) must match the size of tensor b (0) at non-singleton dimension 1');
    } else {
      opt.step();
      expect(emb.weight.equal(w)).toBe(true);
    }
  });
});

describe('construction', () => {
  test.each<[string, any]>(golden.errors.map((e: any): [string, any] => [e.step ? `${e.cls}.step()` : `${e.cls}(${JSON.stringify(e.args)}, ${JSON.stringify(e.kwargs)})`, e]))(
    '%s raises PyTorch\'s error', (_, e: any) => {
      const call = () => {
        if (e.step) {
          const w = torch.zeros(3, { requires_grad: true });
          const opt = torch.optim.SparseAdam([w]);
          w.sum().backward();
          opt.step();
        } else {
          (torch.optim as any)[e.cls]([torch.zeros(2, { requires_grad: true })], ...e.args, e.kwargs);
        }
      };
      expect(call).toThrow(e.error.message);
      try { call(); } catch (err: any) { expect(err.pythonType).toBe(e.error.type); }
    });

  test.each<[string, any]>(golden.bound.map((b: any): [string, any] => [b.cls, b]))('%s binds positional and named arguments as PyTorch does', (cls, b: any) => {
    const w = torch.zeros(2, { requires_grad: true });
    const { params: _, ...group } = (torch.optim as any)[cls]([w], ...b.args, b.kwargs).param_groups[0];
    expect(group).toEqual(b.group);
    const byName = (torch.optim as any)[cls]({ params: [w], ...b.kwargs });
    expect(byName).toBeInstanceOf(torch.optim.Optimizer);
  });

  test('without new, under PyTorch module paths, and with unknown or mistyped options', () => {
    const w = torch.zeros(2, { requires_grad: true });
    expect(new torch.optim.Rprop([w])).toBeInstanceOf(torch.optim.rprop.Rprop);
    expect(torch.optim.asgd.ASGD([w])).toBeInstanceOf(torch.optim.ASGD);
    expect(torch.optim.adadelta.Adadelta([w])).toBeInstanceOf(torch.optim.Adadelta);
    expect(torch.optim.sparse_adam.SparseAdam([w])).toBeInstanceOf(torch.optim.SparseAdam);
    expect(() => torch.optim.Adadelta([w], { rhoo: 0.5 } as any)).toThrow(/unexpected keyword argument 'rhoo'/);
    expect(() => torch.optim.Rprop([w], { etas: 0.5 } as any)).toThrow(TypeError);
    expect(() => torch.optim.SparseAdam([w], 0.1, [0.9, 0.99], 1e-8, false, 1)).toThrow(TypeError);
  });

  test('a sparse gradient reaching a dense-gradient optimizer is an error, not a crash', () => {
    const w = torch.randn(4, 2, { requires_grad: true });
    torch.nn.functional.embedding(torch.tensor([1]), w, { sparse: true }).sum().backward();
    for (const Opt of [torch.optim.ASGD, torch.optim.Adadelta, torch.optim.Rprop]) expect(() => (Opt as any)([w]).step()).toThrow(/sparse gradients/);
  });
});
