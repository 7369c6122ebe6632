// The hooks common to all modules (torch.nn.modules.module.register_module_*) against PyTorch
// (scripts/golden/nn_hooks.py): call order against the module's own hooks, replaced inputs and
// outputs, handles, and on LibTorch 2.x the backward pre hooks and registration hooks. Global hook
// state is per process, as in PyTorch: this file chooses the full backward kind;
// test/nn_backward_hook_legacy.test.ts the legacy one.
import * as torch from '../lib';
import { loadGolden, libtorchRelease } from './golden';
import { errorOf, expectTensor, firstLine } from './helpers';
import { checkGlobalOrder, expectGrads, leaf } from './module_hooks';

const nn = torch.nn;
const M = torch.nn.modules.module;
const golden = loadGolden('nn_hooks');
type Grads = (torch.Tensor | null)[];
const TORCH2 = libtorchRelease() !== '1.13';

test('global forward pre/forward and full backward hooks run before the module\'s; removing stops them', () => {
  checkGlobalOrder('full', golden.global_order_full);
});

test('a global pre hook replaces every module\'s input, a global forward hook its output', () => {
  const seen: string[] = [];
  const h1 = M.register_module_forward_pre_hook((_m, input) => [input[0].mul(2)]);
  const h2 = M.register_module_forward_hook((mod, _input, output) => { seen.push(mod._get_name()); return output.add(1); });
  const net = nn.Sequential(nn.Identity(), nn.Identity());
  const y = net(torch.tensor([1.0, 2.0], { dtype: torch.float32 }));
  h1.remove();
  h2.remove();
  const g = golden.global_replacing;
  expect(seen).toEqual(g.seen);
  expectTensor(y, g.y, 'y');
  expectTensor(net(torch.tensor([1.0, 2.0], { dtype: torch.float32 })), g.after, 'after removal');
});

test('the global kind stays full once chosen, also after removal', () => {
  M.register_module_full_backward_hook(() => null).remove();
  const e = errorOf(() => M.register_module_backward_hook(() => null)) as Error & { pythonType?: string };
  expect(firstLine(e.message)).toBe(golden.global_sticky.full_then_legacy.message);
  expect(e.pythonType).toBe('RuntimeError');
});

const since2 = ['register_module_full_backward_pre_hook', 'register_module_parameter_registration_hook',
  'register_module_buffer_registration_hook', 'register_module_module_registration_hook'] as const;

(TORCH2 ? test.skip : test)('PyTorch 2.x\'s global hooks are not attributes on 1.13', () => {
  for (const name of since2) {
    const e = errorOf(() => M[name]) as Error & { pythonType?: string };
    expect(e.message).toBe(`module 'torch.nn.modules.module' has no attribute '${name}'`);
    expect(e.pythonType).toBe('AttributeError');
  }
});

(TORCH2 ? test : test.skip)('2.x: global backward pre hooks run first; registration hooks see (and may replace) what is registered', () => {
  const g = golden.global_v2;
  const events: { event: string; grad_output: Grads }[] = [];
  const m = nn.Sigmoid();
  const h = [
    M.register_module_full_backward_pre_hook((_m, go) => { events.push({ event: 'global_pre', grad_output: go }); return [go[0]!.mul(2)]; }),
    m.register_full_backward_pre_hook((_m, go) => { events.push({ event: 'module_pre', grad_output: go }); }),
  ];
  const x = leaf();
  m(x.mul(1)).sum().backward();
  for (const k of h) k.remove();
  expect(events.map((e) => e.event)).toEqual(g.backward_pre.events.map((e: any) => e.event));
  g.backward_pre.events.forEach((e: any, i: number) => expectGrads(events[i].grad_output, e.grad_output, e.event));
  expectTensor(x.grad, g.backward_pre.x_grad, 'x.grad', 1e-12);

  const regs: string[][] = [];
  const handles = [
    M.register_module_parameter_registration_hook((mod, name) => { regs.push(['parameter', mod._get_name(), name]); }),
    M.register_module_buffer_registration_hook((mod, name) => { regs.push(['buffer', mod._get_name(), name]); }),
    M.register_module_module_registration_hook((mod, name) => { regs.push(['module', mod._get_name(), name]); }),
  ];
  const lin = nn.Linear(2, 2);
  const bn = nn.BatchNorm1d(2);
  const holder = new nn.Module();
  holder.register_module('child', lin);
  holder.add_module('other', bn);
  holder.register_parameter('p', nn.Parameter(torch.zeros(1)));
  holder.register_buffer('b', torch.zeros(1));
  const replace = M.register_module_buffer_registration_hook(() => torch.ones(2));
  holder.register_buffer('c', torch.zeros(1));
  const replaced = (holder as any).c;
  for (const k of [...handles, replace]) k.remove();
  holder.register_buffer('d', torch.zeros(1));
  expect(regs).toEqual(g.registrations);
  expectTensor(replaced, g.replaced_buffer, 'replaced buffer');
});
