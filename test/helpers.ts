// Shared replay machinery for the PyTorch golden fixture (test/golden/ops.json, written by
// scripts/golden/ops.py): builds the inputs, replays each call described as data, and compares results.
import * as torch from '../lib';
import { GoldenTensor, loadGolden, makeTensor } from './golden';

export type { GoldenTensor } from './golden';
export { dtypeOf, makeTensor } from './golden';

type Enc = any;

export interface GoldenInput extends GoldenTensor { requires_grad: boolean }
export interface GoldenCall {
  kind: 'method' | 'torch' | 'aten' | 'index';
  target?: number;
  name?: string;
  overload?: string | null;
  args?: Enc[];
  kwargs?: Record<string, Enc>;
  items?: Enc[];
}
export interface GoldenStep { name: string; args: Enc[]; kwargs: Record<string, Enc>; on?: number }
export interface GoldenCase {
  group: string;
  name: string;
  inputs: GoldenInput[];
  call: GoldenCall;
  then: GoldenStep[];
  seed?: number;
  tol?: number;
  out?: Enc;
  is_self?: boolean;
  target_after?: GoldenTensor;
  w?: GoldenTensor;
  grads?: (GoldenTensor | null)[];
  message?: string;
  type?: string;
}
export interface RoundtripCase { group: 'roundtrip'; name: string; dtype: string; data: any; expected: any; shape: number[] }

export const allCases: (GoldenCase | RoundtripCase)[] = loadGolden('ops').cases;
export const casesOf = (group: string): GoldenCase[] => allCases.filter((c) => c.group === group) as GoldenCase[];
export const roundtripCases = (): RoundtripCase[] => allCases.filter((c) => c.group === 'roundtrip') as RoundtripCase[];

export function makeInputs(c: GoldenCase): torch.Tensor[] {
  return c.inputs.map((g) => {
    const t = makeTensor(g);
    if (g.requires_grad) t.requires_grad_(true);
    return t;
  });
}

/** A call argument: {"$in": i} -> inputs[i], {"$slice": [...]} -> "start:stop:step", lists element-wise. */
export function decodeArg(a: Enc, inputs: torch.Tensor[], inIndex = false): any {
  if (Array.isArray(a)) return a.map((x) => decodeArg(x, inputs, inIndex));
  if (a !== null && typeof a === 'object' && !(a instanceof torch.dtype)) {
    if ('$in' in a) return inputs[a.$in];
    if ('$slice' in a) {
      const [s, e, st] = a.$slice as (number | null)[];
      return `${s ?? ''}:${e ?? ''}${st === null ? '' : ':' + st}`;
    }
    throw new Error(`unknown marker ${JSON.stringify(a)}`);
  }
  return a;
}

function withKwargs(args: any[], kwargs: Record<string, Enc> | undefined, inputs: torch.Tensor[]): any[] {
  const out = args.map((a) => decodeArg(a, inputs));
  if (kwargs && Object.keys(kwargs).length > 0) {
    const kw: Record<string, any> = {};
    for (const [k, v] of Object.entries(kwargs)) kw[k] = decodeArg(v, inputs);
    out.push(kw);
  }
  return out;
}

/** Replays `c.call` and then `c.then` on `inputs`; returns the last result. */
export function replay(c: GoldenCase, inputs: torch.Tensor[]): any {
  const call = c.call;
  let result: any;
  if (call.kind === 'index') {
    const items = (call.items ?? []).map((x) => decodeArg(x, inputs, true));
    result = inputs[call.target ?? 0].index(...items);
  } else {
    const args = withKwargs(call.args ?? [], call.kwargs, inputs);
    if (call.kind === 'method') {
      const self: any = inputs[call.target ?? 0];
      if (typeof self[call.name!] !== 'function') throw new Error(`Tensor has no method ${call.name}`);
      result = self[call.name!](...args);
    } else if (call.kind === 'torch') {
      const fn = (torch as any)[call.name!];
      if (typeof fn !== 'function') throw new Error(`torch has no function ${call.name}`);
      result = fn(...args);
    } else {
      const pkt: any = (torch.ops.aten as any)[call.name!];
      const fn = call.overload == null ? pkt : pkt[call.overload];
      result = fn(...args);
    }
  }
  const history = [result];
  for (const step of c.then) {
    const target = step.on !== undefined ? history[step.on] : history[history.length - 1];
    history.push(target[step.name](...withKwargs(step.args, step.kwargs, inputs)));
  }
  return history[history.length - 1];
}

/** Runs a case's call as the fixture says: seed first (random streams), then the call. */
export function runCase(c: GoldenCase, inputs: torch.Tensor[]): any {
  if (c.seed !== undefined) torch.manual_seed(c.seed);
  return replay(c, inputs);
}

function tolerance(dtype: string, override?: number): { rtol: number; atol: number } {
  if (override !== undefined) return { rtol: override, atol: override };
  switch (dtype) {
    case 'float64': return { rtol: 1e-12, atol: 1e-12 };
    case 'float32': return { rtol: 1e-6, atol: 1e-7 };
    case 'float16': case 'bfloat16': return { rtol: 1e-3, atol: 1e-4 };
    default: return { rtol: 0, atol: 0 };
  }
}

/** Throws a descriptive Error when `actual` differs from the fixture tensor `g`. */
export function expectTensor(actual: unknown, g: GoldenTensor, what: string, tol?: number): void {
  if (!(actual instanceof torch.Tensor)) throw new Error(`${what}: expected a Tensor, got ${describe(actual)}`);
  if (actual.dtype.name !== g.dtype) throw new Error(`${what}: dtype ${actual.dtype.name}, expected ${g.dtype}`);
  const shape = actual.shape;
  if (JSON.stringify(shape) !== JSON.stringify(g.shape)) throw new Error(`${what}: shape [${shape}], expected [${g.shape}]`);
  const flat = actual.reshape(-1).tolist() as (number | boolean)[];
  const values = shape.length === 0 ? [actual.item()] : flat;
  const { rtol, atol } = tolerance(g.dtype, tol);
  for (let i = 0; i < g.values.length; i++) {
    const e = g.values[i] as number | boolean;
    const a = values[i];
    let ok: boolean;
    if (typeof e === 'boolean' || typeof a === 'boolean') ok = a === e;
    else if (Number.isNaN(e)) ok = Number.isNaN(a as number);
    else if (!Number.isFinite(e)) ok = a === e;
    else ok = Math.abs((a as number) - e) <= atol + rtol * Math.abs(e);
    if (!ok) throw new Error(`${what}: value[${i}] = ${a}, expected ${e} (all: [${values.slice(0, 16)}] vs [${g.values.slice(0, 16)}])`);
  }
}

function describe(v: unknown): string {
  if (v instanceof torch.Tensor) return `Tensor(${v.dtype.name}, [${v.shape}])`;
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  return `${typeof v} ${String(v)}`;
}

/** Compares a result with the fixture's encoded output. */
export function expectOut(actual: unknown, out: Enc, what: string, tol?: number): void {
  if ('t' in out) return expectTensor(actual, out.t, what, tol);
  if ('list' in out) {
    if (!Array.isArray(actual)) throw new Error(`${what}: expected a list of ${out.list.length}, got ${describe(actual)}`);
    if (actual.length !== out.list.length) throw new Error(`${what}: list length ${actual.length}, expected ${out.list.length}`);
    out.list.forEach((o: Enc, i: number) => expectOut(actual[i], o, `${what}[${i}]`, tol));
    return;
  }
  if ('bool' in out) {
    if (actual !== out.bool) throw new Error(`${what}: got ${describe(actual)}, expected ${out.bool}`);
    return;
  }
  if ('py' in out) {
    if (JSON.stringify(actual) !== JSON.stringify(out.py)) throw new Error(`${what}: got ${describe(actual)}, expected ${JSON.stringify(out.py)}`);
    return;
  }
  if ('num' in out) {
    const e = out.num as number;
    if (typeof actual !== 'number' || !(actual === e || Math.abs(actual - e) <= 1e-6 * Math.abs(e))) throw new Error(`${what}: got ${describe(actual)}, expected ${e}`);
    return;
  }
  if ('none' in out) {
    if (actual !== null && actual !== undefined) throw new Error(`${what}: got ${describe(actual)}, expected None`);
    return;
  }
  throw new Error(`unknown output encoding ${JSON.stringify(out)}`);
}

/** Replays a value case fully: output, in-place identity, target after, gradients. */
export function checkCase(c: GoldenCase): void {
  const inputs = makeInputs(c);
  const result = runCase(c, inputs);
  expectOut(result, c.out, 'output', c.tol);
  if (c.is_self !== undefined) {
    const same = result === inputs[c.call.target ?? 0];
    if (same !== c.is_self) throw new Error(`result ${same ? 'is' : 'is not'} the input tensor; PyTorch: ${c.is_self ? 'is' : 'is not'}`);
  }
  if (c.target_after) expectTensor(inputs[c.call.target ?? 0], c.target_after, 'input after in-place op', c.tol);
  if (c.grads && c.w) {
    const out: torch.Tensor = Array.isArray(result) ? result[0] : result;
    out.mul(makeTensor(c.w)).sum().backward();
    c.grads.forEach((g, i) => {
      const actual = inputs[i].grad;
      if (g === null) {
        if (inputs[i].requires_grad && actual !== null) throw new Error(`grad[${i}]: expected none, got ${describe(actual)}`);
      } else {
        expectTensor(actual, g, `grad[${i}]`, c.tol === undefined ? undefined : c.tol * 10);
      }
    });
  }
}

/** The PyTorch error a call raises; checks TorchError, its message's first line and python type. */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to throw');
}

export const firstLine = (s: string): string => s.split('\n')[0];

/** The messages CPython before 3.14 gives a zero division, one per operation; 3.14 says "division by zero" for each. */
const CPYTHON_ZERO_DIVISION = new Set(['division by zero', 'float division by zero', 'integer division or modulo by zero',
  'float floor division by zero', 'integer modulo by zero', 'float modulo']);
/**
 * A message as the interpreter that wrote the fixture words it: the wording of a zero division comes
 * from CPython, not PyTorch, and torchts raises the operation's own (CPython before 3.14); a fixture
 * written by CPython 3.14 has "division by zero" for every one of them.
 */
export function asFixtureInterpreter(message: string, type: string, fixtureMessage: string): string {
  return type === 'ZeroDivisionError' && fixtureMessage === 'division by zero' && CPYTHON_ZERO_DIVISION.has(message) ? fixtureMessage : message;
}

/**
 * Fixture cases that torchts gets wrong today (`group/name`). They stay in the fixture (PyTorch's
 * answer is recorded) but are kept out of the suite until the bug is fixed; each is reported with
 * a repro. Remove an entry once its test passes.
 */
export const KNOWN_BUGS = new Set<string>([
]);
