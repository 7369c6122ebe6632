// Shared by the porting-rule suites: load a golden fixture written by scripts/golden/porting*.py,
// compare a port's result with PyTorch's (tensors, modules, lists, dicts, numbers, strings), and
// run every variant of every literal port after torch.manual_seed(0).
import * as torch from '../lib';
import { GoldenTensor, loadGolden, makeTensor } from './golden';
import { expectTensor } from './helpers';

export type Out = { t: GoldenTensor & { requires_grad: boolean } } | { mod: { repr: string; training: boolean; state: [string, GoldenTensor][] } }
  | { list: Out[] } | { dict: [string, Out][] } | { bool: boolean } | { num: number } | { str: string } | { py: unknown } | { none: true };
export interface Fixture { inputs: Record<string, GoldenTensor>; cases: Record<string, Out> }
/** A case: its golden name, then each way of writing the call. */
export type Case = [string, ...(() => unknown)[]];

export function loadFixture(name: string): { fixture: Fixture; load: (input: string) => torch.Tensor } {
  const fixture = loadGolden<Fixture>(name);
  return { fixture, load: (input) => makeTensor(fixture.inputs[input]) };
}

/**
 * Checks a port's result against PyTorch's; plain numbers within `tol` (relative above 1), tensors
 * within their dtype's tolerance unless `tensorTol` is given.
 */
export function check(actual: unknown, out: Out, what: string, tol: number, tensorTol?: number): void {
  if ('t' in out) {
    expectTensor(actual, out.t, what, tensorTol);
    const t = actual as torch.Tensor;
    if (t.requires_grad !== out.t.requires_grad) throw new Error(`${what}: requires_grad ${t.requires_grad}, expected ${out.t.requires_grad}`);
  } else if ('mod' in out) {
    if (!(actual instanceof torch.nn.Module)) throw new Error(`${what}: expected a Module, got ${String(actual)}`);
    expect(String(actual)).toBe(out.mod.repr);
    expect(actual.training).toBe(out.mod.training);
    const state = Object.entries(actual.state_dict());
    expect(state.map(([k]) => k)).toEqual(out.mod.state.map(([k]) => k));
    state.forEach(([k, t], i) => expectTensor(t, out.mod.state[i][1], `${what}.state_dict()['${k}']`, tensorTol));
  } else if ('list' in out) {
    if (!Array.isArray(actual) || actual.length !== out.list.length) throw new Error(`${what}: expected a list of ${out.list.length}, got ${String(actual)}`);
    out.list.forEach((o, i) => check(actual[i], o, `${what}[${i}]`, tol, tensorTol));
  } else if ('dict' in out) {
    const entries = Object.entries(actual as Record<string, unknown>);
    expect(entries.map(([k]) => k)).toEqual(out.dict.map(([k]) => k));
    entries.forEach(([k, v], i) => check(v, out.dict[i][1], `${what}['${k}']`, tol, tensorTol));
  } else if ('bool' in out) {
    expect(actual).toBe(out.bool);
  } else if ('num' in out) {
    const e = out.num;
    expect(typeof actual).toBe('number');
    if (Number.isInteger(e)) expect(actual).toBe(e);
    else expect(Math.abs((actual as number) - e)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  } else if ('str' in out) {
    expect(actual).toBe(out.str);
  } else if ('py' in out) {
    expect(actual).toEqual(out.py);
  } else {
    expect(actual).toBeNull();
  }
}

/**
 * The jest tests: each case's golden entry exists, and every variant gives PyTorch's result.
 * `tensorTolFor` may widen the tensor tolerance of cases whose kernels LibTorch picks per CPU.
 */
export function describeLiteralPorts(title: string, cases: Case[], fixture: Fixture, tol: number,
  tensorTolFor: (name: string) => number | undefined = () => undefined): void {
  test('every golden case has a port and every port a golden case', () => {
    const ported = cases.map((c) => c[0]);
    expect(new Set(ported).size).toBe(ported.length);
    expect(ported.filter((n) => !(n in fixture.cases))).toEqual([]);
    expect(Object.keys(fixture.cases).filter((n) => !ported.includes(n))).toEqual([]);
  });
  describe(title, () => {
    for (const [name, ...variants] of cases) {
      variants.forEach((fn, i) => {
        test(`${name} #${i}`, () => {
          torch.manual_seed(0);
          check(fn(), fixture.cases[name], `${name} #${i}`, tol, tensorTolFor(name));
        });
      });
    }
  });
}
