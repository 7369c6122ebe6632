// PyTorch 2.x's module hook API against PyTorch 2.6 (scripts/golden/nn_hooks_2x.py), on every
// LibTorch release (it is plain TS): forward (pre-)hooks with prepend, with_kwargs and always_call,
// kwargs as the call's trailing options object, prepend on the full backward hooks, the public
// state-dict hooks, and load_state_dict's _IncompatibleKeys.
import { inspect } from 'util';
import * as torch from '../lib';
import { loadGolden } from './golden';
import { errorOf, expectTensor } from './helpers';

const nn = torch.nn;
const M = torch.nn.modules.module;
const golden = loadGolden('nn_hooks_2x');
const X = [[0.5, -1.25, 2.0], [1.5, 0.75, -0.5]];

type Kwargs = { scale?: number; shift?: number };
/** forward(x, scale=1.0, shift=0.0): keyword arguments for the hooks to see. */
class Affine extends nn.Module {
  forward(x: torch.Tensor, { scale = 1.0, shift = 0.0 }: Kwargs = {}): torch.Tensor { return x.mul(scale).add(shift); }
}
/** forward(batch): a dict argument. */
class Dicty extends nn.Module {
  forward(batch: { x: torch.Tensor }): torch.Tensor { return batch.x.mul(2); }
}
class Boom extends nn.Module {
  forward(): torch.Tensor { throw new torch.TorchError('boom'); }
}
const failing = (): never => { throw new torch.TorchError('hook failed', 'ValueError'); };

function expectError(fn: () => unknown, expected: { type: string; message: string }): void {
  const e = errorOf(fn) as Error & { pythonType?: string };
  expect(e.message).toBe(expected.message);
  expect(e.pythonType).toBe(expected.type);
}

/** fn's result and the warnings it emitted (Python's warnings.catch_warnings(record=True)). */
function catchWarnings<T>(fn: () => T): [T, string[]] {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    const out = fn();
    return [out, spy.mock.calls.map((c) => String(c[0]))];
  } finally {
    spy.mockRestore();
  }
}

function linear(seed: number): torch.nn.Sequential {
  torch.manual_seed(seed);
  return nn.Sequential(nn.Linear(3, 2), nn.ReLU());
}

test('forward hooks: prepend order; plain hooks see args only, with_kwargs ones the options object; [args, kwargs] replaces both', () => {
  const g = golden.forward_hooks;
  const events: unknown[] = [];
  const m = new Affine();
  const pre = (name: string) => (_m: unknown, args: unknown[]) => { events.push([name, args.length]); };
  const fwd = (name: string) => (_m: unknown, args: unknown[], out: torch.Tensor) => { events.push([name, args.length, out.tolist()]); };
  const handles = [
    m.register_forward_pre_hook(pre('pre_a')),
    m.register_forward_pre_hook(pre('pre_b'), { prepend: true }),
    m.register_forward_pre_hook((_m, args, kwargs) => {
      events.push(['pre_kw', args.length, Object.entries(kwargs)]);
      return 'scale' in kwargs ? [args, { ...kwargs, scale: kwargs.scale * 2 }] : null;
    }, { with_kwargs: true }),
    m.register_forward_pre_hook(pre('pre_first'), { prepend: true }),
    m.register_forward_hook(fwd('fwd_a')),
    m.register_forward_hook((_m, args, kwargs, out) => {
      events.push(['fwd_kw', args.length, Object.entries(kwargs), out.tolist()]);
      return out.add(100);
    }, { with_kwargs: true }),
    m.register_forward_hook(fwd('fwd_first'), { prepend: true }),
    M.register_module_forward_hook((_m, args, kwargs) => { events.push(['global_kw', args.length, Object.entries(kwargs)]); }, { with_kwargs: true }),
  ];
  const x = torch.tensor([1.0, 2.0]);
  const withKwargs = m(x, { scale: 3.0 });
  events.push('no kwargs');
  const without = m(x);
  for (const h of handles) h.remove();
  events.push('removed');
  const after = m(x, { shift: 1.0 });
  expect(events).toEqual(g.events);
  expect([withKwargs.tolist(), without.tolist(), after.tolist()]).toEqual([g.with_kwargs, g.without, g.after]);

  const replaced = new Affine();
  replaced.register_forward_pre_hook((_m, args) => [[args[0].mul(2)], { shift: 1.0 }], { with_kwargs: true });
  expect(replaced(x, { scale: 5.0 }).tolist()).toEqual(g.replaced);
  const wrapped = new Affine();
  wrapped.register_forward_pre_hook((_m, args) => args[0].mul(10));
  expect(wrapped(x, { shift: 1.0 }).tolist()).toEqual(g.wrapped);

  // A dict argument (a lone plain object) is positional.
  const seen: unknown[] = [];
  const dicty = new Dicty();
  dicty.register_forward_pre_hook((_m, args, kwargs) => { seen.push([args.length, Object.keys(args[0]), Object.entries(kwargs)]); }, { with_kwargs: true });
  expect([seen, dicty({ x }).tolist()]).toEqual(g.dict_input);
});

test('a with_kwargs pre-hook that returns anything but [args, kwargs] is an error naming the value', () => {
  const returning = (value: unknown) => {
    const m = new Affine();
    m.register_forward_pre_hook(() => value as [unknown[], Kwargs], { with_kwargs: true });
    return () => m(torch.ones(1));
  };
  expectError(returning(torch.ones(1)), golden.pre_hook_errors.tensor);
  expectError(returning([1, 2, 3]), golden.pre_hook_errors.triple);
  expect(() => returning([torch.ones(1), {}])()).toThrow(new TypeError("forward pre-hook's new_args must be an array, got Tensor"));
});

test('always_call hooks run when forward throws (global ones first, their errors warned), then the error propagates', () => {
  const g = golden.always_call.forward_raised;
  const events: unknown[] = [];
  const m = new Boom();
  m.register_forward_hook(() => { events.push(['plain']); });
  m.register_forward_hook((_m, args, out) => { events.push(['always', args.length, out === null]); }, { always_call: true });
  m.register_forward_hook((_m, args, kwargs, out) => { events.push(['always_kw', args.length, Object.entries(kwargs), out === null]); },
    { with_kwargs: true, always_call: true });
  m.register_forward_hook(failing, { always_call: true });
  const globals = [
    M.register_module_forward_hook((mod, _args, out) => { events.push(['global_always', mod._get_name(), out === null]); }, { always_call: true }),
    M.register_module_forward_hook((mod) => { events.push(['global_kw', mod._get_name()]); }, { with_kwargs: true }),
    M.register_module_forward_hook(failing, { always_call: true }),
  ];
  const [e, warnings] = catchWarnings(() => errorOf(() => m(torch.ones(1), { scale: 2.0 })));
  for (const h of globals) h.remove();
  expect(events).toEqual(g.events);
  expect([e.message, (e as torch.TorchError).pythonType]).toEqual([g.error.message, g.error.type]);
  expect(warnings).toEqual(g.warnings);
});

test('always_call hooks after a forward hook that threw run with the output so far; removed ones do not', () => {
  const g = golden.always_call.hook_raised;
  const events: unknown[] = [];
  const ok = new Affine();
  ok.register_forward_hook((_m, _a, out) => { events.push(['first', out.tolist()]); return out.add(1); }, { always_call: true });
  ok.register_forward_hook(failing);
  ok.register_forward_hook((_m, _a, out) => { events.push(['later', out.tolist()]); }, { always_call: true });
  ok.register_forward_hook(() => { events.push(['removed']); }, { always_call: true }).remove();
  const [e, warnings] = catchWarnings(() => errorOf(() => ok(torch.tensor([1.0, 2.0]))));
  expect(events).toEqual(g.events);
  expect([e.message, (e as torch.TorchError).pythonType]).toEqual([g.error.message, g.error.type]);
  expect(warnings).toEqual(g.warnings);
  expect(ok._forward_hooks_always_called.size).toBe(2);
});

test('prepend puts full backward hooks and backward pre-hooks first', () => {
  const events: string[] = [];
  const m = nn.Sigmoid();
  m.register_full_backward_hook(() => { events.push('backward_a'); });
  m.register_full_backward_hook(() => { events.push('backward_first'); }, { prepend: true });
  m.register_full_backward_pre_hook(() => { events.push('pre_a'); });
  m.register_full_backward_pre_hook(() => { events.push('pre_first'); }, { prepend: true });
  const x = torch.tensor(X, { requires_grad: true });
  m(x.mul(1)).sum().backward();
  expect(events).toEqual(golden.backward_prepend);
});

test('register_state_dict_pre_hook / register_state_dict_post_hook: order, arguments, in-place edits, removal, errors', () => {
  const g = golden.state_dict_hooks;
  const events: unknown[] = [];
  const net = linear(0);
  for (const [name, mod] of [['root', net], ['child', net[0]]] as [string, torch.nn.Module][]) {
    mod.register_state_dict_pre_hook((_m, prefix, keep_vars) => { events.push(['pre', name, prefix, keep_vars]); });
  }
  const handle = (net[0] as torch.nn.Module).register_state_dict_post_hook((m, sd, prefix, local_metadata) => {
    events.push(['post', m._get_name(), prefix, Object.keys(sd), { ...local_metadata }]);
    sd[prefix + 'extra'] = torch.zeros(1);
  });
  const keys = Object.keys(net.state_dict({ keep_vars: true }));
  handle.remove();
  expect(events).toEqual(g.events.slice(0, 3));
  expect(keys).toEqual(g.keys);
  expect(Object.keys(net.state_dict())).toEqual(g.removed_keys);
  expect(events).toEqual(g.events);

  const returning = () => ({});
  const returns = nn.Linear(2, 2);
  returns.register_state_dict_post_hook(returning);
  expectError(() => returns.state_dict(), g.returned);
  expectError(() => nn.Linear(2, 2)._register_state_dict_hook(returning), g.twice);

  // The private hook's replacement counts at the root only.
  const priv = linear(0);
  priv._register_state_dict_hook(() => ({ root: torch.zeros(1) }));
  priv[0]._register_state_dict_hook(() => ({ child: torch.zeros(1) }));
  expect(Object.keys(priv.state_dict())).toEqual(g.private_keys);
});

test('register_load_state_dict_pre_hook: the module and PyTorch\'s arguments, renaming a key, removal; a deep copy\'s hook gets the copy', () => {
  const g = golden.load_pre_hooks;
  const events: unknown[] = [];
  const net = linear(0);
  const sd = linear(1).state_dict();
  sd['0.old_bias'] = sd['0.bias'];
  delete sd['0.bias'];
  const rename = (m: torch.nn.Module, state_dict: Record<string, unknown>, prefix: string, local_metadata: object, strict: boolean,
    missing: string[], unexpected: string[], error_msgs: string[]) => {
    events.push([m._get_name(), prefix, Object.keys(state_dict).sort(), { ...local_metadata }, strict, [...missing], [...unexpected], [...error_msgs]]);
    if (prefix + 'old_bias' in state_dict) {
      state_dict[prefix + 'bias'] = state_dict[prefix + 'old_bias'];
      delete state_dict[prefix + 'old_bias'];
    }
  };
  const handle = net[0].register_load_state_dict_pre_hook(rename);
  net.register_load_state_dict_pre_hook(rename);
  const result = net.load_state_dict(sd);
  handle.remove();
  const without = net.load_state_dict(sd, { strict: false });
  expect(events).toEqual(g.events);
  expectTensor(net[0].bias, g.bias, 'loaded bias');
  expect(String(result)).toBe(g.result);
  expect([without.missing_keys, without.unexpected_keys]).toEqual(g.without);

  const seen: torch.nn.Module[] = [];
  const original = nn.Linear(2, 2);
  original.register_load_state_dict_pre_hook((m) => { seen.push(m); });
  const clone = torch.deepcopy(original);
  clone.load_state_dict(clone.state_dict());
  expect(seen.length === 1 && seen[0] === clone).toBe(g.copy_gets_copy);
});

test('load_state_dict returns _IncompatibleKeys: a [missing_keys, unexpected_keys] array with names, printed as Python prints it', () => {
  const g = golden.incompatible_keys;
  const net = linear(0);
  const matched = net.load_state_dict(net.state_dict());
  const sd: Record<string, torch.Tensor> = net.state_dict();
  delete sd['0.bias'];
  sd.extra = torch.zeros(1);
  sd['1.extra'] = torch.zeros(1);
  const seen: unknown[] = [];
  net.register_load_state_dict_post_hook((_m, keys) => { seen.push([inspect(keys), String(keys), keys.length]); });
  const mismatched = net.load_state_dict(sd, { strict: false });
  const [missing, unexpected] = mismatched;
  expect([inspect(matched), String(matched), [...matched]]).toEqual(g.matched);
  expect([inspect(mismatched), String(mismatched), [...mismatched]]).toEqual(g.mismatched);
  expect(`${mismatched}`).toBe(g.mismatched[1]);
  expect([missing, unexpected]).toEqual(g.unpacked);
  expect([mismatched.missing_keys, mismatched.unexpected_keys]).toEqual(g.by_name);
  expect(seen).toEqual(g.in_hook);
  expect(Array.isArray(mismatched)).toBe(g.is_tuple);
  // The same lists, as the named tuple holds them.
  expect(mismatched.missing_keys).toBe(mismatched[0]);
});
