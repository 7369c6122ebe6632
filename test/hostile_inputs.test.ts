// Hostile inputs: each call that once crashed, hung or threw an unhelpful error, plus a short
// deterministic slice of the generated suite (`npm run fuzz` runs the long one).
// Calls that could take the process down run as snippets in a child process (scripts/fuzz/
// snippets.js): a regression fails its own test (crash or hang) instead of the test runner.
import * as torch from '../lib';

const nn = torch.nn;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { runFuzz, runSnippets } = require('../scripts/fuzz/run.js');

interface Outcome { kind: string; detail: string }
const snippets: string[] = [];
let outcomes: Outcome[] = [];

/**
 * Registers `body` (an async function body with `torch`, `nn`, `F`, `boom`, `thrown(f)`, `require` and
 * `ROOT` in scope) to run in the shared child; returns a reader of its outcome.
 */
function isolated(body: string): () => Outcome {
  const i = snippets.push(body) - 1;
  return () => outcomes[i];
}

beforeAll(async () => {
  outcomes = await runSnippets(snippets, { timeoutMs: 30000 });
}, 240000);

/** The snippet ran to the end (no crash, no hang, no stray exception) and returned `expected`. */
function expectReport(outcome: () => Outcome, expected: unknown): void {
  const o = outcome();
  expect(o.kind === 'ok' ? 'ok' : `${o.kind}: ${o.detail}`).toBe('ok');
  expect(JSON.parse(o.detail)).toEqual(expected);
}
const getterError = { name: 'Error', message: 'from the getter' };
const throwingList = (first: string) => `(() => { const a = [${first}, ${first}]; Object.defineProperty(a, 1, { get: boom }); return a; })()`;
/** One call per snippet: `call`'s value (as a string) or its error, as plain data. */
const call = (expr: string) => isolated(`return thrown(() => ${expr});`);

describe('a throwing getter or Proxy during argument conversion throws, never aborts', () => {
  const options = ['any', 'argmin', 'prod', 'sum'].map((fn) => [fn, call(`torch.${fn}(torch.ones(2, 3), { get dim() { boom(); } })`)] as const);
  test.each(options)('keyword option getter: torch.%s', (_fn, outcome) => expectReport(outcome, getterError));

  const lists = [
    ['sum over dims', `torch.ones(2, 3).sum(${throwingList('0')})`],
    ['torch.cat', `torch.cat(${throwingList('torch.ones(2)')})`],
    ['torch.stack', `torch.stack(${throwingList('torch.ones(2)')})`],
    ['backward inputs', `(() => { const x = torch.ones(2, { requires_grad: true }); x.sum().backward(null, { inputs: ${throwingList('x')} }); })()`],
    ['autograd.grad inputs', `(() => { const x = torch.ones(2, { requires_grad: true }); return torch.autograd.grad(x.sum(), ${throwingList('x')}); })()`],
    ['from_blob shape', `torch.from_blob(new Float32Array(4), ${throwingList('2')})`],
    ['aten int[] argument', `torch.ops.aten.sum.dim_IntList(torch.ones(2, 3), ${throwingList('0')})`],
    ['aten SymInt[] argument', `torch.ops.aten.view(torch.ones(2, 3), ${throwingList('6')})`],
  ].map(([name, expr]) => [name, call(expr)] as const);
  test.each(lists)('int or tensor list with a throwing element: %s', (_name, outcome) => expectReport(outcome, getterError));

  const optimizers = ['Adagrad', 'Adam'].map((opt) => [opt, isolated(`
    const p = nn.Parameter(torch.ones(3));
    const o = new torch.optim.${opt}([p], { lr: 0.1 });
    p.square().sum().backward();
    o.state.set(p, new Proxy({}, { get: boom, has: boom, set: boom }));
    return thrown(() => o.step());
  `)] as const);
  test.each(optimizers)('optimizer state entry is a throwing Proxy: %s.step()', (_opt, outcome) => expectReport(outcome, getterError));
});

describe('from_blob never aliases memory JS can take away', () => {
  test('a resizable ArrayBuffer is refused (it could be shrunk under the tensor)', () => {
    const buffer: ArrayBuffer = new (ArrayBuffer as any)(16, { maxByteLength: 64 }); // ES2024 resizable
    expect(() => torch.from_blob(new Float32Array(buffer), [4])).toThrow(TypeError);
    expect(() => torch.from_blob(new Float32Array(buffer), [4])).toThrow(/resizable ArrayBuffer/);
    expect(torch.tensor(new Float32Array(buffer)).shape).toEqual([4]); // copying is fine
  });

  const shrunk = isolated(`
    const b = new ArrayBuffer(400, { maxByteLength: 800 });
    const r = thrown(() => torch.from_blob(new Float32Array(b), [100]));
    b.resize(0);
    return [r.name, torch.ones(3).sum().item()];
  `);
  test('shrinking a buffer after the refusal cannot reach freed memory', () => expectReport(shrunk, ['TypeError', 3]));

  const transferred = isolated(`
    const f = new Float32Array(1000).fill(2);
    const t = torch.from_blob(f, [1000]);
    structuredClone(f.buffer, { transfer: [f.buffer] });
    torch.collect();
    return [f.length, t.sum().item(), thrown(() => torch.from_blob(f, [1000])).name];
  `);
  test('a transferred (detached) buffer keeps its memory alive for the tensor', () => expectReport(transferred, [0, 2000, 'RangeError']));
});

describe('calls that used to hang or exhaust the heap return', () => {
  const selfOnly = isolated('const a = []; a.push(a); return thrown(() => torch.tensor(a));');
  test('torch.tensor of an array that contains itself: ValueError at 128 dims, as PyTorch', () =>
    expectReport(selfOnly, { name: 'TorchError', message: "too many dimensions 'list'", pythonType: 'ValueError' }));

  const selfAfterNumber = isolated('const a = [1]; a.push(a); return thrown(() => torch.tensor(a));');
  test('torch.tensor of a list holding itself after a number: TypeError, as PyTorch', () =>
    expectReport(selfAfterNumber, { name: 'TypeError', message: 'new(): self-referential lists are incompatible' }));

  const hooks = isolated(`
    const m = nn.Linear(2, 2);
    let calls = 0;
    const hook = () => { calls++; m.register_forward_hook(hook); };
    m.register_forward_hook(hook);
    m(torch.ones(2));
    const first = calls;
    m(torch.ones(2));
    return [first, calls];
  `);
  test('a forward hook that registers another hook: the new hook runs from the next call', () => expectReport(hooks, [1, 3]));

  const terminate = isolated(`
    const { Worker } = require('worker_threads');
    const w = new Worker(\`
      const torch = require(\${JSON.stringify(ROOT)});
      const a = torch.ones(2), b = torch.ones(3);
      require('worker_threads').parentPort.postMessage('looping');
      for (;;) { try { a.add(b); } catch (e) {} }
    \`, { eval: true });
    await new Promise((resolve) => w.once('message', resolve));
    await w.terminate();
    return 'terminated';
  `);
  test('worker.terminate() ends a worker looping on a failing op inside try/catch', () => expectReport(terminate, 'terminated'));

  const holeySubset = isolated(`
    const indices = [];
    indices.length = 2 ** 32 - 1;
    return thrown(() => new torch.utils.data.Subset(new torch.utils.data.TensorDataset(torch.ones(4)), indices));
  `);
  test('Subset over a huge holey index array fails at its first hole', () =>
    expectReport(holeySubset, { name: 'TypeError', message: 'Subset(): expected integer indices but received undefined at position 0' }));
});

describe('LibTorch 1.13 kernels get checked inputs', () => {
  const kernels = ([
    ['native_channel_shuffle, empty input', `torch.ops.aten.native_channel_shuffle(torch.ones(0, 4, 2), 2).shape`, { returned: '0,4,2' }],
    ['native_channel_shuffle, huge groups', `torch.ops.aten.native_channel_shuffle(torch.ones(1, 4, 2), 2 ** 40)`,
      { name: 'TorchError', message: 'Number of channels must be divisible by groups. Got 4 channels and 1099511627776 groups.', pythonType: 'RuntimeError' }],
    ['native_channel_shuffle, negative groups', `torch.ops.aten.native_channel_shuffle(torch.ones(1, 4, 2), -2)`,
      { name: 'TorchError', message: 'Number of groups to divide channels in must be positive. Value of groups:-2', pythonType: 'RuntimeError' }],
    ['gru_cell, weights of the wrong size', `torch.ops.aten.gru_cell(torch.ones(2, 3), torch.ones(2, 4), torch.ones(2, 3), torch.ones(2, 4))`,
      { name: 'TorchError', message: 'gru_cell(): w_ih.size(0) must be 3 * hidden_size (one block per gate), but got 2', pythonType: 'RuntimeError' }],
    ['lstm_cell, weights of the wrong size', `torch.ops.aten.lstm_cell(torch.ones(2, 3), [torch.ones(2, 1), torch.ones(2, 1)], torch.ones(1, 3), torch.ones(1, 1))`,
      { name: 'TorchError', message: 'lstm_cell(): w_ih.size(0) must be 4 * hidden_size (one block per gate), but got 1', pythonType: 'RuntimeError' }],
    ['fractional_max_pool3d_backward, empty output_size',
      `torch.ops.aten.fractional_max_pool3d_backward(torch.ones(1, 2, 2, 2, 2), torch.randn(1, 2, 4, 4, 4), [2, 2, 2], [], torch.zeros([1, 2, 2, 2, 2], { dtype: torch.int64 }))`,
      { name: 'TorchError', message: 'fractional_max_pool3d_backward(): It is expected output_size equals to 3, but got size 0', pythonType: 'RuntimeError' }],
    ['_sobol_engine_initialize_state_, state of the wrong shape', `torch.ops.aten._sobol_engine_initialize_state_(torch.tensor([[1, 2, 3], [4, 5, 6]]), 1)`,
      { name: 'TorchError', message: 'sobolstate.size(1) must be at least 30, but got 3', pythonType: 'RuntimeError' }],
    ['F.max_pool1d with a 1e12 kernel', `F.max_pool1d(torch.ones(1, 1, 4), 1e12).shape`, { returned: '1,1,0' }],
  ] as const).map(([name, expr, expected]) => [name, call(expr), expected] as const);
  test.each(kernels)('%s', (_name, outcome, expected) => expectReport(outcome, expected));

  test('max_pool1d over an oversized window gives PyTorch values', () => {
    // PyTorch 1.13: F.max_pool1d(torch.arange(7.).view(1, 1, 7), 9, 2, 4, 1, True) -> [[[4., 6., 6., 6.]]]
    const x = torch.arange(7).float().view(1, 1, 7);
    expect(nn.functional.max_pool1d(x, 9, 2, 4, 1, true).tolist()).toEqual([[[4, 6, 6, 6]]]);
  });
});

describe('errors say what was wrong', () => {
  test('nn.Hardtanh(2 ** 53 + 1) explains the bounds', () => {
    expect(() => nn.Hardtanh(2 ** 53 + 1)).toThrow(/max_val \(1\) must be greater than min_val \(9007199254740992\)/);
  });

  test.each([
    ['no_grad', () => (torch.no_grad as any)(5), "no_grad(): expected a function for fn but received 5 of type number"],
    ['enable_grad', () => (torch.enable_grad as any)(null), 'enable_grad(): expected a function for fn but received null'],
    ['set_grad_enabled', () => (torch.set_grad_enabled as any)(false, 'x'), "set_grad_enabled(): expected a function for fn but received 'x' of type string"],
    ['tidy', () => (torch.tidy as any)({}), 'tidy(): expected a function for fn but received Object'],
    ['finfo', () => (torch.finfo as any)(null), "finfo(): argument 'type' (position 1) must be torch.dtype, not null"],
    ['iinfo', () => (torch.iinfo as any)('int32'), "iinfo(): argument 'type' (position 1) must be torch.dtype, not 'int32' of type string"],
    ['tensordot', () => (torch.tensordot as any)(2n, torch.ones(2)), "tensordot(): argument 'a' (position 1) must be Tensor, not 2 of type bigint"],
    ['tensordot dims', () => (torch.tensordot as any)(torch.ones(2), torch.ones(2), () => 1), 'tensordot(): expected an int or a pair of int lists for dims but received function'],
    ['numel', () => (torch.numel as any)(5), "numel(): argument 'input' (position 1) must be Tensor, not 5 of type number"],
    ['torch.Size', () => (torch.Size as any)({}), 'torch.Size(): expected an iterable for dims but received Object'],
    ['ConcatDataset', () => new torch.utils.data.ConcatDataset(5 as any), 'ConcatDataset(): expected an iterable for datasets but received 5 of type number'],
    ['ChainDataset', () => new torch.utils.data.ChainDataset(null as any), 'ChainDataset(): expected an iterable for datasets but received null'],
    ['Tensor.size', () => torch.ones(2).size(new Float32Array(1) as any), /^size\(\)(: argument 'dim' \(position 1\) must be int, not Float32Array$| received an invalid combination of arguments - got \(Float32Array\))/],
  ])('%s: TypeError naming the argument', (_name, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
    expect(torch.is_grad_enabled()).toBe(true);
  });
});

describe('complex tensors print like PyTorch', () => {
  // Strings printed by PyTorch 1.13 for the same tensors (more cases in test/golden/format.json).
  test('torch.tensor values through the native layer', () => {
    const c = torch.ops.aten.complex(torch.tensor([1, 3], { dtype: torch.float32 }), torch.tensor([2, -1], { dtype: torch.float32 }));
    expect(c.dtype).toBe(torch.complex64);
    expect(String(c)).toBe('tensor([1.+2.j, 3.-1.j])');
    expect(String(c.to(torch.complex128))).toBe('tensor([1.+2.j, 3.-1.j], dtype=torch.complex128)');
    expect(String(c.conj())).toBe('tensor([1.-2.j, 3.+1.j])');
  });
});

describe('generated hostile calls (deterministic slice of `npm run fuzz`)', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { runFuzz } = require('../scripts/fuzz/run.js');

  test('no crash, hang, empty message or raw engine error, and the library still works', async () => {
    const r = await runFuzz({ stride: 1009, offset: 11, batch: 200, timeoutMs: 20000 });
    expect(r.total).toBeGreaterThan(150);
    expect(r.failures.map((f: any) => `${f.kind} #${f.i} ${f.name}: ${f.detail}`)).toEqual([]);
    expect(r.broken).toEqual([]);
  });
});
