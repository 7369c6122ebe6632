// Errors: PyTorch's messages for bad calls (fixture group `errors`), and bad arguments of every
// kind (wrong types, NaN, negative or huge sizes, disposed tensors, bad dtype codes) that must
// throw a TorchError / TypeError / RangeError and never abort the process.
import * as torch from '../lib';
import { native } from '../lib/native';
import { casesOf, makeInputs, runCase, errorOf, firstLine, KNOWN_BUGS } from './helpers';

describe('error messages match PyTorch', () => {
  const cases = casesOf('errors').filter((c) => !KNOWN_BUGS.has(`errors/${c.name}`));
  test('fixture has the error cases', () => expect(cases.length).toBeGreaterThan(30));
  for (const c of cases) {
    test(`${c.name}: ${c.message!.slice(0, 70)}`, () => {
      const inputs = makeInputs(c);
      const err = errorOf(() => runCase(c, inputs));
      expect(err).toBeInstanceOf(torch.TorchError);
      expect(firstLine(err.message)).toBe(c.message);
      expect((err as torch.TorchError).pythonType).toBe(c.type);
      expect(err.message).not.toMatch(/Exception raised from|frame #\d/);  // no C++ backtrace
    });
  }
});

type Kind = 'TorchError' | 'TypeError' | 'RangeError';

describe('bad calls throw a JS error and the process survives', () => {
  const x = torch.randn(2, 3);
  const disposed = torch.ones(2);
  disposed.dispose();
  const leafGrad = () => torch.ones(2, { requires_grad: true });

  // [description, call, expected error class]
  const bad: [string, () => unknown, Kind][] = [
    // wrong types where tensors, ints or scalars are expected
    ['add(string)', () => x.add('a' as any), 'TypeError'],
    ['add(undefined)', () => x.add(undefined as any), 'TypeError'],
    ['add(object)', () => x.add({} as any), 'TypeError'],
    ['add(null)', () => x.add(null as any), 'TypeError'],
    ['add alpha string', () => x.add(x, { alpha: 'a' as any }), 'TypeError'],
    ['matmul(undefined)', () => x.matmul(undefined as any), 'TypeError'],
    ['view(NaN)', () => x.view(NaN), 'TypeError'],
    ['view(2.5)', () => x.view(2.5), 'TypeError'],
    ['reshape([NaN])', () => x.reshape([NaN]), 'TypeError'],
    ['select(0, NaN)', () => x.select(0, NaN), 'TypeError'],
    ['select(0, 1.5)', () => x.select(0, 1.5), 'TypeError'],
    ["select('0', 1)", () => x.select('0' as any, 1), 'TypeError'],
    ['transpose(0, undefined)', () => x.transpose(0, undefined as any), 'TypeError'],
    ["sum('a')", () => x.sum('a'), 'TypeError'],
    ['sum(NaN)', () => x.sum(NaN), 'TypeError'],
    ["chunk('a')", () => x.chunk('a' as any), 'TypeError'],
    ["clamp('a')", () => x.clamp('a' as any), 'TypeError'],
    ["norm('abc')", () => x.norm('abc'), 'TypeError'],
    ["index('abc')", () => x.index('abc'), 'TypeError'],
    ['index(1.5)', () => x.index(1.5), 'TypeError'],
    ["index({start: 'a'})", () => x.index({ start: 'a' as any }), 'TypeError'],
    ['zeros(NaN)', () => torch.zeros(NaN), 'TypeError'],
    ['zeros(2.5)', () => torch.zeros(2.5), 'TypeError'],
    ['zeros(Infinity)', () => torch.zeros(Infinity), 'TypeError'],
    ['ones([2, undefined])', () => torch.ones([2, undefined as any]), 'TypeError'],
    ["full([2], 'x')", () => torch.full([2], 'x' as any), 'TypeError'],
    ["tensor([1, 'a'])", () => torch.tensor([1, 'a'] as any), 'TypeError'],
    ['tensor(undefined)', () => torch.tensor(undefined as any), 'TypeError'],
    ['tensor({})', () => torch.tensor({} as any), 'TypeError'],
    ['tensor([1n])', () => torch.tensor([1n] as any), 'TypeError'],
    ["tensor dtype 'float32' (a string)", () => torch.tensor([1, 2], { dtype: 'float32' as any }), 'TypeError'],
    ["manual_seed('a')", () => torch.manual_seed('a' as any), 'TypeError'],
    ["backward('a')", () => leafGrad().sum().backward('a' as any), 'TypeError'],
    ["autograd.grad(y, 'a')", () => torch.autograd.grad(leafGrad().sum(), 'a' as any), 'TypeError'],
    ["cat('a')", () => torch.cat('a' as any), 'TypeError'],
    ["cat([x, 'a'])", () => torch.cat([x, 'a' as any]), 'TypeError'],
    ['from_blob(plain array)', () => torch.from_blob([1, 2] as any), 'TypeError'],
    ["grad = 'a'", () => { leafGrad().grad = 'a' as any; }, 'TypeError'],
    ['new Tensor()', () => new (torch.Tensor as any)(), 'TypeError'],
    ['len() of a 0-d tensor', () => torch.tensor(1).length, 'TypeError'],
    ['set_default_dtype(int32)', () => torch.set_default_dtype(torch.int32), 'TypeError'],
    ['ops.aten unknown op', () => (torch.ops.aten as any).no_such_op_here, 'TypeError'],
    ['ops.aten.mm(x, 3)', () => torch.ops.aten.mm(x, 3), 'TypeError'],
    // disposed tensors
    ['disposed: method', () => disposed.add(1), 'TypeError'],
    ['disposed: shape', () => disposed.shape, 'TypeError'],
    ['disposed: tolist', () => disposed.tolist(), 'TypeError'],
    ['disposed: item', () => disposed.item(), 'TypeError'],
    ['disposed: as argument', () => x.add(disposed), 'TypeError'],
    ['disposed: backward', () => disposed.backward(), 'TypeError'],
    ['disposed: ops.aten', () => torch.ops.aten.neg(disposed), 'TypeError'],
    ['disposed: in a list', () => torch.cat([disposed, x]), 'TypeError'],
    // wrong dtype codes
    ['to(dtype code 99)', () => x.to({ dtype: { code: 99 } as any }), 'RangeError'],
    ['to(dtype code -1)', () => x.to({ dtype: { code: -1 } as any }), 'RangeError'],
    ['fromBuffer dtype code 99', () => native.fromBuffer(new Float32Array(2), [2], 99, null, false), 'RangeError'],
    ['fromBuffer size mismatch', () => native.fromBuffer(new Float32Array(3), [2], 6, null, false), 'RangeError'],
    ['tensor() of a complex value with dtype float32', () => torch.tensor([{ real: 1, imag: 2 }], { dtype: torch.float32 }), 'TypeError'],
    ['size(5)', () => x.size(5), 'RangeError'],
    // negative sizes, huge sizes, bad ranges (LibTorch errors)
    ['zeros(-1)', () => torch.zeros(-1), 'TorchError'],
    ['zeros(2, -3)', () => torch.zeros(2, -3), 'TorchError'],
    ['reshape(-2)', () => x.reshape(-2), 'TorchError'],
    ['view(-1, -1)', () => x.view(-1, -1), 'TorchError'],
    ['expand(-2, 3)', () => x.expand(-2, 3), 'TorchError'],
    ['repeat(-1, 1)', () => x.repeat(-1, 1), 'TorchError'],
    ['empty(1e15): cannot allocate', () => torch.empty(1e15), 'TorchError'],
    ['empty([2**62, 4]): size overflow', () => torch.empty([2 ** 62, 4]), 'TorchError'],
    ['empty([2**31, 2**31, 2**31])', () => torch.empty([2 ** 31, 2 ** 31, 2 ** 31]), 'TorchError'],
    ['arange(0, 1e18, 0.5): cannot allocate', () => torch.arange(0, 1e18, 0.5), 'TorchError'],
    ['arange(0, Infinity)', () => torch.arange(0, Infinity), 'TorchError'],
    ['arange(NaN)', () => torch.arange(NaN), 'TorchError'],
    ['randperm(-1)', () => torch.randperm(-1), 'TorchError'],
    ['randint(5, 2, [3])', () => torch.randint(5, 2, [3]), 'TorchError'],
    ['linspace steps -1', () => torch.linspace(0, 1, -1), 'TorchError'],
    ['eye(-1)', () => torch.eye(-1), 'TorchError'],
    ['normal std -1', () => torch.normal(0, -1, [2]), 'TorchError'],
    ['bernoulli_(1.5)', () => torch.zeros(2).bernoulli_(1.5), 'TorchError'],
    ['uniform_(2, 1)', () => torch.zeros(2).uniform_(2, 1), 'TorchError'],
    ['multinomial of a long tensor', () => torch.multinomial(torch.tensor([1, 1]), 1), 'TorchError'],
    ['permute(0, 0)', () => x.permute(0, 0), 'TorchError'],
    ['narrow(0, -10, 1)', () => x.narrow(0, -10, 1), 'TorchError'],
    ['unsqueeze(10)', () => x.unsqueeze(10), 'TorchError'],
    ['flatten(3)', () => x.flatten(3), 'TorchError'],
    ['split(0)', () => x.split(0), 'TorchError'],
    ['stack([])', () => torch.stack([]), 'TorchError'],
    ['masked_fill with a float mask', () => x.masked_fill(x, 1), 'TorchError'],
    ['gather with a float index', () => x.gather(0, x), 'TorchError'],
    ['index_select out of range', () => x.index_select(0, torch.tensor([100])), 'TorchError'],
    ['index_put_ out of range', () => x.index_put_([torch.tensor([5])], 1), 'TorchError'],
    ['scatter out of range', () => torch.zeros(3).scatter(0, torch.tensor([7]), 1.5), 'TorchError'],
    ["div rounding_mode 'bogus'", () => x.div(x, { rounding_mode: 'bogus' as any }), 'TorchError'],
    ['item() of an empty tensor', () => torch.zeros(0).item(), 'TorchError'],
    ["to('tpu')", () => x.to('tpu' as any), 'TorchError'],
    ['ragged nested data', () => torch.tensor([[1, 2], [3]]), 'TorchError'],
    ['requires_grad on int tensor', () => { torch.tensor([1]).requires_grad = true; }, 'TorchError'],
    ['grad of a different size', () => { leafGrad().grad = torch.ones(3); }, 'TorchError'],
  ];

  test('at least 40 distinct bad calls', () => expect(new Set(bad.map((b) => b[0])).size).toBeGreaterThanOrEqual(40));

  for (const [what, call, kind] of bad) {
    test(`${what} -> ${kind}`, () => {
      const err = errorOf(call);
      const cls = { TorchError: torch.TorchError, TypeError, RangeError }[kind];
      if (!(err instanceof cls)) throw new Error(`${what}: expected ${kind}, got ${err?.constructor?.name}: ${err?.message}`);
      expect(typeof err.message).toBe('string');
      expect(err.message.length).toBeGreaterThan(0);
      expect(err.message).not.toMatch(/Exception raised from|frame #\d/);
    });
  }

  test('errors thrown inside tidy and no_grad propagate and leave state sane', () => {
    expect(() => torch.tidy(() => x.view(5))).toThrow(torch.TorchError);
    expect(() => torch.no_grad(() => x.view(5))).toThrow(torch.TorchError);
    expect(torch.is_grad_enabled()).toBe(true);
  });

  test('a disposed tensor can be disposed again and prints as disposed', () => {
    const t = torch.ones(2);
    t.dispose();
    expect(() => t.dispose()).not.toThrow();
    expect(t.isDisposed).toBe(true);
  });

  test('the process is still alive and computing after all of the above', () => {
    expect(torch.ones(2, 2).matmul(torch.full([2, 1], 2.5)).tolist()).toEqual([[5], [5]]);
    const w = torch.tensor([1.5], { requires_grad: true });
    w.mul(w).sum().backward();
    expect(w.grad!.tolist()).toEqual([3]);
  });
});
