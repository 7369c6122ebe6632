// MultiheadAttention, the Transformer family and the attention functionals against PyTorch
// (scripts/golden/transformer.py): same seed -> same parameters; outputs, attention weights, input
// and parameter gradients, printing, state_dict keys, errors.
import * as torch from '../lib';
import { GoldenTensor, loadGolden, makeTensor } from './golden';
import { expectTensor } from './helpers';

const nn = torch.nn as any;
const F = torch.nn.functional;
const golden = loadGolden('transformer');

/** Fixture values to 1e-5 (absolute plus relative): float32 sums may run in another order than in Python. */
const expectClose = (t: torch.Tensor, ref: GoldenTensor): void => expectTensor(t, ref, 'tensor', 1e-5);

/** A constructor argument: {$mod: [ctor, args, kwargs]} is a module built in place. */
function build(spec: any): any {
  if (spec === null || typeof spec !== 'object' || !('$mod' in spec)) return spec;
  const [ctor, args, kwargs] = spec.$mod;
  const kw = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, build(v)]));
  return Object.keys(kw).length ? nn[ctor](...args.map(build), kw) : nn[ctor](...args.map(build));
}

const tensorsOf = (r: unknown): torch.Tensor[] => (r instanceof torch.Tensor ? [r] : r === null ? [] : (r as unknown[]).flatMap(tensorsOf));

describe.each(golden.modules.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name: string, c: any) => {
  test('forward, gradients, printing and state_dict keys equal PyTorch', () => {
    torch.manual_seed(c.seed);
    const m = build({ $mod: [c.ctor, c.args, c.kwargs] });
    m.train(c.mode === 'train');
    expect(String(m)).toBe(c.repr);
    expect(Object.keys(m.state_dict())).toEqual(c.state_dict_keys);
    for (const [n, ref] of Object.entries(c.params)) expectClose(m.get_parameter(n), ref as GoldenTensor);
    for (const r of c.inputs) torch.randn(r.shape);
    const inputs = c.inputs.map((r: GoldenTensor) => makeTensor(r).requires_grad_());
    const masks = c.masks.map(makeTensor);
    const ref = (a: any) => (a !== null && typeof a === 'object' ? ('$in' in a ? inputs[a.$in] : masks[a.$mask]) : a);
    const kwargs = Object.fromEntries(Object.entries(c.call_kwargs).map(([k, v]) => [k, ref(v)]));
    const outs = tensorsOf(m(...c.call_args.map(ref), ...(Object.keys(kwargs).length ? [kwargs] : [])));
    expect(outs.length).toBe(c.outputs.length);
    outs.forEach((t, i) => expectClose(t, c.outputs[i]));
    outs.map((t) => t.mul(torch.linspace(-1, 1, t.numel()).reshape(t.shape)).sum()).reduce((a, b) => a.add(b)).backward();
    inputs.forEach((t: torch.Tensor, i: number) => expectClose(t.grad!, c.input_grads[i]));
    for (const [n, g] of Object.entries(c.param_grads)) expectClose(m.get_parameter(n).grad, g as GoldenTensor);
  });
});

describe('attention functionals', () => {
  test.each(golden.sdpa.map((c: any) => [c.name, c]) as [string, any][])('scaled_dot_product_attention %s', (_n, c: any) => {
    const [q, k, v] = c.inputs.map((r: GoldenTensor) => makeTensor(r).requires_grad_());
    const mask = c.mask === null ? null : makeTensor(c.mask);
    const out = F.scaled_dot_product_attention(q, k, v, mask, { ...c.kwargs });
    expectClose(out, c.output);
    out.mul(torch.linspace(-1, 1, out.numel()).reshape(out.shape)).sum().backward();
    [q, k, v].forEach((t, i) => expectClose(t.grad!, c.input_grads[i]));
  });
  test('multi_head_attention_forward with separate projection weights', () => {
    const g = golden.mha_forward;
    const t = Object.fromEntries(Object.entries(g.tensors).map(([k, r]) => [k, makeTensor(r as GoldenTensor)])) as Record<string, torch.Tensor>;
    const [out, weights] = F.multi_head_attention_forward(t.query, t.key, t.value, g.E, g.H, null, t.in_proj_bias, null, null, false, 0.0,
      t.out_proj_weight, t.out_proj_bias, { training: false, use_separate_proj_weight: true, q_proj_weight: t.q_proj_weight,
        k_proj_weight: t.k_proj_weight, v_proj_weight: t.v_proj_weight });
    expectClose(out, g.output);
    expectClose(weights!, g.weights);
  });
  test('multi_head_attention_forward leaves only its results alive; the graph keeps what backward needs', () => {
    const mha = nn.MultiheadAttention(8, 2, { dropout: 0.5 });
    const x = torch.randn(5, 3, 8, { requires_grad: true });
    torch.collect();
    const before = torch.memory().tensors;
    const [out, weights] = F.multi_head_attention_forward(x, x, x, 8, 2, mha.in_proj_weight, mha.in_proj_bias, null, null, false, 0.5,
      mha.out_proj.weight, mha.out_proj.bias, { training: true });
    expect(torch.memory().tensors - before).toBe(2);
    out.sum().backward();
    expect(x.grad!.shape).toEqual([5, 3, 8]);
    expect(x.grad!.abs().sum().item()).toBeGreaterThan(0);
    expect(weights!.shape).toEqual([3, 5, 5]);
  });
  test('generate_square_subsequent_mask', () => {
    expectClose(nn.Transformer.generate_square_subsequent_mask(4), golden.square_subsequent_mask);
    expect(nn.Transformer.generate_square_subsequent_mask(4, { dtype: torch.float64 }).dtype).toBe(torch.float64);
  });
});

test("bad arguments and inputs raise PyTorch's errors", () => {
  const e = golden.errors;
  const mha = nn.MultiheadAttention(8, 2);
  expect(() => nn.MultiheadAttention(8, 3)).toThrow(e['embed_dim not divisible'].message);
  expect(() => mha(torch.randn(5, 2, 8), torch.randn(4, 2, 8), torch.randn(4, 2, 8), { attn_mask: torch.zeros(5, 5) })).toThrow(e['2d mask shape'].message);
  expect(() => mha(torch.randn(1, 5, 2, 8), torch.randn(1, 4, 2, 8), torch.randn(1, 4, 2, 8))).toThrow(e['4d query'].message);
  expect(() => mha(torch.randn(5, 2, 8), torch.randn(4, 2, 8), torch.randn(4, 2, 8), { key_padding_mask: torch.zeros(2, 4, { dtype: torch.int64 }) }))
    .toThrow(e['int key_padding_mask'].message);
  expect(() => nn.TransformerEncoderLayer(8, 2, { activation: 'tanh' })).toThrow(e['bad activation'].message);
  expect(() => nn.Transformer(8, 2, 1, 1, 16)(torch.randn(5, 2, 8), torch.randn(4, 3, 8))).toThrow(e['transformer batch mismatch'].message);
  expect(() => nn.MultiheadAttention(8, 2, { heads: 2 })).toThrow("MultiheadAttention.__init__() got an unexpected keyword argument 'heads'");
});

test('an activation function is used as given', () => {
  torch.manual_seed(0);
  const a = nn.TransformerEncoderLayer(8, 2, 16, 0.0, F.gelu);
  torch.manual_seed(0);
  const b = nn.TransformerEncoderLayer(8, 2, 16, 0.0, 'gelu');
  const x = torch.randn(4, 2, 8);
  expect(a(x).equal(b(x))).toBe(true);
  expect(String(a)).toBe(String(b));
});

describe('Transformer layers free their intermediates on return only while no user code can see them', () => {
  const layerAndInput = (): [any, torch.Tensor] => {
    torch.manual_seed(0);
    return [nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, batch_first: true }), torch.randn(2, 5, 8, { requires_grad: true })];
  };
  /** Tensors a training-mode forward leaves alive, and the input gradient of sum(output). */
  const run = (layer: any, x: torch.Tensor): [number, number[]] => {
    torch.collect();
    const before = torch.memory().tensors;
    const y = layer(x);
    const alive = torch.memory().tensors - before;
    y.sum().backward();
    const grad = x.grad!.flatten().tolist() as number[];
    x.grad = null;
    return [alive, grad];
  };
  const [, reference] = run(...layerAndInput());

  test('built-in layers keep only the output; gradients are unchanged', () => {
    const [layer, x] = layerAndInput();
    const [alive, grad] = run(layer, x);
    expect(alive).toBe(1);
    expect(grad).toEqual(reference);
    torch.manual_seed(0);
    const decoder = nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, batch_first: true });
    const before = torch.memory().tensors;
    decoder(torch.randn(2, 5, 8), torch.randn(2, 3, 8));
    expect(torch.memory().tensors - before).toBe(3);  // two inputs and the output
  });


  test.each([['training, dropout 0.1', true], ['eval: dropout gives back its input', false]])('%s: freeing changes no value', (_n, training) => {
    const outputs = [false, true].map((hooked) => {
      torch.manual_seed(1);
      const layer = nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.1, activation: 'gelu' });
      if (hooked) layer.dropout.register_forward_hook(() => undefined);
      layer.train(training);
      const [tgt, memory] = [torch.randn(5, 2, 8, { requires_grad: true }), torch.randn(3, 2, 8)];
      const y = layer(tgt, memory);
      y.pow(2).sum().backward();
      return [y.flatten().tolist(), tgt.grad!.flatten().tolist()];
    });
    expect(outputs[0]).toEqual(outputs[1]);
  });

  /** Each way user code can run inside the layer: what it kept must stay usable, and the result must not change. */
  const observers: [string, (layer: any, kept: torch.Tensor[]) => any][] = [
    ['a forward hook on a sub-module', (layer, kept) => { layer.linear1.register_forward_hook((_m: unknown, _i: unknown, o: torch.Tensor) => { kept.push(o); }); return layer; }],
    ['a forward pre-hook on a sub-module', (layer, kept) => { layer.norm2.register_forward_pre_hook((_m: unknown, i: torch.Tensor[]) => { kept.push(i[0]); }); return layer; }],
    ['a global forward hook', (layer, kept) => { handles.push(nn.modules.module.register_module_forward_hook((_m: unknown, _i: unknown, o: unknown) => { if (o instanceof torch.Tensor) kept.push(o); })); return layer; }],
    ['an activation function', (layer, kept) => { layer.activation = (t: torch.Tensor) => { kept.push(t); return F.relu(t); }; return layer; }],
    ['a method replaced on the instance', (layer, kept) => { const ff = layer._ff_block.bind(layer); layer._ff_block = (t: torch.Tensor) => { kept.push(t); return ff(t); }; return layer; }],
    ['a subclass', (layer, kept) => {
      class Keeping extends torch.nn.TransformerEncoderLayer {
        _sa_block(x: torch.Tensor, mask: torch.Tensor | null, padding: torch.Tensor | null) { const r = super._sa_block(x, mask, padding); kept.push(r); return r; }
      }
      torch.manual_seed(0);
      return new Keeping(8, 2, { dim_feedforward: 16, dropout: 0.0, batch_first: true });
    }],
    ['a parametrized weight', (layer, kept) => {
      class Keep extends torch.nn.Module { forward(w: torch.Tensor) { const r = w.mul(1); kept.push(r); return r; } }
      torch.nn.utils.parametrize.register_parametrization(layer.linear2, 'weight', new Keep());
      return layer;
    }],
  ];
  const handles: { remove(): void }[] = [];
  afterEach(() => { for (const h of handles.splice(0)) h.remove(); });
  test.each(observers)('%s keeps what it sees', (_name, observe) => {
    const [layer, x] = layerAndInput();
    const kept: torch.Tensor[] = [];
    const [alive, grad] = run(observe(layer, kept), x);
    expect(kept.length).toBeGreaterThan(0);
    for (const t of kept) expect(Number.isFinite(t.sum().item())).toBe(true);
    expect(alive).toBeGreaterThan(1);
    expect(grad).toEqual(reference);
  });
});

// PyTorch 2.x's is_causal hints: parameters after the masks, the same result as the mask they
// describe, and PyTorch's error for a hint without a mask. LibTorch 1.13's forwards have none.
const hasCausalHints = Number(torch.__libtorch_version__.split('.')[0]) >= 2;
(hasCausalHints ? describe : describe.skip)('is_causal hints (PyTorch 2.x)', () => {
  const mask = nn.Transformer.generate_square_subsequent_mask(5);
  test('a hint gives the masked result', () => {
    torch.manual_seed(0);
    const model = nn.Transformer(8, 2, 1, 1, 16, 0.0);
    const [src, tgt] = [torch.randn(5, 2, 8), torch.randn(5, 2, 8)];
    const plain = model(src, tgt, { src_mask: mask, tgt_mask: mask });
    const hinted = model(src, tgt, mask, mask, null, null, null, null, true, true, false);
    expect(hinted.flatten().tolist()).toEqual(plain.flatten().tolist());
    const layer = model.encoder.layers[0];
    expect(layer(src, mask, null, true).flatten().tolist()).toEqual(layer(src, { src_mask: mask }).flatten().tolist());
  });
  test("a hint without a mask raises PyTorch's error", () => {
    const mha = nn.MultiheadAttention(8, 2);
    const x = torch.randn(5, 2, 8);
    const message = 'Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.';
    expect(() => mha(x, x, x, { is_causal: true })).toThrow(message);
    expect(() => nn.TransformerEncoderLayer(8, 2, 16)(x, { is_causal: true })).toThrow(message);
    expect(() => nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 1)(x, { is_causal: true })).toThrow(message);
  });
});
