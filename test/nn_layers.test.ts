// Every layer against PyTorch: built after the same seed (so initial parameters match), one forward
// pass, gradients of (out * w).sum() for input and parameters, buffers, printing, state_dict keys.
import * as torch from '../lib';
import { GoldenTensor, loadGolden, makeTensor } from './golden';

const nn = torch.nn as any;
type Rec = GoldenTensor;
const golden = loadGolden('nn');

function expectClose(t: torch.Tensor, ref: Rec, tol = 1e-5): void {
  expect(t.shape).toEqual(ref.shape);
  const got = Array.from(t.detach().double().toTypedArray() as Float64Array);
  got.forEach((v, i) => {
    const r = ref.values[i] as number;
    if (Math.abs(v - r) > tol * Math.max(1, Math.abs(r))) throw new Error(`element ${i}: got ${v}, expected ${r}`);
  });
}

// PyTorch keyword arguments become the trailing options object; tuples stay arrays.
function construct(ctor: string, args: unknown[], kwargs: Record<string, unknown>): torch.nn.Module {
  const kw = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, Array.isArray(v) && (k === 'weight' || k === 'pos_weight') ? torch.tensor(v as number[]) : v]));
  const soleKw = ['Softmax', 'LogSoftmax'].includes(ctor) && args.length === 0;
  return Object.keys(kw).length ? nn[ctor](...args, soleKw ? kw.dim : kw) : nn[ctor](...args);
}

function checkLayer(c: any): void {
  torch.manual_seed(c.seed);
  const m = construct(c.ctor, c.args, c.kwargs);
  m.train(c.mode === 'train');
  const inputs = c.inputs.map((r: Rec, i: number) => (c.ctor === 'Embedding' ? makeTensor(r) : makeTensor(r).requires_grad_()));
  // the layer draws its random numbers (dropout, rrelu) after the inputs, as in the script
  torch.manual_seed(c.seed);
  construct(c.ctor, c.args, c.kwargs);
  for (const r of c.inputs) if (c.ctor !== 'Embedding') torch.randn(r.shape);
  const y: torch.Tensor = m(...inputs);
  // After the call, which materializes a Lazy* module's parameters (a forward changes no other's).
  for (const [n, ref] of Object.entries(c.params)) expectClose((m as any).get_parameter(n), ref as Rec);
  expectClose(y, c.output);
  const w = torch.linspace(-1, 1, y.numel()).reshape(y.shape);
  y.mul(w).sum().backward();
  c.input_grads.forEach((g: Rec | null, i: number) => { if (g) expectClose(inputs[i].grad!, g); });
  for (const [n, ref] of Object.entries(c.param_grads)) expectClose((m as any).get_parameter(n).grad, ref as Rec);
  for (const [n, ref] of Object.entries(c.buffers)) expectClose((m as any)[n], ref as Rec);
  expect(String(m)).toBe(c.repr);
  expect(Object.keys(m.state_dict())).toEqual(c.state_dict_keys);
}

describe.each(golden.layers.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name: string, c: any) => {
  test('forward, gradients, buffers and printing equal PyTorch', () => checkLayer(c));
});

// Arguments some releases lack (the norms' bias=False, 2.14 on): the layer as PyTorch runs it, or its error.
describe.each(golden.newer_layers.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name: string, c: any) => {
  test(c.error ? `raises ${c.error.type} as PyTorch` : 'forward, gradients, buffers and printing equal PyTorch', () => {
    if (!c.error) return checkLayer(c);
    const err = (() => { try { construct(c.ctor, c.args, c.kwargs); } catch (e) { return e as Error; } throw new Error('expected an error'); })();
    if (c.error.type === 'TypeError') expect(err).toBeInstanceOf(TypeError);
    else expect((err as torch.TorchError).pythonType).toBe(c.error.type);
    expect(err.message).toBe(c.error.message);
  });
});

describe.each(golden.losses.map((c: any) => [c.name, c]) as [string, any][])('loss %s', (_name: string, c: any) => {
  test('value and input gradient equal PyTorch', () => {
    const x = makeTensor(c.input).requires_grad_();
    const target = c.kind === 'index' || c.kind === 'logp' ? makeTensor(c.target) : makeTensor(c.target);
    const input = c.kind === 'logp' ? x.log_softmax(1) : c.kind === 'binary_probs' ? x.sigmoid() : x;
    const loss = construct(c.ctor, [], c.kwargs);
    const y: torch.Tensor = loss(input, target);
    expectClose(y, c.output);
    const w = y.dim() ? torch.linspace(-1, 1, y.numel()).reshape(y.shape) : torch.tensor(1.0);
    y.mul(w).sum().backward();
    expectClose(x.grad!, c.input_grad);
    expect(String(loss)).toBe(c.repr);
  });
});

test('bad layer inputs raise errors, never crash', () => {
  expect(() => nn.Linear(4, 2)(torch.ones(3, 5))).toThrow(torch.TorchError);
  expect(() => nn.BatchNorm1d(3)(torch.ones(2, 3, 4, 5))).toThrow('expected 2D or 3D input (got 4D input)');
  expect(() => nn.Conv2d(3, 4, 3)(torch.ones(1, 2, 5, 5))).toThrow(torch.TorchError);
  expect(() => nn.Dropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
  expect(() => nn.CrossEntropyLoss({ reduction: 'avg' })).toThrow('avg is not a valid value for reduction');
  expect(() => nn.BatchNorm1d(-3)).toThrow(RangeError);
  expect(() => nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow('in_channels must be divisible by groups');
});

test("named_parameters / named_buffers of a module shared under two names, remove_duplicate=False as PyTorch's (2.x)", () => {
  const shared = nn.BatchNorm1d(2);
  const m = nn.Sequential(shared, nn.ReLU(), shared);
  for (const method of ['named_parameters', 'named_buffers']) {
    const names = (opts?: object) => [...m[method](...(opts ? [opts] : []))].map(([n]: [string]) => n);
    const g = golden.shared_members[method];
    if (Array.isArray(g)) expect(names({ remove_duplicate: false })).toEqual(g);
    else expect(() => names({ remove_duplicate: false })).toThrow(new TypeError(g.error.message));
    expect(names()).toEqual(golden.shared_members[`${method} default`]);
  }
});
