// The inference fast path of MultiheadAttention, TransformerEncoderLayer and TransformerEncoder
// against PyTorch (scripts/golden/transformer_fastpath.py): per case the outputs, their layout, the
// fused ATen calls with their non-tensor arguments and masks, forward hooks, warnings and errors.
import * as torch from '../lib';
import * as dispatch from '../lib/ops/dispatch';
import { GoldenError, GoldenTensor, loadGolden, makeTensor } from './golden';
import { expectTensor } from './helpers';

const nn = torch.nn as any;
const golden = loadGolden('transformer_fastpath');

/** The fused ops PyTorch's fast path calls, with how many leading tensor arguments the fixture leaves out. */
const FUSED: Record<string, number> = { _native_multi_head_attention: 3, _transformer_encoder_layer_fwd: 1, _nested_tensor_from_mask: 1, to_padded_tensor: 1 };

interface FusedCall { op: string; args: unknown[]; kwargs: Record<string, unknown> }
interface Case {
  name: string; seed: number; masks: GoldenTensor[]; inputs: GoldenTensor[]; outputs: GoldenTensor[]; contiguous: boolean[]; none_outputs: boolean[];
  error: GoldenError | null; fused: FusedCall[]; hook_outputs_nested: boolean[]; warnings: string[];
  spec: { ctor: string; args: unknown[]; kwargs: Record<string, unknown>; shapes: number[][]; call_args: unknown[]; call_kwargs: Record<string, unknown>;
    mode: string; grad: boolean; edits: [string, string, unknown][]; hook: string | null; fastpath_off: boolean };
}
const cases: Case[] = golden.cases;

function build(spec: any): any {
  if (spec === null || typeof spec !== 'object' || !('$mod' in spec)) return spec;
  const [ctor, args, kwargs] = spec.$mod;
  const kw = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, build(v)]));
  return Object.keys(kw).length ? nn[ctor](...args.map(build), kw) : nn[ctor](...args.map(build));
}
const at = (m: any, path: string): any => path.split('.').filter((p) => p).reduce((o, p) => o[p], m);

/** A fused call's argument as the fixture writes it: a tensor by dtype and shape (null for a nested one). */
const describeArg = (v: unknown): unknown =>
  (v instanceof torch.Tensor ? { dtype: v.dtype.name, shape: v.is_nested ? null : v.shape } : v);

interface Run { result?: unknown; error?: Error; fused: unknown[][]; hookNested: boolean[]; warnings: string[] }

/** Builds and calls a case's module as the generator did, recording what the fixture records. */
function run(c: Case): Run {
  const s = c.spec;
  const fused: unknown[][] = [];
  const hookNested: boolean[] = [];
  const callAten = dispatch.callAten;
  const atenSpy = jest.spyOn(dispatch, 'callAten').mockImplementation((name: string, args: unknown[], overload?: string) => {
    if (name in FUSED) fused.push([name, ...args.slice(FUSED[name]).map(describeArg)]);
    return callAten(name, args, overload);
  });
  const warnSpy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  const switchOff = s.fastpath_off && torch.backends.mha !== undefined;
  try {
    torch.manual_seed(c.seed);
    const m = build({ $mod: [s.ctor, s.args, s.kwargs] });
    m.train(s.mode === 'train');
    for (const [kind, path, value] of s.edits) {
      const cut = path.lastIndexOf('.');
      if (kind === 'set') at(m, path.slice(0, Math.max(cut, 0)))[path.slice(cut + 1)] = value;
      else at(m, path)[value as string]();
    }
    if (s.hook !== null) at(m, s.hook).register_forward_hook((_m: unknown, _args: unknown, output: torch.Tensor) => { hookNested.push(output.is_nested); });
    const inputs = s.shapes.map((shape) => torch.randn(shape));
    inputs.forEach((t, i) => expectTensor(t, c.inputs[i], `input ${i}`, 0));
    const masks = c.masks.map(makeTensor);
    const ref = (a: any) => (a !== null && typeof a === 'object' ? ('$in' in a ? inputs[a.$in] : masks[a.$mask]) : a);
    const kwargs = Object.fromEntries(Object.entries(s.call_kwargs).map(([k, v]) => [k, ref(v)]));
    const call = () => m(...s.call_args.map(ref), ...(Object.keys(kwargs).length ? [kwargs] : []));
    if (switchOff) torch.backends.mha.set_fastpath_enabled(false);
    try {
      return { result: s.grad ? torch.enable_grad(call) : torch.no_grad(call), fused, hookNested, warnings: warnSpy.mock.calls.map((w) => String(w[0])) };
    } catch (e) {
      return { error: e as Error, fused, hookNested, warnings: warnSpy.mock.calls.map((w) => String(w[0])) };
    }
  } finally {
    if (switchOff) torch.backends.mha.set_fastpath_enabled(true);
    atenSpy.mockRestore();
    warnSpy.mockRestore();
  }
}

const tensorsOf = (r: unknown): torch.Tensor[] => (r instanceof torch.Tensor ? [r] : r === null ? [] : (r as unknown[]).flatMap(tensorsOf));
/**
 * Values: bit for bit where the output comes from the fused kernels (the same kernels run here),
 * else to 1e-5 (the composite's sums may run in another order), as where a composite layer calls
 * MultiheadAttention's fused kernel.
 */
const tolerance = (c: Case): number =>
  (c.fused.length > 0 && (c.spec.ctor === 'MultiheadAttention' || c.fused.every((f) => f.op !== '_native_multi_head_attention')) ? 0 : 1e-5);

const seenWarnings = new Set<string>();

describe.each(cases.map((c) => [c.name, c]) as [string, Case][])('%s', (_name, c) => {
  test('takes the path PyTorch takes, with its values', () => {
    const r = run(c);
    r.warnings.forEach((w) => seenWarnings.add(w));
    // each warning shows once per process (Python's default filter): those seen here are among PyTorch's for this case
    for (const w of r.warnings) expect(c.warnings).toContain(w);
    expect(r.fused).toEqual(c.fused.map((f) => [f.op, ...f.args, ...Object.values(f.kwargs)]));
    expect(r.hookNested).toEqual(c.hook_outputs_nested);
    if (c.error !== null) {
      expect(r.error).toBeDefined();
      expect(r.error!.constructor.name === 'TorchError' ? (r.error as torch.TorchError).pythonType : r.error!.constructor.name).toBe(c.error.type);
      // the argument parser's message for a fused op's missing tensor is Python's own (torchts names the op's schemas)
      if (c.error.type === 'TypeError') expect(r.error!.message).toContain(c.error.message.split('(')[0]);
      else expect(r.error!.message).toBe(c.error.message);
      return;
    }
    if (r.error) throw r.error;
    const outs = tensorsOf(r.result);
    expect(outs.map((t) => t.is_contiguous())).toEqual(c.contiguous);
    outs.forEach((t, i) => expectTensor(t, c.outputs[i], `output ${i}`, tolerance(c)));
    if (c.none_outputs.length) expect((r.result as unknown[]).map((t) => t === null)).toEqual(c.none_outputs);
  });
});

test('every warning PyTorch gives is given', () => {
  expect([...seenWarnings].sort()).toEqual([...new Set(cases.flatMap((c) => c.warnings))].sort());
});

const byName = (name: string): Case => cases.find((c) => c.name === name)!;

test('the encoder leaves padded positions 0 on the nested path, and not on the composite one', () => {
  const padded = (c: Case): number[] => {
    const out = tensorsOf(run(c).result)[0];
    return out.select(0, 1).slice(0, 3).flatten().tolist() as number[];  // sequence 1's two padded steps
  };
  expect(padded(byName('encoder relu src_key_padding_mask')).every((v) => v === 0)).toBe(true);
  expect(padded(byName('encoder grad enabled')).some((v) => v !== 0)).toBe(true);
});

test("the fused ops are in the running LibTorch's dispatcher", () => {
  for (const op of [...Object.keys(FUSED), '_nested_tensor_from_mask_left_aligned']) expect(dispatch.schemas(op).length).toBeGreaterThan(0);
});

test('is_nested is false for tensors torchts makes', () => {
  expect(torch.randn(2, 3).is_nested).toBe(false);
});

test('a fast-path forward leaves only its outputs alive', () => {
  torch.manual_seed(0);
  const layer = nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, batch_first: true }).eval();
  const mha = nn.MultiheadAttention(8, 2, { batch_first: true }).eval();
  const x = torch.randn(3, 5, 8);
  for (const [call, shapes] of [[() => layer(x), [[3, 5, 8]]], [() => mha(x, x, x), [[3, 5, 8], [3, 5, 5]]]] as [() => unknown, number[][]][]) {
    torch.collect();
    const before = torch.memory().tensors;
    const out = torch.no_grad(call);
    expect(torch.memory().tensors - before).toBe(shapes.length);
    expect(tensorsOf(out).map((t) => t.shape)).toEqual(shapes);
  }
});
