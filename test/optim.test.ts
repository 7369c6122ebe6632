// torch.optim against PyTorch: 20-step trajectories of a small net for every optimizer and
// option set (scripts/golden/optim.py), param groups, frozen parameters, state_dict resume,
// zero_grad, printing and option errors.
import * as torch from '../lib';
import { loadGolden, makeTensor } from './golden';

interface Case {
  name: string; cls: string; groups: 'all' | 'split'; kwargs: Record<string, any>; frozen: string[];
  trajectory: Record<string, number[]>[]; state_keys: Record<string, string[]>; repr: string;
}
const golden = loadGolden('optim');
const NAMES = ['w1', 'b1', 'w2', 'b2', 'w3'];
const X = makeTensor(golden.X), Y = makeTensor(golden.Y);

type Params = Record<string, torch.Tensor>;
function makeParams(frozen: string[] = []): Params {
  const p: Params = {};
  for (const k of NAMES) p[k] = makeTensor(golden.init[k]).requires_grad_(!frozen.includes(k));
  return p;
}
const forward = (p: Params) => {
  const h = X.matmul(p.w1.t()).add(p.b1).tanh();
  return h.matmul(p.w2.t()).add(p.b2).sub(Y).pow(2).mean();
};
function makeOptimizer(c: Case, p: Params): torch.optim.Optimizer {
  const kwargs = { ...c.kwargs };
  const params = c.groups === 'all'
    ? NAMES.map((k) => p[k])
    : [{ params: [p.w1, p.w2, p.w3], weight_decay: 1e-3 }, { params: [p.b1, p.b2] }];
  return (torch.optim as any)[c.cls](params, kwargs);
}
function trainStep(opt: torch.optim.Optimizer, p: Params): void {
  opt.zero_grad();
  forward(p).backward();
  opt.step();
}
const values = (t: torch.Tensor) => Array.from(t.detach().toTypedArray() as Float32Array);
function maxDiff(p: Params, ref: Record<string, number[]>): number {
  let worst = 0;
  for (const k of NAMES) values(p[k]).forEach((v, i) => { worst = Math.max(worst, Math.abs(v - ref[k][i])); });
  return worst;
}

describe('optimizer trajectories equal PyTorch', () => {
  for (const c of golden.cases as Case[]) {
    test(c.name, () => {
      const p = makeParams(c.frozen);
      const opt = makeOptimizer(c, p);
      c.trajectory.forEach((ref, step) => {
        trainStep(opt, p);
        const d = maxDiff(p, ref);
        if (d > 1e-6) throw new Error(`step ${step + 1}: max abs diff ${d}`);
      });
      for (const k of NAMES) {
        const s = opt.state.get(p[k]);
        expect(s ? Object.keys(s).sort() : undefined).toEqual(c.state_keys[k]);
      }
      expect(String(opt)).toBe(c.repr);
    });
  }
});

describe('state_dict', () => {
  const cases = (golden.cases as Case[]).filter((c) => ['sgd_momentum', 'adam_amsgrad_wd', 'nadam', 'rmsprop_centered_momentum', 'adagrad_options', 'adamw_groups'].includes(c.name));
  for (const c of cases) {
    test(`${c.name}: resuming from state_dict after 10 steps continues PyTorch's trajectory`, () => {
      const p = makeParams();
      const opt = makeOptimizer(c, p);
      for (let i = 0; i < 10; i++) trainStep(opt, p);
      const saved = opt.state_dict();
      const p2: Params = {};
      for (const k of NAMES) p2[k] = p[k].detach().clone().requires_grad_(true);
      const opt2 = makeOptimizer(c, p2);
      opt2.load_state_dict(saved);
      for (let i = 10; i < 20; i++) {
        trainStep(opt2, p2);
        expect(maxDiff(p2, c.trajectory[i])).toBeLessThanOrEqual(1e-6);
      }
      // The loaded state is a copy: the original optimizer's tensors did not move.
      const s0 = saved.state[0];
      const s2 = opt2.state.get(p2.w1)!;
      for (const key of Object.keys(s0)) if (s0[key] instanceof torch.Tensor) expect(s2[key]).not.toBe(s0[key]);
    });
  }

  test('packs parameters as indices and keeps group options', () => {
    const p = makeParams();
    const opt = torch.optim.SGD([{ params: [p.w1, p.w2], weight_decay: 1e-4 }, { params: [p.b1] }], { lr: 0.05, momentum: 0.9 });
    trainStep(opt, p);
    const sd = opt.state_dict();
    expect(sd.param_groups.map((g) => g.params)).toEqual([[0, 1], [2]]);
    expect(sd.param_groups[0].weight_decay).toBe(1e-4);
    expect(sd.param_groups[1].weight_decay).toBe(0);
    expect(Object.keys(sd.state).sort()).toEqual(['0', '1', '2']);
    expect(Object.keys(sd.state[0])).toEqual(['momentum_buffer']);
  });

  test('mismatched state dicts are rejected', () => {
    const p = makeParams();
    const opt = torch.optim.Adam([p.w1, p.b1]);
    const other = torch.optim.Adam([{ params: [p.w1] }, { params: [p.b1] }]);
    expect(() => opt.load_state_dict(other.state_dict())).toThrow('loaded state dict has a different number of parameter groups');
    const three = torch.optim.Adam([p.w1, p.b1, p.w2]);
    expect(() => opt.load_state_dict(three.state_dict())).toThrow("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
  });
});

describe('param_groups', () => {
  test('lr is readable and writable per group, and a changed lr drives the next step', () => {
    const w = torch.tensor([1.0, 2.0], { dtype: torch.float32, requires_grad: true });
    const opt = torch.optim.SGD([w], { lr: 0.1 });
    expect(opt.param_groups[0].lr).toBe(0.1);
    opt.param_groups[0].lr = 0.5;
    w.sum().backward();
    opt.step();
    expect(w.tolist()).toEqual([0.5, 1.5]);
  });

  test('add_param_group fills defaults and rejects duplicates', () => {
    const a = torch.zeros(2, { requires_grad: true }), b = torch.zeros(3, { requires_grad: true });
    const opt = torch.optim.Adam([a], { lr: 0.01, weight_decay: 0.1 });
    opt.add_param_group({ params: b, lr: 0.001 });
    expect(opt.param_groups[1].lr).toBe(0.001);
    expect(opt.param_groups[1].weight_decay).toBe(0.1);
    expect(opt.param_groups[1].betas).toEqual([0.9, 0.999]);
    expect(opt.param_groups[1].params.length).toBe(1);
    expect(opt.param_groups[1].params[0]).toBe(b);
    expect(() => opt.add_param_group({ params: [a] })).toThrow('some parameters appear in more than one parameter group');
  });

  test('model.parameters() generators and the notebook parameter-group split', () => {
    torch.manual_seed(0);
    const model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.Linear(3, 2));
    const named = [...model.named_parameters()];
    const params_to_reg = named.filter(([n]) => !n.includes('bias') && !n.includes('bn')).map(([, p]) => p);
    const params_bias_and_bn = named.filter(([n]) => n.includes('bias') || n.includes('bn')).map(([, p]) => p);
    const opt = torch.optim.SGD([{ params: params_to_reg, weight_decay: 0.0001 }, { params: params_bias_and_bn }], { lr: 0.05 });
    expect(opt.param_groups.map((g) => g.params.length)).toEqual([3, 3]);
    expect(opt.param_groups.map((g) => g.weight_decay)).toEqual([0.0001, 0]);
    const opt2 = torch.optim.AdamW(model.parameters(), { lr: 0.05, weight_decay: 0.001 });
    expect(opt2.param_groups[0].params.length).toBe(6);
  });
});

describe('zero_grad', () => {
  test('set_to_none follows the LibTorch version default, and both forms work', () => {
    const w = torch.ones(2, { requires_grad: true });
    const opt = torch.optim.SGD([w], { lr: 0.1 });
    w.sum().backward();
    opt.zero_grad({ set_to_none: false });
    expect(w.grad!.tolist()).toEqual([0, 0]);
    opt.zero_grad(true);
    expect(w.grad).toBeNull();
    w.sum().backward();
    opt.zero_grad();
    const major = Number(torch.__libtorch_version__.split('.')[0]);
    if (major >= 2) expect(w.grad).toBeNull(); else expect(w.grad!.tolist()).toEqual([0, 0]);
  });

  test('parameters without a gradient are skipped and get no state', () => {
    const a = torch.ones(2, { requires_grad: true }), b = torch.ones(2, { requires_grad: true });
    const opt = torch.optim.Adam([a, b], { lr: 0.1 });
    a.sum().backward();
    opt.step();
    expect(b.tolist()).toEqual([1, 1]);
    expect(opt.state.has(b)).toBe(false);
    expect(opt.state.get(a)!.step.item()).toBe(1);
  });

  test('step(closure) re-evaluates the loss with gradients enabled', () => {
    const w = torch.tensor([3.0], { dtype: torch.float32, requires_grad: true });
    const opt = torch.optim.SGD([w], { lr: 0.25 });
    const loss = torch.no_grad(() => opt.step(() => {
      opt.zero_grad();
      const l = w.pow(2).sum();
      l.backward();
      return l;
    }));
    expect(loss.item()).toBe(9);
    expect(w.item()).toBe(1.5);
  });
});

describe('construction', () => {
  test('with and without new, positional or named options', () => {
    const w = torch.zeros(2, { requires_grad: true });
    const a = new torch.optim.SGD([w], 0.1, 0.9);
    const b = torch.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
    expect(a).toBeInstanceOf(torch.optim.SGD);
    expect(b).toBeInstanceOf(torch.optim.Optimizer);
    expect(a.param_groups[0].momentum).toBe(0.9);
    expect(b.param_groups[0].momentum).toBe(0.9);
    expect(torch.optim.Adam([w], 0.01, [0.8, 0.9]).param_groups[0].betas).toEqual([0.8, 0.9]);
    const named = torch.optim.Adam({ params: [w], lr: 0.01, betas: [0.8, 0.9] });
    expect([named.param_groups[0].lr, named.param_groups[0].betas]).toEqual([0.01, [0.8, 0.9]]);
    expect(torch.optim.LBFGS({ params: [w], history_size: 5 }).param_groups[0].history_size).toBe(5);
    expect(() => torch.optim.SGD({ params: [w], lr: 0.1 }, 0.2)).toThrow("got multiple values for argument 'params'");
  });

  test.each([
    [() => torch.optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: -0.1 }), 'Invalid learning rate: -0.1'],
    [() => torch.optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.1, momentum: -1 }), 'Invalid momentum value: -1'],
    [() => torch.optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.1, nesterov: true }), 'Nesterov momentum requires a momentum and zero dampening'],
    [() => torch.optim.Adam([torch.zeros(1, { requires_grad: true })], { betas: [1.5, 0.999] }), 'Invalid beta parameter at index 0: 1.5'],
    [() => torch.optim.Adam([torch.zeros(1, { requires_grad: true })], { betas: [0.9, -0.1] }), 'Invalid beta parameter at index 1: -0.1'],
    [() => torch.optim.AdamW([torch.zeros(1, { requires_grad: true })], { eps: -1e-8 }), 'Invalid epsilon value: -1e-08'],
    [() => torch.optim.RMSprop([torch.zeros(1, { requires_grad: true })], { alpha: -0.5 }), 'Invalid alpha value: -0.5'],
    [() => torch.optim.Adagrad([torch.zeros(1, { requires_grad: true })], { lr_decay: -1 }), 'Invalid lr_decay value: -1'],
    [() => torch.optim.NAdam([torch.zeros(1, { requires_grad: true })], { momentum_decay: -1 }), 'Invalid momentum_decay value: -1'],
    [() => torch.optim.Adam([]), 'optimizer got an empty parameter list'],
    [() => torch.optim.Adam([torch.zeros(1, { requires_grad: true }).mul(2)]), "can't optimize a non-leaf Tensor"],
  ])('PyTorch ValueError %#', (make, message) => {
    let err: any;
    try { make(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(torch.TorchError);
    expect(err.message).toBe(message);
  });

  test('type errors name the option', () => {
    const w = torch.zeros(1, { requires_grad: true });
    expect(() => torch.optim.SGD([w], { lr: '0.1' as any })).toThrow(TypeError);
    expect(() => torch.optim.SGD([w], { lr: 0.1, momentun: 0.9 } as any)).toThrow("SGD() got an unexpected keyword argument 'momentun'");
    expect(() => torch.optim.Adam(w as any)).toThrow(/params argument given to the optimizer should be an iterable of Tensors or dicts/);
    expect(() => torch.optim.Adam([w, 3 as any])).toThrow('optimizer can only optimize Tensors, but one of the params is number');
  });
});

describe('regularization recipes from the notebook', () => {
  test('manual L1 and L2 penalties over named_parameters', () => {
    torch.manual_seed(0);
    const model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2));
    const params_to_reg = [...model.named_parameters()].filter(([n]) => !n.includes('bias')).map(([, p]) => p);
    const l2 = params_to_reg.map((p) => p.pow(2.0).sum()).reduce((a, b) => a.add(b));
    const l1 = params_to_reg.map((p) => p.abs().sum()).reduce((a, b) => a.add(b));
    const w0 = model[0].weight, w2 = model[2].weight;
    expect(l2.item()).toBeCloseTo(w0.pow(2).sum().item() + w2.pow(2).sum().item(), 5);
    expect(l1.item()).toBeCloseTo(w0.abs().sum().item() + w2.abs().sum().item(), 5);
    const loss = model(torch.ones(2, 4)).sum().add(l2.mul(1e-4)).add(l1.mul(1e-4));
    loss.backward();
    expect(w0.grad!.shape).toEqual([3, 4]);
  });

  test('apply_max_norm rescales rows to at most max_norm', () => {
    torch.manual_seed(0);
    const model = torch.nn.Sequential(torch.nn.Linear(10, 4));
    torch.no_grad(() => model[0].weight.mul_(10));
    const apply_max_norm = (m: torch.nn.Module, max_norm = 2, eps = 1e-8, dim = 1) => {
      torch.no_grad(() => {
        for (const [name, param] of m.named_parameters()) {
          if (name.includes('bias')) continue;
          const actual_norm = param.norm({ p: 2, dim, keepdim: true });
          const target_norm = torch.clamp(actual_norm, 0, max_norm);
          param.mul_(target_norm.div(actual_norm.add(eps)));
        }
      });
    };
    apply_max_norm(model);
    const norms = model[0].weight.norm({ p: 2, dim: 1 }).tolist() as number[];
    for (const n of norms) expect(n).toBeCloseTo(2, 5);
  });
});
