// torch.nn's containers method by method against PyTorch 1.13 (scripts/golden/nn_containers.py):
// results, printing, and the error type and message for each bad input. Each case below is the
// port of the generator's case of the same name.
import * as torch from '../lib';
import { GoldenError, loadGolden } from './golden';
import { errorOf } from './helpers';

const nn = torch.nn;
const golden: Record<string, Record<string, { ok?: unknown; error?: GoldenError }>> = loadGolden('nn_containers').cases;
type Cases = Record<string, () => unknown>;
const bad = (v: unknown): any => v;

const seq = () => nn.Sequential(nn.ReLU(), nn.Tanh(), nn.Sigmoid());
const namedSeq = () => nn.Sequential(new Map<string, torch.nn.Module>([['a', nn.ReLU()], ['b', nn.Tanh()], ['c', nn.Sigmoid()]]));
const mlist = () => nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Sigmoid()]);
const mdict = () => nn.ModuleDict({ a: nn.ReLU(), b: nn.Tanh() });
const plist = () => nn.ParameterList([torch.zeros(2), nn.Parameter(torch.ones(3, { dtype: torch.float64 }), false)]);
const pdict = () => nn.ParameterDict(new Map<string, unknown>([['b', torch.zeros(2)], ['a', nn.Parameter(torch.ones(3, { dtype: torch.float64 }))]]));

/** Entries named by digits that are not their positions: `seq[i]` is by position. */
const digitSeq = () => nn.Sequential(new Map<string, torch.nn.Module>([['a', nn.ReLU()], ['1', nn.Tanh()], ['0', nn.Sigmoid()]]));
/** `container` with `pairs` registered in order by name (add_module, not the item syntax). */
const digitModules = <C extends torch.nn.Module>(container: C, pairs: [string, torch.nn.Module][]): C => {
  for (const [k, m] of pairs) container.add_module(k, m);
  return container;
};

class MySeq extends torch.nn.Sequential {}

const repr = (v: unknown): unknown => (v instanceof torch.nn.Module ? String(v) : v === undefined ? null : v);
/** [fn(container) (a repr when it is a module), the container's repr after it]. */
const after = <C extends torch.nn.Module>(c: C, fn: (c: C) => unknown) => { const out = fn(c); return [repr(out), String(c)]; };
/** [whether fn(container) returned the container itself, the container's repr after it]. */
const same = <C extends torch.nn.Module>(c: C, fn: (c: C) => unknown) => { const out = fn(c); return [out === c, String(c)]; };
/** A parameter container's entry: [class name, shape] for a tensor, else Python's repr. */
const entry = (v: unknown): unknown => (v instanceof torch.Tensor ? [v instanceof torch.nn.Parameter ? 'Parameter' : 'Tensor', v.shape]
  : v === null || v === undefined ? 'None' : typeof v === 'string' ? `'${v}'` : String(v));
const className = (m: torch.nn.Module) => m._get_name();

const SEQUENTIAL: Cases = {
  ctor_modules: () => String(seq()),
  ctor_ordered: () => String(namedSeq()),
  ctor_empty: () => String(nn.Sequential()),
  ctor_int: () => nn.Sequential(bad(1)),
  ctor_mixed: () => nn.Sequential(nn.ReLU(), bad('relu')),
  ctor_dotted_name: () => nn.Sequential(new Map([['a.b', nn.ReLU()]])),
  ctor_empty_name: () => nn.Sequential(new Map([['', nn.ReLU()]])),
  ctor_value_not_module: () => nn.Sequential(new Map([['a', bad(1)]])),
  ctor_method_name: () => nn.Sequential(new Map([['forward', nn.ReLU()]])),
  getitem: () => [String(seq()[0]), String(seq()[-1]), String(namedSeq()[1])],
  getitem_out_of_range: () => seq()[3],
  getitem_negative_out_of_range: () => seq()[-4],
  getitem_float: () => seq().at(1.5),
  getitem_digit_names: () => [...[0, 1, 2, -1, -3].map((i) => String(digitSeq()[i])), String(digitSeq().get_submodule('0'))],
  getitem_digit_names_past_end: () => digitSeq()[3],
  setitem_digit_names: () => after(digitSeq(), (s) => { s[1] = nn.Identity(); }),
  delitem_digit_names: () => after(digitSeq(), (s) => { delete s[1]; }),
  digit_names_traversal: () => {
    const s = nn.Sequential(new Map([['1', nn.Linear(2, 3)], ['0', nn.Linear(3, 1)]]));
    return [[...s.named_modules()].map(([n]) => n), Object.keys(s.state_dict()), String(s.get_submodule('0')), (s(torch.ones(1, 2)) as torch.Tensor).shape];
  },
  slice: () => [seq().slice(1), seq().slice(null, -1), seq().slice(null, null, 2), seq().slice(null, null, -1), seq().slice(5), seq().slice(-2, 10)].map(String),
  slice_named: () => String(namedSeq().slice(1)),
  slice_step_zero: () => seq().slice(null, null, 0),
  slice_float: () => seq().slice(0.5),
  slice_subclass: () => { const s = new MySeq(nn.ReLU(), nn.Tanh()).slice(1); return [s._get_name(), String(s)]; },
  setitem: () => after(seq(), (s) => { s[1] = nn.Identity(); s[-1] = nn.ELU(); }),
  setitem_named: () => after(namedSeq(), (s) => { s[-1] = nn.Identity(); }),
  setitem_out_of_range: () => { seq()[3] = nn.Identity(); },
  setitem_not_module: () => seq().set(0, bad(5)),
  delitem: () => after(seq(), (s) => { delete s[0]; }),
  delitem_negative: () => after(seq(), (s) => { delete s[-1]; }),
  delitem_named: () => after(namedSeq(), (s) => s.delete(1)),
  delitem_slice: () => after(seq(), (s) => s.delete('::2')),
  delitem_out_of_range: () => { delete seq()[3]; },
  len: () => [seq().length, nn.Sequential().length, namedSeq().length],
  iter: () => [...namedSeq()].map(className),
  append: () => same(seq(), (s) => s.append(nn.Identity())),
  append_named: () => same(namedSeq(), (s) => s.append(nn.Identity())),
  append_not_module: () => seq().append(bad(5)),
  insert: () => [seq().insert(0, nn.Identity()), seq().insert(-1, nn.Identity()), seq().insert(3, nn.Identity())].map(String),
  insert_returns_self: () => same(seq(), (s) => s.insert(1, nn.Identity())),
  insert_out_of_range: () => seq().insert(4, nn.Identity()),
  insert_negative_out_of_range: () => seq().insert(-4, nn.Identity()),
  insert_not_module: () => seq().insert(0, bad(5)),
  insert_named: () => namedSeq().insert(0, nn.Identity()),
  extend: () => same(seq(), (s) => s.extend(nn.Sequential(nn.Identity(), nn.ELU()))),
  extend_list: () => same(seq(), (s) => s.extend([nn.Identity()])),
  extend_not_iterable: () => seq().extend(bad(5)),
  extend_dict: () => seq().extend(bad({ a: nn.ReLU() })),
  pop: () => after(seq(), (s) => s.pop(0)),
  pop_negative: () => after(seq(), (s) => s.pop(-1)),
  pop_slice: () => after(seq(), (s) => s.pop('1:')),
  pop_out_of_range: () => seq().pop(3),
  pop_no_key: () => bad(seq()).pop(),
  add: () => [seq().add(nn.Sequential(nn.Identity())), namedSeq().add(namedSeq())].map(String),
  add_list: () => seq().add(bad([nn.Identity()])),
  add_module_list: () => seq().add(bad(mlist())),
  iadd: () => same(seq(), (s) => s.add_(nn.Sequential(nn.Identity()))),
  iadd_int: () => seq().add_(bad(1)),
  mul: () => [nn.Sequential(nn.ReLU(), nn.Tanh()).mul(2), nn.Sequential(nn.ReLU()).mul(2), namedSeq().mul(1)].map(String),
  mul_bool: () => String(nn.Sequential(nn.ReLU()).mul(bad(true))),
  mul_zero: () => seq().mul(0),
  mul_float: () => seq().mul(1.5),
  imul: () => same(nn.Sequential(nn.ReLU(), nn.Tanh()), (s) => s.mul_(3)),
  imul_negative: () => seq().mul_(-1),
  imul_named: () => namedSeq().mul_(2),
  forward: () => nn.Sequential(nn.ReLU(), nn.Tanh())(torch.tensor([-1.0, 0.5])).tolist(),
  forward_empty: () => nn.Sequential()(torch.tensor([2.0])).tolist(),
  none_entry: () => [String(nn.Sequential(null)), nn.Sequential(null).length],
  setitem_none: () => after(seq(), (s) => { s[1] = null; return [s.length, [...s].map((m) => (m === null ? 'NoneType' : className(m)))]; }),
  forward_none: () => nn.Sequential(nn.ReLU(), null)(torch.zeros(1)),
  none_children: () => {
    const s = nn.Sequential(nn.Linear(1, 1), null, nn.Tanh());
    return [[...s.named_children()].map(([n]) => n), Object.keys(s.state_dict()), String(s.mul(2))];
  },
  delitem_before_none: () => after(nn.Sequential(nn.ReLU(), null), (s) => { delete s[0]; }),
  shared_module: () => { const r = nn.ReLU(); const s = nn.Sequential(r, r); return [s.length, String(s)]; },
};

const MODULE_LIST: Cases = {
  ctor: () => String(mlist()),
  ctor_none: () => [String(nn.ModuleList()), String(nn.ModuleList(null))],
  ctor_int: () => nn.ModuleList(bad(5)),
  ctor_module: () => nn.ModuleList(bad(nn.ReLU())),
  ctor_sequential: () => String(nn.ModuleList(namedSeq())),
  ctor_generator: () => String(nn.ModuleList((function* () { yield nn.ReLU(); yield nn.Tanh(); })())),
  ctor_not_module: () => nn.ModuleList([nn.ReLU(), bad(1)]),
  ctor_str: () => nn.ModuleList(bad('ab')),
  ctor_dict: () => nn.ModuleList(bad({ a: nn.ReLU() })),
  getitem: () => [String(mlist()[0]), String(mlist()[-1])],
  getitem_out_of_range: () => mlist()[3],
  getitem_negative_out_of_range: () => mlist().at(-4),
  getitem_float: () => mlist().at(0.5),
  getitem_digit_names: () => {
    const m = digitModules(nn.ModuleList(), [['1', nn.ReLU()], ['0', nn.Tanh()]]);
    return [String(m[0]), String(m[1]), String(m[-1])];
  },
  slice: () => [mlist().slice(1), mlist().slice(null, null, -1), mlist().slice(5)].map(String),
  slice_step_zero: () => mlist().slice(null, null, 0),
  setitem: () => after(mlist(), (m) => { m[0] = nn.Identity(); m.set(-1, nn.ELU()); }),
  setitem_out_of_range: () => mlist().set(3, nn.Identity()),
  setitem_not_module: () => { mlist()[0] = 5; },
  delitem: () => after(mlist(), (m) => { delete m[0]; }),
  delitem_negative: () => after(mlist(), (m) => m.delete(-1)),
  delitem_slice: () => after(mlist(), (m) => m.delete({ step: 2 })),
  delitem_out_of_range: () => mlist().delete(3),
  len_iter: () => [mlist().length, [...mlist()].map(className)],
  append: () => same(mlist(), (m) => m.append(nn.Identity())),
  append_not_module: () => mlist().append(bad(5)),
  insert: () => after(mlist(), (m) => m.insert(1, nn.Identity())),
  insert_end: () => after(mlist(), (m) => m.insert(3, nn.Identity())),
  insert_past_end: () => after(mlist(), (m) => m.insert(10, nn.Identity())),
  insert_negative: () => mlist().insert(-1, nn.Identity()),
  extend: () => same(mlist(), (m) => m.extend([nn.Identity(), nn.ELU()])),
  extend_int: () => mlist().extend(bad(5)),
  extend_module: () => mlist().extend(bad(nn.ReLU())),
  pop: () => after(mlist(), (m) => m.pop(1)),
  pop_slice: () => after(mlist(), (m) => m.pop(':2')),
  pop_out_of_range: () => mlist().pop(-4),
  add: () => [mlist().add([nn.Identity()]), mlist().add(nn.Sequential(nn.ELU()))].map(String),
  add_int: () => mlist().add(bad(5)),
  iadd: () => same(mlist(), (m) => m.add_([nn.Identity()])),
  iadd_int: () => mlist().add_(bad(5)),
  none_entry: () => { const m = nn.ModuleList([nn.ReLU(), null]); return [String(m), m[1] === null, m[-1] === null, m.length]; },
  insert_none: () => after(nn.ModuleList([nn.ReLU(), null]), (m) => m.insert(0, null)),
  append_none: () => same(mlist(), (m) => m.append(null)),
  call: () => mlist()(torch.zeros(1)),
};

const MODULE_DICT: Cases = {
  ctor: () => String(mdict()),
  ctor_none: () => [String(nn.ModuleDict()), String(nn.ModuleDict(null))],
  ctor_ordered: () => nn.ModuleDict(new Map<string, torch.nn.Module>([['b', nn.ReLU()], ['a', nn.Tanh()]])).keys(),
  ctor_pairs: () => String(nn.ModuleDict([['b', nn.ReLU()], ['a', nn.Tanh()]])),
  ctor_module_dict: () => String(nn.ModuleDict(mdict())),
  ctor_int: () => nn.ModuleDict(bad(5)),
  ctor_module: () => nn.ModuleDict(bad(nn.ReLU())),
  ctor_element_not_iterable: () => nn.ModuleDict(bad([1])),
  ctor_element_length: () => nn.ModuleDict(bad([['a', nn.ReLU(), 1]])),
  ctor_value_not_module: () => nn.ModuleDict({ a: bad(1) }),
  ctor_key_not_str: () => nn.ModuleDict(bad([[1, nn.ReLU()]])),
  ctor_dotted_key: () => nn.ModuleDict({ 'a.b': nn.ReLU() }),
  ctor_attribute_key: () => nn.ModuleDict({ training: nn.ReLU() }),
  ctor_method_key: () => nn.ModuleDict({ keys: nn.ReLU() }),
  getitem: () => String(mdict().get('b')),
  getitem_missing: () => mdict().get('zz'),
  getitem_digit_keys: () => {
    const d = nn.ModuleDict(new Map([['1', nn.ReLU()], ['0', nn.Tanh()]]));
    return [String(d[0]), String(d.get('1')), [...d.keys()]];
  },
  setitem: () => after(mdict(), (d) => { d['c'] = nn.Identity(); }),
  setitem_replace: () => after(mdict(), (d) => { d.a = nn.Identity(); }),
  setitem_not_module: () => mdict().set('c', bad(5)),
  setitem_empty_key: () => { mdict()[''] = nn.Identity(); },
  delitem: () => after(mdict(), (d) => d.delete('a')),
  delitem_missing: () => mdict().delete('zz'),
  contains: () => [mdict().has('a'), mdict().has('zz')],
  len_iter: () => [mdict().length, [...mdict()], mdict().keys(), mdict().values().map(className), mdict().items().map(([k, m]) => [k, className(m)])],
  clear: () => after(mdict(), (d) => d.clear()),
  pop: () => after(mdict(), (d) => d.pop('a')),
  pop_missing: () => mdict().pop('zz'),
  update: () => after(mdict(), (d) => d.update(new Map<string, torch.nn.Module>([['c', nn.Identity()], ['a', nn.ELU()]]))),
  update_module_dict: () => after(mdict(), (d) => d.update(nn.ModuleDict({ z: nn.Identity() }))),
  update_int: () => mdict().update(bad(1)),
  update_parameter_dict: () => mdict().update(bad(nn.ParameterDict({ w: torch.zeros(1) }))),
  none_value: () => {
    const d = nn.ModuleDict({ a: nn.ReLU(), c: null });
    return [String(d), d.keys(), d.has('c'), d.get('c') === null, d.length, d.pop('c') === null, d.keys()];
  },
  call: () => mdict()(torch.zeros(1)),
};

const PARAMETER_LIST: Cases = {
  ctor: () => String(plist()),
  ctor_wraps: () => [...nn.ParameterList([torch.zeros(1), nn.Parameter(torch.zeros(1))])].map((p) => entry(p)).map((e: any) => e[0]),
  ctor_none: () => [String(nn.ParameterList()), nn.ParameterList(null).length],
  ctor_objects: () => String(nn.ParameterList([torch.zeros(2, 3), 1, 'a', null, 2.5])),
  ctor_tensor: () => nn.ParameterList(bad(torch.zeros(2))),
  ctor_parameter: () => nn.ParameterList(bad(nn.Parameter(torch.zeros(2)))),
  ctor_int: () => nn.ParameterList(bad(5)),
  getitem: () => [entry(plist()[0]), entry(plist()[-1])],
  getitem_out_of_range: () => plist()[2],
  getitem_negative_out_of_range: () => plist().at(-3),
  getitem_float: () => plist().at(0.5),
  slice: () => [plist().slice(1), plist().slice(null, null, -1), plist().slice(5)].map(String),
  slice_shares: () => { const p = plist(); return [p.slice(1)[0] === p[1]]; },
  slice_step_zero: () => plist().slice(null, null, 0),
  slice_float_step: () => plist().slice(null, null, 0.5),
  setitem: () => after(plist(), (p) => { p[0] = torch.zeros(4); p[-1] = torch.ones(1, { dtype: torch.float64 }); }),
  setitem_int_tensor: () => { plist()[0] = torch.ones(1, { dtype: torch.int64 }); },
  setitem_out_of_range: () => plist().set(2, torch.zeros(1)),
  setitem_not_tensor: () => { plist()[0] = 5; },
  setitem_none: () => after(plist(), (p) => { p[0] = null; return [...p.parameters()].length; }),
  len_iter: () => [plist().length, [...plist()].map(entry)],
  append: () => same(plist(), (p) => p.append(torch.zeros(1))),
  append_object: () => same(plist(), (p) => p.append('x')),
  extend: () => same(plist(), (p) => p.extend([torch.zeros(1), 3])),
  extend_tensor: () => plist().extend(bad(torch.zeros(2))),
  extend_int: () => plist().extend(bad(3)),
  extend_dict: () => same(plist(), (p) => p.extend(bad({ k: 1 }))),
  iadd: () => same(plist(), (p) => p.add_([torch.zeros(1)])),
  state_dict: () => Object.keys(nn.ParameterList([torch.zeros(1), 1, torch.zeros(2)]).state_dict()),
  call: () => plist()(torch.zeros(1)),
};

const PARAMETER_DICT: Cases = {
  ctor: () => String(pdict()),
  ctor_dict_sorted: () => nn.ParameterDict({ b: torch.zeros(1), a: torch.zeros(1) }).keys(),
  ctor_pairs: () => nn.ParameterDict([['b', torch.zeros(1)], ['a', torch.zeros(1)]]).keys(),
  ctor_none: () => [String(nn.ParameterDict()), nn.ParameterDict(null).length],
  ctor_objects: () => String(nn.ParameterDict(new Map<string, unknown>([['t', torch.zeros(2, 3)], ['i', 1], ['s', 'a'], ['n', null]]))),
  ctor_int: () => nn.ParameterDict(bad(5)),
  ctor_element_not_iterable: () => nn.ParameterDict(bad([1])),
  ctor_element_length: () => nn.ParameterDict(bad([['a']])),
  ctor_key_not_str: () => nn.ParameterDict(bad([[1, torch.zeros(1)]])),
  ctor_dotted_key: () => nn.ParameterDict({ 'a.b': torch.zeros(1) }),
  getitem: () => [entry(pdict()['a']), entry(pdict().b)],
  getitem_digit_keys: () => {
    const d = nn.ParameterDict(new Map([['1', torch.zeros(1)], ['0', torch.zeros(2)]]));
    return [entry(d[0]), entry(d.get('1')), [...d.keys()]];
  },
  get: () => [entry(pdict().get('a')), entry(pdict().get('zz')), entry(pdict().get('zz', 5))],
  setitem: () => after(pdict(), (d) => { d['c'] = torch.zeros(4); d['x'] = 1; d['b'] = null; }),
  setitem_parameter_to_object: () => { pdict()['a'] = 5; },
  setitem_key_not_str: () => pdict().set(bad(1), torch.zeros(1)),
  setitem_method_key: () => pdict().set('keys', torch.zeros(1)),
  setitem_object_then_tensor: () => after(pdict(), (d) => { d['x'] = 1; d['x'] = torch.zeros(1); }),
  delitem: () => after(pdict(), (d) => { delete d['b']; }),
  delitem_missing: () => pdict().delete('zz'),
  contains: () => [pdict().has('a'), pdict().has('zz')],
  len_iter: () => [pdict().length, [...pdict()], pdict().keys(), pdict().values().map(entry), pdict().items().map(([k, v]) => [k, entry(v)])],
  copy: () => { const d = pdict(); return [String(d.copy()), d.copy()['a'] === d['a']]; },
  setdefault: () => after(pdict(), (d) => [entry(d.setdefault('a')), entry(d.setdefault('c', torch.zeros(1))), entry(d.setdefault('n'))]),
  clear: () => after(pdict(), (d) => d.clear()),
  pop: () => after(pdict(), (d) => entry(d.pop('b'))),
  pop_missing: () => pdict().pop('zz'),
  popitem: () => after(pdict(), (d) => { const [k, v] = d.popitem(); return [k, entry(v)]; }),
  popitem_empty: () => nn.ParameterDict().popitem(),
  fromkeys: () => [pdict().fromkeys(['x', 'y'], torch.zeros(1)), pdict().fromkeys(['x'])].map(String),
  update: () => after(pdict(), (d) => d.update({ z: torch.zeros(1), c: torch.ones(1) })),
  update_ordered: () => after(pdict(), (d) => d.update(new Map([['z', torch.zeros(1)], ['c', torch.ones(1)]]))),
  update_parameter_dict: () => after(pdict(), (d) => d.update(nn.ParameterDict(new Map([['z', torch.zeros(1)], ['a', torch.ones(1)]])))),
  update_int: () => pdict().update(bad(1)),
  or: () => { const d = pdict(); return [String(d.or(nn.ParameterDict({ c: torch.zeros(1) }))), String(d)]; },
  ior: () => same(pdict(), (d) => d.or_(nn.ParameterDict({ c: torch.zeros(1) }))),
  state_dict: () => Object.keys(nn.ParameterDict(new Map<string, unknown>([['w', torch.zeros(1)], ['i', 1]])).state_dict()),
  call: () => pdict()(torch.zeros(1)),
};

const CLASSES: Record<string, Cases> = { Sequential: SEQUENTIAL, ModuleList: MODULE_LIST, ModuleDict: MODULE_DICT, ParameterList: PARAMETER_LIST, ParameterDict: PARAMETER_DICT };

/** Python's TypeError is a JS TypeError; every other exception a TorchError of that pythonType. */
function expectPyError(fn: () => unknown, ref: GoldenError): void {
  const e = errorOf(fn) as Error & { pythonType?: string };
  const type = e instanceof TypeError ? 'TypeError' : e instanceof torch.TorchError ? e.pythonType : e.name;
  expect(`${type}: ${e.message}`).toBe(`${ref.type}: ${ref.message}`);
}

describe.each(Object.keys(CLASSES))('%s', (cls) => {
  test('every recorded case has its port', () => {
    expect(Object.keys(CLASSES[cls]).sort()).toEqual(Object.keys(golden[cls]).sort());
  });
  test.each(Object.keys(golden[cls]))('%s', (name) => {
    const g = golden[cls][name], run = CLASSES[cls][name];
    if (g.error) expectPyError(run, g.error);
    else expect(run()).toEqual(g.ok);
  });
});

describe('porting forms', () => {
  test('a plain object is also accepted for Sequential\'s OrderedDict', () => {
    expect(String(nn.Sequential({ a: nn.ReLU(), b: nn.Tanh(), c: nn.Sigmoid() }))).toBe(golden.Sequential.ctor_ordered.ok);
  });
  test('a module registered twice runs twice in forward, as in Python', () => {
    const double = nn.Linear(1, 1, { bias: false });
    torch.no_grad(() => double.weight.fill_(2));
    expect(nn.Sequential(double, double)(torch.ones(1, 1)).item()).toBe(4);
  });
  test('forward and length follow every change to the entries', () => {
    const s = nn.Sequential(nn.ReLU());
    const run = () => s(torch.tensor([-1, 2])).tolist();
    expect(run()).toEqual([0, 2]);
    s[0] = nn.Identity();
    expect(run()).toEqual([-1, 2]);
    s.append(nn.ReLU());
    expect([s.length, run()]).toEqual([2, [0, 2]]);
    delete s[1];
    expect([s.length, run()]).toEqual([1, [-1, 2]]);
    s.add_module('relu', nn.ReLU());
    expect([s.length, run()]).toEqual([2, [0, 2]]);
  });
  test('negative indexing and item assignment survive a deep copy', () => {
    const copy = torch.deepcopy(seq());
    expect(copy[-1]).toBeInstanceOf(nn.Sigmoid);
    const pd = torch.deepcopy(pdict());
    pd['c'] = torch.zeros(1);
    expect(pd.keys()).toEqual(['b', 'a', 'c']);
    expect(pd.c).toBeInstanceOf(torch.nn.Parameter);
  });
  test('methods take their argument by name too', () => {
    const s = seq();
    s.insert({ index: 0, module: nn.Identity() });
    expect(s.pop({ key: 0 })).toBeInstanceOf(nn.Identity);
    expect(nn.ModuleList().append({ module: nn.ReLU() }).length).toBe(1);
    expect(pdict().get({ key: 'zz', default: 3 })).toBe(3);
  });
  test('a tensor assigned to a ParameterDict entry trains as a Parameter', () => {
    class Net extends torch.nn.Module {
      params = nn.ParameterDict();
      constructor() { super(); this.params['w'] = torch.ones(2); }
    }
    expect([...new Net().named_parameters()].map(([n, p]) => [n, p instanceof torch.nn.Parameter])).toEqual([['params.w', true]]);
  });
  test('an entry named __proto__ is refused and leaves the container intact', () => {
    expect(() => nn.Sequential(new Map([['__proto__', nn.ReLU()]]))).toThrow("attribute '__proto__' already exists");
    const md = mdict();
    expect(() => md.set('__proto__', nn.ReLU())).toThrow("attribute '__proto__' already exists");
    const pd = pdict();
    expect(() => pd.set('__proto__', torch.zeros(1))).toThrow("attribute '__proto__' already exists");
    pd.set('__proto__', 3);
    expect([md instanceof nn.ModuleDict, pd instanceof nn.ParameterDict, pd.get('__proto__'), pd.keys()]).toEqual([true, true, 3, ['b', 'a', '__proto__']]);
  });
  test('ParameterList has no item deletion, as in Python', () => {
    const p = plist();
    expect(() => { delete p[0]; }).toThrow(new TypeError("'ParameterList' object doesn't support item deletion"));
  });
});
