// torch.nn.utils against PyTorch 1.13 (test/golden/nn_utils.json, written by
// scripts/golden/nn_utils.py): gradient clipping (bit-equal), parameters <-> vector, and pruning
// replayed step by step (masks, reparametrization, hooks, state_dict keys, forward, remove).
import * as torch from '../lib';
import { GoldenError, GoldenTensor, loadGolden, makeTensor } from './golden';
import { forRelease } from '../lib/release';

const nn = torch.nn;
const prune = torch.nn.utils.prune;

type Rec = GoldenTensor;
type PyError = GoldenError;
const golden = loadGolden('nn_utils');


function valuesOf(t: torch.Tensor): (number | boolean)[] {
  const flat = t.detach().reshape(-1).tolist();
  return Array.isArray(flat) ? flat : [flat];
}

/** Same dtype, shape and values, bit for bit (NaN equals NaN). */
function expectExact(t: torch.Tensor | null, r: Rec, what = 'tensor'): void {
  if (!(t instanceof torch.Tensor)) throw new Error(`${what}: expected a tensor, got ${t}`);
  expect([what, t.dtype.name, t.shape]).toEqual([what, r.dtype, r.shape]);
  const got = valuesOf(t), want = r.values as (number | boolean)[];
  got.forEach((v, i) => {
    if (!Object.is(v, want[i]) && !(v === 0 && want[i] === 0)) throw new Error(`${what}[${i}]: got ${v}, expected ${want[i]} (got [${got.slice(0, 12)}], expected [${want.slice(0, 12)}])`);
  });
}

function expectClose(t: torch.Tensor | null, r: Rec, what = 'tensor', tol = 1e-6): void {
  if (!(t instanceof torch.Tensor)) throw new Error(`${what}: expected a tensor, got ${t}`);
  expect([what, t.shape]).toEqual([what, r.shape]);
  const got = valuesOf(t) as number[], want = r.values as number[];
  got.forEach((v, i) => {
    if (Math.abs(v - want[i]) > tol * Math.max(1, Math.abs(want[i]))) throw new Error(`${what}[${i}]: got ${v}, expected ${want[i]}`);
  });
}

/** The error fn throws has PyTorch's exception class and message (object addresses and runs of spaces aside). */
function expectPyError(fn: () => unknown, ref: PyError): void {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  if (!(err instanceof Error)) throw new Error(`expected ${ref.type}: ${ref.message}, but nothing was thrown`);
  if (ref.type === 'TypeError') expect(err).toBeInstanceOf(TypeError);
  else {
    expect(err).toBeInstanceOf(torch.TorchError);
    expect((err as torch.TorchError).pythonType).toBe(ref.type);
  }
  const norm = (s: string) => s.replace(/ at 0x[0-9a-f]+/g, '').replace(/\s+/g, ' ');
  expect(norm(err.message)).toBe(norm(ref.message));
}

// ---- gradient clipping --------------------------------------------------------------------------

/** Parameters with the fixture's values and gradients. */
function paramsOf(c: { params: Rec[]; grads: (Rec | null)[] }): torch.Tensor[] {
  return c.params.map((r, i) => {
    const p = makeTensor(r).requires_grad_();
    const g = c.grads[i];
    if (g) p.grad = makeTensor(g);
    return p;
  });
}

describe('clip_grad_norm_', () => {
  test.each(golden.clip.map((c: any) => [c.name, c]) as [string, any][])('%s: total norm and clipped grads are bit-equal to PyTorch', (_n, c) => {
    const params = paramsOf(c);
    const total = nn.utils.clip_grad_norm_(params, c.max_norm, c.norm_type);
    expectExact(total, c.total_norm, 'total_norm');
    c.grads_after.forEach((g: Rec | null, i: number) => (g ? expectExact(params[i].grad, g, `grad ${i}`) : expect(params[i].grad).toBeNull()));
  });

  test("norm_type 'inf' as a string, every argument by name, a generator and a single tensor", () => {
    const infCase = golden.clip.find((c: any) => c.name === 'inf clipped');
    let params = paramsOf(infCase);
    expectExact(nn.utils.clip_grad_norm_(params, infCase.max_norm, 'inf'), infCase.total_norm);
    params.forEach((p, i) => expectExact(p.grad, infCase.grads_after[i]));

    const l2 = golden.clip.find((c: any) => c.name === 'l2 clipped');
    params = paramsOf(l2);
    expectExact(nn.utils.clip_grad_norm_({ parameters: params, max_norm: l2.max_norm, norm_type: 2 }), l2.total_norm);
    params.forEach((p, i) => expectExact(p.grad, l2.grads_after[i]));
    params = paramsOf(l2);
    expectExact(nn.utils.clip_grad_norm_((function* () { yield* params; })(), { max_norm: l2.max_norm, foreach: null, error_if_nonfinite: true }), l2.total_norm);
    params.forEach((p, i) => expectExact(p.grad, l2.grads_after[i]));

    const single = golden.clip.find((c: any) => c.name === 'inf single param');
    const [p] = paramsOf(single);
    expectExact(nn.utils.clip_grad_norm_(p, single.max_norm, Infinity), single.total_norm);
    expectExact(p.grad, single.grads_after[0]);
  });

  test('model.parameters() with { max_norm }: a seeded model gets PyTorch grads and clipping', () => {
    const c = golden.clip_model;
    torch.manual_seed(c.seed);
    const model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3));
    const y: torch.Tensor = model(makeTensor(c.x));
    y.mul(torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward();
    const params = [...model.parameters()];
    params.forEach((p, i) => expectClose(p.grad, c.grads[i], `grad ${i}`));
    // Start clipping from PyTorch's exact gradients, so the check can be bit-exact.
    params.forEach((p, i) => { p.grad = makeTensor(c.grads[i]); });
    expectExact(nn.utils.clip_grad_norm_(model.parameters(), { max_norm: 0.5 }), c.total_norm);
    params.forEach((p, i) => expectExact(p.grad, c.grads_after[i], `clipped grad ${i}`));
  });

  test('no gradients gives tensor(0.); a non-finite norm scales to nan, or throws with error_if_nonfinite', () => {
    const s = golden.clip_special;
    expectExact(nn.utils.clip_grad_norm_([], 1.0), s.empty);
    expectExact(nn.utils.clip_grad_norm_([torch.ones(2).requires_grad_()], 1.0), s.empty);
    const p = torch.ones(3).requires_grad_();
    p.grad = torch.tensor([1.0, Infinity, 2.0]);
    expectExact(nn.utils.clip_grad_norm_([p], 1.0), s.nonfinite_norm);
    expectExact(p.grad, s.nonfinite_grad_after);
    for (const [key, normType] of [['error_2.0', 2], ['error_inf', 'inf'], ['error_1', 1]] as [string, number | string][]) {
      const q = torch.ones(2).requires_grad_();
      q.grad = torch.tensor([NaN, 1.0]);
      expectPyError(() => nn.utils.clip_grad_norm_(q, 1.0, normType, { error_if_nonfinite: true }), s[key]);
      expect(valuesOf(q.grad!)).toEqual([NaN, 1]);  // untouched when it throws
    }
  });

  test('bad arguments are rejected before any work', () => {
    const p = torch.ones(2).requires_grad_();
    expect(() => nn.utils.clip_grad_norm_([p], 1.0, 'fro')).toThrow("could not convert string to float: 'fro'");
    expect(() => (nn.utils.clip_grad_norm_ as any)([p])).toThrow("missing 1 required positional argument: 'max_norm'");
    expect(() => (nn.utils.clip_grad_norm_ as any)(3, 1.0)).toThrow(TypeError);
    expect(() => (nn.utils.clip_grad_norm_ as any)([p, 'x'], 1.0)).toThrow(TypeError);
    expect(() => nn.utils.clip_grad_norm_([p], { max_norm: 1, norm: 2 } as any)).toThrow("clip_grad_norm_() got an unexpected keyword argument 'norm'");
  });
});

describe('clip_grad_value_', () => {
  test.each(golden.clip_value.map((c: any) => [c.name, c]) as [string, any][])('%s equals PyTorch', (_n, c) => {
    const params = paramsOf(c);
    expect(nn.utils.clip_grad_value_(params, c.clip_value)).toBeUndefined();
    c.grads_after.forEach((g: Rec | null, i: number) => (g ? expectExact(params[i].grad, g) : expect(params[i].grad).toBeNull()));
    const again = paramsOf(c);
    nn.utils.clip_grad_value_(again[0], { clip_value: c.clip_value });
    expectExact(again[0].grad, c.grads_after[0]);
  });
});

// ---- parameters_to_vector / vector_to_parameters ------------------------------------------------

describe('parameters_to_vector / vector_to_parameters', () => {
  const c = golden.convert;
  test('round trip equals PyTorch and the parameters then share the vector storage', () => {
    const params = c.params.map((r: Rec) => nn.Parameter(makeTensor(r)));
    expectExact(nn.utils.parameters_to_vector(params), c.vec);
    expectExact(nn.utils.parameters_to_vector((function* () { yield* params; })()), c.vec);
    const newVec = makeTensor(c.new_vec);
    nn.utils.vector_to_parameters(newVec, params);
    params.forEach((p: torch.Tensor, i: number) => expectExact(p, c.params_after[i]));
    expect(params.every((p: torch.Tensor) => p instanceof nn.Parameter && p.requires_grad)).toBe(true);
    expectExact(nn.utils.parameters_to_vector(params), c.new_vec);
    newVec.fill_(7);  // param.data became a view of vec, as in PyTorch
    expect(valuesOf(params[1])).toEqual([7, 7, 7, 7]);
  });

  test('a module round trip, and the TypeError for a non-tensor vec', () => {
    const lin = nn.Linear(3, 2);
    const vec = nn.utils.parameters_to_vector(lin.parameters());
    expect(vec.shape).toEqual([8]);
    nn.utils.vector_to_parameters(vec.mul(2), lin.parameters());
    expect(valuesOf(nn.utils.parameters_to_vector(lin.parameters()))).toEqual(valuesOf(vec.mul(2)));
    expectPyError(() => nn.utils.vector_to_parameters([1.0, 2.0] as any, lin.parameters()), c.error_list);
    expectPyError(() => nn.utils.vector_to_parameters(3 as any, lin.parameters()), c.error_int);
  });
});

// ---- pruning --------------------------------------------------------------------------------------

function build(kind: string): torch.nn.Module {
  switch (kind) {
    case 'linear': return nn.Linear(5, 4);
    case 'conv2d': return nn.Conv2d(2, 3, 3);
    case 'conv1d': return nn.Conv1d(2, 4, 3);
    case 'mlp': return nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3));
    default: throw new Error(kind);
  }
}

const sub = (model: torch.nn.Module, p: string): any => (p ? model.get_submodule(p) : model);

function decode(v: any): any {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    if ('$t' in v) return makeTensor(v.$t);
  }
  return v;
}

/** Replays one fixture step; PyTorch keyword arguments become the trailing options object. */
function runStep(model: torch.nn.Module, step: any): void {
  if (step.seed !== undefined) torch.manual_seed(step.seed);
  const kwargs = Object.fromEntries(Object.entries(step.kwargs ?? {}).map(([k, v]) => [k, decode(v)]));
  if (step.fn === 'global_unstructured') {
    const params = step.params.map(([p, n]: [string, string]) => [sub(model, p), n]);
    const method = (prune as any)[step.method];
    if (step.importance) {
      // A Map keyed by fresh [module, name] arrays: keys match by content, like Python's tuples.
      const scores = new Map(step.importance.map(([p, n, t]: [string, string, any]) => [[sub(model, p), n], decode(t)]));
      prune.global_unstructured(params, method, scores as any, kwargs);
    } else {
      prune.global_unstructured(params, method, kwargs);
    }
    return;
  }
  const args = decode(step.args ?? []);
  const fn = (prune as any)[step.fn];
  if (Object.keys(kwargs).length) fn(sub(model, step.target), ...args, kwargs);
  else fn(sub(model, step.target), ...args);
}

function hookInfo(model: torch.nn.Module): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [p, m] of model.named_modules()) {
    const hooks = [...m._forward_pre_hooks.values()].filter((h) => h instanceof prune.BasePruningMethod).map((h: any) => (
      h instanceof prune.PruningContainer
        ? { class: 'PruningContainer', tensor_name: h._tensor_name, methods: [...h].map((x: any) => x.constructor.name) }
        : { class: h.constructor.name, tensor_name: h._tensor_name }));
    if (hooks.length) out[p] = hooks;
  }
  return out;
}

/** The whole reparametrization equals PyTorch's snapshot. */
function checkSnapshot(model: torch.nn.Module, s: any, when: string): void {
  expect([when, Object.keys(model.state_dict())]).toEqual([when, s.state_dict_keys]);
  const params = [...model.named_parameters()];
  expect([when, params.map(([n]) => n)]).toEqual([when, Object.keys(s.named_parameters)]);
  for (const [n, p] of params) {
    expect(p).toBeInstanceOf(nn.Parameter);
    expectExact(p, s.named_parameters[n], `${when}: parameter ${n}`);
  }
  const buffers = [...model.named_buffers()];
  expect([when, buffers.map(([n]) => n)]).toEqual([when, Object.keys(s.named_buffers)]);
  for (const [n, b] of buffers) expectExact(b, s.named_buffers[n], `${when}: buffer ${n}`);
  for (const [n, r] of Object.entries(s.pruned_attrs)) {
    const i = n.lastIndexOf('.');
    const attr = sub(model, i < 0 ? '' : n.slice(0, i))[n.slice(i + 1)];
    expect(attr instanceof nn.Parameter).toBe(false);  // a plain tensor, recomputed by the hook
    expectExact(attr, r as Rec, `${when}: pruned ${n}`);
  }
  expect([when, hookInfo(model)]).toEqual([when, s.hooks]);
  expect([when, prune.is_pruned(model)]).toEqual([when, s.is_pruned]);
}

describe('prune', () => {
  test.each(golden.prune.map((c: any) => [c.name, c]) as [string, any][])('%s', (_n, c) => {
    const model = build(c.module);
    model.load_state_dict(Object.fromEntries(Object.entries(c.init).map(([k, r]) => [k, makeTensor(r as Rec)])));
    checkSnapshot(model, c.snapshots[0], 'before pruning');
    c.steps.forEach((step: any, i: number) => {
      runStep(model, step);
      checkSnapshot(model, c.snapshots[i + 1], `after step ${i} (${step.fn})`);
    });
    const y: torch.Tensor = model(makeTensor(c.x));
    expectClose(y, c.output, 'forward output');
    y.mul(torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward();
    const grads = Object.fromEntries([...model.named_parameters()].filter(([, p]) => p.grad).map(([n, p]) => [n, p.grad!]));
    expect(Object.keys(grads)).toEqual(Object.keys(c.grads));
    for (const [n, g] of Object.entries(grads)) expectClose(g, c.grads[n], `grad ${n}`);
  });

  test('the pre-hook recomputes the pruned tensor from name_orig before every forward', () => {
    const lin = prune.l1_unstructured(nn.Linear(3, 2), 'weight', { amount: 2 });
    const mask = (lin as any).weight_mask as torch.Tensor;
    torch.no_grad(() => (lin as any).weight_orig.fill_(2));
    const x = torch.ones(1, 3);
    const y: torch.Tensor = lin(x);
    expect(valuesOf(lin.weight)).toEqual(valuesOf(mask.mul(2)));
    expect(valuesOf(y)).toEqual(valuesOf(x.matmul(mask.mul(2).t()).add(lin.bias!)));
    expect((lin as any).weight_orig).toBeInstanceOf(nn.Parameter);
    expect(mask.requires_grad).toBe(false);
    expect(lin.weight.grad_fn).not.toBeNull();
  });

  test('porting forms: options objects, positional arguments, classes with and without new', () => {
    const make = () => { torch.manual_seed(3); return nn.Linear(6, 4); };
    const a = prune.ln_structured(make(), 'weight', { amount: 0.5, n: 2, dim: 0 });
    const b = prune.ln_structured(make(), 'weight', 0.5, 2, 0);
    const c = prune.LnStructured.apply(make(), 'weight', 0.5, { n: 2, dim: 0 });
    const m4 = make();
    const method = prune.LnStructured.apply(m4, 'weight', { amount: 0.5, n: 2, dim: 0 }) as torch.nn.utils.prune.LnStructured;
    for (const m of [b, m4]) expect(valuesOf((m as any).weight_mask)).toEqual(valuesOf((a as any).weight_mask));
    expect(c).toBeInstanceOf(prune.LnStructured);
    expect(method).toBeInstanceOf(prune.LnStructured);
    expect([...m4._forward_pre_hooks.values()]).toEqual([method]);
    expect(typeof method).toBe('function');  // the hook itself
    expect(method.amount).toBe(0.5);
    expect(method.n).toBe(2);
    expect(method.dim).toBe(0);
    expect(method._tensor_name).toBe('weight');

    const l1 = new prune.L1Unstructured(3), l1b = prune.L1Unstructured({ amount: 3 });
    expect(l1).toBeInstanceOf(prune.L1Unstructured);
    expect(l1b).toBeInstanceOf(prune.BasePruningMethod);
    expect(l1b.amount).toBe(3);
    expect(l1.PRUNING_TYPE).toBe('unstructured');
    expect(prune.LnStructured.PRUNING_TYPE).toBe('structured');
    expect(String(l1)).toBe('<torch.nn.utils.prune.L1Unstructured object>');

    const scores = torch.arange(20, { dtype: torch.float32 }).reshape(4, 5);
    const s1 = prune.l1_unstructured(nn.Linear(5, 4), 'weight', 5, scores);
    const s2 = prune.l1_unstructured(nn.Linear(5, 4), 'weight', { amount: 5, importance_scores: scores });
    const s3 = nn.Linear(5, 4);
    prune.L1Unstructured.apply(s3, 'weight', { amount: 5, importance_scores: scores });
    for (const m of [s1, s2, s3]) expect(valuesOf((m as any).weight_mask)).toEqual([0, 0, 0, 0, 0, ...Array(15).fill(1)]);

    const g1 = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2));
    prune.global_unstructured([[g1[0], 'weight'], [g1[1], 'weight']], { pruning_method: prune.L1Unstructured, amount: 6 });
    const g2 = torch.deepcopy(g1);
    expect([...(g2 as any)[0]._forward_pre_hooks.values()][0]).toBeInstanceOf(prune.CustomFromMask);
    expect(nn.utils.parameters_to_vector(g1.buffers()).eq(0).sum().item()).toBe(6);
    expect(prune.is_pruned(g2)).toBe(true);
  });

  test('a user subclass of BasePruningMethod works with apply, containers and global_unstructured', () => {
    // Keeps the entries whose magnitude is above a threshold.
    class ThresholdPruning extends prune.BasePruningMethod {
      PRUNING_TYPE = 'unstructured' as const;
      threshold: number;
      constructor(options: { threshold: number }) { super(); this.threshold = options.threshold; }
      compute_mask(t: torch.Tensor, default_mask: torch.Tensor): torch.Tensor { return default_mask.mul(t.abs().gt(this.threshold)); }
    }
    const lin = nn.Linear(3, 2);
    torch.no_grad(() => lin.weight.copy_(torch.tensor([[0.05, -0.5, 0.2], [-0.01, 0.3, 0.08]])));
    const method = ThresholdPruning.apply(lin, 'weight', { threshold: 0.1 });
    expect(method).toBeInstanceOf(ThresholdPruning);
    expect(valuesOf((lin as any).weight_mask)).toEqual([0, 1, 1, 0, 1, 0]);
    prune.l1_unstructured(lin, 'weight', 1);  // on top: the smallest remaining entry (0.2)
    expect(valuesOf((lin as any).weight_mask)).toEqual([0, 1, 0, 0, 1, 0]);
    expect([...lin._forward_pre_hooks.values()][0]).toBeInstanceOf(prune.PruningContainer);

    const net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1));
    torch.no_grad(() => { net[0].weight.copy_(torch.tensor([[0.5, 0.01], [0.02, 0.7]])); net[1].weight.copy_(torch.tensor([[0.03, 0.9]])); });
    prune.global_unstructured([[net[0], 'weight'], [net[1], 'weight']], ThresholdPruning, { threshold: 0.1 });
    expect(valuesOf(net[0].weight_mask)).toEqual([1, 0, 0, 1]);
    expect(valuesOf(net[1].weight_mask)).toEqual([0, 1]);
  });

  test('a PruningContainer holds the methods in order: container[i], length, iteration', () => {
    const lin = nn.Linear(5, 4);
    prune.l1_unstructured(lin, 'weight', 0.2);
    prune.random_structured(lin, 'weight', 1, 0);
    const hook = prune.custom_from_mask(lin, 'weight', torch.ones(4, 5)) && [...lin._forward_pre_hooks.values()][0] as any;
    expect(hook).toBeInstanceOf(prune.PruningContainer);
    expect(hook.length).toBe(3);
    expect(hook[0]).toBeInstanceOf(prune.L1Unstructured);
    expect(hook.at(-1)).toBeInstanceOf(prune.CustomFromMask);
    expect([...hook].map((m: any) => m.constructor.name)).toEqual(['L1Unstructured', 'RandomStructured', 'CustomFromMask']);
    expect(lin._forward_pre_hooks.size).toBe(1);
    prune.remove(lin, 'weight');
    expect(lin._forward_pre_hooks.size).toBe(0);
    expect(lin.weight).toBeInstanceOf(nn.Parameter);
    expect(Object.keys(lin.state_dict())).toEqual(['bias', 'weight']);
  });

  describe('BasePruningMethod.prune / compute_mask on plain tensors', () => {
    const c = golden.method_prune;
    const t = makeTensor(c.t), dm = makeTensor(c.default_mask), scores = makeTensor(c.scores);
    test('deterministic methods', () => {
      expectExact(prune.L1Unstructured({ amount: 5 }).prune(t), c.l1);
      expectExact(prune.L1Unstructured(0.25).compute_mask(t, { default_mask: dm }), c.l1_mask);
      expectExact(prune.L1Unstructured(7).prune(t, { importance_scores: scores }), c.l1_scores);
      expectExact(prune.LnStructured(2, 1, 1).compute_mask(t, dm), c.ln_mask);
    });
    test('random methods draw the same numbers as PyTorch', () => {
      torch.manual_seed(3);
      expectExact(prune.RandomUnstructured(0.5).compute_mask(t, dm), c.random_mask);
      torch.manual_seed(4);
      expectExact(prune.RandomStructured({ amount: 0.5, dim: 0 }).compute_mask(t, dm), c.random_structured_mask);
    });
    test('a hand-built container', () => {
      const a = prune.L1Unstructured(4);
      a._tensor_name = 'w';
      const b = prune.LnStructured({ amount: 1, n: 2, dim: 0 });
      b._tensor_name = 'w';
      const cont = prune.PruningContainer(a);
      cont.add_pruning_method(b);
      expectExact(cont.compute_mask(t, dm), c.container_mask);
    });
  });

  describe('errors equal PyTorch', () => {
    const e = golden.prune_errors;
    const lin = () => nn.Linear(5, 4);
    const cases: [string, () => unknown][] = [
      ['amount negative int', () => prune.l1_unstructured(lin(), 'weight', { amount: -1 })],
      ['amount float > 1', () => prune.random_unstructured(lin(), 'weight', { amount: 1.5 })],
      ['amount negative float', () => prune.L1Unstructured(-0.25)],
      ['amount string', () => prune.l1_unstructured(lin(), 'weight', { amount: 'a' as any })],
      ['amount too big', () => prune.l1_unstructured(lin(), 'weight', { amount: 100 })],
      ['structured amount too big', () => prune.ln_structured(lin(), 'weight', { amount: 5, n: 2, dim: 0 })],
      ['structured on 1-d', () => prune.random_structured(lin(), 'bias', { amount: 1, dim: 0 })],
      ['structured bad dim', () => prune.ln_structured(lin(), 'weight', { amount: 1, n: 2, dim: 2 })],
      ['ln bad n', () => prune.ln_structured(lin(), 'weight', { amount: 1, n: 'abc' as any, dim: 0 })],
      ['remove unpruned', () => prune.remove(lin(), 'weight')],
      ['importance_scores shape', () => prune.l1_unstructured(lin(), 'weight', 0.2, { importance_scores: torch.ones(5, 4) })],
      ['global structured method', () => prune.global_unstructured([[lin(), 'weight']], prune.RandomStructured, { amount: 0.2, dim: 0 })],
      ['global importance not dict', () => prune.global_unstructured([[lin(), 'weight']], prune.L1Unstructured, [1] as any, { amount: 1 })],
      ['global parameters not iterable', () => prune.global_unstructured(3 as any, prune.L1Unstructured, { amount: 1 })],
    ];
    test.each(cases)('%s', (name, fn) => expectPyError(fn, e[name]));

    test('container wrong tensor, not a method', () => {
      const m = lin();
      prune.l1_unstructured(m, 'weight', 0.2);
      const c = prune.PruningContainer([...m._forward_pre_hooks.values()][0] as any);
      const other = prune.L1Unstructured(0.1);
      other._tensor_name = 'bias';
      expectPyError(() => c.add_pruning_method(other), e['container wrong tensor']);
      expectPyError(() => c.add_pruning_method(3 as any), e['container not a method']);
    });

    test('a failed prune rolls the reparametrization back', () => {
      const m = lin();
      expectPyError(() => prune.l1_unstructured(m, 'weight', 30), e.rollback);
      expect(Object.keys(m.state_dict())).toEqual(e.rollback.state_dict_keys);
      expect(prune.is_pruned(m)).toBe(e.rollback.is_pruned);
      expect(m.weight).toBeInstanceOf(nn.Parameter);
    });

    test('bad options are caught before any change to the module', () => {
      const m = lin();
      expect(() => prune.l1_unstructured(m, 'weight', { amout: 0.2 } as any)).toThrow("l1_unstructured() got an unexpected keyword argument 'amout'");
      expect(() => (prune.ln_structured as any)(m, 'weight', 0.2)).toThrow("ln_structured() missing 2 required positional arguments: 'n' and 'dim'");
      expect(() => prune.ln_structured(m, 'weight', 0.2, 'nuclear' as any, 0)).toThrow(forRelease([['1.13', "only valid string values are 'fro' and 'nuc', found nuclear"], ['2.6', 'linalg.matrix_norm: Order nuclear not supported.'],
        ['2.14', "linalg_vector_norm(): argument 'ord' must be Number, not str"]]));
      expect(() => prune.l1_unstructured(m, 'weight', NaN)).toThrow('amount=nan should either be a float');
      expect(() => prune.random_structured(m, 'weight', 0.5, 1.5)).toThrow(TypeError);
      expect(() => prune.l1_unstructured(m, 'nope', 0.5)).toThrow("'Linear' object has no attribute 'nope'");
      expect(() => prune.custom_from_mask(m, 'weight', [1, 0] as any)).toThrow(TypeError);
      expect(() => prune.identity(nn.Linear(2, 2, { bias: false }), 'bias')).toThrow("must be Tensor, not NoneType");
      expect(Object.keys(m.state_dict())).toEqual(['weight', 'bias']);
      expect(prune.is_pruned(m)).toBe(false);
    });
  });
});
