// torch.nn.init against PyTorch 1.13 (fixture: test/golden/init.json, written by
// scripts/golden/init.py): same seed, same tensor shape -> the same weights; same errors.
import * as torch from '../lib';
import * as init from '../lib/nn/init';
import { GoldenTensor, loadGolden } from './golden';

type Enc = any;
interface ValueCase {
  name: string; fn: string; shape: number[]; dtype: string; requires_grad: boolean; seed: number;
  args: Enc[]; kwargs: Record<string, Enc>; out: GoldenTensor; warnings: string[];
}
interface ErrorCase { name: string; fn: string; shape: number[] | null; args: Enc[]; kwargs: Record<string, Enc>; type: string; message: string }

const fixture = loadGolden('init');
const params: Record<string, [string, Enc][]> = fixture.params;
const values: ValueCase[] = fixture.values;
const errors: ErrorCase[] = fixture.errors;

const fnOf = (name: string): (...args: any[]) => any => {
  const f = (init as any)[name];
  if (typeof f !== 'function') throw new Error(`nn.init has no ${name}`);
  return f;
};

/** The call's arguments after `tensor`: as recorded (positional, then an options object), or all positional. */
function callArgs(c: { fn: string; args: Enc[]; kwargs: Record<string, Enc> }, form: 'options' | 'positional'): any[] {
  const args = c.args as any[];
  const kwargs = c.kwargs as Record<string, any>;
  if (form === 'options') return Object.keys(kwargs).length ? [...args, kwargs] : args;
  const names = params[c.fn];
  const last = Math.max(args.length - 1, ...Object.keys(kwargs).map((k) => names.findIndex(([n]) => n === k)));
  const out: any[] = [];
  for (let i = 0; i <= last; i++) out.push(i < args.length ? args[i] : names[i][0] in kwargs ? kwargs[names[i][0]] : names[i][1]);
  return out;
}

function expectClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-6 + 1e-6 * Math.abs(expected[i]))) {
      throw new Error(`${what}: value[${i}] = ${actual[i]}, expected ${expected[i]} (first: [${actual.slice(0, 8)}] vs [${expected.slice(0, 8)}])`);
    }
  }
}

let warnSpy: jest.SpyInstance;
beforeEach(() => { warnSpy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
afterEach(() => warnSpy.mockRestore());
const warned = (): string[] => warnSpy.mock.calls.map((c) => String(c[0]));

describe('nn.init fills the same values as PyTorch after the same manual_seed', () => {
  test('fixture has the value cases', () => {
    expect(values.length).toBeGreaterThan(60);
    expect(new Set(values.map((c) => c.fn))).toEqual(new Set(Object.keys(params)));
  });
  for (const c of values) {
    for (const form of ['options', 'positional'] as const) {
      test(`${c.name} [${form}]`, () => {
        torch.manual_seed(c.seed);
        const t = torch.empty(c.shape, { dtype: (torch as any)[c.dtype], requires_grad: c.requires_grad });
        const r = fnOf(c.fn)(t, ...callArgs(c, form));
        expect(r).toBe(t);
        expect(t.shape).toEqual(c.shape);
        expect(t.dtype.name).toBe(c.dtype);
        expect(t.requires_grad).toBe(c.requires_grad);
        expect(t.is_leaf).toBe(true);
        expect(t.grad_fn).toBeNull();
        expectClose(t.reshape(-1).tolist() as number[], c.out.values as number[], c.name);
        expect(warned()).toEqual(c.warnings);
      });
    }
  }

  test('the two spellings of rule 2 agree: kaiming_uniform_(w, {a, nonlinearity}) == kaiming_uniform_(w, a, mode, nonlinearity)', () => {
    const w1 = torch.empty(16, 9), w2 = torch.empty(16, 9), w3 = torch.empty(16, 9);
    torch.manual_seed(7);
    init.kaiming_uniform_(w1, { a: 0.2, nonlinearity: 'leaky_relu' });
    torch.manual_seed(7);
    init.kaiming_uniform_(w2, 0.2, 'fan_in', 'leaky_relu');
    torch.manual_seed(7);
    init.kaiming_uniform_(w3, 0.2, { nonlinearity: 'leaky_relu', mode: 'fan_in' });
    expect(w2.tolist()).toEqual(w1.tolist());
    expect(w3.tolist()).toEqual(w1.tolist());
  });

  test('an initialized parameter still trains: leaf, requires_grad, gradients flow', () => {
    const w = torch.empty([4, 3], { requires_grad: true });
    init.xavier_uniform_(w);
    init.orthogonal_(w);
    init.trunc_normal_(w, { std: 0.02 });
    w.mul(2).sum().backward();
    expect(w.grad!.tolist()).toEqual([[2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]]);
  });

  test('deprecated names warn and forward', () => {
    const w = torch.empty(3, 3);
    expect(init.constant(w, 2)).toBe(w);
    expect(w.tolist()).toEqual([[2, 2, 2], [2, 2, 2], [2, 2, 2]]);
    expect(warned()).toEqual(['nn.init.constant is now deprecated in favor of nn.init.constant_.']);
  });
});

describe('calculate_gain and the fan helpers match PyTorch', () => {
  for (const g of fixture.gains as { nonlinearity: string; param?: Enc; out: number }[]) {
    const label = `calculate_gain(${JSON.stringify(g.nonlinearity)}${'param' in g ? `, ${JSON.stringify(g.param)}` : ''})`;
    test(label, () => {
      if ('param' in g) {
        expect(init.calculate_gain(g.nonlinearity, g.param)).toBe(g.out);
        expect(init.calculate_gain(g.nonlinearity, { param: g.param })).toBe(g.out);
        expect(init.calculate_gain({ nonlinearity: g.nonlinearity, param: g.param })).toBe(g.out);
      } else {
        expect(init.calculate_gain(g.nonlinearity)).toBe(g.out);
        expect(init.calculate_gain(g.nonlinearity, null)).toBe(g.out);
      }
    });
  }
  for (const f of fixture.fans as { fn: string; shape: number[]; mode?: string; out: Enc }[]) {
    test(`${f.fn}([${f.shape}]${f.mode ? `, '${f.mode}'` : ''})`, () => {
      const t = torch.empty(f.shape);
      const r = f.mode === undefined ? init._calculate_fan_in_and_fan_out(t) : init._calculate_correct_fan(t, f.mode);
      expect(r).toEqual(f.out);
    });
  }
});

describe('errors: PyTorch type and message, raised before anything is drawn or written', () => {
  test('fixture has the error cases', () => expect(errors.length).toBeGreaterThan(25));
  for (const c of errors) {
    for (const form of ['options', 'positional'] as const) {
      if (form === 'positional' && c.shape === null) continue;
      test(`${c.name} [${form}] -> ${c.type}`, () => {
        const fn = fnOf(c.fn);
        const t = c.shape === null ? null : torch.zeros(c.shape);
        torch.manual_seed(3);
        let err: any = null;
        try {
          if (t === null) fn(...callArgs(c, 'options'));
          else fn(t, ...callArgs(c, form));
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(torch.TorchError);
        expect(err.pythonType).toBe(c.type);
        expect(err.message.split('\n')[0]).toBe(c.message);
        if (t !== null && c.type === 'ValueError') expect(t.eq(0).all().item()).toBe(true);
        // No random numbers were drawn: the stream continues where manual_seed(3) left it.
        const next = torch.rand(4).tolist();
        torch.manual_seed(3);
        expect(next).toEqual(torch.rand(4).tolist());
      });
    }
  }

  const w = () => torch.empty(4, 3);
  const cases: [string, () => unknown, Function, RegExp][] = [
    ['non-number a', () => init.kaiming_uniform_(w(), 'x' as any), TypeError, /^kaiming_uniform_\(\): expected a number for a but received 'x' of type string$/],
    ['non-string nonlinearity', () => init.kaiming_normal_(w(), { nonlinearity: 5 as any }), TypeError, /expected a string for nonlinearity/],
    ['unknown keyword', () => init.kaiming_uniform_(w(), { slope: 0.2 } as any), TypeError, /^kaiming_uniform_\(\) got an unexpected keyword argument 'slope'$/],
    ['positional and keyword', () => init.uniform_(w(), 0, { a: 1 } as any), TypeError, /^uniform_\(\) got multiple values for argument 'a'$/],
    ['too many positional', () => (init.uniform_ as any)(w(), 0, 1, 2), TypeError, /^uniform_\(\) takes from 1 to 3 positional arguments but 4 were given$/],
    ['not a tensor', () => init.xavier_uniform_([1, 2] as any), TypeError, /^xavier_uniform_\(\): expected a Tensor for tensor but received array$/],
    ['missing value', () => (init.constant_ as any)(w()), TypeError, /expected a number for val but received undefined/],
    ['missing sparsity', () => (init.sparse_ as any)(w(), { std: 0.1 }), TypeError, /expected a number for sparsity/],
    ['zero groups', () => init.dirac_(torch.empty(4, 4, 3), 0), RangeError, /expected a positive integer for groups but received 0/],
    ['fractional groups', () => init.dirac_(torch.empty(4, 4, 3), { groups: 1.5 }), TypeError, /expected an integer for groups/],
  ];
  for (const [name, fn, type, message] of cases) {
    test(`bad JS arguments: ${name} -> ${type.name}`, () => {
      let err: any = null;
      try { fn(); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(type);
      expect(err.message).toMatch(message);
    });
  }
});
