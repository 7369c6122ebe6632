// Module.register_backward_hook (the legacy hook on the output's grad_fn) and the global legacy
// hook against PyTorch 1.13 (scripts/golden/nn_hooks.py): arguments, warnings, replaced
// gradients, errors and call order. Global hook state is per process, as in PyTorch: this file
// chooses the legacy kind; test/nn_global_hooks.test.ts the full one.
import * as torch from '../lib';
import { GoldenTensor, GoldenError, loadGolden } from './golden';
import { errorOf, expectTensor, firstLine } from './helpers';
import { checkGlobalOrder, expectGrads, leaf } from './module_hooks';

const nn = torch.nn;
const M = torch.nn.modules.module;
const golden = loadGolden('nn_hooks');
const G = [[1.0, -2.0], [0.5, 3.0]];
type Grads = (torch.Tensor | null)[];
interface Call { grad_input: (GoldenTensor | null)[]; grad_output: (GoldenTensor | null)[] }
const expectError = (fn: () => unknown, g: GoldenError) => {
  const e = errorOf(fn) as Error & { pythonType?: string };
  expect(firstLine(e.message)).toBe(g.message);
  // A TypeError raised inside the autograd engine arrives as a TorchError of Python type TypeError.
  expect(e instanceof TypeError ? 'TypeError' : e.pythonType).toBe(g.type);
};

let warnings: jest.SpyInstance;
beforeEach(() => { warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
afterEach(() => warnings.mockRestore());
const warned = () => warnings.mock.calls.map((c) => String(c[0]));

function linear() {
  const m = nn.Linear(3, 2).double();
  torch.no_grad(() => {
    m.weight.copy_(torch.tensor([[0.25, -0.5, 1.0], [-1.5, 0.75, 0.125]]));
    m.bias.copy_(torch.tensor([0.1, -0.2]));
  });
  return m;
}
class Pair extends nn.Module {
  forward(x: torch.Tensor) { return [x.exp(), x.sin()]; }
}
class Scale extends nn.Module {
  forward(x: torch.Tensor, k: number) { return x.mul(k); }
}
class Named extends nn.Module {
  forward(x: torch.Tensor) { return { e: x.exp() }; }
}

/** module(...makeInput(x)) with a recording legacy hook, then backward, as run_legacy in the generator. */
function runLegacy(module: torch.nn.Module, makeInput: (x: torch.Tensor) => unknown[], opts: { returns?: (gi: Grads) => Grads; weight?: number[][] } = {}) {
  const calls: { grad_input: Grads; grad_output: Grads }[] = [];
  module.register_backward_hook((_m, grad_input, grad_output) => {
    calls.push({ grad_input, grad_output });
    return opts.returns ? opts.returns(grad_input) : null;
  });
  const x = leaf();
  const before = warnings.mock.calls.length;
  const out = module(...makeInput(x));
  const seen = warned().slice(before);
  const first: torch.Tensor = Array.isArray(out) ? out[0] : out instanceof torch.Tensor ? out : out.e;
  (opts.weight ? first.mul(torch.tensor(opts.weight, { dtype: torch.float64 })).sum() : first.sum()).backward();
  return { calls, warnings: seen, x, params: [...module.parameters()] };
}

function expectRun(r: ReturnType<typeof runLegacy>, g: any) {
  expect(r.warnings).toEqual(g.warnings);
  expect(r.calls.length).toBe(g.calls.length);
  g.calls.forEach((c: Call, i: number) => {
    expectGrads(r.calls[i].grad_input, c.grad_input, 'grad_input');
    expectGrads(r.calls[i].grad_output, c.grad_output, 'grad_output');
  });
  expectTensor(r.x.grad, g.x_grad, 'x.grad', 1e-12);
  g.params_grad.forEach((p: GoldenTensor, i: number) => expectTensor(r.params[i].grad, p, `param ${i} grad`, 1e-12));
}

describe('Module.register_backward_hook', () => {
  const cases = golden.legacy;

  test('Linear: grad_input are AddmmBackward\'s three gradients, with the multiple-nodes warning', () => {
    expectRun(runLegacy(linear(), (x) => [x], { weight: G }), cases.linear);
  });

  test('one node whose input is the module input: no warning', () => {
    expectRun(runLegacy(nn.Sigmoid(), (x) => [x.mul(1)]), cases.sigmoid);
  });

  test('a returned grad_input replaces the node\'s gradients', () => {
    const r = runLegacy(nn.Sigmoid(), (x) => [x.mul(1)], { returns: (gi) => gi.map((g) => (g === null ? null : g.mul(10))) });
    expectRun(r, cases.sigmoid_replaced);
  });

  test('outputs of two nodes, a non-tensor input, a dict output, a leaf input: PyTorch\'s warnings', () => {
    expectRun(runLegacy(new Pair(), (x) => [x]), cases.pair);
    expectRun(runLegacy(new Scale(), (x) => [x, 2.0]), cases.scale);
    expectRun(runLegacy(new Named(), (x) => [x]), cases.named);
    // Each message is shown once per process, as under Python's default warning filter.
    const again = runLegacy(nn.Sigmoid(), (x) => [x]);
    expect(cases.leaf_only.warnings).toEqual(cases.linear.warnings);
    expect(again.warnings).toEqual([]);
    expectTensor(again.x.grad, cases.leaf_only.x_grad, 'x.grad', 1e-12);
  });

  test('errors: bad hook results and mixing with full hooks', () => {
    const errs = golden.legacy_errors;
    const backwardWith = (hook: (m: torch.nn.Module, gi: Grads, go: Grads) => unknown) => {
      const m = nn.Sigmoid();
      m.register_backward_hook(hook as any);
      m(leaf().mul(1)).sum().backward();
    };
    function my_hook(_m: torch.nn.Module, gi: Grads) { return [...gi, ...gi]; }
    function bad_size(_m: torch.nn.Module, gi: Grads) { return [gi[0]!.slice(0, 0, 1)]; }
    expectError(() => backwardWith(my_hook), errs.wrong_count);
    expectError(() => backwardWith(() => torch.ones(1)), errs.not_tuple);
    expectError(() => backwardWith(bad_size), errs.wrong_size);
    expectError(() => {
      const m = nn.Sigmoid();
      m.register_backward_hook(() => null).remove();
      m.register_full_backward_hook(() => null);
    }, errs.full_after_legacy);
    expectError(() => {
      const m = nn.Sigmoid();
      m.register_full_backward_hook(() => null);
      m.register_backward_hook(() => null);
    }, errs.legacy_after_full);
  });
});

describe('torch.nn.modules.module.register_module_backward_hook', () => {
  test('global hooks run before the module\'s, forward and backward; removing stops them', () => {
    checkGlobalOrder('legacy', golden.global_order_legacy);
  });

  test('the global kind stays legacy once chosen, also after removal', () => {
    M.register_module_backward_hook(() => null).remove();
    expectError(() => M.register_module_full_backward_hook(() => null), golden.global_sticky.legacy_then_full);
  });
});
