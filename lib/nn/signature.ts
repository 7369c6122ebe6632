// The argument binding torch.nn.functional's functions share: a Python signature declared once per
// function as (name, check) pairs, bound with PyTorch's rules (lib/python/binder.ts), and the
// argument-list types derived from it.
import { Tensor, PyArgs } from '../tensor';
import { dtype } from '../dtype';
import { Check, CheckedType, IsOptional, typed } from '../python/check';
import { Spec, bindNamed } from '../python/binder';

export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
export const tensor = typed<Tensor>('a Tensor', (v) => v instanceof Tensor);
export const optTensor = tensor.nullable().default(null);
export const float = typed<number>('a number', (v) => typeof v === 'number');
export const int = typed<number>('an integer', isInt);
export const bool = typed<boolean>('a boolean', (v) => typeof v === 'boolean');
export const str = typed<string>('a string', (v) => typeof v === 'string');
export const optBool = bool.nullable().default(null);
export const ints = typed<number | number[]>('an integer or an array of integers', (v) => isInt(v) || (Array.isArray(v) && v.every(isInt)));
export const intList = typed<number[]>('an array of integers', (v) => Array.isArray(v) && v.every(isInt));
export const optInts = ints.nullable().default(null);
export const optDtype = typed<dtype>('a dtype', (v) => v instanceof dtype).nullable().default(null);
export const reduction = str.default('mean');

/** One parameter: its name and its check (with `.default(...)` when optional). */
export type Entry = readonly [string, Check<any, boolean>];
export type Entries = readonly Entry[];
/** The values a bound call gives the function body, by parameter name. */
export type Bound<P extends Entries, K extends Entries> = { [E in P[number] | K[number] as E[0]]: CheckedType<E[1]> };

/** A Python signature: parameters in order (positional or by name), then keyword-only ones. */
export class Signature<P extends Entries, K extends Entries> {
  private readonly spec: Spec;

  constructor(fn: string, params: P, kwonly: K) {
    const all = [...params, ...kwonly];
    const names = all.map(([n]) => n);
    const defaults: Record<string, unknown> = {};
    for (const [n, c] of all) if (c.hasDefault) defaults[n] = c.defaultValue;
    this.spec = { fn, names, npos: params.length, defaults, checks: Object.fromEntries(all), numpy: names.includes('dim') || names.includes('keepdim') };
  }

  /** Binds positional values and one trailing options object to the parameters, then checks them. */
  bind(args: readonly unknown[]): Bound<P, K> {
    return bindNamed(this.spec, args) as Bound<P, K>;
  }
}

/** `signature('linear', [['input', tensor], ['weight', tensor], ['bias', optTensor]])`; keyword-only parameters go in `kwonly`. */
export function signature<const P extends Entries, const K extends Entries = []>(fn: string, params: P, kwonly?: K): Signature<P, K> {
  return new Signature(fn, params, (kwonly ?? []) as K);
}

// The argument lists a signature accepts, as types: PyArgs (lib/tensor.ts) over its parameters,
// each optional where its zod type has a default.
export type ParamOf<E> = E extends readonly [infer N extends string, infer C]
  ? (IsOptional<C> extends true ? readonly [N, CheckedType<C>, '?'] : readonly [N, CheckedType<C>]) : never;
export type ParamsOf<P extends Entries> = { -readonly [I in keyof P]: ParamOf<P[I]> };
export type KwOf<K extends Entries> = { [E in K[number] as E[0]]?: CheckedType<E[1]> };
/** Every way Python binds a call to signature G: positional values in order, the rest by name in one trailing object. */
export type SigArgs<G> = G extends Signature<infer P, infer K> ? PyArgs<ParamsOf<P>, KwOf<K>> : never;
/** SigArgs where the call sets `return_indices` to true (positionally or by name). */
export type RequireTrue<S, N extends string> = { [I in keyof S]: S[I] extends readonly [N, unknown, ...unknown[]] ? readonly [N, true] : S[I] };
export type IndicesArgs<G> = G extends Signature<infer P, infer K> ? PyArgs<RequireTrue<ParamsOf<P>, 'return_indices'>, KwOf<K>> : never;
