// Module._apply (`.double()`, `.float()`, ...) under torch.__future__'s switches, and
// load_state_dict through Tensor.module_load and torch.utils.swap_tensors, against PyTorch
// (scripts/golden/nn_param_conversion.py: 1.13 in test/golden/, 2.6 in test/golden/2.6/). The
// swap switch, swap_tensors and module_load exist from PyTorch 2.3 on: on 1.13 they raise
// PyTorch 1.13's AttributeError.
import * as torch from '../lib';
import { loadGolden } from './golden';
import { errorOf, expectTensor, firstLine } from './helpers';

const nn = torch.nn;
const F = torch.__future__;
const golden = loadGolden('nn_param_conversion');
const HAS_SWAP = 'swap' in golden.future;
type Mode = 'default' | 'overwrite' | 'swap';

/** Linear(3, 2) with gradients from one backward, a frozen bias, and a BatchNorm buffer (the generator's model()). */
function model() {
  torch.manual_seed(0);
  const m = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2));
  m[0].bias.requires_grad_(false);
  m(torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]])).pow(2).sum().backward();
  return m;
}

/** Runs fn with one switch on, both off afterwards. */
function withSwitch<T>(mode: Mode, fn: () => T): T {
  F.set_overwrite_module_params_on_conversion(mode === 'overwrite');
  if (HAS_SWAP) F.set_swap_module_params_on_conversion(mode === 'swap');
  try {
    return fn();
  } finally {
    F.set_overwrite_module_params_on_conversion(false);
    if (HAS_SWAP) F.set_swap_module_params_on_conversion(false);
  }
}

const name = (d: torch.dtype) => d.name;
/** Python's float list literal: a float32 tensor (a JS number list is int64, as Python's int list). */
const f32 = (values: number[]) => torch.tensor(values, { dtype: torch.float32 });
/** The TorchError `fn` raises, as the fixture records errors: type and first line. */
function errorRecord(fn: () => unknown) {
  const e = errorOf(fn) as torch.TorchError;
  return { type: e.pythonType, message: firstLine(e.message) };
}

test('torch.__future__ defaults and setters', () => {
  const out: Record<string, boolean> = { overwrite: F.get_overwrite_module_params_on_conversion() };
  F.set_overwrite_module_params_on_conversion(true);
  out.overwrite_set = F.get_overwrite_module_params_on_conversion();
  F.set_overwrite_module_params_on_conversion({ value: false });
  expect(F.get_overwrite_module_params_on_conversion()).toBe(false);
  if (HAS_SWAP) out.swap = F.get_swap_module_params_on_conversion();
  expect(out).toEqual(golden.future);
});

test.each(['default', 'overwrite', 'swap'] as Mode[])('.double() with the %s switch', (mode) => {
  const g = golden.convert[mode];
  if (g === undefined) {
    // A release without the swap switch: PyTorch's AttributeError.
    expect(errorRecord(() => F.set_swap_module_params_on_conversion(true)))
      .toEqual({ type: 'AttributeError', message: "module 'torch.__future__' has no attribute 'set_swap_module_params_on_conversion'" });
    return;
  }
  withSwitch(mode, () => {
    const m = model();
    const lin = m[0] as torch.nn.Linear;
    const weight = lin.weight, bias = lin.bias, grad = lin.weight.grad;
    const opt = torch.optim.SGD(m.parameters(), { lr: 0.1 });
    expect({ weight: weight._version, grad: grad._version }).toEqual(g.version_before);
    m.double();
    expect({
      weight_same: lin.weight === weight,
      bias_same: lin.bias === bias,
      weight_dtype: name(lin.weight.dtype),
      old_weight_dtype: name(weight.dtype),
      weight_is_parameter: lin.weight instanceof nn.Parameter,
      old_weight_is_parameter: weight instanceof nn.Parameter,
      requires_grad: [lin.weight.requires_grad, lin.bias.requires_grad],
      grad_dtype: name(lin.weight.grad.dtype),
      // A reference taken before: the same gradient object in Python, a wrapper of it here.
      old_grad_dtype: name(grad.dtype),
      bias_grad_none: lin.bias.grad === null,
      version_after: { weight: lin.weight._version, old_weight: weight._version, grad: lin.weight.grad._version },
      buffer_dtype: name((m[1] as torch.nn.BatchNorm1d).running_mean.dtype),
      optimizer_holds_module_params: [...m.parameters()].map((p, i) => opt.param_groups[0].params[i] === p),
    }).toEqual({
      weight_same: g.weight_same, bias_same: g.bias_same, weight_dtype: g.weight_dtype, old_weight_dtype: g.old_weight_dtype,
      weight_is_parameter: g.weight_is_parameter, old_weight_is_parameter: g.old_weight_is_parameter, requires_grad: g.requires_grad,
      grad_dtype: g.grad_dtype, old_grad_dtype: g.old_grad_dtype, bias_grad_none: g.bias_grad_none, version_after: g.version_after,
      buffer_dtype: g.buffer_dtype, optimizer_holds_module_params: g.optimizer_holds_module_params,
    });
    // Batch norm over two samples makes sum(y ** 2) constant: the gradient is rounding residue
    // (~1e-4), which differs with the kernels' summation order (and so does a step with it); what
    // matters here is the dtype.
    expectTensor(lin.weight.grad, g.grad, 'weight.grad', 1e-5);
    const sd = m.state_dict();
    expect(Object.keys(sd)).toEqual(Object.keys(g.state_dict));
    for (const [k, v] of Object.entries(sd)) expectTensor(v, g.state_dict[k], `state_dict ${k}`);
    // The optimizer steps what it holds: after an overwrite, the stale float32 parameters.
    opt.step();
    expectTensor(lin.weight, g.after_step.module_weight, 'module weight after step', 1e-5);
    expectTensor(opt.param_groups[0].params[0], g.after_step.optimizer_weight, 'optimizer weight after step', 1e-5);
    m.float();
    expect({ weight_same: lin.weight === weight, weight_dtype: name(lin.weight.dtype), grad_dtype: name(lin.weight.grad.dtype) }).toEqual(g.float_again);
  });
});

test('_has_compatible_shallow_copy_type, and _apply of a sparse result', () => {
  const a = torch.zeros(2, 2);
  const C = torch._has_compatible_shallow_copy_type;
  expect({
    float_double: C(a, a.double()), dense_sparse: C(a, a.to_sparse()), sparse_sparse: C(a.to_sparse(), a.to_sparse()), dense_meta: C(a, a.to('meta')),
  }).toEqual(golden.shallow_copy.pairs);
  torch.manual_seed(0);
  const lin = nn.Linear(2, 2);
  const weight = lin.weight;
  lin._apply((t) => t.to_sparse());
  expect({ weight_same: lin.weight === weight, layout: String(lin.weight.layout), is_parameter: lin.weight instanceof nn.Parameter })
    .toEqual(golden.shallow_copy.sparse_apply);
});

test('to_empty: new storage, new Parameters when leaving the meta device', () => {
  for (const [key, device] of [['meta_to_cpu', 'meta'], ['cpu_to_cpu', 'cpu']]) {
    const lin = nn.Linear(3, 2, { device });
    lin.bias.requires_grad_(false);
    const weight = lin.weight, ptr = lin.weight.data_ptr();
    lin.to_empty({ device: 'cpu' });
    expect({ weight_same: lin.weight === weight, device: String(lin.weight.device), is_parameter: lin.weight instanceof nn.Parameter,
      requires_grad: [lin.weight.requires_grad, lin.bias.requires_grad], shape: lin.weight.shape, new_storage: lin.weight.data_ptr() !== ptr })
      .toEqual(golden.to_empty[key]);
  }
});

const describeIf2x = HAS_SWAP ? describe : describe.skip;

(HAS_SWAP ? test.skip : test)('swap_tensors and module_load are absent where PyTorch lacks them', () => {
  expect(errorRecord(() => torch.utils.swap_tensors(torch.zeros(1), torch.zeros(1))))
    .toEqual({ type: 'AttributeError', message: "module 'torch.utils' has no attribute 'swap_tensors'" });
  expect(errorRecord(() => torch.zeros(1).module_load(torch.ones(1))))
    .toEqual({ type: 'AttributeError', message: "'Tensor' object has no attribute 'module_load'" });
});

describeIf2x('torch.utils.swap_tensors', () => {
  const g = () => golden.swap_direct;

  test('swaps class, own properties and contents', () => {
    const a = f32([1.0, 2.0]) as torch.Tensor & { tag?: string };
    const b = nn.Parameter(torch.tensor([[3.0], [4.0]], { dtype: torch.float64 }), false) as torch.Tensor & { tag?: string };
    a.tag = 'a';
    torch.utils.swap_tensors(a, b);
    expectTensor(a, g().a, 'a');
    expectTensor(b, g().b, 'b');
    expect({ a_is_parameter: a instanceof nn.Parameter, b_is_parameter: b instanceof nn.Parameter, a_tag: a.tag ?? null, b_tag: b.tag ?? null })
      .toEqual({ a_is_parameter: g().a_is_parameter, b_is_parameter: g().b_is_parameter, a_tag: g().a_tag, b_tag: g().b_tag });
    // Every wrapper of a swapped tensor sees the swap, as every reference to a Python object does.
    const p = nn.Parameter(f32([1.0, -1.0]));
    p.mul(2).sum().backward();
    const q = nn.Parameter(f32([5.0, 6.0]));
    torch.utils.swap_tensors(p, q);
    expect(p.grad === null).toBe(g().grad_moves.p_grad_none);
    expectTensor(q.grad, g().grad_moves.q_grad, 'q.grad');
  });

  test('refuses tensors referenced by the graph or by a view', () => {
    const x = torch.tensor([1.0, 2.0], { dtype: torch.float32, requires_grad: true });
    const y = x.mul(x).sum();
    expect(errorRecord(() => torch.utils.swap_tensors(x, torch.zeros(2)))).toEqual(g().saved);
    void y;
    const base = f32([1.0, 2.0, 3.0]);
    const view = base.slice(0, 1);
    expect(errorRecord(() => torch.utils.swap_tensors(base, torch.zeros(3)))).toEqual(g().view_base);
    expect(errorRecord(() => torch.utils.swap_tensors(torch.zeros(3), base))).toEqual(g().view_base_t2);
    torch.utils.swap_tensors(view, f32([7.0, 8.0, 9.0]));
    expectTensor(view, g().view_swapped.view, 'view');
    expectTensor(base, g().view_swapped.base, 'base');
  });

  test('hooks go with the contents: t2 runs the hooks registered on t1, and their handles still remove them', () => {
    const log: unknown[] = [];
    const t1 = torch.tensor([1.0, 2.0], { dtype: torch.float32, requires_grad: true });
    const t2 = torch.tensor([3.0, 4.0, 5.0], { dtype: torch.float32, requires_grad: true });
    const post = t1.register_post_accumulate_grad_hook((t) => { log.push(['post', t === t2, t.tolist(), t.grad!.tolist()]); });
    const pre = t1.register_hook((grad) => { log.push(['grad', grad.tolist()]); });
    torch.utils.swap_tensors(t1, t2);
    t1.mul(2).sum().backward();
    log.push('t1 backward');
    t2.mul(3).sum().backward();
    log.push('t2 backward');
    post.remove();
    pre.remove();
    t2.mul(3).sum().backward();
    log.push('t2 backward after remove');
    expect(log).toEqual(golden.swap_hooks.log);
    expectTensor(t1.grad, golden.swap_hooks.t1_grad, 't1.grad');
    expectTensor(t2.grad, golden.swap_hooks.t2_grad, 't2.grad');
  });

  test('a swap is safe for the GC and tidy scopes', () => {
    const keep = torch.zeros(3);
    torch.tidy(() => {
      const fresh = torch.arange(4, { dtype: torch.float64 });
      torch.utils.swap_tensors(keep, fresh);
    });
    // The scope disposed its own object, which now holds keep's old contents.
    torch.collect();
    expect(keep.tolist()).toEqual([0, 1, 2, 3]);
    expect(keep.dtype).toBe(torch.float64);
  });
});

describeIf2x('_apply with the swap switch', () => {
  const g = () => golden.swap_apply;

  test('a parameter referenced by a view cannot be swapped', () => withSwitch('swap', () => {
    torch.manual_seed(0);
    const lin = nn.Linear(3, 2);
    const view = lin.weight.select(0, 0);
    const e = errorOf(() => lin.double()) as torch.TorchError & { cause?: torch.TorchError };
    expect({ type: e.pythonType, message: e.message }).toEqual(g().view_held);
    expect({ type: e.cause?.pythonType, message: e.cause?.message }).toEqual(g().view_held_cause);
    expect({ weight_dtype: name(lin.weight.dtype), bias_dtype: name(lin.bias.dtype) }).toEqual(g().after_failure);
    void view;
  }));

  test('converting between forward and backward poisons the gradient accumulator', () => withSwitch('swap', () => {
    torch.manual_seed(0);
    const lin = nn.Linear(3, 2);
    const x = torch.tensor([[0.5, -1.0, 2.0]]);
    const y = lin(x).sum();
    lin.double();
    expect(errorRecord(() => y.backward())).toEqual(g().poisoned);
    expect(name(lin.weight.dtype)).toBe(g().converted.weight_dtype);
    expectTensor(lin.weight, g().converted.weight, 'converted weight');
    lin(x.double()).sum().backward();
    expectTensor(lin.weight.grad, g().fresh_grad, 'grad of a fresh forward');
  }));
});

describeIf2x('load_state_dict with the swap switch', () => {
  const g = () => golden.swap_load;
  function source() {
    torch.manual_seed(1);
    const sd = nn.Linear(3, 2).state_dict();
    sd.weight = sd.weight.double();
    return sd;
  }

  test('module_load copies into the parameter, whose object stays', () => withSwitch('swap', () => {
    torch.manual_seed(0);
    const lin = nn.Linear(3, 2);
    lin.bias.requires_grad_(false);
    const weight = lin.weight, bias = lin.bias;
    const sd = source();
    const v0 = weight._version;
    lin.load_state_dict(sd);
    const c = g().copy;
    expect({
      weight_same: lin.weight === weight, bias_same: lin.bias === bias, weight_dtype: name(lin.weight.dtype),
      requires_grad: [lin.weight.requires_grad, lin.bias.requires_grad], is_parameter: lin.weight instanceof nn.Parameter,
      version: [v0, lin.weight._version], shares_source: lin.weight.data_ptr() === sd.weight.data_ptr(),
    }).toEqual({ weight_same: c.weight_same, bias_same: c.bias_same, weight_dtype: c.weight_dtype, requires_grad: c.requires_grad,
      is_parameter: c.is_parameter, version: c.version, shares_source: c.shares_source });
    expectTensor(lin.weight, c.weight, 'loaded weight');
  }));

  test('with assign, the state dict\'s tensor is swapped in', () => withSwitch('swap', () => {
    torch.manual_seed(0);
    const lin = nn.Linear(3, 2);
    const weight = lin.weight;
    const sd = source();
    lin.load_state_dict(sd, { assign: true });
    const a = g().assign;
    expect({ weight_same: lin.weight === weight, weight_dtype: name(lin.weight.dtype), shares_source: lin.weight.data_ptr() === sd.weight.data_ptr(),
      requires_grad: lin.weight.requires_grad, source_is_parameter: sd.weight instanceof nn.Parameter })
      .toEqual({ weight_same: a.weight_same, weight_dtype: a.weight_dtype, shares_source: a.shares_source, requires_grad: a.requires_grad,
        source_is_parameter: a.source_is_parameter });
    expectTensor(lin.weight, a.weight, 'assigned weight');
  }));

  test('buffers swap too, integer ones included', () => withSwitch('swap', () => {
    const bn = nn.BatchNorm1d(2);
    const mean = bn.running_mean, count = bn.num_batches_tracked;
    bn.load_state_dict({ weight: f32([2.0, 3.0]), bias: f32([0.5, -0.5]), running_mean: f32([0.25, -1.0]),
      running_var: f32([4.0, 9.0]), num_batches_tracked: torch.tensor(7) });
    const b = g().buffers;
    expect({ mean_same: bn.running_mean === mean, count_same: bn.num_batches_tracked === count, mean_is_parameter: bn.running_mean instanceof nn.Parameter })
      .toEqual({ mean_same: b.mean_same, count_same: b.count_same, mean_is_parameter: b.mean_is_parameter });
    expectTensor(bn.running_mean, b.mean, 'running_mean');
    expectTensor(bn.num_batches_tracked, b.count, 'num_batches_tracked');
    expectTensor(bn.weight, b.weight, 'weight');
    expect(bn.weight.requires_grad).toBe(b.weight.requires_grad);
  }));

  test('Tensor.module_load', () => {
    const t = torch.zeros(2);
    const src = f32([1.0, 2.0]);
    const loaded = t.module_load(src);
    expectTensor(loaded, g().module_load.copy, 'module_load');
    expectTensor(t, g().module_load.self_after, 'self after module_load');
    expect(loaded === t).toBe(g().module_load.copy_is_self);
    expect(t.module_load(src, { assign: true }).data_ptr() === src.data_ptr()).toBe(g().module_load.assign_shares);
  });

  test('errors name the key', () => withSwitch('swap', () => {
    const sd = source();
    torch.manual_seed(0);
    const lin = nn.Linear(3, 2);
    // An override on the instance, as Python's `lin.weight.module_load = lambda ...`.
    lin.weight.module_load = () => lin.weight;
    expect(errorOf(() => lin.load_state_dict(sd)).message).toBe(g().returns_self);
    torch.manual_seed(0);
    const held = nn.Linear(3, 2);
    const view = held.weight.select(0, 0);
    expect(errorOf(() => held.load_state_dict(sd)).message).toBe(g().view_held);
    void view;
  }));
});
