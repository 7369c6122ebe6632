// torch.save / torch.load against Python PyTorch (1.13, or TORCHTS_GOLDEN_PYTHON's), both ways:
// files Python wrote (test/golden/serialization/, from scripts/golden/serialization.py) load here
// with equal values, bit for bit; files written here load in Python's torch.load, also with
// weights_only=True.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, PassThrough } from 'stream';
import * as torch from '../lib';
import { FIXTURE_DIR, summarize, loadInPython } from './serialization_summary';
import { archive, floats, tensorPickle } from './serialization_archive';

const DIR = FIXTURE_DIR;
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
const fixture = (name: string) => path.join(DIR, `${name}.pt`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-serialization-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('files written by Python load with equal values', () => {
  for (const name of Object.keys(expected.cases)) {
    test(name, () => {
      expect(summarize(torch.load(fixture(name)))).toEqual(expected.cases[name].value);
    });
  }

  test('the same from a Buffer, a FileHandle and a readable stream', async () => {
    const want = expected.cases.checkpoint.value;
    expect(summarize(torch.load(fs.readFileSync(fixture('checkpoint'))))).toEqual(want);
    expect(summarize(torch.load(new Uint8Array(fs.readFileSync(fixture('legacy_checkpoint')))))).toEqual(expected.cases.legacy_checkpoint.value);
    const fh = await fs.promises.open(fixture('checkpoint'), 'r');
    try { expect(summarize(torch.load(fh))).toEqual(want); } finally { await fh.close(); }
    expect(summarize(await torch.load(fs.createReadStream(fixture('checkpoint'), { highWaterMark: 100 })))).toEqual(want);
  });

  test('tied weights and views load as views of one storage', () => {
    const d = torch.load(fixture('shared'));
    expect(d.a).toBe(d.b);
    d.a.index(1).fill_(42);
    expect(d.row.tolist()).toEqual([42, 42, 42]);
    expect(d.t.select(1, 1).tolist()).toEqual([42, 42, 42]);
    d.base.fill_(-1);
    expect(d.slice.tolist()).toEqual([-1, -1, -1]);
    expect(d.param.requires_grad).toBe(true);
    expect(d.param_view.requires_grad).toBe(false);
  });

  test('a state dict keeps its _metadata, and an optimizer state its int keys and betas tuple', () => {
    const sd = torch.load(fixture('state_dict'));
    expect(Object.keys(sd)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked', '3.weight', '3.bias']);
    expect(sd._metadata['1']).toEqual({ version: 2 });
    expect(Object.keys(sd._metadata)).toEqual(['0', '1', '2', '3', '']);
    const adam = torch.load(fixture('optimizer_adam'));
    expect(Object.keys(adam.state)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(adam.param_groups[0].betas).toEqual([0.8, 0.99]);
    expect(adam.param_groups[0].params).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('model.load_state_dict(torch.load(PATH)) and optimizer.load_state_dict work as written', () => {
    const nn = torch.nn;
    const model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2));
    const ckpt = torch.load(fixture('checkpoint'));
    model.load_state_dict(ckpt.model_state_dict);
    const opt = torch.optim.SGD(model.parameters(), { lr: 0.1 });
    opt.load_state_dict(ckpt.optimizer_state_dict);
    expect(opt.param_groups[0].lr).toBe(0.05);
    expect(opt.param_groups[0].nesterov).toBe(true);
    const py = expected.cases.checkpoint.value.dict.find((kv: any[]) => kv[0] === 'model_state_dict')[1];
    const w = py.dict.find((kv: any[]) => kv[0] === '0.weight')[1];
    expect(summarize(model.state_dict()['0.weight'])).toMatchObject({ data: w.data, shape: w.shape });
    expect(ckpt.epoch).toBe(5);
    expect(ckpt.loss).toBe(0.25);
    // Python's Adam state (1.13 keeps `step` as a tensor) drives a torchts Adam.
    const adam = torch.optim.Adam(model.parameters(), { lr: 0.5 });
    const saved = torch.load(fixture('optimizer_adam'));
    adam.load_state_dict(saved);
    expect([adam.param_groups[0].lr, adam.param_groups[0].betas, adam.param_groups[0].weight_decay]).toEqual([0.01, [0.8, 0.99], 0.001]);
    const first = adam.state.get(model.parameters().next().value)!;
    expect(first.exp_avg.tolist()).toEqual(saved.state[0].exp_avg.tolist());
    expect(Number(first.step.item())).toBe(2);
    model(torch.randn(5, 4)).sum().backward();
    adam.step();
    expect(Number(adam.state.get(model.parameters().next().value)!.step.item())).toBe(3);
  });

  test('map_location: a device, a mapping, a function', () => {
    for (const ml of ['cpu', torch.device('cpu'), { cpu: 'cpu' }]) {
      expect(torch.load(fixture('tensor'), { map_location: ml as any }).tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    }
    const seen: string[] = [];
    const t = torch.load(fixture('tensor'), { map_location: (storage, loc) => { seen.push(loc); return storage; } });
    expect(seen).toEqual(['cpu']);
    expect(t.sum().item()).toBe(15);
    if (!torch.cuda.is_available()) {
      expect(() => torch.load(fixture('tensor'), { map_location: 'cuda' })).toThrow(/torch.cuda.is_available\(\) is False/);
      expect(() => torch.load(fixture('tensor'), { map_location: { cpu: 'cuda:0' } })).toThrow(/map_location=torch.device\('cpu'\)/);
    }
  });

  test('a file saved from CUDA: map_location brings it to the CPU, without one it needs CUDA', () => {
    const cudaFile = archive({ 'archive/data.pkl': tensorPickle(4, [2, 2], [2, 1], 0, 'cuda:1'), 'archive/data/0': floats(4), 'archive/version': Buffer.from('3\n') });
    const seen: string[] = [];
    const t = torch.load(cudaFile, { map_location: (storage, loc) => { seen.push(loc); return storage; } });
    expect([seen, t.device.type, t.tolist()]).toEqual([['cuda:1'], 'cpu', [[1, 1], [1, 1]]]);
    expect(torch.load(cudaFile, { map_location: { 'cuda:1': 'cpu' } }).device.type).toBe('cpu');
    expect(torch.load(cudaFile, { map_location: torch.device('cpu') }).device.type).toBe('cpu');
    if (!torch.cuda.is_available()) expect(() => torch.load(cudaFile)).toThrow(/Attempting to deserialize object on a CUDA device/);
    // PyTorch 2.x records the byte order.
    const records = { 'archive/data.pkl': tensorPickle(4, [4], [1]), 'archive/byteorder': Buffer.from('little'), 'archive/data/0': floats(4) };
    expect(torch.load(archive(records)).tolist()).toEqual([1, 1, 1, 1]);
    expect(() => torch.load(archive({ ...records, 'archive/byteorder': Buffer.from('big') }))).toThrow(/big-endian byte order/);
  });

  test('a whole pickled model is refused with a pointer to state_dict()', () => {
    expect(() => torch.load(fixture('whole_model'))).toThrow(/Unsupported global: GLOBAL torch\.nn\.modules\.container\.Sequential.*model\.state_dict\(\)/s);
  });

  test('a TorchScript archive says to use torch.jit.load', () => {
    expect(() => torch.load(fixture('torchscript'))).toThrow(/torch\.jit\.load/);
  });

  test('weights_only=true reads state dicts and refuses globals PyTorch refuses', () => {
    expect(summarize(torch.load(fixture('state_dict'), { weights_only: true }))).toEqual(expected.cases.state_dict.value);
    // PyTorch 2.x allows the global that pickles bytes; 1.13 refuses it.
    if (expected.cases.bytes.weights_only) expect(summarize(torch.load(fixture('bytes'), { weights_only: true }))).toEqual(expected.cases.bytes.value);
    else expect(() => torch.load(fixture('bytes'), { weights_only: true })).toThrow(/Unsupported global: GLOBAL _codecs\.encode/);
  });
});

test('every file Python wrote, loaded here and saved again, loads in Python as the original', () => {
  const names = Object.keys(expected.cases);
  const files = names.map((n) => path.join(tmp, `again_${n}.pt`));
  names.forEach((n, i) => torch.save(torch.load(fixture(n)), files[i]));
  const python = loadInPython(files).files;
  names.forEach((n, i) => expect([n, python[files[i]].value]).toEqual([n, expected.cases[n].value]));
});

describe('files written here load in Python', () => {
  const nn = torch.nn;
  torch.manual_seed(3);
  const model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2));
  const opt = torch.optim.Adam(model.parameters(), { lr: 0.01, betas: [0.8, 0.99] });
  model(torch.randn(5, 4)).sum().backward();
  opt.step();
  const w = torch.randn(4, 3);
  const base = torch.arange(10, { dtype: torch.float64 });
  const every = {
    float32: torch.tensor([1.5, -0, Infinity, -Infinity, NaN, 1e-45]),
    float64: torch.tensor([Math.PI, 5e-324], { dtype: torch.float64 }),
    float16: torch.tensor([1, 65504, 6e-8, -0, NaN], { dtype: torch.float16 }),
    bfloat16: torch.tensor([1, 3e38, 0.1], { dtype: torch.bfloat16 }),
    int8: torch.tensor([-128, 127], { dtype: torch.int8 }),
    int16: torch.tensor([-32768, 32767], { dtype: torch.int16 }),
    int32: torch.tensor([-(2 ** 31), 2 ** 31 - 1], { dtype: torch.int32 }),
    int64: torch.tensor([-(2 ** 53) + 1, 2 ** 53 - 1], { dtype: torch.int64 }),
    uint8: torch.tensor([0, 255], { dtype: torch.uint8 }),
    bool: torch.tensor([true, false]),
    zero_d: torch.tensor(3.25),
    empty: torch.zeros(0, 3),
    transposed: torch.randn(3, 5).t(),
    strided: torch.arange(24, { dtype: torch.int16 }).reshape(4, 6).index('::2', '1::3'),
  };
  const cases: Record<string, unknown> = {
    state_dict: model.state_dict(),
    optimizer: opt.state_dict(),
    checkpoint: { epoch: 5, model_state_dict: model.state_dict(), optimizer_state_dict: opt.state_dict(), loss: 0.25, note: 'h\u00e9llo \u2713' },
    shared: { a: w, b: w, row: w.index(1), t: w.t(), slice: base.index('2:7:2'), base, param: nn.Parameter(torch.randn(3)) },
    dtypes: every,
    values: {
      ints: [0, 1, -1, 255, 256, 65535, 65536, -(2 ** 31), 2 ** 31, 2 ** 53 - 1], bigints: [2n ** 70n, -(2n ** 70n), 5n],
      floats: [0.5, -1e-300, Infinity, NaN], none: null, flags: [true, false], text: '\u65e5\u672c\u8a9e \u{1F600}',
      nested: [1, [2, [3, []]]], empty: {}, one: { k: 1 }, devices: [torch.device('cpu'), torch.device('cuda', 1)], dtype: torch.float16,
      big_list: Array.from({ length: 2500 }, (_, i) => i),
    },
    tensor: torch.arange(6).reshape(2, 3),
    zip64: torch.arange(5, { dtype: torch.float64 }),
  };
  const files = Object.keys(cases).map((k) => path.join(tmp, `${k}.pt`));
  let python: Record<string, any>;
  let pythonVersion: string;

  beforeAll(() => {
    Object.entries(cases).forEach(([k, v], i) => torch.save(v, files[i], k === 'zip64' ? { _force_zip64: true } : {}));
    ({ files: python, version: pythonVersion } = loadInPython(files));
  });

  Object.keys(cases).forEach((name, i) => {
    test(name, () => {
      expect(python[files[i]].value).toEqual(summarize(cases[name]));
      // And back here, unchanged.
      expect(summarize(torch.load(files[i]))).toEqual(summarize(torch.load(files[i])));
    });
  });

  test('weights_only=True in Python accepts what holds only tensors, ints, strings and containers', () => {
    for (const name of ['state_dict', 'shared', 'dtypes', 'tensor', 'zip64']) expect([name, python[files[Object.keys(cases).indexOf(name)]].weights_only]).toEqual([name, true]);
    // Python 1.13's weights-only unpickler has no float opcode, for its own files too (the optimizer's
    // lr); PyTorch 2.x's has, and reads optimizer states and checkpoints too.
    if (pythonVersion.startsWith('1.')) expect(python[files[1]].weights_only_error).toBe('Unsupported operand 71');
    else for (const name of ['optimizer', 'checkpoint']) expect([name, python[files[Object.keys(cases).indexOf(name)]].weights_only]).toEqual([name, true]);
  });

  test('to a FileHandle and a writable stream', async () => {
    const a = path.join(tmp, 'handle.pt');
    const fh = await fs.promises.open(a, 'w');
    torch.save(cases.checkpoint, fh);
    await fh.close();
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    torch.save(cases.checkpoint, sink);
    sink.end();
    await new Promise((r) => sink.on('end', r));
    const want = summarize(cases.checkpoint);
    expect(summarize(torch.load(a))).toEqual(want);
    expect(summarize(torch.load(Buffer.concat(chunks)))).toEqual(want);
    expect(summarize(await torch.load(Readable.from(chunks)))).toEqual(want);
  });

  test('saving replaces the file atomically and leaves no temporary file on failure', () => {
    const f = path.join(tmp, 'atomic.pt');
    torch.save({ a: 1 }, f);
    expect(() => torch.save({ a: 1, bad: () => 0 }, f)).toThrow(/cannot save a function \(at \.bad\)/);
    expect(torch.load(f)).toEqual({ a: 1 });
    expect(fs.readdirSync(tmp).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('unsupported values are TypeErrors naming where they are', () => {
    const f = path.join(tmp, 'bad.pt');
    expect(() => torch.save({ x: [1, undefined] }, f)).toThrow(/cannot save undefined \(at \.x\[1\]\)/);
    class Foo {}
    expect(() => torch.save({ y: new Foo() }, f)).toThrow(/cannot save an object of type Foo/);
    const cyclic: any = { };
    cyclic.self = [cyclic];
    torch.save(cyclic, f);
    const back = torch.load(f);
    expect(back.self[0]).toBe(back);
    const x = torch.arange(4, { dtype: torch.float32 });
    expect(() => torch.save([x, x.view(torch.int32)], f)).toThrow(/view the same data as different types/);
  });
});
