// How module forwards and Tensor methods bind their arguments, against PyTorch 1.13
// (test/golden/call_binding.json, written by scripts/golden/call_binding.py): every forward parameter
// positionally or by name, CPython's TypeErrors for too many, unknown or missing arguments, Tensor
// methods without parameters rejecting arguments, polygamma's method form, and the type names in
// the autograd in-place error.
import * as torch from '../lib';
import { forwardSignature } from '../lib/nn/forward_signatures';
import { GoldenError, GoldenTensor, loadGolden, makeTensor } from './golden';
import { decodeArg, errorOf, expectOut, expectTensor } from './helpers';

const { nn } = torch;

interface ForwardRecord {
  qualname: string;
  params: [string, boolean][];
  too_many: GoldenError;
  unknown_keyword: GoldenError;
  missing: GoldenError | null;
}
interface ByNameCase {
  module: string; args: unknown[]; kwargs: Record<string, unknown>; state: [string, GoldenTensor][];
  inputs: GoldenTensor[]; call_args: any[]; call_kwargs: Record<string, any>; out: any;
}
const golden: {
  forward: Record<string, ForwardRecord | null>;
  forward_by_name: ByNameCase[];
  no_arguments: Record<string, Record<'positional' | 'two_positional' | 'keyword', GoldenError>>;
  polygamma: Record<'x' | 'positional' | 'by_name', GoldenTensor>;
  inplace_error: Record<string, GoldenError>;
} = loadGolden('call_binding');

type ModuleClass = { name: string; prototype: { forward: (...args: unknown[]) => unknown } };
const moduleClass = (name: string) => (nn as unknown as Record<string, ModuleClass>)[name];

/** The error a call throws: its class and message, as the fixture records one. */
function thrown(fn: () => unknown): GoldenError {
  const e = errorOf(fn);
  return { type: e instanceof torch.TorchError ? e.pythonType : e.constructor.name, message: e.message.split('\n')[0] };
}

describe('module forwards bind as Python does', () => {
  const recorded = Object.entries(golden.forward).filter((e): e is [string, ForwardRecord] => e[1] !== null);

  test('every torch.nn module class torchts exports is covered', () => {
    const exported = Object.keys(nn).filter((k) => {
      const v = (nn as Record<string, unknown>)[k];
      return typeof v === 'function' && (v === nn.Module || (v as { prototype?: unknown }).prototype instanceof nn.Module);
    });
    const ownClasses = ['ReLUSquared', 'SwiGLU'];
    expect(exported.filter((k) => !(k in golden.forward) && !ownClasses.includes(k))).toEqual([]);
    for (const k of ownClasses) expect(forwardSignature(moduleClass(k))?.names).toEqual(['input']);
  });

  test.each(recorded)('%s: the signature is PyTorch\'s', (name, g) => {
    const spec = forwardSignature(moduleClass(name));
    // MultiheadAttention and the Transformer modules bind inside their forward; the messages below cover them.
    if (spec === undefined) return expect(name).toMatch(/^(MultiheadAttention|Transformer.*)$/);
    expect(spec.fn).toBe(g.qualname);
    expect(spec.names).toEqual(g.params.map(([n]) => n));
    expect(spec.names.map((n) => n in spec.defaults)).toEqual(g.params.map(([, d]) => d));
  });

  test.each(recorded)('%s: too many, unknown and missing arguments raise CPython\'s TypeError', (name, g) => {
    const forward = moduleClass(name).prototype.forward;
    const required = g.params.filter(([, d]) => !d).length;
    const self = {};
    expect(thrown(() => forward.call(self, ...new Array(g.params.length + 1).fill(0)))).toEqual(g.too_many);
    expect(thrown(() => forward.call(self, ...new Array(required).fill(0), { bogus: 1 }))).toEqual(g.unknown_keyword);
    if (g.missing !== null) expect(thrown(() => forward.call(self))).toEqual(g.missing);
  });

  test.each(golden.forward_by_name.map((c) => [`${c.module}(${Object.keys(c.call_kwargs).join(', ')})`, c] as const))(
    '%s by name gives PyTorch\'s output', (_label, c) => {
      const module = (nn as unknown as Record<string, (...args: unknown[]) => torch.nn.Module>)[c.module](...c.args, c.kwargs);
      module.load_state_dict(Object.fromEntries(c.state.map(([k, t]) => [k, makeTensor(t)])));
      const inputs = c.inputs.map(makeTensor);
      const kwargs = Object.fromEntries(Object.entries(c.call_kwargs).map(([k, v]) => [k, decodeArg(v, inputs)]));
      const args = c.call_args.map((a) => decodeArg(a, inputs));
      expectOut(module(...args, kwargs), c.out, c.module, 1e-5);
      // The same call with every argument positional, in PyTorch's order.
      const names = forwardSignature(moduleClass(c.module))!.names;
      const positional = names.map((n, i) => (i < args.length ? args[i] : kwargs[n] ?? null));
      expectOut(module(...positional), c.out, `${c.module} positional`, 1e-5);
    });

  test('a plain object where a required argument is missing is that argument (a dict input), not keywords', () => {
    const dict = { a: 1 };
    expect(nn.Identity()(dict)).toBe(dict);
    expect(nn.Sequential(nn.Identity())(dict)).toBe(dict);
    expect(nn.Sequential()({})).toEqual({});
  });

  test('an unknown keyword after the required arguments is an error, not an optional argument', () => {
    const convT = nn.ConvTranspose2d(2, 2, 3, { stride: 2 });
    expect(thrown(() => convT(torch.zeros(1, 2, 4, 4), { outputsize: [10, 10] }))).toEqual(
      { type: 'TypeError', message: "ConvTranspose2d.forward() got an unexpected keyword argument 'outputsize'" });
  });
});

describe('Tensor methods without parameters', () => {
  const present = Object.entries(golden.no_arguments).filter(([name]) => typeof (torch.ones(1) as any)[name] === 'function');

  test('the sweep covers what torchts has', () => {
    expect(present.length).toBeGreaterThan(150);
  });

  test.each(present)('x.%s(...) raises Python\'s TypeError for arguments', (name, g) => {
    const call = (...args: unknown[]) => () => (torch.ones(2, 2) as any)[name](...args);
    expect(thrown(call(1))).toEqual(g.positional);
    expect(thrown(call(1, 2))).toEqual(g.two_positional);
    expect(thrown(call({ foo: 1 }))).toEqual(g.keyword);
  });

  test('the calls without arguments still work', () => {
    const x = torch.ones(2, 3);
    expect([x.numel(), x.dim(), x.nelement(), x.element_size()]).toEqual([6, 2, 6, 4]);
    expect(x.long().dtype).toBe(torch.int64);
    expect(x.zero_().sum().item()).toBe(0);
  });
});

test('x.polygamma(n): the schema puts n before self; the method form binds self by name', () => {
  const g = golden.polygamma;
  const x = makeTensor(g.x);
  expectTensor(x.polygamma(1), g.positional, 'polygamma(1)');
  expectTensor(x.polygamma({ n: 1 }), g.by_name, 'polygamma({ n: 1 })');
  expectTensor(torch.polygamma(1, x), g.positional, 'torch.polygamma(1, x)');
  expectTensor(torch.polygamma({ n: 1, input: x }), g.positional, 'torch.polygamma({ n: 1, input: x })');
  expectTensor(x.clone().polygamma_(1), g.positional, 'polygamma_(1)');
});

test.each(Object.entries(golden.inplace_error))('the in-place modification error names a %s tensor as Python does', (dt, g) => {
  const a = torch.tensor([0.5, -1.0], { dtype: (torch as unknown as Record<string, torch.dtype>)[dt], requires_grad: true });
  const b = a.exp();
  b.mul_(2);
  expect(thrown(() => b.sum().backward())).toEqual(g);
});
