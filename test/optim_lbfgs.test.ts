// torch.optim.LBFGS against PyTorch 1.13 (scripts/golden/lbfgs.py): step(closure) trajectories
// with and without the strong-Wolfe line search on a small net, Rosenbrock (float32 and float64),
// a linear function (line search runs out of evaluations) and a wavy non-convex function;
// returned losses, closure calls, state values and keys, state_dict resume, construction, errors.
import * as torch from '../lib';
import { GoldenTensor, loadGolden, makeTensor } from './golden';
import { forRelease } from '../lib/release';

// PyTorch 2.14's LBFGS has a keyword-only maximize=False in its group.
const MAXIMIZE = forRelease<Record<string, boolean>>([['1.13', {}], ['2.14', { maximize: false }]]);

type StateValue = number | null | GoldenTensor | { list: number };
interface StepRec { params: Record<string, number[]>; loss: number; closure_calls: number; state: Record<string, StateValue> }
interface Case {
  name: string; problem: 'net' | 'rosenbrock' | 'linear' | 'wavy'; dtype: string; kwargs: Record<string, any>; steps: number;
  names: string[]; init: Record<string, GoldenTensor>; trajectory: StepRec[]; state_keys: string[]; state_params: number[];
  ro: number[]; repr: string;
}
const golden = loadGolden('lbfgs');
const cases = golden.cases as Case[];
const caseNamed = (name: string) => cases.find((c) => c.name === name)!;

const X = makeTensor(golden.net.X), Y = makeTensor(golden.net.Y);

type Params = Record<string, torch.Tensor>;
// The same ops as the Python script, in the same order.
const PROBLEMS: Record<Case['problem'], (p: Params) => torch.Tensor> = {
  net: (p) => {
    const h = X.matmul(p.w1.t()).add(p.b1).tanh();
    return h.matmul(p.w2.t()).add(p.b2).sub(Y).pow(2).mean();
  },
  rosenbrock: (p) => p.x.select(0, 0).rsub(1).pow(2).add(p.x.select(0, 1).sub(p.x.select(0, 0).pow(2)).pow(2).mul(100)),
  linear: (p) => p.x.sum(),
  wavy: (p) => p.x.sin().sum().add(p.x.pow(2).mul(0.1).sum()),
};

function setup(c: Case) {
  const p: Params = {};
  for (const k of c.names) p[k] = makeTensor(c.init[k]).requires_grad_(true);
  const opt = torch.optim.LBFGS(c.names.map((k) => p[k]), { ...c.kwargs });
  const counter = { calls: 0 };
  const closure = () => {
    counter.calls++;
    opt.zero_grad();
    const loss = PROBLEMS[c.problem](p);
    loss.backward();
    return loss;
  };
  return { p, opt, closure, counter };
}

const values = (t: torch.Tensor) => Array.from(t.detach().reshape(-1).toTypedArray() as Float32Array | Float64Array);
// Relative beyond magnitude 1: the linear problem's parameters reach 1e24.
const tol = (ref: number) => 1e-6 * Math.max(1, Math.abs(ref));
/** Largest |ours - ref| / tol over the params, and whether every value is bit-identical. */
function compare(p: Params, ref: Record<string, number[]>): { worst: number; exact: boolean } {
  let worst = 0, exact = true;
  for (const k of Object.keys(ref)) values(p[k]).forEach((v, i) => {
    if (!Object.is(v, ref[k][i])) exact = false;
    worst = Math.max(worst, Math.abs(v - ref[k][i]) / tol(ref[k][i]));
  });
  return { worst, exact };
}
function expectStateValue(ours: any, ref: StateValue, what: string): void {
  if (ref === null || typeof ref === 'number') {
    if (typeof ours !== 'number') throw new Error(`${what}: expected a number, got ${ours}`);
    expect(Math.abs(ours - (ref as number))).toBeLessThanOrEqual(tol(ref as number));
  } else if ('list' in ref) {
    expect(Array.isArray(ours) ? ours.length : ours).toBe(ref.list);
  } else {
    if (!(ours instanceof torch.Tensor)) throw new Error(`${what}: expected a tensor (as PyTorch's), got ${ours}`);
    expect(ours.shape).toEqual(ref.shape);
    const want = ref.values as number[];
    values(ours).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(tol(want[i])));
  }
}

const bitExact: Record<string, boolean> = {};

describe('LBFGS trajectories equal PyTorch', () => {
  for (const c of cases) {
    test(`${c.name} ${JSON.stringify(c.kwargs)}`, () => {
      const { p, opt, closure, counter } = setup(c);
      let exact = true;
      c.trajectory.forEach((ref, step) => {
        counter.calls = 0;
        const loss = opt.step(closure);
        const { worst, exact: ex } = compare(p, ref.params);
        if (worst > 1) throw new Error(`step ${step + 1}: params differ from PyTorch by ${worst} x tolerance`);
        const lossValue = Number(loss.item());
        expect(Math.abs(lossValue - ref.loss)).toBeLessThanOrEqual(tol(ref.loss));
        exact = exact && ex && Object.is(lossValue, ref.loss);
        expect(counter.calls).toBe(ref.closure_calls);
        const state = opt.state.get(p[c.names[0]])!;
        for (const [key, v] of Object.entries(ref.state)) expectStateValue(state[key], v, `step ${step + 1} state.${key}`);
        expect(Object.keys(state).filter((k) => k in ref.state).sort()).toEqual(Object.keys(ref.state).sort());
      });
      const state = opt.state.get(p[c.names[0]])!;
      expect(Object.keys(state)).toEqual(c.state_keys);  // PyTorch's insertion order
      expect(c.names.map((k, i) => (opt.state.has(p[k]) ? i : -1)).filter((i) => i >= 0)).toEqual(c.state_params);
      const ro: torch.Tensor[] = state.ro ?? [];
      expect(ro.length).toBe(c.ro.length);
      ro.forEach((r, i) => expect(Math.abs(Number(r.item()) - c.ro[i])).toBeLessThanOrEqual(tol(c.ro[i])));
      expect(String(opt)).toBe(c.repr);
      bitExact[c.name] = exact;
    });
  }

  afterAll(() => {
    const inexact = Object.entries(bitExact).filter(([, e]) => !e).map(([n]) => n);
    // eslint-disable-next-line no-console
    if (process.env.LBFGS_REPORT) console.log(`LBFGS bit-identical to PyTorch: ${Object.values(bitExact).filter((e) => e).length}/${Object.keys(bitExact).length} cases`);
    // eslint-disable-next-line no-console
    if (inexact.length) console.log(`LBFGS cases within tolerance but not bit-identical to PyTorch: ${inexact.join(', ')}`);
  });
});

describe('LBFGS step', () => {
  test('returns the closure\'s first loss; the closure runs with grad enabled and the update without', () => {
    const c = caseNamed('net_strong_wolfe');
    const { p, opt, closure } = setup(c);
    let first: torch.Tensor | null = null;
    const modes: boolean[] = [];
    const loss = torch.no_grad(() => opt.step(() => {
      modes.push(torch.is_grad_enabled());
      const l = closure();
      if (first === null) first = l;
      return l;
    }));
    expect(loss).toBe(first);
    expect(modes.every((m) => m)).toBe(true);
    expect(torch.is_grad_enabled()).toBe(true);
    for (const k of c.names) {
      expect(p[k].is_leaf).toBe(true);
      expect(p[k].grad_fn).toBeNull();
    }
    expect(compare(p, c.trajectory[0].params).worst).toBeLessThanOrEqual(1);
  });

  test('an already optimal point returns after one evaluation with only the counters in state', () => {
    const c = caseNamed('rosen_converged');
    const { p, opt, closure, counter } = setup(c);
    expect(opt.step(closure).item()).toBe(0);
    expect(counter.calls).toBe(1);
    expect(p.x.tolist()).toEqual([1, 1]);
    expect(opt.state.get(p.x)).toEqual({ func_evals: 1, n_iter: 0 });
  });

  test('the closure may return a number', () => {
    const x = torch.tensor([-1.5, 2.0], { dtype: torch.float32, requires_grad: true });
    const opt = torch.optim.LBFGS([x], { line_search_fn: 'strong_wolfe', max_iter: 5 });
    const loss = opt.step(() => {
      opt.zero_grad();
      const l = PROBLEMS.rosenbrock({ x });
      l.backward();
      return Number(l.item());
    });
    // PyTorch 1.13: 12.5, n_iter 4, func_evals 6 (max_eval 6 stops it), x = [-1.4190157651901245, 2.015231132507324]
    expect(loss).toBe(12.5);
    expect(opt.state.get(x)!.n_iter).toBe(4);
    expect(opt.state.get(x)!.func_evals).toBe(6);
    expect(x.tolist()).toEqual([-1.4190157651901245, 2.015231132507324]);
  });

  test.each([
    ['net_strong_wolfe', 2], ['net_lr05_history2_iter5', 3], ['rosen_wolfe_lr2_iter3', 2], ['rosen_wolfe_history5_f64', 1],
  ])('%s: resuming from state_dict after %i steps continues PyTorch\'s trajectory', (name, after) => {
    const c = caseNamed(name as string);
    const a = setup(c);
    for (let i = 0; i < (after as number); i++) a.opt.step(a.closure);
    const saved = a.opt.state_dict();
    expect(Object.keys(saved.state)).toEqual(['0']);
    expect(Object.keys(saved.state[0])).toEqual(Object.keys(a.opt.state.get(a.p[c.names[0]])!));
    const b = setup(c);
    for (const k of c.names) torch.no_grad(() => b.p[k].copy_(a.p[k]));
    b.opt.load_state_dict(saved);
    const sb = b.opt.state.get(b.p[c.names[0]])!, sa = a.opt.state.get(a.p[c.names[0]])!;
    expect(sb.old_dirs[0]).not.toBe(sa.old_dirs[0]);  // copied, not shared
    for (let i = after as number; i < c.steps; i++) {
      b.counter.calls = 0;
      const loss = b.opt.step(b.closure);
      expect(compare(b.p, c.trajectory[i].params).worst).toBeLessThanOrEqual(1);
      expect(Math.abs(Number(loss.item()) - c.trajectory[i].loss)).toBeLessThanOrEqual(tol(c.trajectory[i].loss));
      expect(b.counter.calls).toBe(c.trajectory[i].closure_calls);
    }
  });
});

describe('LBFGS construction', () => {
  const w = () => torch.zeros(3, { requires_grad: true });

  test('defaults, as PyTorch 1.13 sets them', () => {
    const opt = torch.optim.LBFGS([w()]);
    const { params, ...options } = opt.param_groups[0];
    expect(params.length).toBe(1);
    expect(options).toEqual({ lr: 1, max_iter: 20, max_eval: 25, tolerance_grad: 1e-7, tolerance_change: 1e-9, history_size: 100, line_search_fn: null, ...MAXIMIZE });
    expect(String(opt)).toBe(caseNamed('net_default').repr);
  });

  test('with and without new; positional arguments in PyTorch\'s order or named', () => {
    const a = new torch.optim.LBFGS([w()], 0.5, 10, null, 1e-5, 1e-8, 7, 'strong_wolfe');
    const b = torch.optim.LBFGS([w()], { lr: 0.5, max_iter: 10, tolerance_grad: 1e-5, tolerance_change: 1e-8, history_size: 7, line_search_fn: 'strong_wolfe' });
    const c = torch.optim.LBFGS([w()], 0.5, 10, { history_size: 7, tolerance_grad: 1e-5, tolerance_change: 1e-8, line_search_fn: 'strong_wolfe' });
    expect(a).toBeInstanceOf(torch.optim.LBFGS);
    expect(b).toBeInstanceOf(torch.optim.Optimizer);
    const opts = (o: torch.optim.Optimizer) => { const { params, ...rest } = o.param_groups[0]; return rest; };
    expect(opts(a)).toEqual({ lr: 0.5, max_iter: 10, max_eval: 12, tolerance_grad: 1e-5, tolerance_change: 1e-8, history_size: 7, line_search_fn: 'strong_wolfe', ...MAXIMIZE });
    expect(opts(b)).toEqual(opts(a));
    expect(opts(c)).toEqual(opts(a));
    expect(torch.optim.LBFGS([w()], { max_iter: 7, max_eval: 3 }).param_groups[0].max_eval).toBe(3);
    expect(torch.optim.lbfgs.LBFGS).toBe(torch.optim.LBFGS);
  });

  test('PyTorch\'s errors', () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e as any; } throw new Error('no error'); };
    const groups = err(() => torch.optim.LBFGS([{ params: [w()] }, { params: [w()] }]));
    expect(groups).toBeInstanceOf(torch.TorchError);
    expect(groups.pythonType).toBe('ValueError');
    expect(groups.message).toBe(golden.errors.param_groups.message);

    const opt = torch.optim.LBFGS([w()]);
    const missing = err(() => (opt as any).step());
    expect(missing).toBeInstanceOf(TypeError);
    expect(missing.message).toBe(golden.errors.missing_closure.message);
    expect(() => opt.step(null)).toThrow(TypeError);

    const x = torch.zeros(2, { requires_grad: true });
    const bad = torch.optim.LBFGS([x], { line_search_fn: 'backtracking' });
    const ls = err(() => bad.step(() => {
      bad.zero_grad();
      const l = x.pow(2).sum().add(x.sum());
      l.backward();
      return l;
    }));
    expect(ls).toBeInstanceOf(torch.TorchError);
    expect(ls.message).toBe(golden.errors.line_search_fn.message);
    expect(torch.is_grad_enabled()).toBe(true);

    expect(() => torch.optim.LBFGS([w()], { lr: 0.1, momentum: 0.9 } as any)).toThrow("LBFGS() got an unexpected keyword argument 'momentum'");
    expect(() => torch.optim.LBFGS([w()], 1, { lr: 0.5 } as any)).toThrow("LBFGS() got multiple values for argument 'lr'");
    expect(() => torch.optim.LBFGS([w()], { max_eval: '10' } as any)).toThrow(TypeError);
    expect(() => torch.optim.LBFGS([w()], { line_search_fn: true } as any)).toThrow(TypeError);
    expect(() => (torch.optim.LBFGS as any)([w()], 1, 2, 3, 4, 5, 6, 7, 8)).toThrow('LBFGS() takes from 2 to 9 positional arguments but 10 were given');
    expect(() => torch.optim.LBFGS([])).toThrow('optimizer got an empty parameter list');
  });
});
