// F.multi_head_attention_forward and F.scaled_dot_product_attention against the PyTorch of the
// running LibTorch (scripts/golden/functional_attention.py): 1.13's composite, or 2.x's canonical
// masks, is_causal hints and scaled_dot_product_attention when no weights are asked for. Outputs,
// gradients, warnings and errors.
import * as torch from '../lib';
import { GoldenTensor, GoldenError, loadGolden, makeTensor } from './golden';
import { expectTensor } from './helpers';

const F = torch.nn.functional;
const golden = loadGolden('functional_attention');

/** Float32 values as PyTorch computes them: the same ATen ops in the same order give the same bits. */
const TOL = 0;

/** A fixture argument: {$t: name} is the case's tensor of that name (one object per name: self-attention). */
const refer = (a: any, tensors: Record<string, torch.Tensor>): any => (a !== null && typeof a === 'object' && '$t' in a ? tensors[a.$t] : a);

/** fn's result and the warnings it emitted. */
function catchWarnings<T>(fn: () => T): [T, string[]] {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    return [fn(), spy.mock.calls.map((c) => String(c[0]))];
  } finally {
    spy.mockRestore();
  }
}

/** The error fn raises, as the fixture records one (class name, first line). */
function errorOf(fn: () => unknown): GoldenError {
  try {
    fn();
  } catch (e) {
    const type = e instanceof torch.TorchError ? e.pythonType : (e as Error).name;
    return { type, message: (e as Error).message.split('\n')[0] };
  }
  throw new Error('expected an error');
}

/** Python's warnings show each message once per call site: what torchts shows across the file must be what PyTorch gives. */
const shown = new Set<string>();
const expected = new Set<string>();

describe('multi_head_attention_forward', () => {
  describe.each(golden.mha.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name, c: any) => {
    const run = () => {
      const tensors: Record<string, torch.Tensor> = Object.fromEntries(Object.entries(c.tensors).map(([n, r]) => [n, makeTensor(r as GoldenTensor)]));
      for (const n of c.grads) tensors[n].requires_grad_();
      const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, refer(v, tensors)]));
      const call = () => F.multi_head_attention_forward(...(c.call.map((a: any) => refer(a, tensors)) as [any, any, any, any, any, any, any, any, any, any, any, any, any]),
        kwargs);
      return { tensors, call };
    };
    if (c.error !== undefined) {
      test(`raises PyTorch's ${c.error.type}`, () => {
        const err = errorOf(run().call);
        // PyTorch's bare `assert` has no message: torchts says which bias is missing
        expect(c.error.message === '' ? { type: err.type } : err).toEqual(c.error.message === '' ? { type: c.error.type } : c.error);
      });
      return;
    }
    test('outputs, gradients and warnings equal PyTorch', () => {
      const { tensors, call } = run();
      torch.manual_seed(c.seed);
      const [outs, warnings] = catchWarnings(call);
      for (const w of warnings) expect(c.warnings).toContain(w);
      warnings.forEach((w) => shown.add(w));
      (c.warnings as string[]).forEach((w) => expected.add(w));
      expect(outs.map((t) => t === null)).toEqual(c.outputs.map((r: unknown) => r === null));
      outs.forEach((t, i) => { if (t !== null) expectTensor(t, c.outputs[i], `output ${i}`, TOL); });
      if (c.grads.length === 0) return;
      const present = outs.filter((t): t is torch.Tensor => t !== null);
      present.map((t) => t.mul(torch.linspace(-1, 1, t.numel()).reshape(t.shape)).sum()).reduce((a, b) => a.add(b)).backward();
      for (const n of c.grads) expectTensor(tensors[n].grad, c.input_grads[n], `${n}.grad`, TOL);
    });
  });

  test('every warning PyTorch gives is shown', () => {
    expect([...shown].sort()).toEqual([...expected].sort());
  });
});

describe('scaled_dot_product_attention', () => {
  /** A table's cases, or one skipped test saying why there are none. */
  const each = (cases: [string, any][]) => (cases.length > 0 ? test.each(cases) : test.skip.each([['(none: PyTorch 1.13 has no scaled_dot_product_attention)', null]]));
  each(golden.sdpa.map((c: any) => [c.name, c]))('%s', (_n, c: any) => {
    const [q, k, v] = c.inputs.map((r: GoldenTensor) => makeTensor(r).requires_grad_());
    const out = F.scaled_dot_product_attention(q, k, v, { ...c.kwargs });
    expectTensor(out, c.output, 'output', TOL);
    out.mul(torch.linspace(-1, 1, out.numel()).reshape(out.shape)).sum().backward();
    [q, k, v].forEach((t, i) => expectTensor(t.grad, c.input_grads[i], `input ${i} grad`, TOL));
  });
  each(golden.sdpa_errors.map((c: any) => [c.name, c]))("%s raises PyTorch's error", (_n, c: any) => {
    const q = torch.randn(2, 3, 4);
    const args = c.args.map((a: unknown, i: number) => (c.tensor_args[i] ? q : a));
    const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]: [string, any]) => [k, v !== null && typeof v === 'object' && '$t' in v ? makeTensor(v.$t) : v]));
    const fn = F.scaled_dot_product_attention as (...a: unknown[]) => torch.Tensor;
    expect(errorOf(() => fn(...args, ...(Object.keys(kwargs).length ? [kwargs] : [])))).toEqual(c.error);
  });
  test('a Parameter is a Tensor to the binding; arguments go by name too', () => {
    const q = torch.randn(2, 3, 4);
    const expected = F.scaled_dot_product_attention(q, q, q).flatten().tolist();
    expect(F.scaled_dot_product_attention(torch.nn.Parameter(q), q, q).flatten().tolist()).toEqual(expected);
    expect(F.scaled_dot_product_attention({ query: q, key: q, value: q, dropout_p: 0 }).flatten().tolist()).toEqual(expected);
  });
});

describe('temporaries', () => {
  /** Tensors a call leaves alive besides its inputs, and the inputs' gradients afterwards. */
  const alive = (need_weights: boolean, statics: boolean): number => {
    torch.manual_seed(3);
    const x = torch.randn(4, 3, 8, { requires_grad: true });
    const [w_in, b_in, w_out, b_out] = [torch.randn(24, 8), torch.randn(24), torch.randn(8, 8), torch.randn(8)];
    const [static_k, static_v] = statics ? [torch.randn(6, 4, 4, { requires_grad: true }), torch.randn(6, 4, 4)] : [null, null];
    torch.collect();
    const before = torch.memory().tensors;
    const [out, weights] = F.multi_head_attention_forward(x, x, x, 8, 2, w_in, b_in, null, null, false, 0.0, w_out, b_out,
      { need_weights, static_k, static_v });
    const left = torch.memory().tensors - before;
    out.sum().backward();
    expect(x.grad!.abs().sum().item()).toBeGreaterThan(0);
    if (static_k !== null) expect(static_k.grad!.shape).toEqual([6, 4, 4]);
    if (static_v !== null) expect(static_v.sum().item()).not.toBeNaN();
    expect(weights === null).toBe(!need_weights);
    return left;
  };
  test.each([[true, false], [false, false], [true, true], [false, true]])('need_weights %s, static keys %s: only the results stay', (need_weights, statics) => {
    expect(alive(need_weights, statics)).toBe(need_weights ? 2 : 1);
  });
});
