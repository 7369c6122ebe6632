// The 3-d, unpooling, power-average and fractional pooling layers, Fold/Unfold, LRN, EmbeddingBag,
// the Lazy* modules, CTC and distance-triplet losses and their functionals against PyTorch 1.13
// (test/golden/nn_rest.json, written by scripts/golden/nn_rest.py): outputs, gradients, printing,
// state_dict keys and argument errors.
import * as torch from '../lib';
import { loadGolden, makeTensor, GoldenTensor as Rec, GoldenError as PyError } from './golden';

const nn = torch.nn as any;
const F = torch.nn.functional as any;
const g = loadGolden('nn_rest');

function expectClose(t: torch.Tensor | null, r: Rec, what: string, tol = 1e-5): void {
  if (!(t instanceof torch.Tensor)) throw new Error(`${what}: expected a tensor, got ${t}`);
  expect([what, t.shape]).toEqual([what, r.shape]);
  if (t.dtype === torch.int64) {
    expect([what, t.tolist()]).toEqual([what, makeTensor(r).tolist()]);
    return;
  }
  const got = Array.from(t.detach().double().flatten().toTypedArray() as Float64Array), want = r.values as number[];
  got.forEach((v, i) => {
    if (Math.abs(v - want[i]) > tol * Math.max(1, Math.abs(want[i]))) throw new Error(`${what}[${i}]: got ${v}, expected ${want[i]}`);
  });
}

/** Fixture arguments: {"$t": tensor} records become tensors (leaves with gradients where `grad`), the rest stays. */
function decode(v: any): any {
  if (v instanceof torch.Tensor) return v;
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object' && '$t' in v) {
    const t = makeTensor(v.$t);
    return v.grad ? t.requires_grad_() : t;
  }
  if (v !== null && typeof v === 'object' && !(v instanceof torch.dtype)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  return v;
}

const call = (fn: (...a: any[]) => any, args: unknown[], kwargs: Record<string, unknown>) =>
  (Object.keys(kwargs).length ? fn(...decode(args), decode(kwargs)) : fn(...decode(args)));

/** Backpropagates (out * w).sum() as the script does; the error it throws, if any. */
function backward(y: torch.Tensor): Error | null {
  const w = y.dim() ? torch.linspace(-1, 1, y.numel()).reshape(y.shape) : torch.tensor(1.0);
  try {
    y.mul(w).sum().backward();
  } catch (e) {
    return e as Error;
  }
  return null;
}

function checkOutputs(y: unknown, c: any, inputs: unknown[]): void {
  const outs = Array.isArray(y) ? y : [y];
  expect(outs.length).toBe(c.outputs.length);
  outs.forEach((t, i) => expectClose(t, c.outputs[i], `output ${i}`));
  const err = outs[0].requires_grad ? backward(outs[0]) : null;
  if (c.backward_error) expect(err?.message).toBe(c.backward_error.message);
  else expect(err).toBeNull();
  c.input_grads.forEach((r: Rec | null, i: number) => { if (r) expectClose((inputs[i] as torch.Tensor).grad, r, `input ${i} grad`); });
}

function expectPyError(fn: () => unknown, ref: PyError): void {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  if (!(err instanceof Error)) throw new Error(`expected ${ref.type}: ${ref.message}, but nothing was thrown`);
  if (ref.type === 'TypeError') expect(err).toBeInstanceOf(TypeError);
  else expect([(err as torch.TorchError).pythonType, err.message]).toEqual([ref.type, ref.message]);
  expect(err.message).toBe(ref.message);
}

describe('modules', () => {
  test.each(g.modules.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name, c) => {
    torch.manual_seed(c.seed);
    const m = call(nn[c.ctor], c.args, c.kwargs);
    m.train(c.mode === 'train');
    expect(String(m)).toBe(c.repr_before);
    expect(Object.keys(m.state_dict())).toEqual(c.state_dict_keys_before);
    const inputs = decode(c.inputs);
    torch.manual_seed(c.seed + 1000);
    checkOutputs(m(...inputs), c, inputs);
    for (const [n, r] of Object.entries(c.params)) expectClose(m.get_parameter(n), r as Rec, n);
    for (const [n, r] of Object.entries(c.param_grads)) expectClose(m.get_parameter(n).grad, r as Rec, `${n} grad`);
    for (const [n, r] of Object.entries(c.buffers)) expectClose(m.get_buffer(n), r as Rec, n);
    expect(String(m)).toBe(c.repr);
    expect(m._get_name()).toBe(c.type);
    expect(m).toBeInstanceOf(nn[c.type]);
    expect(Object.keys(m.state_dict())).toEqual(c.state_dict_keys);
  });
});

describe('losses', () => {
  test.each(g.losses.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name, c) => {
    const loss = call(nn[c.ctor], [], c.kwargs);
    expect(String(loss)).toBe(c.repr);
    const inputs = decode(c.inputs);
    checkOutputs(loss(...inputs), c, inputs);
  });
});

describe('functionals', () => {
  test.each(g.functionals.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name, c) => {
    const inputs = decode(c.inputs);
    checkOutputs(call(F[c.fn], inputs, c.kwargs), c, inputs);
  });
});

describe('argument errors', () => {
  test.each(g.errors.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name, c) => {
    expectPyError(() => call(nn[c.ctor], c.args, c.kwargs), c.error);
  });
  const inputs: Record<string, unknown[]> = {
    grid: [torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 1, 2)],
    size3: [torch.zeros(1, 2, 3), [1, 1, 2]],
    theta33: [torch.zeros(1, 3, 3), [1, 1, 2, 2]],
    '2d_offsets': [torch.zeros([2, 2], { dtype: torch.int64 }), torch.zeros(3, 2), torch.zeros([2], { dtype: torch.int64 })],
    '2d': [torch.zeros([2, 2], { dtype: torch.int64 }), torch.zeros(3, 2)],
    unpool: [torch.zeros(1, 1, 2, 2), torch.zeros([1, 1, 2, 2], { dtype: torch.int64 }), 2],
    pool: [torch.zeros(1, 1, 4, 4), 2],
    '2d_float': [torch.zeros(2, 6), 2],
    lrn: [torch.zeros(2, 2), 2],
  };
  test.each(g.f_errors.map((c: any) => [c.name, c]) as [string, any][])('F: %s', (_name, c) => {
    expectPyError(() => call(F[c.fn], inputs[c.inputs], c.kwargs), c.error);
  });
});

describe('Lazy* modules', () => {
  test('a lazy module materializes from a state_dict and becomes its plain class on the first call', () => {
    torch.manual_seed(0);
    const src = nn.Linear(5, 3);
    const lazy = nn.LazyLinear(3);
    expect(String(lazy.weight)).toBe('<UninitializedParameter>');
    lazy.load_state_dict(src.state_dict());
    expect(lazy.weight.shape).toEqual([3, 5]);
    expect(lazy.weight).toBeInstanceOf(torch.nn.Parameter);
    const x = torch.randn(2, 5);
    expect(lazy(x).sub(src(x)).abs().max().item()).toBe(0);
    expect(lazy).toBeInstanceOf(nn.Linear);
    // PyTorch's load hook materializes the weights but leaves in_features as constructed (2.14: the first call sets it).
    expect(String(lazy)).toBe(g.lazy_loaded_repr);
  });
  test('the parameters an optimizer took before the first call are the ones trained', () => {
    torch.manual_seed(1);
    const m = nn.LazyConv1d(2, 3);
    const weight = m.weight;
    const opt = torch.optim.SGD(m.parameters(), { lr: 0.1 });
    m(torch.randn(1, 4, 6)).sum().backward();
    opt.step();
    expect(m.weight).toBe(weight);
    expect(weight.shape).toEqual([2, 4, 3]);
    expect(weight.grad!.shape).toEqual([2, 4, 3]);
  });
  test('a deep copy made before the first call materializes on its own', () => {
    const lazy = nn.LazyLinear(2);
    const copy = torch.deepcopy(lazy);
    expect(copy(torch.randn(1, 3)).shape).toEqual([1, 2]);
    expect(copy).toBeInstanceOf(nn.Linear);
    expect(copy.weight.shape).toEqual([2, 3]);
    expect(String(lazy.weight)).toBe('<UninitializedParameter>');
    expect(lazy(torch.randn(4, 5)).shape).toEqual([4, 2]);
  });
  test('an input of the wrong rank is a RuntimeError naming the module', () => {
    expect(() => nn.LazyConv2d(2, 3)(torch.randn(3))).toThrow('Expected 3D (unbatched) or 4D (batched) input to LazyConv2d, but got input of size: torch.Size([3])');
  });
});

test('SyncBatchNorm.convert_sync_batchnorm swaps the BatchNorms and keeps their tensors', () => {
  const bn = nn.BatchNorm1d(4, { momentum: null });
  const net = nn.Sequential(nn.Linear(3, 4), bn, nn.Sequential(nn.BatchNorm2d(2, { affine: false })), nn.InstanceNorm1d(4));
  net.eval();
  const synced = nn.SyncBatchNorm.convert_sync_batchnorm(net) as any;
  expect(String(synced)).toBe(g.sync_batchnorm.repr);
  expect(Object.keys(synced.state_dict())).toEqual(g.sync_batchnorm.state_dict_keys);
  expect([...synced.modules()].map((m: torch.nn.Module) => m.training)).toEqual(g.sync_batchnorm.training);
  expect(synced[1].weight).toBe(bn.weight);
  expect(synced[1].running_mean).toBe(bn.running_mean);
  const cpu = () => synced[1](torch.arange(8, { dtype: torch.float32 }).reshape(2, 4));
  if (g.sync_batchnorm.cpu.error) expectPyError(cpu, g.sync_batchnorm.cpu.error);
  else expectClose(cpu(), g.sync_batchnorm.cpu.output, 'cpu output');
});

describe('parameter containers', () => {
  test('ParameterList registers, indexes, prints and saves as PyTorch', () => {
    const pl = nn.ParameterList([torch.zeros(2, 3), nn.Parameter(torch.ones(4))]);
    expect(pl.length).toBe(2);
    expect(pl[0]).toBeInstanceOf(torch.nn.Parameter);
    expect(pl.at(-1).shape).toEqual([4]);
    pl.append(torch.zeros(1));
    expect(Object.keys(pl.state_dict())).toEqual(['0', '1', '2']);
    expect([...pl.parameters()].length).toBe(3);
    expect(String(pl)).toBe(g.containers.parameter_list);
  });
  test('ParameterDict registers, reads and prints as PyTorch', () => {
    const pd = nn.ParameterDict({ a: torch.zeros(2, 3), b: nn.Parameter(torch.ones(4)) });
    expect(pd.keys()).toEqual(['a', 'b']);
    expect(pd.get('a')).toBeInstanceOf(torch.nn.Parameter);
    expect(pd.b.shape).toEqual([4]);
    expect(String(pd)).toBe(g.containers.parameter_dict);
    const model = nn.Module();
    model.params = pd;
    expect(Object.keys(model.state_dict())).toEqual(g.containers.nested_keys);
  });
});

describe('AdaptiveLogSoftmaxWithLoss', () => {
  test.each(g.adaptive.map((c: any) => [c.seed, c]) as [number, any][])('seed %d: output, loss, gradients, log_prob, predict and printing', (_seed, c) => {
    torch.manual_seed(c.seed);
    const asm = nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], { div_value: 2.0, head_bias: c.head_bias });
    expect(String(asm)).toBe(c.repr);
    expect(Object.keys(asm.state_dict())).toEqual(c.state_dict_keys);
    const x = makeTensor(c.input).requires_grad_();
    const result = asm(x, makeTensor(c.target));
    expectClose(result.output, c.output, 'output');
    expectClose(result[1], c.loss, 'loss');
    result.loss.backward();
    expectClose(x.grad, c.input_grad, 'input grad');
    expect([...asm.named_parameters()].filter(([, p]) => p.grad !== null).map(([n]) => n)).toEqual(c.param_grads.map(([n]: [string]) => n));
    for (const [n, r] of c.param_grads) expectClose(asm.get_parameter(n).grad, r, `${n} grad`);
    expectClose(asm.log_prob(x), c.log_prob, 'log_prob');
    expectClose(asm.predict(x), c.predict, 'predict');
  });
});
