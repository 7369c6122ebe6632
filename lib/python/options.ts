// Porting rule 2: Python's keyword arguments travel in one trailing options object. This is the one
// test for "is this argument that object" (a plain object literal, never a tensor, array, dtype or
// class instance).
import { native } from '../native';

// Native tensors are checked first: Object.getPrototypeOf on one is a V8 runtime call (~100
// instructions), and a tensor is the usual argument on the fast paths that ask.
const TensorBase = native.TensorBase as unknown as abstract new () => object;

/**
 * Whether `v` is a keyword-options object (a plain object: `{...}` or `Object.create(null)`); a
 * complex value (`{ real, imag }` numbers, Python's complex) is an argument, not keywords.
 */
export function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || v instanceof TensorBase) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !(typeof (v as any).real === 'number' && typeof (v as any).imag === 'number');
}

/** The trailing options object of `args` (after any trailing `undefined`s, as the binder skips them), if there is one. */
export function trailingOptions(args: readonly unknown[]): Record<string, unknown> | undefined {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const last = args[end - 1];
  return isOptions(last) ? last : undefined;
}
