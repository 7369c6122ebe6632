// Module.get_extra_state / set_extra_state and persistent buffers against PyTorch 1.13
// (scripts/golden/extra_state.py): state-dict keys and values, strict's missing and unexpected
// keys, load_state_dict's `assign` against PyTorch 2.6 (on every release), and files both ways: Python's torch.save files (test/golden/extra_state/*.pt) load here, and
// files torch.save writes here load into the same model in Python (test/extra_state_check.py).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import { tuple } from '../lib/serialization/pickle';
import { libtorchRelease, loadGolden } from './golden';
import { errorOf, expectTensor } from './helpers';
import { PYTHON, summarize } from './serialization_summary';

const nn = torch.nn;
const golden = loadGolden('extra_state');
// PyTorch 2.x's load_state_dict (assign, its key rules), from PyTorch 2.6 (scripts/golden/extra_state_2x.py).
const golden2x = loadGolden('extra_state_2x');
const IS_2X = Number(libtorchRelease().split('.')[0]) >= 2;
/** The same fixture undecoded, to compare with what test/extra_state_check.py prints. */
const raw = JSON.parse(fs.readFileSync(path.join(__dirname, 'golden', 'extra_state.json'), 'utf8'));
const file = (name: string) => path.join(__dirname, 'golden', 'extra_state', `${name}.pt`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-extra-state-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A parameterised module whose extra state is a dict of plain values and a tensor. */
class Counter extends nn.Module {
  fc = nn.Linear(3, 2);
  calls = 0;
  tag = 'fresh';
  received: unknown[] = [];
  constructor() {
    super();
    this.register_buffer('steps', torch.zeros([], { dtype: torch.int64 }));
    this.register_buffer('scratch', torch.ones(2), { persistent: false });
  }
  get_extra_state() { return { calls: this.calls, tag: this.tag, history: [1, 2.5, 'x', null, true], scale: torch.tensor([0.5, 2.0]) }; }
  set_extra_state(state: { calls: number; tag: string }) {
    this.received.push(state);
    this.calls = state.calls;
    this.tag = state.tag;
  }
}

/** No parameters; extra state a list of strings and a tuple. */
class Vocab extends nn.Module {
  words = ['a', 'b'];
  received: unknown[] = [];
  get_extra_state() { return [this.words, tuple([this.words.length, 0.25])]; }
  set_extra_state(state: [string[], unknown]) {
    this.received.push(state);
    this.words = [...state[0]];
  }
}

/** Extra state a number, at the root of a model. */
class Scalar extends nn.Module {
  counter = new Counter();
  vocab = new Vocab();
  epoch = 3;
  received: unknown[] = [];
  get_extra_state() { return this.epoch; }
  set_extra_state(state: number) {
    this.received.push(state);
    this.epoch = state;
  }
}

class GetOnly extends nn.Module {
  get_extra_state() { return 'only saved'; }
}
class SetOnly extends nn.Module {
  set_extra_state() {}
}

/** Extra state a tensor, next to a parameter. */
class TensorState extends nn.Module {
  w = nn.Parameter(torch.arange(3, { dtype: torch.float32 }));
  state = torch.tensor([[1, 2], [3, 4]], { dtype: torch.int32 });
  get_extra_state() { return this.state; }
  set_extra_state(state: torch.Tensor) { this.state = state; }
}

type Model = torch.nn.Sequential & { 0: Scalar; 2: TensorState };
function model(seed: number): Model {
  torch.manual_seed(seed);
  return nn.Sequential(new Scalar(), nn.ReLU(), new TensorState()) as Model;
}

/** What set_extra_state got, by module (the generator's `received`). */
const received = (m: Model) => ({ root: m[0].received.map((s) => summarize(s)), counter: m[0].counter.received.map((s) => summarize(s)),
  vocab: m[0].vocab.received.map((s) => summarize(s)) });

/** The model of the generator's round_trip: trained-looking extra state at three depths. */
function trained(): Model {
  const m = model(0);
  [m[0].counter.calls, m[0].counter.tag, m[0].epoch] = [7, 'trained', 12];
  m[0].vocab.words = ['x', 'y', 'z'];
  m[2].state = torch.tensor([[5, 6], [7, 8]], { dtype: torch.int32 });
  return m;
}

/** The generator's load_into_fresh, in torchts. */
function loadIntoFresh(sd: Record<string, any>) {
  const fresh = model(1);
  const result = fresh.load_state_dict(sd);
  return { fresh, result: String(result), received: received(fresh) };
}

describe('state_dict', () => {
  test('holds <prefix>_extra_state at every depth, with PyTorch\'s keys and values', () => {
    const sd = trained().state_dict();
    expect(Object.keys(sd)).toEqual(golden.round_trip.keys);
    expect(summarize(sd)).toEqual(golden.round_trip.state_dict);
  });

  test('keep_vars keeps Parameters; the extra state is what get_extra_state returned', () => {
    const m = new TensorState();
    const values = Object.values(m.state_dict({ keep_vars: true }));
    expect(values.map((v) => ((v as any)._isParameter ? 'Parameter' : 'Tensor'))).toEqual(golden.strictness.keep_vars);
    expect(values[1]).toBe(m.state);
  });

  test('the base class\'s get_extra_state / set_extra_state raise PyTorch\'s RuntimeError', () => {
    expect(errorOf(() => nn.Module().get_extra_state()).message).toBe(golden.strictness.base_get);
    expect(errorOf(() => nn.Module().set_extra_state(1)).message).toBe(golden.strictness.base_set);
    expect(torch.nn.modules.module._EXTRA_STATE_KEY_SUFFIX).toBe('_extra_state');
  });
});

describe('load_state_dict', () => {
  test('a file Python wrote loads; set_extra_state gets its values', () => {
    const sd = torch.load(file('model'));
    expect(summarize(sd)).toEqual(golden.round_trip.state_dict);
    const { fresh, result, received: got } = loadIntoFresh(sd);
    expect(result).toBe(golden.round_trip.result);
    expect(got).toEqual(golden.round_trip.received);
    const after = golden.round_trip.after;
    expect([fresh[0].counter.calls, fresh[0].counter.tag, fresh[0].epoch, fresh[0].vocab.words]).toEqual([after.calls, after.tag, after.epoch, after.words]);
    expect(fresh[2].state.tolist()).toEqual(torch.tensor(after.state.values).reshape(after.state.shape).tolist());
    expect(fresh[0].counter.fc.weight.flatten().tolist()).toEqual(after.fc.values);
  });

  test('a missing extra state is a missing key under strict, skipped without it', () => {
    const sd: Record<string, any> = model(0).state_dict();
    delete sd['0.counter._extra_state'];
    expect(errorOf(() => model(0).load_state_dict(sd)).message).toBe(golden.strictness.missing);
    const loose = model(0);
    const result = loose.load_state_dict(sd, { strict: false });
    expect([result.missing_keys, result.unexpected_keys]).toEqual(golden.strictness.loose);
    expect(received(loose)).toEqual(golden.strictness.loose_received);
  });

  test('get_extra_state alone saves an unexpected key, set_extra_state alone expects a missing one', () => {
    const seq = nn.Sequential(new GetOnly(), new SetOnly());
    const sd = seq.state_dict();
    expect(Object.keys(sd)).toEqual(golden.strictness.get_set_keys);
    expect(errorOf(() => seq.load_state_dict(sd)).message).toBe(golden.strictness.get_set);
    expect([...seq.load_state_dict(sd, { strict: false })]).toEqual(golden.strictness.get_set_loose);
    const plain = nn.Linear(2, 2);
    expect(errorOf(() => plain.load_state_dict({ ...plain.state_dict(), _extra_state: 1 } as any)).message).toBe(golden.strictness.plain);
  });

  test('a GetOnly state dict from Python holds the string', () => {
    expect(summarize(torch.load(file('get_only')))).toEqual(golden.get_only_file);
  });
});

describe('buffers', () => {
  test('persistent=False buffers stay out of the state dict; registering again changes that', () => {
    const g = golden.buffers;
    const m = new Counter();
    expect(Object.keys(m.state_dict())).toEqual(g.keys);
    expect([...m.named_buffers()].map(([n]) => n)).toEqual(g.named);
    m.register_buffer('scratch', torch.zeros(2));
    expect(Object.keys(m.state_dict())).toEqual(g.now_persistent);
    m.register_buffer('steps', torch.zeros([]), { persistent: false });
    expect(Object.keys(m.state_dict())).toEqual(g.now_transient);
    expect(m._non_persistent_buffers_set).toEqual(new Set(['steps']));
  });

  test('a Parameter assigned over a buffer replaces it', () => {
    const p = new Counter() as Counter & { scratch: torch.Tensor };
    p.scratch = nn.Parameter(torch.zeros(2));
    const g = golden.buffers.promoted;
    expect([[...p.named_parameters()].map(([n]) => n), [...p.named_buffers()].map(([n]) => n), Object.keys(p.state_dict())])
      .toEqual([g.params, g.buffers, g.keys]);
  });

  test('register_buffer over another attribute is a KeyError', () => {
    for (const [name, g] of [['weight', golden.buffers.over_param], ['forward', golden.buffers.over_method]] as const) {
      const e = errorOf(() => nn.Linear(2, 2).register_buffer(name, torch.ones(1))) as torch.TorchError;
      expect([e.pythonType, e.message]).toEqual([g.type, g.message]);
    }
    // A TS field declared without a value is no attribute yet.
    class Declared extends nn.Module {
      running!: torch.Tensor;
      constructor() { super(); this.register_buffer('running', torch.zeros(1)); }
    }
    expect(Object.keys(new Declared().state_dict())).toEqual(['running']);
  });
});

describe('files written here', () => {
  test('torch.save / torch.load keep every kind of extra state', () => {
    const sd = trained().state_dict();
    const f = path.join(tmp, 'roundtrip.pt');
    torch.save(sd, f);
    expect(summarize(torch.load(f))).toEqual(summarize(sd));
    const back = loadIntoFresh(torch.load(f));
    expect(back.received).toEqual(golden.round_trip.received);
  });

  test('load into the same model in Python, as Python\'s own file does', () => {
    const f = path.join(tmp, 'model.pt');
    torch.save(trained().state_dict(), f);
    const python = JSON.parse(execFileSync(PYTHON, [path.join(__dirname, 'extra_state_check.py'), f], { encoding: 'utf8' }))[f];
    expect(python.value).toEqual(raw.round_trip.state_dict);
    expect([python.result, python.received, python.after]).toEqual([raw.round_trip.result, raw.round_trip.received, raw.round_trip.after]);
  });
});

describe('load_state_dict(state_dict, { strict, assign })', () => {
  const g = golden2x.assign;
  function linear(seed: number): torch.nn.Linear {
    torch.manual_seed(seed);
    return nn.Linear(3, 2);
  }
  /** The generator's `describe`: what assign made of each parameter. */
  function describeAssigned(m: torch.nn.Linear, sd: Record<string, torch.Tensor>) {
    const out: Record<string, unknown> = {};
    for (const name of ['weight', 'bias'] as const) {
      const p = m[name] as torch.Tensor, src = sd[name];
      out[name] = { parameter: p instanceof nn.Parameter, requires_grad: p.requires_grad, same_object: p === src,
        shares: p.data_ptr() === src.data_ptr(), source_requires_grad: src.requires_grad, value: p };
    }
    return out;
  }
  const expectAssigned = (actual: Record<string, any>, want: Record<string, any>) => {
    for (const name of ['weight', 'bias']) {
      const { value, ...flags } = actual[name];
      const { value: wantValue, ...wantFlags } = want[name];
      expect([name, flags]).toEqual([name, wantFlags]);
      expectTensor(value, wantValue, name);
    }
  };

  test('a state dict\'s tensors become the parameters, as Parameters with the module\'s requires_grad', () => {
    const plain = linear(0), sd = linear(1).state_dict();
    const result = plain.load_state_dict(sd, { assign: true });
    expect(String(result)).toBe(g.result);
    expectAssigned(describeAssigned(plain, sd), g.plain);
    const frozen = linear(0);
    frozen.weight.requires_grad_(false);
    const params = linear(2);
    params.bias!.requires_grad_(false);
    const psd = params.state_dict({ keep_vars: true });
    frozen.load_state_dict(psd, { assign: true });
    expectAssigned(describeAssigned(frozen, psd), g.frozen);
    const named = nn.Linear(3, 2);
    named.load_state_dict({ state_dict: sd, strict: true, assign: true });
    expectAssigned(describeAssigned(named, sd), g.by_name);
  });

  test('buffers are assigned as they are (their dtype kept); a copy keeps the module\'s', () => {
    const bn_sd: Record<string, torch.Tensor> = {};
    for (const [k, v] of Object.entries(nn.BatchNorm1d(2).state_dict())) bn_sd[k] = v.is_floating_point() ? v.double() : v;
    bn_sd.running_mean = torch.tensor([0.25, -0.5], { dtype: torch.float64 });
    const assigned = nn.BatchNorm1d(2), copied = nn.BatchNorm1d(2);
    assigned.load_state_dict(bn_sd, { assign: true });
    copied.load_state_dict(bn_sd);
    expect({ assigned_dtype: assigned.running_mean!.dtype.name, assigned_same: assigned.running_mean === bn_sd.running_mean,
      copied_dtype: copied.running_mean!.dtype.name, weight_dtype: assigned.weight!.dtype.name, weight_is_param: assigned.weight instanceof nn.Parameter })
      .toEqual(g.bn);
  });

  test('a meta-device module takes the checkpoint\'s tensors; copying into it warns on 2.x', () => {
    const sd = linear(1).state_dict();
    const meta = nn.Linear(3, 2, { device: 'meta' });
    meta.load_state_dict(sd, { assign: true });
    expect([String(meta.weight.device), meta.weight instanceof nn.Parameter]).toEqual([g.meta.device, g.meta.parameter]);
    expectTensor(meta.weight, g.meta.weight, 'weight');
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const copied = nn.Linear(3, 2, { device: 'meta' });
    let warnings: string[];
    try {
      copied.load_state_dict(linear(1).state_dict());
      warnings = spy.mock.calls.map((c) => String(c[0]));
    } finally { spy.mockRestore(); }
    expect(warnings).toEqual(IS_2X ? g.meta.warnings : []);
    // assign wrote assign_to_params_buffers into sd's own metadata, as PyTorch does: sd loads by assignment again.
    const reused = nn.Linear(3, 2, { device: 'meta' });
    reused.load_state_dict(sd);
    expect([String(copied.weight.device), String(reused.weight.device)]).toEqual([g.meta.copied_device, g.meta.reused_device]);
  });

  test('load pre-hooks see assign_to_params_buffers, which stays in the state dict\'s metadata', () => {
    const seen: unknown[] = [];
    const hooked = linear(0);
    hooked.register_load_state_dict_pre_hook((_m, _sd, _prefix, local_metadata) => { seen.push({ ...local_metadata }); });
    const msd = linear(1).state_dict();
    hooked.load_state_dict(msd, { assign: true });
    hooked.load_state_dict(linear(1).state_dict());
    expect(seen).toEqual(g.local_metadata);
    expect({ ...(msd as any)._metadata[''] }).toEqual(g.metadata_after);
    expect(errorOf(() => linear(0).load_state_dict({ weight: torch.zeros(2, 2), bias: torch.zeros(2) }, { assign: true })).message).toBe(g.size_mismatch);
  });

  test('a tensor that cannot be copied is reported with its sizes', () => {
    const meta = { weight: torch.empty([2, 2], { device: 'meta' }), bias: torch.zeros(2) };
    expect(errorOf(() => nn.Linear(2, 2).load_state_dict(meta)).message).toBe(golden.unexpected_keys.copy_error);
  });

  test('unexpected keys follow the release: 2.x counts a module name or a parameter before a dot', () => {
    const net = nn.Sequential(nn.Linear(2, 2));
    const sd = { ...net.state_dict(), 0: torch.zeros(1), '0.weight.x': torch.zeros(1) };
    const result = net.load_state_dict(sd, { strict: false });
    expect([result.missing_keys, result.unexpected_keys]).toEqual(IS_2X ? golden2x.unexpected_keys.by_kind : golden.unexpected_keys.by_kind);
    if (IS_2X) expect(errorOf(() => net.load_state_dict(sd)).message).toBe(golden2x.unexpected_keys.message);
  });
});
