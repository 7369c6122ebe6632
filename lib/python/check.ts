// Argument checks and their one message format, after sharp's: "linear(): expected a Tensor for
// weight but received 3 of type number". Wrong types are TypeErrors, values out of range RangeErrors.

import { types } from 'util';

/**
 * How a received value reads in a message: `3 of type number`, `'a' of type string`, `array`, `null`.
 * Never runs the value's own code (no getters, no Proxy traps), so describing a hostile argument
 * cannot throw.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') {
    if (Array.isArray(value)) return 'array';
    if (types.isProxy(value)) return 'Proxy';
    const ctor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(value) ?? {}, 'constructor')?.value;
    return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
  }
  if (typeof value === 'function') return 'function';
  if (typeof value === 'symbol') return 'symbol';
  return `${typeof value === 'string' ? `'${value}'` : String(value)} of type ${typeof value}`;
}

/** TypeError unless `value` is iterable (arrays, Sets, generators...). */
export function checkIterable(fn: string, name: string, value: unknown): void {
  if (value == null || typeof (value as any)[Symbol.iterator] !== 'function')
    throw new TypeError(`${fn}(): expected an iterable for ${name} but received ${describeValue(value)}`);
}

/** The error for argument `name` of `fn` that is not `expected` (a type, or with `range`, a value range). */
export function argumentError(fn: string, name: string, expected: string, value: unknown, range = false): TypeError {
  const message = `${fn}(): expected ${expected} for ${name} but received ${describeValue(value)}`;
  return range ? new RangeError(message) : new TypeError(message);
}

/**
 * What one parameter accepts: a test, the words for the message ("a Tensor"), whether a failure is a
 * range error, and optionally the default taken when the argument is not given (`Opt` says so in
 * the types). Chains like zod's: `float.default(1.0)`, `int.nullable().default(null)`.
 */
export class Check<T, Opt extends boolean = false> {
  constructor(
    readonly expected: string,
    readonly test: (v: unknown) => boolean,
    readonly range = false,
    readonly hasDefault: Opt = false as Opt,
    readonly defaultValue?: T,
    private readonly then?: Check<T, boolean>,
  ) {}
  /** Also accepts null (Python's `Optional[...]`). */
  nullable(): Check<T | null, Opt> {
    const test = this.test;
    const then = this.then;
    return new Check<T | null, Opt>(this.expected, (v) => v === null || test(v), this.range, this.hasDefault, this.defaultValue,
      then && new Check<T | null>(then.expected, (v) => v === null || then.test(v), then.range));
  }
  /** Not required: `value` when the call does not give it. */
  default(value: T): Check<T, true> {
    return new Check<T, true>(this.expected, this.test, this.range, true, value, this.then);
  }
  /** A value that passes this check must also be `expected` (a range, so failing is a RangeError). */
  refine(expected: string, test: (v: T) => boolean): Check<T, Opt> {
    return new Check<T, Opt>(this.expected, this.test, this.range, this.hasDefault, this.defaultValue, ranged(expected, test as (v: unknown) => boolean));
  }
  /** Throws the argument error when `value` fails the test. */
  verify(fn: string, name: string, value: unknown): void {
    if (!this.test(value)) throw argumentError(fn, name, this.expected, value, this.range);
    this.then?.verify(fn, name, value);
  }
}

/** A type check: `typed<Tensor>('a Tensor', (v) => v instanceof Tensor)`. */
export function typed<T>(expected: string, test: (v: unknown) => boolean): Check<T> {
  return new Check<T>(expected, test);
}
/** A range check: a failure is a RangeError. */
export function ranged<T>(expected: string, test: (v: unknown) => boolean): Check<T> {
  return new Check<T>(expected, test, true);
}

/** The value type a check accepts. */
export type CheckedType<C> = C extends Check<infer T, boolean> ? T : never;
/** Whether a check carries a default (the parameter is optional). */
export type IsOptional<C> = C extends Check<unknown, infer O> ? O : false;
