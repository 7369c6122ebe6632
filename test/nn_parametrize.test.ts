// torch.nn.utils.parametrize, parametrizations.spectral_norm / orthogonal / weight_norm and the
// older weight_norm / spectral_norm hooks against PyTorch 1.13 (test/golden/nn_parametrize.json,
// written by scripts/golden/nn_parametrize.py): printing, state_dict keys and values, outputs and
// gradients over training and eval passes, removal, and argument errors.
import * as torch from '../lib';
import { loadGolden, makeTensor, GoldenTensor as Rec, GoldenError as PyError } from './golden';

const nn = torch.nn;
const P = nn.utils.parametrize;
const g = loadGolden('nn_parametrize');

function expectClose(t: torch.Tensor | null | undefined, r: Rec, what: string, tol = 2e-5): void {
  if (!(t instanceof torch.Tensor)) throw new Error(`${what}: expected a tensor, got ${t}`);
  expect([what, t.shape]).toEqual([what, r.shape]);
  const got = Array.from(t.detach().double().flatten().toTypedArray() as Float64Array), want = r.values as number[];
  got.forEach((v, i) => {
    if (Math.abs(v - Number(want[i])) > tol * Math.max(1, Math.abs(Number(want[i])))) throw new Error(`${what}[${i}]: got ${v}, expected ${want[i]}`);
  });
}

function expectState(m: torch.nn.Module, state: [string, Rec][]): void {
  const sd = m.state_dict();
  expect(Object.keys(sd)).toEqual(state.map(([k]) => k));
  for (const [k, r] of state) expectClose(sd[k], r, k);
}

function expectPyError(fn: () => unknown, ref: PyError): void {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  if (!(err instanceof Error)) throw new Error(`expected ${ref.type}: ${ref.message}, but nothing was thrown`);
  if (ref.type === 'TypeError') expect(err).toBeInstanceOf(TypeError);
  else expect((err as torch.TorchError).pythonType).toBe(ref.type);
  expect(err.message.split('\n')[0]).toBe(ref.message);
}

class Symmetric extends nn.Module {
  forward(x: torch.Tensor): torch.Tensor { return x.triu().add(x.triu(1).transpose(-1, -2)); }
  right_inverse(a: torch.Tensor): torch.Tensor { return a.triu(); }
}
class Scale extends nn.Module {
  constructor(public c: number) { super(); }
  forward(x: torch.Tensor): torch.Tensor { return x.mul(this.c); }
  right_inverse(a: torch.Tensor): torch.Tensor { return a.div(this.c); }
}

const u = nn.utils, pz = nn.utils.parametrizations;
const CASES: Record<string, [() => torch.nn.Module, (m: any) => unknown, (m: any) => unknown]> = {
  symmetric: [() => nn.Linear(3, 3), (m) => P.register_parametrization(m, 'weight', new Symmetric()), (m) => P.remove_parametrizations(m, 'weight')],
  'symmetric then scale, leave original': [() => nn.Linear(3, 3),
    (m) => P.register_parametrization(P.register_parametrization(m, 'weight', new Symmetric()), 'weight', new Scale(2.0)),
    (m) => P.remove_parametrizations(m, 'weight', { leave_parametrized: false })],
  buffer: [() => nn.BatchNorm1d(3), (m) => P.register_parametrization(m, 'running_var', new Scale(3.0)), (m) => P.remove_parametrizations(m, 'running_var')],
  'spectral_norm linear': [() => nn.Linear(4, 3), (m) => pz.spectral_norm(m), (m) => P.remove_parametrizations(m, 'weight')],
  'spectral_norm conv2d iterations': [() => nn.Conv2d(2, 3, 2), (m) => pz.spectral_norm(m, { n_power_iterations: 3 }), (m) => P.remove_parametrizations(m, 'weight')],
  'spectral_norm convtranspose2d': [() => nn.ConvTranspose2d(2, 3, 2), (m) => pz.spectral_norm(m, { eps: 1e-6 }), (m) => P.remove_parametrizations(m, 'weight')],
  'orthogonal householder': [() => nn.Linear(5, 3), (m) => pz.orthogonal(m), (m) => P.remove_parametrizations(m, 'weight')],
  'orthogonal matrix_exp': [() => nn.Linear(4, 4), (m) => pz.orthogonal(m), (m) => P.remove_parametrizations(m, 'weight')],
  'orthogonal cayley': [() => nn.Linear(3, 4), (m) => pz.orthogonal(m, { orthogonal_map: 'cayley' }), (m) => P.remove_parametrizations(m, 'weight')],
  'orthogonal householder no trivialization': [() => nn.Linear(4, 4), (m) => pz.orthogonal(m, 'weight', 'householder', { use_trivialization: false }),
    (m) => P.remove_parametrizations(m, 'weight')],
  'weight_norm parametrization': [() => nn.Linear(3, 2), (m) => pz.weight_norm(m), (m) => P.remove_parametrizations(m, 'weight')],
  'weight_norm hook': [() => nn.Linear(3, 2), (m) => u.weight_norm(m), (m) => u.remove_weight_norm(m)],
  'weight_norm hook conv dim None': [() => nn.Conv1d(2, 3, 2), (m) => u.weight_norm(m, { dim: null }), (m) => u.remove_weight_norm(m)],
  'spectral_norm hook': [() => nn.Linear(4, 3), (m) => u.spectral_norm(m), (m) => u.remove_spectral_norm(m)],
  'spectral_norm hook convtranspose': [() => nn.ConvTranspose1d(3, 2, 2), (m) => u.spectral_norm(m, { n_power_iterations: 2 }), (m) => u.remove_spectral_norm(m)],
};

function step(m: torch.nn.Module, x: torch.Tensor, ref: any, what: string): void {
  m.zero_grad();
  const y: torch.Tensor = m(x);
  expectClose(y, ref.output, `${what} output`);
  y.mul(torch.linspace(-1, 1, y.numel()).reshape(y.shape)).sum().backward();
  const grads = [...m.named_parameters()].filter(([, p]) => p.grad !== null);
  expect(grads.map(([n]) => n)).toEqual(ref.grads.map(([n]: [string]) => n));
  for (const [n, r] of ref.grads) expectClose(m.get_parameter(n).grad, r, `${what} ${n} grad`);
}

describe.each(g.cases.map((c: any) => [c.name, c]) as [string, any][])('%s', (name, c) => {
  test('printing, state, training and eval passes and removal equal PyTorch', () => {
    const [build, apply, remove] = CASES[name];
    torch.manual_seed(c.seed);
    const m = build();
    apply(m);
    expect(String(m)).toBe(c.repr);
    expect(m._get_name()).toBe(c.type);
    expect(P.is_parametrized(m)).toBe(c.is_parametrized);
    expectState(m, c.state);
    const x = makeTensor(c.input);
    step(m, x, c.train[0], 'train 0');
    step(m, x, c.train[1], 'train 1');
    m.eval();
    step(m, x, c.eval, 'eval');
    expectState(m, c.state_after);
    if (c.is_parametrized) {
      const names = (m as any).parametrizations.keys() as string[];
      expect(P.cached(() => names.every((n) => (m as any)[n] === (m as any)[n]))).toBe(c.cached_same);
      expect(names.every((n) => (m as any)[n] !== (m as any)[n])).toBe(true);
    }
    remove(m);
    expect(String(m)).toBe(c.removed.repr);
    expect(m._get_name()).toBe(c.removed.type);
    expectState(m, c.removed.state);
  });
});

test('assigning a parametrized tensor runs right_inverse into the original, in place', () => {
  torch.manual_seed(0);
  const m = P.register_parametrization(nn.Linear(3, 3), 'weight', new Symmetric()) as any;
  const original = m.parametrizations.weight.original;
  m.weight = makeTensor(g.assign.value);
  expect(m.parametrizations.weight.original).toBe(original);
  expectClose(original, g.assign.original, 'original');
  expectClose(m.weight, g.assign.weight, 'weight');
  expect(P.type_before_parametrizations(m).name).toBe(g.type_before);
  expect(m).toBeInstanceOf(nn.Linear);
});

test('a deep copy of a parametrized module has its own originals and the same parametrized values', () => {
  torch.manual_seed(3);
  const m = nn.utils.parametrizations.orthogonal(nn.Linear(4, 3)) as any;
  const copy = torch.deepcopy(m);
  expect(copy._get_name()).toBe('ParametrizedLinear');
  expect(copy.weight.sub(m.weight).abs().max().item()).toBe(0);
  expect(copy.parametrizations.weight.original).not.toBe(m.parametrizations.weight.original);
  const hooked = torch.deepcopy(nn.utils.weight_norm(nn.Linear(3, 2)));
  expect(Object.keys(hooked.state_dict())).toEqual(['bias', 'weight_g', 'weight_v']);
  expect(hooked(torch.randn(1, 3)).shape).toEqual([1, 2]);
});

describe('argument errors', () => {
  class Grow extends nn.Module {
    forward(x: torch.Tensor): torch.Tensor { return torch.cat([x, x]); }
  }
  const e = g.errors;
  test.each([
    ['shape', () => P.register_parametrization(nn.Linear(3, 3), 'weight', new Grow())],
    ['missing', () => P.register_parametrization(nn.Linear(3, 3), 'kernel', new Symmetric())],
    ['remove', () => P.remove_parametrizations(nn.Linear(3, 3), 'weight')],
    ['second weight_norm', () => u.weight_norm(u.weight_norm(nn.Linear(3, 3)))],
    ['remove weight_norm', () => u.remove_weight_norm(nn.Linear(3, 3))],
    ['orthogonal vector', () => pz.orthogonal(nn.BatchNorm1d(3))],
    ['orthogonal map', () => pz.orthogonal(nn.Linear(3, 3), { orthogonal_map: 'qr' as any })],
    ['register keyword', () => (P.register_parametrization as any)(nn.Linear(3, 3), 'weight', new Symmetric(), true)],
  ] as [string, () => unknown][])('%s', (name, fn) => expectPyError(fn, e[name]));
});
