// Shared by the module hook tests: the call-order scenario of scripts/golden/nn_hooks.py's
// global_order (global and per-module forward and backward hooks, then removal) and grads checks.
import * as torch from '../lib';
import { GoldenTensor } from './golden';
import { expectTensor } from './helpers';

type Grads = (torch.Tensor | null)[];
const M = torch.nn.modules.module;
export const X = [[0.5, -1.25, 2.0], [1.5, 0.75, -0.5]];
export const leaf = () => torch.tensor(X, { dtype: torch.float64, requires_grad: true });

export function expectGrads(actual: Grads, expected: (GoldenTensor | null)[], what: string): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((g, i) => (g === null ? expect(actual[i]).toBeNull() : expectTensor(actual[i], g, `${what}[${i}]`, 1e-12)));
}

/** Runs global_order(kind) and compares the events (and their gradients) with the fixture's. */
export function checkGlobalOrder(kind: 'full' | 'legacy', expected: any[]): void {
  const events: { event: string; grad_input?: Grads; grad_output?: Grads }[] = [];
  const m = torch.nn.Sigmoid();
  const record = (event: string) => (_m: unknown, grad_input: Grads, grad_output: Grads) => { events.push({ event, grad_input, grad_output }); };
  const handles = [
    m.register_forward_pre_hook(() => { events.push({ event: 'module_pre' }); }),
    M.register_module_forward_pre_hook(() => { events.push({ event: 'global_pre' }); }),
    m.register_forward_hook(() => { events.push({ event: 'module_forward' }); }),
    M.register_module_forward_hook(() => { events.push({ event: 'global_forward' }); }),
    ...(kind === 'full'
      ? [m.register_full_backward_hook(record('module_backward')), M.register_module_full_backward_hook(record('global_backward'))]
      : [m.register_backward_hook(record('module_backward')), M.register_module_backward_hook(record('global_backward'))]),
  ];
  const x = leaf();
  m(x.mul(1)).sum().backward();
  for (const h of handles) h.remove();
  events.push({ event: 'removed' });
  m(x.mul(1)).sum().backward();
  expect(events.map((e) => e.event)).toEqual(expected.map((e) => e.event));
  expected.forEach((e, i) => {
    if (!e.grad_input) return;
    expectGrads(events[i].grad_input!, e.grad_input, `${e.event} grad_input`);
    expectGrads(events[i].grad_output!, e.grad_output, `${e.event} grad_output`);
  });
}
