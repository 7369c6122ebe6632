// The Python-style binder (lib/python/binder.ts) against CPython 3.11 and PyTorch 1.13
// (test/golden/binder.json, written by scripts/golden/binder.py): the TypeErrors for 0, 1, 2 and 3+
// missing arguments, unknown keywords, arguments given twice and too many positional arguments, for
// a synthetic signature and a sample of functions, constructors, Module methods, optimizers and
// schedulers. Each golden call is replayed as its JS port: the same positional values, then the
// keyword arguments in one trailing options object.
import * as torch from '../lib';
import { bind, signature } from '../lib/python/binder';
import { isOptions, trailingOptions } from '../lib/python/options';
import { floatRepr, pyStr, sizeRepr, tupleRepr } from '../lib/python/repr';
import { typeName } from '../lib/python/typename';
import { loadGolden } from './golden';

const { nn, optim } = torch;
const F = nn.functional;

interface Case { target: string; case: string; args: unknown[]; kwargs: Record<string, unknown>; message: string | null }
const golden: { python: string; torch_version: string; cases: Case[] } = loadGolden('binder');

/** Python's `sig(a, b, c, d=1, *, e, g=2)`, declared for the binder. */
const SIG = signature('sig', ['a', 'b', 'c', 'd'], { d: 1, g: 2 }, { kwonly: ['e', 'g'] });

const param = () => torch.zeros(2, { requires_grad: true });
type Target = (...args: any[]) => unknown;
const TARGETS: Record<string, Target> = {
  sig: (...args) => bind(SIG, args),
  'F.dropout': F.dropout as Target,
  'F.relu': F.relu as Target,
  'F.mse_loss': F.mse_loss as Target,
  'F.cross_entropy': F.cross_entropy as Target,
  'F.layer_norm': F.layer_norm as Target,
  'F.triplet_margin_loss': F.triplet_margin_loss as Target,
  'nn.Linear': nn.Linear as Target,
  'nn.Conv2d': nn.Conv2d as Target,
  'nn.BatchNorm1d': nn.BatchNorm1d as Target,
  'nn.Dropout': nn.Dropout as Target,
  'nn.Threshold': nn.Threshold as Target,
  'nn.CrossEntropyLoss': nn.CrossEntropyLoss as Target,
  'Module.register_buffer': (...args) => (nn.Linear(2, 2).register_buffer as Target)(...args),
  'Module.named_parameters': (...args) => [...(nn.Linear(2, 2).named_parameters as Target)(...args) as Iterable<unknown>],
  'Module.train': (...args) => (nn.Linear(2, 2).train as Target)(...args),
  'optim.SGD': (...args) => (optim.SGD as Target)([param()], ...args),
  'optim.Adam': (...args) => (optim.Adam as Target)([param()], ...args),
  'lr_scheduler.StepLR': (...args) => (optim.lr_scheduler.StepLR as Target)(optim.SGD([param()], { lr: 0.1 }), ...args),
  'lr_scheduler.ExponentialLR': (...args) => (optim.lr_scheduler.ExponentialLR as Target)(optim.SGD([param()], { lr: 0.1 }), ...args),
  'lr_scheduler.CyclicLR': (...args) => (optim.lr_scheduler.CyclicLR as Target)(optim.SGD([param()], { lr: 0.1 }), ...args),
};

// Where torchts names the function differently from CPython: optimizers speak as `SGD()`. The
// rest of each message is CPython's, word for word.
const RENAMED: Record<string, Record<string, string>> = {
  'optim.SGD': { 'SGD.__init__()': 'SGD()' },
  'optim.Adam': { 'Adam.__init__()': 'Adam()' },
};
function expected(c: Case): string | null {
  if (c.message === null) return null;
  let m = c.message;
  for (const [from, to] of Object.entries(RENAMED[c.target] ?? {})) m = m.replace(from, to);
  return m;
}

const decode = (v: unknown): unknown => {
  if (isOptions(v) && Array.isArray(v.tensor)) return torch.zeros(v.tensor as number[], { dtype: (torch as any)[(v.dtype as string) ?? 'float32'] });
  return v;
};

/** The TypeError a call throws, or null when it binds (other errors come from the body, after binding). */
function typeErrorOf(call: () => unknown): string | null {
  try {
    call();
  } catch (e) {
    if (e instanceof TypeError) return e.message;
  }
  return null;
}

describe(`binding errors match CPython ${golden.python} / PyTorch ${golden.torch_version}`, () => {
  test('the fixture covers every target and kind of error', () => {
    expect(new Set(golden.cases.map((c) => c.target))).toEqual(new Set(Object.keys(TARGETS)));
    const kinds = new Set(golden.cases.map((c) => c.case));
    for (const k of ['binds', 'missing 1', 'missing 2', 'missing 3', 'missing keyword-only', 'unexpected keyword', 'given twice', 'too many positional']) expect(kinds).toContain(k);
  });
  for (const c of golden.cases) {
    test(`${c.target}: ${c.case}`, () => {
      const args = c.args.map(decode);
      const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v)]));
      const call = Object.keys(kwargs).length ? [...args, kwargs] : args;
      expect(typeErrorOf(() => TARGETS[c.target](...call))).toBe(expected(c));
    });
  }
});

describe('binder rules of the JS port', () => {
  test('values bind in order, defaults fill in, keyword-only ones by name only', () => {
    expect(bind(SIG, [1, 2, 3, { e: 5 }])).toEqual([1, 2, 3, 1, 5, 2]);
    expect(bind(SIG, [{ a: 1, b: 2, c: 3, d: 4, e: 5, g: 6 }])).toEqual([1, 2, 3, 4, 5, 6]);
  });
  test('undefined counts as not given, positionally, trailing and by name', () => {
    expect(bind(SIG, [1, undefined, 3, { b: 2, e: 5, g: undefined }])).toEqual([1, 2, 3, 1, 5, 2]);
    expect(bind(SIG, [1, 2, 3, 4, { e: 5 }, undefined, undefined])).toEqual([1, 2, 3, 4, 5, 2]);
    expect(() => bind(SIG, [1, undefined, 3, { e: 5 }])).toThrow(new TypeError("sig() missing 1 required positional argument: 'b'"));
  });
  test('only a plain object is the options object: tensors, arrays, class instances and Maps are values', () => {
    expect([{}, Object.create(null), { a: 1 }].map(isOptions)).toEqual([true, true, true]);
    expect([torch.zeros(1), [1], new Map(), torch.float32, null, 'a', nn.Linear(1, 1)].map(isOptions)).toEqual([false, false, false, false, false, false, false]);
    expect(trailingOptions([1, { e: 5 }, undefined])).toEqual({ e: 5 });
    expect(trailingOptions([{ e: 5 }, 1])).toBeUndefined();
  });
  test('NumPy names stand for dim / keepdim where a signature takes them', () => {
    const spec = signature('sum', ['dim', 'keepdim'], { keepdim: false }, { numpy: true });
    expect(bind(spec, [{ axis: 1, keepdims: true }])).toEqual([1, true]);
  });
  test('argument checks name the function, the argument and the value received', () => {
    expect(() => F.dropout(torch.zeros(2), 'a' as any)).toThrow(new TypeError("dropout(): expected a number for p but received 'a' of type string"));
    expect(() => nn.init.dirac_(torch.empty(4, 4, 3), 1.5)).toThrow(new TypeError('dirac_(): expected an integer for groups but received 1.5 of type number'));
    expect(() => nn.init.dirac_(torch.empty(4, 4, 3), 0)).toThrow(new RangeError('dirac_(): expected a positive integer for groups but received 0 of type number'));
    expect(() => optim.SGD([param()], { lr: 'x' as any })).toThrow(new TypeError("SGD(): expected number for lr but received 'x' of type string"));
  });
});

describe("Python's repr and type names", () => {
  test('floats as repr(float) prints them', () => {
    // repr(x) in CPython 3.11 for each x.
    const cases: [number, string][] = [[1, '1.0'], [0.1, '0.1'], [1e-5, '1e-05'], [1e-4, '0.0001'], [1.5e-7, '1.5e-07'], [1e16, '1e+16'],
      [123456789012345.6, '123456789012345.6'], [-0, '-0.0'], [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'], [2.5e300, '2.5e+300']];
    for (const [x, repr] of cases) expect(floatRepr(x)).toBe(repr);
  });
  test('str() of values, tuples and sizes', () => {
    expect(pyStr([1, 'a', null, true])).toBe("[1, 'a', None, True]");
    expect(pyStr([0.9, 0.999], 'tuple')).toBe('(0.9, 0.999)');
    expect(tupleRepr([3])).toBe('(3,)');
    expect(sizeRepr([2, 3])).toBe('torch.Size([2, 3])');
    expect([null, 1, 1.5, true, 'a', [1], {}, () => 0, torch.zeros(1)].map(typeName)).toEqual(['NoneType', 'int', 'float', 'bool', 'str', 'list', 'dict', 'function', 'Tensor']);
  });
});
