// Errors: LibTorch failures become TorchError with PyTorch's message; bad JS options become
// TypeError/RangeError naming the argument, raised before any native call.
import { types } from 'util';
import { z } from 'zod';

/** A LibTorch error. `pythonType` is the exception class PyTorch raises for it (RuntimeError, IndexError, ...). */
export class TorchError extends Error {
  readonly pythonType: string;
  constructor(message: string, pythonType = 'RuntimeError') {
    super(message);
    this.name = 'TorchError';
    this.pythonType = pythonType;
  }
}

/** A short description of a value for "but received ..." (never runs the value's own code). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') {
    if (Array.isArray(value)) return 'array';
    if (types.isProxy(value)) return 'Proxy';
    const ctor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(value) ?? {}, 'constructor')?.value;
    return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
  }
  if (typeof value === 'function') return 'function';
  return `${typeof value === 'string' ? `'${value}'` : String(value)} of type ${typeof value}`;
}

/** TypeError unless `value` is iterable (arrays, Sets, generators...). */
export function checkIterable(fn: string, name: string, value: unknown): void {
  if (value == null || typeof (value as any)[Symbol.iterator] !== 'function')
    throw new TypeError(`${fn}(): expected an iterable for ${name} but received ${describe(value)}`);
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: any = root;
  for (const key of path) v = v == null ? undefined : v[key as any];
  return v;
}

/**
 * Parses `value` with `schema`; on failure throws one TypeError (wrong type, unknown key) or
 * RangeError (out of range) in the form "Expected <what> for <name> but received <value>".
 */
export function checkArgs<T>(schema: z.ZodType<T>, value: unknown, fn: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue.path.length ? issue.path.map(String).join('.') : 'options';
  const received = describe(valueAt(value, issue.path as PropertyKey[]));
  const isRange = issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_value' || issue.code === 'custom';
  // zod 4 says "Invalid input: expected number, received string": keep just "number".
  const expected = issue.message.replace(/^Invalid input: /, '').replace(/^expected /, '').replace(/, received .*$/, '');
  const message = issue.code === 'unrecognized_keys'
    ? `${fn}() got an unexpected keyword argument '${(issue as any).keys?.[0]}'`
    : `${fn}(): expected ${expected} for ${name} but received ${received}`;
  throw isRange ? new RangeError(message) : new TypeError(message);
}
