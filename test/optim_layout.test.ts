// Every optimizer's param group laid out as PyTorch's (scripts/golden/optim_layout.py): the printed
// optimizer, state_dict()'s key order, and which whole numbers are Python floats (a default such as
// ASGD's t0=1e6) rather than the caller's ints (t0: 5), in printing and in files torch.save writes.
import * as torch from '../lib';
import { pickle } from '../lib/serialization/pickle';
import { isPythonFloat } from '../lib/python/float_marks';
import { GoldenError, loadGolden } from './golden';
import { errorOf } from './helpers';

interface Case {
  cls: string; kwargs: Record<string, any>;
  repr: string; keys: string[]; types: Record<string, TypeRecord>;
  error?: GoldenError;
}
interface SchedulerCase { cls: string; lr: number; kwargs: Record<string, any>; keys: string[]; types: Record<string, TypeRecord> }
const golden = loadGolden<{ cases: Case[]; schedulers: SchedulerCase[] }>('optim_layout');
const make = (cls: string, kwargs: Record<string, any>): torch.optim.Optimizer =>
  (torch.optim as any)[cls]([torch.nn.Parameter(torch.ones(2))], { ...kwargs });
type TypeRecord = string | TypeRecord[] | { [key: string]: TypeRecord };
/** Python's type name of `owner[key]` (lists and dicts: of their items), as the fixture records it. */
function pythonType(owner: object, key: string): TypeRecord {
  const v = (owner as any)[key];
  if (Array.isArray(v)) return v.map((_, i) => pythonType(v, String(i)));
  if (v instanceof Map) return Object.fromEntries([...v.keys()].map((k) => [String(k), pythonType(Object.fromEntries(v), String(k))]));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).map((k) => [k, pythonType(v, k)]));
  if (typeof v === 'number') return isPythonFloat(owner, key) ? 'float' : 'int';
  return v === null ? 'NoneType' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'str' : typeof v;
}

const built = golden.cases.filter((c) => c.error === undefined);
const refused = golden.cases.filter((c) => c.error !== undefined);

// PyTorch 2.x's Adam and AdamW refuse int betas; 1.13 builds every case.
if (refused.length > 0) {
  test.each(refused.map((c) => [`${c.cls}(${JSON.stringify(c.kwargs)})`, c] as const))('%s raises as PyTorch', (_name, c) => {
    const e = errorOf(() => make(c.cls, c.kwargs)) as torch.TorchError;
    expect([e.pythonType, e.message]).toEqual([c.error!.type, c.error!.message]);
  });
}

describe.each(built.map((c) => [`${c.cls}(${JSON.stringify(c.kwargs)})`, c] as const))('%s', (_name, c) => {
  test('prints as PyTorch', () => {
    expect(String(make(c.cls, c.kwargs))).toBe(c.repr);
  });
  test("state_dict()'s param group has PyTorch's keys, order and int/float types", () => {
    const group = make(c.cls, c.kwargs).state_dict().param_groups[0];
    expect(Object.keys(group)).toEqual(c.keys);
    for (const key of Object.keys(c.types)) expect([key, pythonType(group, key)]).toEqual([key, c.types[key]]);
  });
});

// Python's CyclicLR also keeps `_scale_fn_ref` and 1.13's OneCycleLR `anneal_func`: methods, not state.
const NOT_STATE = ['_scale_fn_ref', 'anneal_func'];
test.each(golden.schedulers.map((c) => [`${c.cls}(lr=${c.lr}, ${JSON.stringify(c.kwargs)})`, c] as const))(
  "%s: state_dict() has PyTorch's keys, order and int/float types", (_name, c) => {
    const opt = torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], { lr: c.lr, momentum: 0.9 });
    const sched = (torch.optim.lr_scheduler as any)[c.cls](opt, { ...c.kwargs });
    for (let i = 0; i < 3; i++) {
      opt.step();
      if (c.cls === 'ReduceLROnPlateau') sched.step(1.0); else sched.step();
    }
    const state = sched.state_dict();
    for (const k of NOT_STATE) delete state[k];
    expect(Object.keys(state)).toEqual(c.keys);
    for (const key of c.keys) expect([key, pythonType(state, key)]).toEqual([key, c.types[key]]);
  });

describe('whole-number float defaults', () => {
  const BINFLOAT_1E6 = Buffer.from([0x47, 0x41, 0x2e, 0x84, 0x80, 0, 0, 0, 0]);
  const pickled = (v: unknown) => pickle(v, { reduce: () => undefined });

  test("torch.save writes ASGD's default t0 as the float 1000000.0 and the caller's t0 as an int", () => {
    expect(pickled(torch.optim.ASGD([torch.ones(1)]).state_dict().param_groups).includes(BINFLOAT_1E6)).toBe(true);
    expect(pickled(torch.optim.ASGD([torch.ones(1)], { t0: 1e6 }).state_dict().param_groups).includes(BINFLOAT_1E6)).toBe(false);
  });

  test('load_state_dict carries the float marks; a value written over one is the int written', () => {
    const opt = torch.optim.ASGD([torch.ones(1)], { t0: 5 });
    opt.load_state_dict(torch.optim.ASGD([torch.ones(1)]).state_dict());
    expect(String(opt)).toContain('    t0: 1000000.0\n');
    opt.param_groups[0].t0 = 7;
    expect(String(opt)).toContain('    t0: 7\n');
  });

  test("add_param_group takes the defaults' float marks only for the options it fills in", () => {
    const opt = torch.optim.Adadelta([torch.ones(1)]);
    opt.add_param_group({ params: [torch.ones(1)], lr: 1 });
    opt.add_param_group({ params: [torch.ones(1)] });
    expect(String(opt).match(/lr: .*/g)).toEqual(['lr: 1.0', 'lr: 1', 'lr: 1.0']);
  });
});
