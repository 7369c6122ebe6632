// Module.get_extra_state / set_extra_state and persistent buffers against PyTorch 1.13
// (scripts/golden/extra_state.py): state-dict keys and values, strict's missing and unexpected
// keys, and files both ways: Python's torch.save files (test/golden/extra_state/*.pt) load here, and
// files torch.save writes here load into the same model in Python (test/extra_state_check.py).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import { tuple } from '../lib/serialization/pickle';
import { loadGolden } from './golden';
import { errorOf } from './helpers';
import { PYTHON, summarize } from './serialization_summary';

const nn = torch.nn;
const golden = loadGolden('extra_state');
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

type Model = nn.Sequential & { 0: Scalar; 2: TensorState };
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
