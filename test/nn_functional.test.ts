// torch.nn.functional against PyTorch 1.13: every case of test/golden/functional.json (written by
// scripts/golden/functional.py) is replayed — outputs, in-place effects, gradients of
// (out * w).sum(), seeded random streams and PyTorch's error messages — plus the TS calling forms.
import * as torch from '../lib';
import * as F from '../lib/nn/functional';
import { GoldenTensor, loadGolden, makeTensor } from './golden';
import { asFixtureInterpreter, decodeArg } from './helpers';

interface Case {
  kind: 'value' | 'error';
  name: string;
  fn: string;
  inputs: (GoldenTensor & { requires_grad: boolean })[];
  args: unknown[];
  kwargs: Record<string, unknown>;
  seed?: number;
  out?: { t?: GoldenTensor; list?: { t: GoldenTensor }[] };
  is_self?: boolean;
  after?: Record<string, GoldenTensor>;
  w?: GoldenTensor;
  grads?: (GoldenTensor | null)[];
  error?: { message: string; type: string };
}

const fixture: { torch_version: string; cases: Case[] } = loadGolden('functional');
const RTOL = 1e-5, ATOL = 1e-6;

function call(c: Case, inputs: torch.Tensor[]): any {
  const args = c.args.map((a) => decodeArg(a, inputs));
  const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v, inputs)]));
  if (Object.keys(kwargs).length > 0) args.push(kwargs);
  const fn = (F as any)[c.fn];
  if (typeof fn !== 'function') throw new Error(`F.${c.fn} is missing`);
  if (c.seed !== undefined) torch.manual_seed(c.seed);
  return fn(...args);
}

function expectClose(actual: unknown, g: GoldenTensor, what: string): void {
  if (!(actual instanceof torch.Tensor)) throw new Error(`${what}: expected a Tensor, got ${String(actual)}`);
  if (actual.dtype.name !== g.dtype) throw new Error(`${what}: dtype ${actual.dtype.name}, expected ${g.dtype}`);
  if (JSON.stringify(actual.shape) !== JSON.stringify(g.shape)) throw new Error(`${what}: shape [${actual.shape}], expected [${g.shape}]`);
  const values = actual.reshape(-1).tolist() as (number | boolean)[];
  g.values.forEach((ev, i) => {
    const e = ev as number | boolean, a = values[i];
    const ok = typeof e === 'boolean' ? a === e
      : Number.isNaN(e) ? Number.isNaN(a as number)
        : !Number.isFinite(e) ? a === e
          : Math.abs((a as number) - e) <= ATOL + RTOL * Math.abs(e);
    if (!ok) throw new Error(`${what}: value[${i}] = ${a}, expected ${e}\n  got      [${values.slice(0, 12)}]\n  expected [${g.values.slice(0, 12)}]`);
  });
}

function checkValueCase(c: Case): void {
  const inputs = c.inputs.map((g) => (g.requires_grad ? makeTensor(g).requires_grad_(true) : makeTensor(g)));
  const result = call(c, inputs);
  if (c.out!.list) {
    if (!Array.isArray(result) || result.length !== c.out!.list.length) throw new Error(`expected ${c.out!.list.length} results, got ${String(result)}`);
    c.out!.list.forEach((o, i) => expectClose(result[i], o.t, `out[${i}]`));
  } else {
    expectClose(result, c.out!.t!, 'out');
  }
  if (c.is_self && result !== inputs[0]) throw new Error('an in-place call must return its input');
  for (const [i, g] of Object.entries(c.after ?? {})) expectClose(inputs[Number(i)], g, `input ${i} after the call`);
  if (c.w && c.grads) {
    const out: torch.Tensor = Array.isArray(result) ? result[0] : result;
    out.mul(makeTensor(c.w)).sum().backward();
    c.grads.forEach((g, i) => {
      if (g === null) {
        if (inputs[i].requires_grad && inputs[i].grad !== null) throw new Error(`grad of input ${i}: expected none`);
      } else {
        expectClose(inputs[i].grad, g, `grad of input ${i}`);
      }
    });
  }
}

describe(`torch.nn.functional matches PyTorch ${fixture.torch_version}`, () => {
  const values = fixture.cases.filter((c) => c.kind === 'value');
  const fns = [...new Set(values.map((c) => c.fn))];
  test('fixture covers the functions', () => expect(fns.length).toBeGreaterThanOrEqual(79));
  for (const fn of fns) {
    describe(fn, () => {
      for (const c of values.filter((v) => v.fn === fn)) test(c.name, () => checkValueCase(c));
    });
  }
});

describe('PyTorch error messages', () => {
  for (const c of fixture.cases.filter((v) => v.kind === 'error')) {
    test(`${c.name} -> ${c.error!.type}: ${c.error!.message.slice(0, 60)}`, () => {
      const inputs = c.inputs.map(makeTensor);
      let err: unknown = null;
      try {
        call(c, inputs);
      } catch (e) {
        err = e;
      }
      expect(asFixtureInterpreter((err as Error).message.split('\n')[0], c.error!.type, c.error!.message)).toBe(c.error!.message);
      // A call Python cannot bind (a parameter the release lacks) is the JS binder's TypeError.
      if (c.error!.type === 'TypeError') {
        expect(err).toBeInstanceOf(TypeError);
      } else {
        expect(err).toBeInstanceOf(torch.TorchError);
        expect((err as torch.TorchError).pythonType).toBe(c.error!.type);
      }
    });
  }
});

describe('calling forms (porting rule 2)', () => {
  const x = torch.randn(4, 5);
  const logits = torch.randn(4, 3);
  const y = torch.tensor([0, 2, 1, 1]);

  test('positional and keyword forms agree', () => {
    expect(F.dropout(x, 0.5, { training: false }).equal(x)).toBe(true);
    expect(F.dropout(x, { p: 0.5, training: false }).equal(x)).toBe(true);
    expect(F.dropout(x, 0.5, false).equal(x)).toBe(true);
    const a = F.cross_entropy(logits, y, { label_smoothing: 0.1 });
    const b = F.cross_entropy(logits, y, null, null, -100, null, 'mean', 0.1);
    expect(a.item()).toBeCloseTo(b.item() as number, 6);
    expect(F.leaky_relu(x, { negative_slope: 0.2 }).equal(F.leaky_relu(x, 0.2))).toBe(true);
    expect(F.softmax(x, { dim: 1 }).equal(F.softmax(x, 1))).toBe(true);
    expect(F.softmax(x, -1, { dtype: torch.float64 }).dtype).toBe(torch.float64);
    expect(F.linear(x, torch.randn(2, 5), { bias: null }).shape).toEqual([4, 2]);
    expect(F.gelu(x, { approximate: 'tanh' }).shape).toEqual([4, 5]);
  });

  test('in-place forms return their input', () => {
    const z = torch.randn(3, 3);
    expect(F.relu(z, { inplace: true })).toBe(z);
    expect(F.relu(z, true)).toBe(z);
    expect(F.silu(z, { inplace: true })).toBe(z);
    expect(F.dropout(z, 0.5, true, true)).toBe(z);
  });

  test('return_indices gives [values, indices]', () => {
    const img = torch.randn(1, 2, 4, 4);
    const [out, idx] = F.max_pool2d(img, 2, { return_indices: true });
    expect(out.shape).toEqual([1, 2, 2, 2]);
    expect(idx.dtype).toBe(torch.int64);
    expect(F.max_pool2d(img, 2)).toBeInstanceOf(torch.Tensor);
    const [o2] = F.adaptive_max_pool2d(img, [2, null], { return_indices: true });
    expect(o2.shape).toEqual([1, 2, 2, 4]);
  });

  test('bad arguments throw TypeError naming the argument, before any native call', () => {
    const msg = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
      return 'no error';
    };
    expect(msg(() => F.dropout(x, { q: 1 } as any))).toBe("TypeError: dropout() got an unexpected keyword argument 'q'");
    expect(msg(() => F.dropout(x, 'a' as any))).toBe("TypeError: dropout(): expected a number for p but received 'a' of type string");
    expect(msg(() => F.dropout(x, 0.5, { p: 0.1 } as any))).toBe("TypeError: dropout() got multiple values for argument 'p'");
    expect(msg(() => (F.linear as any)(x))).toBe("TypeError: linear() missing 1 required positional argument: 'weight'");
    expect(msg(() => (F.mse_loss as any)())).toBe("TypeError: mse_loss() missing 2 required positional arguments: 'input' and 'target'");
    expect(msg(() => (F.relu as any)(x, false, 1))).toBe('TypeError: relu() takes from 1 to 2 positional arguments but 3 were given');
    expect(msg(() => (F.gelu as any)(x, 'tanh'))).toBe('TypeError: gelu() takes 1 positional argument but 2 were given');
    expect(msg(() => F.relu([1, 2] as any))).toBe('TypeError: relu(): expected a Tensor for input but received array');
    expect(msg(() => F.conv2d(torch.randn(1, 1, 4, 4), torch.randn(1, 1, 3, 3), null, 1.5 as any))).toMatch(/^TypeError: conv2d\(\): expected an integer or an array of integers for stride/);
    expect(msg(() => F.cross_entropy(logits, y, { reduction: 3 as any }))).toBe('TypeError: cross_entropy(): expected a string for reduction but received 3 of type number');
    expect(msg(() => F.layer_norm(x, 5 as any))).toMatch(/^TypeError: layer_norm\(\): expected an array of integers for normalized_shape/);
  });

  test('seeded dropout reproduces its mask', () => {
    torch.manual_seed(3);
    const a = F.dropout(x, 0.3);
    torch.manual_seed(3);
    const b = F.dropout(x, { p: 0.3, training: true });
    expect(a.equal(b)).toBe(true);
  });
});
