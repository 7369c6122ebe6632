// Calls to dispatched ops that match no overload raise PyTorch's argument-parser TypeError, word
// for word (scripts/golden/arg_errors.py records the calls and Python's messages).
import * as torch from '../lib';
import { pythonSignatures } from '../lib/ops/arg_errors';
import { loadGolden } from './golden';

interface Case { form: 'function' | 'method'; name: string; args: unknown[]; kwargs: Record<string, unknown>; message: string }
interface CopyNumber { dtype: string; value: number | boolean; result: unknown[] }
const fixture = loadGolden<{ cases: Case[]; signatures: unknown; positional: unknown; copy_numbers: CopyNumber[] }>('arg_errors');
// The fixture of the running release (test/golden/<release>/ on LibTorch 2.x): its Python's messages.

const arg = (v: unknown): unknown => (v === '@T' ? torch.ones(2, 3) : Array.isArray(v) ? v.map(arg) : v);

function thrown(c: Case): unknown {
  const args = c.args.map(arg);
  if (Object.keys(c.kwargs).length > 0) args.push(c.kwargs);
  try {
    if (c.form === 'function') (torch as any)[c.name](...args);
    else (torch.ones(2, 3) as any)[c.name](...args);
  } catch (e) {
    return e;
  }
  return undefined;
}

const label = (c: Case) => `${c.form === 'function' ? 'torch' : 'x'}.${c.name}(${[...c.args.map((a) => JSON.stringify(a)), ...Object.entries(c.kwargs).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(', ')})`;

test.each(fixture.cases.map((c) => [label(c), c] as const))('%s raises Python\'s TypeError', (_label, c) => {
  const e = thrown(c);
  expect(e).toBeInstanceOf(TypeError);
  expect((e as Error).message).toBe(c.message);
});

test('the library\'s signatures for this release are the ones the fixture recorded', () => {
  expect(pythonSignatures()).toEqual({ signatures: fixture.signatures, positional: fixture.positional });
});

test('the error is a TypeError named TypeError, and calls that bind are unaffected', () => {
  const x = torch.ones(2, 3);
  let e: any;
  try { x.cumsum('a' as any, 1 as any); } catch (err) { e = err; }
  expect(e).toBeInstanceOf(TypeError);
  expect(String(e)).toMatch(/^TypeError: cumsum\(\)/);
  expect(x.cumsum(1).tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
  expect(torch.gather(x, 1, torch.zeros([2, 1], { dtype: torch.int64 })).shape).toEqual([2, 1]);
});

test.each(fixture.copy_numbers.map((c) => [c.dtype, c.value, c] as const))('a %s tensor copy_(%p)s a number, as Python does', (_d, _v, c) => {
  const x = torch.zeros(2, { dtype: (torch as any)[c.dtype] });
  expect(x.copy_(c.value).tolist()).toEqual(c.result);
  expect(torch.zeros(2).copy_({ other: torch.ones(2), non_blocking: false }).tolist()).toEqual([1, 1]);
});

test('hand-written methods keep their own errors for calls Python takes, and their names', () => {
  const x = torch.ones(2, 3);
  expect(() => x.view(4)).toThrow(torch.TorchError);  // the shape does not fit: not an argument error
  expect(() => x.size(5)).toThrow(RangeError);
  expect(() => x.stride(-3)).toThrow(RangeError);
  expect(x.stride(-1)).toBe(1);
  expect(x.mul.name).toBe('mul');
  expect(x.reshape(3, 2).mul(2).view(6).tolist()).toEqual([2, 2, 2, 2, 2, 2]);
});
